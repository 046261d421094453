/// What a token is. The sentiment features and the theme matcher treat each kind differently:
/// words carry meaning, emoji and emoticons carry feeling, URLs and @mentions carry neither.
public enum TokenKind: UInt8, Sendable {
    case word
    case number
    case url
    case mention
    case hashtag
    case emoji
    case emoticon
    case punctuation
    case symbol
}

public struct TokenFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Written in capitals ("NEVER") inside text that is not all capitals: emphasis.
    public static let shouted = TokenFlags(rawValue: 1 << 0)
    /// A letter was repeated three or more times ("sooo"); the normalised form keeps two.
    public static let elongated = TokenFlags(rawValue: 1 << 1)
    /// Starts with a capital letter.
    public static let capitalised = TokenFlags(rawValue: 1 << 2)
    /// Came out of a contraction ("don't" gives "do" and "not"), so it shares its span.
    public static let fromContraction = TokenFlags(rawValue: 1 << 3)
}

/// One token of a text. `start..<end` are UTF-8 byte offsets into the original text, so spans
/// can be shown and stored without copying. `key` is a stable 64-bit hash of the normalised form
/// (lower case, elongations shortened, contractions expanded): the fast paths compare keys, never
/// strings.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var flags: TokenFlags
    public var start: Int32
    public var end: Int32
    public var key: UInt64
    /// The normalised form lives in `TokenizedText.normalised[normStart..<normEnd]`.
    public var normStart: Int32
    public var normEnd: Int32

    public var byteRange: Range<Int> { Int(start)..<Int(end) }
}

/// A sentence as a range of tokens and of bytes.
public struct SentenceSpan: Sendable, Hashable {
    public var tokens: Range<Int>
    public var bytes: Range<Int>
}

/// The tokens and sentences of one text.
public struct TokenizedText: Sendable {
    public var tokens: [Token] = []
    public var sentences: [SentenceSpan] = []
    /// Every token's normalised bytes, back to back.
    public var normalised: [UInt8] = []
    /// True when the letters of the text are (nearly) all capitals, where capitals say nothing.
    public var isAllCaps = false

    public init() {}

    public func normalisedForm(of token: Token) -> String {
        String(decoding: normalised[Int(token.normStart)..<Int(token.normEnd)], as: UTF8.self)
    }

    public mutating func removeAll() {
        tokens.removeAll(keepingCapacity: true)
        sentences.removeAll(keepingCapacity: true)
        normalised.removeAll(keepingCapacity: true)
        isAllCaps = false
    }
}

/// FNV-1a over bytes, the same on every machine and run, so stored models and hashed feature
/// keys stay valid.
@inline(__always)
public func stableKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }
    return value
}

/// `stableKey` of a literal, computed from its bytes where it is used: short literals fold to a
/// constant. Hot loops compare token keys with these; a `static let` key costs a `swift_once`
/// call on every read (about 1% of `heard bench sentiment`).
@inline(__always)
func stableKey(literal: StaticString) -> UInt64 {
    // `withUTF8Buffer`, not `utf8Start`: a one-scalar literal ("?") may be stored as a scalar.
    literal.withUTF8Buffer { stableKey($0) }
}

public func stableKey(_ string: String) -> UInt64 {
    var copy = string
    return copy.withUTF8 { stableKey($0) }
}

/// Mixes two keys into one (order matters), for bigrams and prefixed features.
@inline(__always)
public func combineKeys(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var z = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x6A09_E667_F3BC_C908)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

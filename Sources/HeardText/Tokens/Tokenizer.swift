import Foundation

/// Splits customer text into tokens and sentences with one pass of a byte scanner (no regular
/// expressions): words with contractions expanded and elongations shortened, numbers, URLs,
/// @mentions, #hashtags, emoji (with their modifiers) and ASCII emoticons. Non-ASCII words take a
/// slower path through Foundation for Unicode lower-casing and compatibility normalisation.
public struct Tokenizer: Sendable {
    public init() {}

    public func tokenize(_ text: String) -> TokenizedText {
        var result = TokenizedText()
        tokenize(text, into: &result)
        return result
    }

    /// Reuses `output`'s storage: the hot loops call this with one buffer per thread.
    public func tokenize(_ text: String, into output: inout TokenizedText) {
        output.removeAll()
        // Native strings lend their UTF-8 in place; copying the string to call `withUTF8` cost
        // a retain and a release per text. Bridged or foreign strings take the copy.
        let scanned: Void? = text.utf8.withContiguousStorageIfAvailable { Self.scan($0, into: &output) }
        if scanned == nil {
            var copy = text
            copy.withUTF8 { Self.scan($0, into: &output) }
        }
        SentenceSplitter.split(&output)
    }

    @inline(__always)
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout TokenizedText) {
        // The normalised bytes collect in a scratch buffer and join `output.normalised` once per
        // text. A word's normalised bytes are never more than its source bytes (case folding keeps
        // the length, elongations and curly apostrophes shrink it), so a buffer a little longer
        // than the text always has room for the next word once it is flushed.
        let capacity = bytes.count + TokenScanner.normalisedSlack
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            withUnsafeTemporaryAllocation(of: Token.self, capacity: TokenScanner.tokenChunk) { tokens in
                var scanner = TokenScanner(bytes: bytes, normalised: buffer.baseAddress!, capacity: capacity, tokens: tokens.baseAddress!)
                scanner.scan(into: &output)
            }
        }
    }
}

/// Byte classes for the scanner's dispatch.
enum ByteClass: UInt8 {
    case other, space, newline, lower, upper, digit, apostrophe, at, hash, punctuation, nonASCII

    static let table: [ByteClass] = {
        var table = [ByteClass](repeating: .other, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = .lower }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = .upper }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = .digit }
        for byte: UInt8 in [9, 11, 12, 13, 32] { table[Int(byte)] = .space }
        table[10] = .newline
        table[Int(UInt8(ascii: "'"))] = .apostrophe
        table[Int(UInt8(ascii: "@"))] = .at
        table[Int(UInt8(ascii: "#"))] = .hash
        for byte in Array("!\"$%&()*+,-./:;<=>?[\\]^_`{|}~".utf8) { table[Int(byte)] = .punctuation }
        for byte in 0x80...0xFF { table[byte] = .nonASCII }
        return table
    }()

    /// The same table behind a plain pointer, made once and never freed: the scanner reads it
    /// for every byte, and a pointer is read without the retain and release an array costs.
    /// Safe to share: it is written once, before anyone can read it, and never again.
    nonisolated(unsafe) static let lookup: UnsafePointer<ByteClass> = {
        let pointer = UnsafeMutablePointer<ByteClass>.allocate(capacity: 256)
        pointer.initialize(from: table, count: 256)
        return UnsafePointer(pointer)
    }()
}

struct TokenScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let table = ByteClass.lookup
    var index = 0
    var upperLetters = 0
    var lowerLetters = 0
    var atLineStart = false
    /// Normalised bytes of the tokens not yet copied to `output.normalised`: a scratch buffer
    /// longer than the text, written through a pointer. Appending each token's bytes to the
    /// array instead (capacity and uniqueness checks, a `memcpy` call) was 11% of the
    /// instructions of tokenise + score (callgrind, airline tweets). A word is scanned straight
    /// into the place its normalised form takes.
    let normalised: UnsafeMutablePointer<UInt8>
    let normalisedCapacity: Int
    /// Bytes in `normalised`, and bytes already moved to `output.normalised` before them.
    var pending = 0
    var flushed = 0

    /// Room beyond the text's length: expanded contractions ("I'd": "i would"), "<mention>" and
    /// "…" can be longer than what they stand for; when they do not fit, the buffer is flushed.
    static let normalisedSlack = 64

    /// Tokens not yet appended to `output.tokens`, in a buffer of `tokenChunk` on the stack: they
    /// join the array a chunk at a time. `Array.append` per token (a uniqueness and a capacity
    /// check, a call) was about 3% of the instructions of tokenise + score.
    let tokens: UnsafeMutablePointer<Token>
    var pendingTokens = 0
    static let tokenChunk = 32

    init(bytes: UnsafeBufferPointer<UInt8>, normalised: UnsafeMutablePointer<UInt8>, capacity: Int, tokens: UnsafeMutablePointer<Token>) {
        self.bytes = bytes
        self.normalised = normalised
        normalisedCapacity = capacity
        self.tokens = tokens
    }

    mutating func scan(into output: inout TokenizedText) {
        // Token spans are 32-bit byte offsets (see `appendScanned`).
        precondition(bytes.count <= Int(Int32.max), "text longer than \(Int32.max) bytes")
        flushed = output.normalised.count
        while index < bytes.count {
            let byte = bytes[index]
            switch table[Int(byte)] {
            case .space:
                index += 1
            case .newline:
                atLineStart = true
                index += 1
            case .lower, .upper:
                // Only "http…" and "www." start URLs: one compare here spares almost every word
                // the call and the three prefix loops (`urlEnd` was 3% of `heard bench sentiment`).
                if byte | 0x20 == UInt8(ascii: "h") || byte | 0x20 == UInt8(ascii: "w"), let end = urlEnd(at: index) {
                    emitFixed(.url, start: index, end: end, form: "<url>", into: &output)
                    index = end
                } else {
                    scanWord(kind: .word, start: index, into: &output)
                }
            case .digit:
                scanNumber(into: &output)
            case .at:
                if index + 1 < bytes.count, isHandleByte(bytes[index + 1]) {
                    var end = index + 1
                    while end < bytes.count, isHandleByte(bytes[end]) { end += 1 }
                    emitFixed(.mention, start: index, end: end, form: "<mention>", into: &output)
                    index = end
                } else {
                    scanPunctuation(into: &output)
                }
            case .hash:
                if index + 1 < bytes.count, isWordStart(at: index + 1) {
                    scanWord(kind: .hashtag, start: index, into: &output)
                } else {
                    scanPunctuation(into: &output)
                }
            case .punctuation, .apostrophe, .other:
                if let end = Emoticons.match(bytes, at: index) {
                    emitEmoticon(start: index, end: end, into: &output)
                    index = end
                } else {
                    scanPunctuation(into: &output)
                }
            case .nonASCII:
                scanNonASCII(into: &output)
            }
        }
        flush(into: &output)
        let letters = upperLetters + lowerLetters
        output.isAllCaps = letters >= 4 && upperLetters * 10 >= letters * 8
        if output.isAllCaps {
            for position in output.tokens.indices { output.tokens[position].flags.remove(.shouted) }
        }
    }

    // MARK: words

    private func isHandleByte(_ byte: UInt8) -> Bool {
        let kind = table[Int(byte)]
        return kind == .lower || kind == .upper || kind == .digit || byte == UInt8(ascii: "_")
    }

    private func isWordStart(at position: Int) -> Bool {
        let kind = table[Int(bytes[position])]
        if kind == .lower || kind == .upper { return true }
        if kind == .nonASCII { return letterBeyondASCII(at: position, continuingWord: false) != nil }
        return false
    }

    /// A letter (or, inside a word, a combining mark) beyond ASCII: its length in bytes and case.
    struct LetterBeyondASCII {
        var length: Int
        var isUppercase: Bool
        var isLowercase: Bool
    }

    /// The letter that starts at `position`, nil when none does. Never inlined: `Unicode.Scalar.Properties`
    /// and `Unicode.GeneralCategory` are resilient types, and where they are used inline, every call of
    /// `scanWord` first asked the runtime for their metadata and sized its stack frame from it (two calls
    /// per word, 3% of the instructions of tokenise + score on the airline tweets).
    @inline(never)
    func letterBeyondASCII(at position: Int, continuingWord: Bool) -> LetterBeyondASCII? {
        guard let (scalar, length) = decodeScalar(at: position) else { return nil }
        let properties = scalar.properties
        guard properties.isAlphabetic || (continuingWord && properties.generalCategory == .nonspacingMark) else { return nil }
        return LetterBeyondASCII(length: length, isUppercase: properties.isUppercase, isLowercase: properties.isLowercase)
    }

    /// Length in bytes of a curly apostrophe (U+2019 or U+2018) at `position`, else 0.
    private func curlyApostropheLength(at position: Int) -> Int {
        guard position + 2 < bytes.count, bytes[position] == 0xE2, bytes[position + 1] == 0x80,
              bytes[position + 2] == 0x99 || bytes[position + 2] == 0x98 else { return 0 }
        return 3
    }

    private mutating func scanWord(kind: TokenKind, start: Int, into output: inout TokenizedText) {
        // The rest of the text always fits once the buffer is flushed (see `scan`).
        _ = makeRoom(bytes.count - start, into: &output)
        let word = normalised + pending
        var length = 0
        var position = kind == .hashtag ? start + 1 : start
        var uppers = 0, lowers = 0
        var elongated = false
        var nonASCII = false
        var firstIsUpper = false
        while position < bytes.count {
            let byte = bytes[position]
            // ASCII letters first, by arithmetic: `byte | 0x20` is a lower-case letter exactly when
            // `byte` is an ASCII letter. A switch on the byte class here compiled to a jump table
            // whose indirect jump was the costliest instruction of `heard bench sentiment`.
            let lowered = byte | 0x20
            if lowered &- UInt8(ascii: "a") < 26 {
                if byte & 0x20 == 0 {
                    if length == 0 { firstIsUpper = true }
                    uppers += 1
                } else {
                    lowers += 1
                }
                if length >= 2, word[length - 1] == lowered, word[length - 2] == lowered {
                    elongated = true
                } else {
                    word[length] = lowered
                    length += 1
                }
                position += 1
                continue
            }
            let byteClass = table[Int(byte)]
            if byteClass == .digit, length > 0 {
                word[length] = byte
                length += 1
                position += 1
                continue
            }
            // An apostrophe joins two letters ("don't", "o'clock"), never ends a word.
            let apostropheLength = byteClass == .apostrophe ? 1 : curlyApostropheLength(at: position)
            if apostropheLength > 0, length > 0, position + apostropheLength < bytes.count,
               isWordStart(at: position + apostropheLength) {
                word[length] = UInt8(ascii: "'")
                length += 1
                position += apostropheLength
                continue
            }
            if byteClass == .nonASCII, let letter = letterBeyondASCII(at: position, continuingWord: length > 0) {
                let scalarLength = letter.length
                if length == 0, letter.isUppercase { firstIsUpper = true }
                if letter.isUppercase { uppers += 1 } else if letter.isLowercase { lowers += 1 }
                nonASCII = true
                for offset in 0..<scalarLength { word[length + offset] = bytes[position + offset] }
                length += scalarLength
                position += scalarLength
                continue
            }
            break
        }
        upperLetters += uppers
        lowerLetters += lowers
        var flags: TokenFlags = []
        if elongated { flags.insert(.elongated) }
        if firstIsUpper { flags.insert(.capitalised) }
        if uppers >= 2, lowers == 0 { flags.insert(.shouted) }
        let scanned = UnsafeBufferPointer(start: UnsafePointer(word), count: length)
        if nonASCII {
            let folded = Array(String(decoding: scanned, as: UTF8.self).precomposedStringWithCompatibilityMapping.lowercased().utf8)
            folded.withUnsafeBufferPointer {
                emitWord(kind: kind, flags: flags, start: start, end: position, form: $0, inBuffer: false, into: &output)
            }
        } else {
            emitWord(kind: kind, flags: flags, start: start, end: position, form: scanned, inBuffer: true, into: &output)
        }
        index = position
    }

    /// `inBuffer`: `form` is the scanned word itself, already where its normalised form goes.
    private mutating func emitWord(kind: TokenKind, flags: TokenFlags, start: Int, end: Int, form: UnsafeBufferPointer<UInt8>,
                                   inBuffer: Bool, into output: inout TokenizedText) {
        if kind == .word, Contractions.mayExpand(form), Contractions.expand(form, start: start, end: end, flags: flags, scanner: &self, into: &output) {
            return
        }
        if inBuffer {
            appendScanned(kind: kind, flags: flags, start: start, end: end, count: form.count, into: &output)
        } else {
            append(kind: kind, flags: flags, start: start, end: end, form: form, into: &output)
        }
    }

    /// Appends a token whose normalised form is written already, as the next `count` bytes of
    /// the buffer.
    @inline(__always)
    private mutating func appendScanned(kind: TokenKind, flags: TokenFlags, start: Int, end: Int, count: Int,
                                        into output: inout TokenizedText) {
        var flags = flags
        if atLineStart {
            flags.insert(.lineStart)
            atLineStart = false
        }
        let normStart = flushed + pending
        let key = stableKey(UnsafeBufferPointer(start: UnsafePointer(normalised + pending), count: count))
        pending += count
        if pendingTokens == Self.tokenChunk { flushTokens(into: &output) }
        // Offsets fit in 32 bits: `scan` checked the text's length once, and `normEnd` bounds
        // `normStart`. Four checked conversions per token were eight compares and branches.
        let normEnd = normStart + count
        guard normEnd <= Int(Int32.max) else { preconditionFailure("normalised text longer than \(Int32.max) bytes") }
        (tokens + pendingTokens).initialize(to: Token(
            kind: kind, flags: flags, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end), key: key,
            normStart: Int32(truncatingIfNeeded: normStart), normEnd: Int32(truncatingIfNeeded: normEnd)
        ))
        pendingTokens += 1
    }

    /// Appends a token with normalised form `form`. `form` may be the start of the scanned word
    /// itself (a contraction's first part), which then is copied onto itself: a first part is
    /// never longer than the word, so no flush moves the bytes under it.
    mutating func append(kind: TokenKind, flags: TokenFlags, start: Int, end: Int, form: some Collection<UInt8>, into output: inout TokenizedText) {
        let count = form.count
        guard makeRoom(count, into: &output) else {
            // Longer than the whole buffer: only a non-ASCII word whose compatibility folding
            // grew it. It goes to the arrays directly, after the tokens before it.
            flushTokens(into: &output)
            flushed += count
            output.normalised.append(contentsOf: form)
            let key = output.normalised.withUnsafeBufferPointer { stableKey(UnsafeBufferPointer(rebasing: $0[(flushed - count)...])) }
            output.tokens.append(Token(
                kind: kind, flags: atLineStart ? flags.union(.lineStart) : flags, start: Int32(start), end: Int32(end), key: key,
                normStart: Int32(flushed - count), normEnd: Int32(flushed)
            ))
            atLineStart = false
            return
        }
        var destination = normalised + pending
        for byte in form {
            destination.pointee = byte
            destination += 1
        }
        appendScanned(kind: kind, flags: flags, start: start, end: end, count: count, into: &output)
    }

    /// True when `count` more bytes fit in the buffer, flushing it first if need be.
    @inline(__always)
    private mutating func makeRoom(_ count: Int, into output: inout TokenizedText) -> Bool {
        if pending + count <= normalisedCapacity { return true }
        flush(into: &output)
        return count <= normalisedCapacity
    }

    private mutating func flushTokens(into output: inout TokenizedText) {
        output.tokens.append(contentsOf: UnsafeBufferPointer(start: UnsafePointer(tokens), count: pendingTokens))
        pendingTokens = 0
    }

    private mutating func flush(into output: inout TokenizedText) {
        flushTokens(into: &output)
        guard pending > 0 else { return }
        output.normalised.append(contentsOf: UnsafeBufferPointer(start: UnsafePointer(normalised), count: pending))
        flushed += pending
        pending = 0
    }

    private mutating func emitFixed(_ kind: TokenKind, start: Int, end: Int, form: StaticString, into output: inout TokenizedText) {
        let formBytes = UnsafeBufferPointer(start: form.utf8Start, count: form.utf8CodeUnitCount)
        append(kind: kind, flags: [], start: start, end: end, form: formBytes, into: &output)
    }

    private mutating func emitEmoticon(start: Int, end: Int, into output: inout TokenizedText) {
        // ":-)" and ":)" are one emoticon: the nose says nothing.
        var form: [UInt8] = []
        for position in start..<end where bytes[position] != UInt8(ascii: "-") || position == start {
            form.append(bytes[position])
        }
        append(kind: .emoticon, flags: [], start: start, end: end, form: form, into: &output)
    }

    // MARK: numbers, punctuation, URLs

    private mutating func scanNumber(into output: inout TokenizedText) {
        let start = index
        var position = index
        while position < bytes.count {
            let byteClass = table[Int(bytes[position])]
            if byteClass == .digit {
                position += 1
            } else if position + 1 < bytes.count, table[Int(bytes[position + 1])] == .digit,
                      [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "/")].contains(bytes[position]) {
                position += 1
            } else {
                break
            }
        }
        append(kind: .number, flags: [], start: start, end: position, form: UnsafeBufferPointer(rebasing: bytes[start..<position]), into: &output)
        index = position
    }

    private mutating func scanPunctuation(into output: inout TokenizedText) {
        let start = index
        let byte = bytes[index]
        var position = index + 1
        while position < bytes.count, bytes[position] == byte { position += 1 }
        let isPunctuation = table[Int(byte)] == .punctuation || byte == UInt8(ascii: "'")
        let kind: TokenKind = isPunctuation ? .punctuation : .symbol
        if byte == UInt8(ascii: "."), position - start >= 2 {
            append(kind: kind, flags: [], start: start, end: position, form: "…".utf8, into: &output)
        } else {
            append(kind: kind, flags: position - start >= 2 ? .elongated : [], start: start, end: position, form: CollectionOfOne(byte), into: &output)
        }
        index = position
    }

    /// End of a URL starting at `position` ("http://", "https://" or "www."), trailing
    /// punctuation excluded.
    private func urlEnd(at position: Int) -> Int? {
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[position + offset] | 0x20 != prefix.utf8Start[offset] | 0x20 {
                return false
            }
            return true
        }
        guard hasPrefix("http://") || hasPrefix("https://") || hasPrefix("www.") else { return nil }
        var end = position
        while end < bytes.count {
            let byteClass = table[Int(bytes[end])]
            if byteClass == .space || byteClass == .newline { break }
            end += 1
        }
        while end > position + 4, [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ")"), UInt8(ascii: "!"),
                                   UInt8(ascii: "?"), UInt8(ascii: ";"), UInt8(ascii: ":")].contains(bytes[end - 1]) {
            end -= 1
        }
        return end
    }

    // MARK: beyond ASCII

    func decodeScalar(at position: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[position]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC0...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF7: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard position + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let next = bytes[position + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    private mutating func scanNonASCII(into output: inout TokenizedText) {
        guard let (scalar, length) = decodeScalar(at: index) else {
            index += 1
            return
        }
        let properties = scalar.properties
        if properties.isAlphabetic {
            scanWord(kind: .word, start: index, into: &output)
            return
        }
        if properties.isWhitespace || scalar.value == 0x200B || scalar.value == 0xFEFF {
            if scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85 { atLineStart = true }
            index += length
            return
        }
        if Emoji.isEmoji(scalar) {
            let start = index
            var position = index + length
            // Skin tones, variation selectors, keycaps and zero-width-joined parts belong to the
            // emoji before them; the key stays that of the base emoji.
            while position < bytes.count, let (next, nextLength) = decodeScalar(at: position), Emoji.isModifier(next) {
                position += nextLength
                if next.value == 0x200D, position < bytes.count, let (_, joinedLength) = decodeScalar(at: position) {
                    position += joinedLength
                }
            }
            append(kind: .emoji, flags: [], start: start, end: position, form: UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]), into: &output)
            index = position
            return
        }
        if Emoji.isModifier(scalar) {
            index += length
            return
        }
        var form = Array(bytes[index..<(index + length)])
        var kind = TokenKind.symbol
        switch properties.generalCategory {
        case .otherPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation:
            kind = .punctuation
            if scalar == "“" || scalar == "”" || scalar == "„" { form = [UInt8(ascii: "\"")] }
            if scalar == "‘" || scalar == "’" { form = [UInt8(ascii: "'")] }
            if scalar == "！" { form = [UInt8(ascii: "!")] }
            if scalar == "？" { form = [UInt8(ascii: "?")] }
        default:
            break
        }
        append(kind: kind, flags: [], start: index, end: index + length, form: form, into: &output)
        index += length
    }
}

extension TokenFlags {
    /// The token starts a new line: a sentence boundary even without punctuation.
    public static let lineStart = TokenFlags(rawValue: 1 << 4)
}

import HeardModel

/// One place where a comment talks about a theme: which theme, which words (byte span in the
/// comment) and in which sentence.
public struct ThemeMention: Sendable, Hashable {
    /// Index into `ThemeMatcher.themes`.
    public var theme: Int
    public var tokens: Range<Int>
    public var bytes: Range<Int>
    public var sentence: Int
}

public struct ThemeRuleError: Error, CustomStringConvertible, Equatable {
    public var theme: String
    public var reason: String
    public var description: String { "theme '\(theme)': \(reason)" }
}

/// Finds a taxonomy's themes in tokenised text. A phrase matches when its words appear in order,
/// in one sentence, each within `maxGap` words of the one before ("cancelled my flight" matches
/// "cancel flight"), comparing stems so that inflected forms match too. A word written with a
/// leading "=" matches only that form ("=missing" is a lost item; "missed my flight" is not). An
/// exclusion phrase in the same sentence cancels that theme there ("late" in "see you later" is
/// not a delay).
public struct ThemeMatcher: Sendable {
    public let themes: [Theme]
    public var maxGap = 2

    struct Phrase: Sendable {
        var theme: Int
        /// Each word's stem key, or its exact-form key (`exactKey`) for a word written "=word".
        var words: [UInt64]
        var isExclusion: Bool
    }

    /// Phrases by the key of their first word (a stem key or an exact-form key).
    private var phrasesByFirstWord: [UInt64: [Phrase]] = [:]
    /// Whether any phrase starts with an exact-form word, so text words are looked up by form too.
    private var hasExactFirstWords = false

    public init(themes: [Theme]) throws {
        self.themes = themes
        let tokenizer = Tokenizer()
        for (index, theme) in themes.enumerated() where theme.status == .active {
            for (text, isExclusion) in theme.phrases.map({ ($0, false) }) + theme.exclusions.map({ ($0, true) }) {
                let (words, firstIsExact) = try Self.phraseWords(text, theme: theme.key, tokenizer: tokenizer)
                hasExactFirstWords = hasExactFirstWords || firstIsExact
                phrasesByFirstWord[words[0], default: []].append(Phrase(theme: index, words: words, isExclusion: isExclusion))
            }
        }
    }

    public var isEmpty: Bool { phrasesByFirstWord.isEmpty }

    static func stemKey(_ text: TokenizedText, _ index: Int) -> UInt64? {
        let token = text.tokens[index]
        guard token.kind == .word || token.kind == .hashtag || token.kind == .number else { return nil }
        return stableKey(Stemmer.stem(text.normalisedForm(of: token)))
    }

    /// A key for a word's exact normalised form, apart from every stem key (the stem of
    /// "missing" is "miss", whose plain key is the form key of "miss").
    static func exactKey(_ token: Token) -> UInt64 {
        (token.key ^ 0x5851_F42D_4C95_7F2D) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The keys of a phrase's words: stems, or exact forms for words written with a leading "=".
    static func phraseWords(_ text: String, theme: String, tokenizer: Tokenizer) throws -> (words: [UInt64], firstIsExact: Bool) {
        // Drop each "=" that starts a word and remember where that word starts in what is left.
        var cleaned: [UInt8] = []
        var exactStarts: Set<Int> = []
        var previous: UInt8 = UInt8(ascii: " ")
        for byte in text.utf8 {
            if byte == UInt8(ascii: "="), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") {
                exactStarts.insert(cleaned.count)
            } else {
                cleaned.append(byte)
            }
            previous = byte
        }
        let tokenized = tokenizer.tokenize(String(decoding: cleaned, as: UTF8.self))
        var words: [UInt64] = []
        var firstIsExact = false
        for index in tokenized.tokens.indices {
            guard let stem = stemKey(tokenized, index) else { continue }
            let token = tokenized.tokens[index]
            if exactStarts.contains(Int(token.start)) {
                if words.isEmpty { firstIsExact = true }
                words.append(exactKey(token))
            } else {
                words.append(stem)
            }
        }
        guard !words.isEmpty else { throw ThemeRuleError(theme: theme, reason: "phrase '\(text)' has no words") }
        return (words, firstIsExact)
    }

    /// Every mention, in text order; at most one per theme and sentence.
    public func match(_ text: TokenizedText) -> [ThemeMention] {
        guard !phrasesByFirstWord.isEmpty else { return [] }
        var mentions: [ThemeMention] = []
        for (sentenceIndex, sentence) in text.sentences.enumerated() {
            // Word positions, stems and exact forms of this sentence.
            var positions: [Int] = []
            var stems: [UInt64] = []
            var forms: [UInt64] = []
            for index in sentence.tokens {
                if let stem = Self.stemKey(text, index) {
                    positions.append(index)
                    stems.append(stem)
                    forms.append(Self.exactKey(text.tokens[index]))
                }
            }
            var found: [Int: ThemeMention] = [:]
            var excluded: Set<Int> = []
            func consider(_ phrase: Phrase, from start: Int) {
                guard let end = matchEnd(phrase.words, stems: stems, forms: forms, from: start) else { return }
                if phrase.isExclusion {
                    excluded.insert(phrase.theme)
                    return
                }
                let tokenRange = positions[start]..<(positions[end] + 1)
                let mention = ThemeMention(
                    theme: phrase.theme, tokens: tokenRange,
                    bytes: Int(text.tokens[positions[start]].start)..<Int(text.tokens[positions[end]].end),
                    sentence: sentenceIndex)
                // Keep the first mention of a theme in a sentence, or a longer one at the same place.
                if let existing = found[phrase.theme] {
                    if existing.tokens.lowerBound == tokenRange.lowerBound, tokenRange.count > existing.tokens.count {
                        found[phrase.theme] = mention
                    }
                } else {
                    found[phrase.theme] = mention
                }
            }
            for start in stems.indices {
                for phrase in phrasesByFirstWord[stems[start]] ?? [] { consider(phrase, from: start) }
                if hasExactFirstWords {
                    for phrase in phrasesByFirstWord[forms[start]] ?? [] { consider(phrase, from: start) }
                }
            }
            let kept = found.values.filter { !excluded.contains($0.theme) }
            mentions.append(contentsOf: kept.sorted { ($0.tokens.lowerBound, $0.theme) < ($1.tokens.lowerBound, $1.theme) })
        }
        return mentions
    }

    /// Index (into `stems`) of the phrase's last word when it matches starting at `start`.
    private func matchEnd(_ phrase: [UInt64], stems: [UInt64], forms: [UInt64], from start: Int) -> Int? {
        var position = start
        for word in phrase.dropFirst() {
            var next = position + 1
            let limit = min(stems.count, position + 2 + maxGap)
            while next < limit, stems[next] != word, forms[next] != word { next += 1 }
            guard next < limit else { return nil }
            position = next
        }
        return position
    }

    private static let clauseBreaks: Set<UInt64> = Set(["but", "however", "although", "though", "yet", "whereas", ";", "while"].map { stableKey($0) })

    /// The clause around a mention: its sentence, cut at "but", "however", ";" and the like, so
    /// "the staff were lovely but the food was cold" gives each theme its own half.
    public static func clause(of mention: ThemeMention, in text: TokenizedText) -> Range<Int> {
        let sentence = text.sentences[mention.sentence].tokens
        var lower = sentence.lowerBound
        var upper = sentence.upperBound
        for index in sentence where clauseBreaks.contains(text.tokens[index].key) {
            if index < mention.tokens.lowerBound {
                lower = index + 1
            } else if index >= mention.tokens.upperBound {
                upper = index
                break
            }
        }
        return lower < upper ? lower..<upper : sentence
    }
}

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
/// "cancel flight"), comparing stems so that inflected forms match too. An exclusion phrase in
/// the same sentence cancels that theme there ("late" in "see you later" is not a delay).
public struct ThemeMatcher: Sendable {
    public let themes: [Theme]
    public var maxGap = 2

    struct Phrase: Sendable {
        var theme: Int
        var stems: [UInt64]
        var isExclusion: Bool
    }

    /// Phrases by the stem of their first word.
    private var phrasesByFirstStem: [UInt64: [Phrase]] = [:]

    public init(themes: [Theme]) throws {
        self.themes = themes
        let tokenizer = Tokenizer()
        for (index, theme) in themes.enumerated() where theme.status == .active {
            for (text, isExclusion) in theme.phrases.map({ ($0, false) }) + theme.exclusions.map({ ($0, true) }) {
                let tokenized = tokenizer.tokenize(text)
                let stems = tokenized.tokens.indices.compactMap { Self.stemKey(tokenized, $0) }
                guard !stems.isEmpty else {
                    throw ThemeRuleError(theme: theme.key, reason: "phrase '\(text)' has no words")
                }
                phrasesByFirstStem[stems[0], default: []].append(Phrase(theme: index, stems: stems, isExclusion: isExclusion))
            }
        }
    }

    public var isEmpty: Bool { phrasesByFirstStem.isEmpty }

    static func stemKey(_ text: TokenizedText, _ index: Int) -> UInt64? {
        let token = text.tokens[index]
        guard token.kind == .word || token.kind == .hashtag || token.kind == .number else { return nil }
        return stableKey(Stemmer.stem(text.normalisedForm(of: token)))
    }

    /// Every mention, in text order; at most one per theme and sentence.
    public func match(_ text: TokenizedText) -> [ThemeMention] {
        guard !phrasesByFirstStem.isEmpty else { return [] }
        var mentions: [ThemeMention] = []
        for (sentenceIndex, sentence) in text.sentences.enumerated() {
            // Word positions and stems of this sentence.
            var positions: [Int] = []
            var stems: [UInt64] = []
            for index in sentence.tokens {
                if let stem = Self.stemKey(text, index) {
                    positions.append(index)
                    stems.append(stem)
                }
            }
            var found: [Int: ThemeMention] = [:]
            var excluded: Set<Int> = []
            for start in stems.indices {
                guard let candidates = phrasesByFirstStem[stems[start]] else { continue }
                for phrase in candidates {
                    guard let end = matchEnd(phrase.stems, in: stems, from: start) else { continue }
                    if phrase.isExclusion {
                        excluded.insert(phrase.theme)
                        continue
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
            }
            let kept = found.values.filter { !excluded.contains($0.theme) }
            mentions.append(contentsOf: kept.sorted { ($0.tokens.lowerBound, $0.theme) < ($1.tokens.lowerBound, $1.theme) })
        }
        return mentions
    }

    /// Index (into `stems`) of the phrase's last word when it matches starting at `start`.
    private func matchEnd(_ phrase: [UInt64], in stems: [UInt64], from start: Int) -> Int? {
        var position = start
        for word in phrase.dropFirst() {
            var next = position + 1
            let limit = min(stems.count, position + 2 + maxGap)
            while next < limit, stems[next] != word { next += 1 }
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

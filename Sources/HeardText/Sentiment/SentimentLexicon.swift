/// Prior knowledge about words: a valence per word rated by people (for the shipped model, the
/// VADER lexicon, MIT licence, Hutto & Gilbert 2014). The model does not use the ratings as
/// scores: it sums them by context (plain, negated, intensified, after "but", …) into a few
/// features whose weights are learned like any other. Words the training data never saw still
/// count that way.
public struct SentimentLexicon: Sendable {
    /// When a word repeats, its first valence counts. `SentimentVocabulary` looks valences up.
    public private(set) var entries: [(word: String, valence: Float)]

    public init(entries: [(word: String, valence: Float)]) {
        self.entries = entries
    }

    /// Reads `word<TAB>valence[<TAB>anything…]` lines (the VADER lexicon's own layout).
    public init(parsing text: String) throws {
        var entries: [(word: String, valence: Float)] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let valence = Float(fields[1]) else {
                throw SentimentModelFile.FormatError(line: lineNumber, reason: "expected WORD<TAB>VALENCE")
            }
            entries.append((String(fields[0]), valence))
        }
        self.init(entries: entries)
    }

    public var isEmpty: Bool { entries.isEmpty }
}

/// The contexts in which lexicon valences are summed, each a pair of features (positive and
/// negative words).
enum LexiconContext: Int, CaseIterable {
    case plain, negated, intensified, downtoned, afterContrast, question, request, shouted

    var name: String {
        switch self {
        case .plain: "plain"
        case .negated: "negated"
        case .intensified: "intensified"
        case .downtoned: "downtoned"
        case .afterContrast: "after_contrast"
        case .question: "question"
        case .request: "request"
        case .shouted: "shouted"
        }
    }

    static let positiveNames = allCases.map { "lex_\($0.name)_positive" }
    static let negativeNames = allCases.map { "lex_\($0.name)_negative" }
    static let positiveKeys = positiveNames.map { combineKeys(FeatureKind.global.seed, stableKey($0)) }
    static let negativeKeys = negativeNames.map { combineKeys(FeatureKind.global.seed, stableKey($0)) }
}

import Foundation

public enum SentimentLabel: String, CaseIterable, Sendable, Codable, Comparable {
    case negative, neutral, positive

    public var index: Int {
        switch self {
        case .negative: 0
        case .neutral: 1
        case .positive: 2
        }
    }

    public init(index: Int) { self = SentimentLabel.allCases[index] }

    public static func < (lhs: SentimentLabel, rhs: SentimentLabel) -> Bool { lhs.index < rhs.index }
}

/// Sentiment of a text or part of one: `score` = P(positive) − P(negative), in [-1, 1].
public struct SentimentScore: Sendable, Hashable {
    public var score: Double
    public var label: SentimentLabel
    /// P(negative), P(neutral), P(positive).
    public var probabilities: SIMD3<Double>

    public init(probabilities: SIMD3<Double>) {
        self.probabilities = probabilities
        score = probabilities[2] - probabilities[0]
        var best = 0
        for index in 1..<3 where probabilities[index] > probabilities[best] { best = index }
        label = SentimentLabel(index: best)
    }

    /// From raw class scores (softmax).
    public init(logits: SIMD3<Float>) {
        let top = Double(max(logits[0], max(logits[1], logits[2])))
        // exp(0) is exactly 1, so the largest logit's term needs no call: the three `exp` calls
        // were 1.3% of the instructions of tokenise + score.
        func term(_ logit: Float) -> Double {
            let exponent = Double(logit) - top
            return exponent == 0 ? 1 : exp(exponent)
        }
        let exps = SIMD3<Double>(term(logits[0]), term(logits[1]), term(logits[2]))
        self.init(probabilities: exps / exps.sum())
    }
}

/// A multinomial logistic regression over `SentimentFeatures`: three weights per feature, found
/// through each word's `SentimentVocabulary` entry, so scoring a comment allocates nothing.
public struct SentimentModel: Sendable {
    public static let classCount = 3

    public var name: String
    public var version: String
    /// Free text kept in the model file: which data and licence produced it, and how.
    public var provenance: [String]
    public private(set) var bias: [Float]
    /// Divides a text's feature vector by its length (L2 norm) so that a long review and a
    /// tweet are on one scale; the trainer does the same.
    public var normalisesLength: Bool
    /// Word valences the model's `lex_*` features sum; stored inside the model file.
    public private(set) var lexicon: SentimentLexicon?
    private let features: SentimentFeatures
    public private(set) var names: [String]
    /// `weights[3 * i + c]` is the weight of feature `names[i]` for class `c`.
    public private(set) var weights: [Float]
    private let globalWeights: GlobalWeights

    public init(name: String, version: String, provenance: [String], bias: [Float], names: [String], weights: [Float], normalisesLength: Bool, lexicon: SentimentLexicon?) {
        precondition(bias.count == Self.classCount && weights.count == names.count * Self.classCount)
        self.normalisesLength = normalisesLength
        self.lexicon = lexicon
        features = SentimentFeatures(vocabulary: SentimentVocabulary(lexicon: lexicon, names: names, weights: weights))
        globalWeights = GlobalWeights(names: names, weights: weights)
        self.name = name
        self.version = version
        self.provenance = provenance
        self.bias = bias
        self.names = names
        self.weights = weights
    }

    public var identifier: String { "\(name)@\(version)" }

    /// Adds up the weights of a text's features, in the order `extract` gives them (the float
    /// sums, and so the scores, depend on that order). The tables are plain pointers borrowed from
    /// the model for one text: a sink holding the arrays themselves cost seven retains and seven
    /// releases per text.
    struct LogitSink: FeatureSink {
        let rows: UnsafeBufferPointer<SIMD4<Float>>
        let bigrams: BigramTable.Reader
        /// By `GlobalWeights.index`.
        let globals: UnsafeBufferPointer<SIMD4<Float>?>
        var logits = SIMD4<Float>(repeating: 0)
        var squares: Float = 0

        @inline(__always)
        mutating func add(_ kind: FeatureKind, _ word: VocabularyWord, key: UInt64, name: @autoclosure () -> String) {
            let bit = kind.wordBit
            guard word.entry.rows & bit != 0 else { return }
            logits += rows[word.entry.row(bit)]
            squares += 1
        }

        @inline(__always)
        mutating func addBigram(_ first: VocabularyWord, key firstKey: UInt64, _ second: VocabularyWord, key secondKey: UInt64,
                                name: @autoclosure () -> String) {
            guard first.entry.flags & WordEntry.startsBigram != 0, second.entry.flags & WordEntry.endsBigram != 0,
                  let weights = bigrams.weights(first: first.id, second: second.id) else { return }
            logits += weights
            squares += 1
        }

        mutating func add(_ feature: GlobalFeature, _ value: Float) {
            add(globals[GlobalWeights.index(of: feature)], value)
        }

        mutating func add(_ context: LexiconContext, positive: Bool, _ value: Float) {
            add(globals[GlobalWeights.index(of: context, positive: positive)], value)
        }

        @inline(__always)
        private mutating func add(_ weights: SIMD4<Float>?, _ value: Float) {
            guard let weights else { return }
            logits += weights * value
            squares += value * value
        }
    }

    public func score(_ text: TokenizedText, tokens range: Range<Int>) -> SentimentScore {
        let vocabulary = features.vocabulary
        let (logits, squares) = vocabulary.rows.withUnsafeBufferPointer { rows in
            vocabulary.bigrams.withReader { bigrams in
                globalWeights.entries.withUnsafeBufferPointer { globals in
                    var sink = LogitSink(rows: rows, bigrams: bigrams, globals: globals)
                    features.extract(text, tokens: range, into: &sink)
                    return (sink.logits, sink.squares)
                }
            }
        }
        let scale: Float = normalisesLength && squares > 0 ? 1 / squares.squareRoot() : 1
        let logits3 = SIMD3(bias[0], bias[1], bias[2]) + SIMD3(logits[0], logits[1], logits[2]) * scale
        return SentimentScore(logits: logits3)
    }

    public func score(_ text: TokenizedText) -> SentimentScore {
        score(text, tokens: 0..<text.tokens.count)
    }
}

/// The weights of the text-wide features ("g:question", "g:lex_plain_positive", …), by position
/// instead of by key: there are only 23 of them, in one array (one pointer for the scorer).
struct GlobalWeights: Sendable {
    /// `GlobalFeature`s by `index`, then the positive lexicon contexts, then the negative ones.
    let entries: [SIMD4<Float>?]

    @inline(__always)
    static func index(of feature: GlobalFeature) -> Int { feature.index }

    /// Counts of `GlobalFeature` and `LexiconContext` cases, as literals: `allCases` builds an
    /// array on every call. A test checks them.
    static let featureCount = 7
    static let contextCount = 8

    @inline(__always)
    static func index(of context: LexiconContext, positive: Bool) -> Int {
        featureCount + (positive ? 0 : contextCount) + context.rawValue
    }

    /// When a name repeats, its first weights count.
    init(names: [String], weights: [Float]) {
        var byKey: [UInt64: SIMD4<Float>] = [:]
        for (index, name) in names.enumerated() {
            guard case .global = SentimentFeatures.parse(name: Substring(name)),
                  let key = SentimentFeatures.key(ofName: Substring(name)), byKey[key] == nil else { continue }
            byKey[key] = SIMD4(weights[3 * index], weights[3 * index + 1], weights[3 * index + 2], 0)
        }
        entries = GlobalFeature.allCases.map { byKey[$0.key] }
            + LexiconContext.positiveKeys.map { byKey[$0] }
            + LexiconContext.negativeKeys.map { byKey[$0] }
    }
}

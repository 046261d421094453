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
    public var probabilities: [Double]

    public init(probabilities: [Double]) {
        self.probabilities = probabilities
        score = probabilities[2] - probabilities[0]
        var best = 0
        for index in 1..<3 where probabilities[index] > probabilities[best] { best = index }
        label = SentimentLabel(index: best)
    }
}

/// A multinomial logistic regression over `SentimentFeatures`: three weights per feature, looked
/// up by key in an open-addressing table, so scoring a comment allocates nothing.
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
    private var table: FeatureTable

    public init(name: String, version: String, provenance: [String], bias: [Float], names: [String], weights: [Float], normalisesLength: Bool, lexicon: SentimentLexicon?) {
        self.normalisesLength = normalisesLength
        self.lexicon = lexicon
        features = SentimentFeatures(lexicon: lexicon)
        precondition(bias.count == Self.classCount && weights.count == names.count * Self.classCount)
        self.name = name
        self.version = version
        self.provenance = provenance
        self.bias = bias
        self.names = names
        self.weights = weights
        table = FeatureTable(capacity: names.count)
        for (index, featureName) in names.enumerated() {
            if let key = SentimentFeatures.key(ofName: Substring(featureName)) { table.insert(key, index: Int32(index)) }
        }
    }

    public var identifier: String { "\(name)@\(version)" }

    /// Raw class scores (logits) of a feature set.
    struct LogitSink: FeatureSink {
        let table: FeatureTable
        let weights: UnsafeBufferPointer<Float>
        var logits: (Float, Float, Float) = (0, 0, 0)
        var squares: Float = 0

        @inline(__always)
        mutating func add(_ key: UInt64, _ value: Float, name: @autoclosure () -> String) {
            let index = table.find(key)
            guard index >= 0 else { return }
            let base = Int(index) * 3
            logits.0 += weights[base] * value
            logits.1 += weights[base + 1] * value
            logits.2 += weights[base + 2] * value
            squares += value * value
        }
    }

    public func score(_ text: TokenizedText, tokens range: Range<Int>) -> SentimentScore {
        let logits = weights.withUnsafeBufferPointer { buffer in
            var sink = LogitSink(table: table, weights: buffer)
            features.extract(text, tokens: range, into: &sink)
            let scale: Float = normalisesLength && sink.squares > 0 ? 1 / sink.squares.squareRoot() : 1
            return (bias[0] + sink.logits.0 * scale, bias[1] + sink.logits.1 * scale, bias[2] + sink.logits.2 * scale)
        }
        return SentimentScore(probabilities: Self.softmax([logits.0, logits.1, logits.2]))
    }

    public func score(_ text: TokenizedText) -> SentimentScore {
        score(text, tokens: 0..<text.tokens.count)
    }

    static func softmax(_ logits: [Float]) -> [Double] {
        let top = Double(logits.max()!)
        let exps = logits.map { exp(Double($0) - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// The features that weigh most for a class: what the model learned, for people to audit.
    public func strongestFeatures(for label: SentimentLabel, count: Int) -> [(name: String, weight: Float)] {
        let others = SentimentLabel.allCases.filter { $0 != label }
        let margins = names.indices.map { index -> (String, Float) in
            let own = weights[3 * index + label.index]
            let rest = others.map { weights[3 * index + $0.index] }.max()!
            return (names[index], own - rest)
        }
        return margins.sorted { $0.1 > $1.1 }.prefix(count).map { (name: $0.0, weight: $0.1) }
    }
}

/// Open addressing from feature key to feature index, linear probing, power-of-two size at most
/// half full. The keys are already well-mixed hashes, so they index the table directly instead of
/// being hashed again by `Dictionary`'s per-process SipHash on every lookup.
struct FeatureTable: Sendable {
    private var keys: [UInt64]
    private var indices: [Int32]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        indices = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    mutating func insert(_ key: UInt64, index: Int32) {
        var slot = Int(truncatingIfNeeded: key) & mask
        while indices[slot] >= 0 {
            if keys[slot] == key { return }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        indices[slot] = index
    }

    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        keys.withUnsafeBufferPointer { keys in
            indices.withUnsafeBufferPointer { indices in
                var slot = Int(truncatingIfNeeded: key) & mask
                while true {
                    let index = indices[slot]
                    if index < 0 { return -1 }
                    if keys[slot] == key { return index }
                    slot = (slot + 1) & mask
                }
            }
        }
    }
}

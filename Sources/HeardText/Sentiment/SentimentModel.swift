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
        let exps = SIMD3<Double>(exp(Double(logits[0]) - top), exp(Double(logits[1]) - top), exp(Double(logits[2]) - top))
        self.init(probabilities: exps / exps.sum())
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
    private var table: WeightTable

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
        table = WeightTable(capacity: names.count)
        for (index, featureName) in names.enumerated() {
            if let key = SentimentFeatures.key(ofName: Substring(featureName)) {
                table.insert(key, weights: SIMD3(weights[3 * index], weights[3 * index + 1], weights[3 * index + 2]))
            }
        }
    }

    public var identifier: String { "\(name)@\(version)" }

    /// Adds up the weights of a text's features.
    struct LogitSink: FeatureSink {
        let table: WeightTable
        var logits = SIMD4<Float>(repeating: 0)
        var squares: Float = 0

        @inline(__always)
        mutating func add(_ key: UInt64, _ value: Float, name: @autoclosure () -> String) {
            guard let weights = table.weights(of: key) else { return }
            logits += weights * value
            squares += value * value
        }
    }

    public func score(_ text: TokenizedText, tokens range: Range<Int>) -> SentimentScore {
        var sink = LogitSink(table: table)
        features.extract(text, tokens: range, into: &sink)
        let scale: Float = normalisesLength && sink.squares > 0 ? 1 / sink.squares.squareRoot() : 1
        let logits = SIMD3(bias[0], bias[1], bias[2]) + SIMD3(sink.logits[0], sink.logits[1], sink.logits[2]) * scale
        return SentimentScore(logits: logits)
    }

    public func score(_ text: TokenizedText) -> SentimentScore {
        score(text, tokens: 0..<text.tokens.count)
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

/// Feature key to its three class weights, stored side by side so that a hit touches one
/// cache line, behind a 128 KB bit filter that answers most misses (bigrams the model never saw)
/// without touching the table at all. Scoring is bound by these memory accesses: the filter and
/// the packed slots took one-thread scoring from about 330,000 to the figure in bench/RESULTS.md.
struct WeightTable: Sendable {
    private struct Slot {
        var key: UInt64 = 0
        var weights: (Float, Float, Float) = (0, 0, 0)
        var occupied = false
    }

    private var slots: [Slot]
    private let mask: Int
    private var filter: [UInt64]
    private static let filterBits = 1 << 20

    init(capacity: Int) {
        var size = 16
        while size * 2 < capacity * 3 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
        filter = [UInt64](repeating: 0, count: Self.filterBits / 64)
    }

    @inline(__always)
    private static func filterBit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 40) & (filterBits - 1) }

    mutating func insert(_ key: UInt64, weights: SIMD3<Float>) {
        var slot = Int(truncatingIfNeeded: key) & mask
        while slots[slot].occupied {
            if slots[slot].key == key { return }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(key: key, weights: (weights[0], weights[1], weights[2]), occupied: true)
        let bit = Self.filterBit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    @inline(__always)
    func weights(of key: UInt64) -> SIMD4<Float>? {
        let bit = Self.filterBit(key)
        let word = filter.withUnsafeBufferPointer { $0[bit >> 6] }
        guard word & (1 << UInt64(bit & 63)) != 0 else { return nil }
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let entry = slots[slot]
                if !entry.occupied { return nil }
                if entry.key == key { return SIMD4(entry.weights.0, entry.weights.1, entry.weights.2, 0) }
                slot = (slot + 1) & mask
            }
        }
    }
}

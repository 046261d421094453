import Foundation
import HeardStats

public struct SentimentExample: Sendable {
    public var text: String
    public var label: SentimentLabel

    public init(text: String, label: SentimentLabel) {
        self.text = text
        self.label = label
    }
}

/// Fits a `SentimentModel`: multinomial logistic regression with L2 regularisation, trained by
/// AdaGrad over shuffled examples. The shuffle is seeded, so the same data gives the same model.
public struct SentimentTrainer: Sendable {
    public var epochs = 6
    public var learningRate: Float = 0.1
    /// L2 penalty per example update, applied to the features an example touches.
    public var l2: Float = 1e-5
    /// Features seen in fewer documents than this are dropped: they are noise and bloat the file.
    public var minimumDocumentFrequency = 2
    /// Weighs each class by the inverse of its frequency, which favours macro-F1 over accuracy.
    public var balanceClasses = true
    public var seed: UInt64 = 7
    public var normaliseLength = true
    public var lexicon: SentimentLexicon?

    public init() {}

    struct NamingSink: KeyedFeatureSink {
        var indexOfKey: [UInt64: Int32]
        var names: [String]
        var current: [Int32: Float] = [:]

        mutating func add(_ key: UInt64, _ value: Float, name: @autoclosure () -> String) {
            let index: Int32
            if let known = indexOfKey[key] {
                index = known
            } else {
                index = Int32(names.count)
                indexOfKey[key] = index
                names.append(name())
            }
            current[index, default: 0] += value
        }
    }

    public func train(_ examples: [SentimentExample], name: String, version: String, provenance: [String]) -> SentimentModel {
        let tokenizer = Tokenizer()
        var sink = NamingSink(indexOfKey: [:], names: [])
        var documents: [[(Int32, Float)]] = []
        documents.reserveCapacity(examples.count)
        var tokenized = TokenizedText()
        let features = SentimentFeatures(lexicon: lexicon)
        for example in examples {
            tokenizer.tokenize(example.text, into: &tokenized)
            sink.current.removeAll(keepingCapacity: true)
            features.extract(tokenized, tokens: 0..<tokenized.tokens.count, into: &sink)
            documents.append(sink.current.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }

        var documentFrequency = [Int](repeating: 0, count: sink.names.count)
        for document in documents { for (index, _) in document { documentFrequency[Int(index)] += 1 } }
        var newIndex = [Int32](repeating: -1, count: sink.names.count)
        var names: [String] = []
        for (index, frequency) in documentFrequency.enumerated() where frequency >= minimumDocumentFrequency {
            newIndex[index] = Int32(names.count)
            names.append(sink.names[index])
        }
        let kept = documents.map { document -> [(Int32, Float)] in
            let features = document.compactMap { newIndex[Int($0.0)] >= 0 ? (newIndex[Int($0.0)], $0.1) : nil }
            let squares = features.reduce(Float(0)) { $0 + $1.1 * $1.1 }
            guard normaliseLength, squares > 0 else { return features }
            let scale = 1 / squares.squareRoot()
            return features.map { ($0.0, $0.1 * scale) }
        }

        var classCounts = [Double](repeating: 0, count: 3)
        for example in examples { classCounts[example.label.index] += 1 }
        let classWeights: [Float] = classCounts.map { count in
            guard balanceClasses, count > 0 else { return 1 }
            return Float(Double(examples.count) / (3 * count))
        }

        let count = names.count
        var weights = [Float](repeating: 0, count: count * 3)
        var squaredGradients = [Float](repeating: 1e-8, count: count * 3)
        var bias: [Float] = [0, 0, 0]
        var biasSquaredGradients: [Float] = [1e-8, 1e-8, 1e-8]
        var order = Array(examples.indices)
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            for exampleIndex in order {
                let document = kept[exampleIndex]
                var logits = bias
                for (feature, value) in document {
                    let base = Int(feature) * 3
                    for label in 0..<3 { logits[label] += weights[base + label] * value }
                }
                let probabilities = SentimentScore(logits: SIMD3(logits[0], logits[1], logits[2])).probabilities
                let target = examples[exampleIndex].label.index
                let exampleWeight = classWeights[target]
                for label in 0..<3 {
                    let error = (Float(probabilities[label]) - (label == target ? 1 : 0)) * exampleWeight
                    biasSquaredGradients[label] += error * error
                    bias[label] -= learningRate * error / biasSquaredGradients[label].squareRoot()
                    for (feature, value) in document {
                        let slot = Int(feature) * 3 + label
                        let gradient = error * value + l2 * weights[slot]
                        squaredGradients[slot] += gradient * gradient
                        weights[slot] -= learningRate * gradient / squaredGradients[slot].squareRoot()
                    }
                }
            }
        }
        return SentimentModel(name: name, version: version, provenance: provenance, bias: bias, names: names, weights: weights, normalisesLength: normaliseLength, lexicon: lexicon)
    }
}

import Foundation
import HeardML
import HeardText

/// The accurate sentiment path: a softmax regression over a comment's sentence vector, with the
/// lexical model's three class scores appended when `lexical` is set. The lexical scores carry
/// what a mean-pooled vector blurs (negation scope, "but", intensity), the vector carries what
/// words alone miss (paraphrase, domain wording); together they beat either.
public struct VectorSentimentModel: Sendable {
    public var name: String
    public var version: String
    public var provenance: [String]
    /// The encoder that made the training vectors (`SentenceEncoder.identifier`): vectors from
    /// another encoder live in another space, so the model refuses them.
    public var encoder: String
    /// The lexical model whose class scores are the last three inputs, by identifier; nil when
    /// the model reads the vector alone.
    public var lexicalModel: String?
    /// How the lexical scores join in: as three more inputs of the regression (stacked), or
    /// added to the regression's logits over the vector alone (summed: a product of the two
    /// models' probabilities, each trained on its own).
    public var combination: Combination
    public var regression: SoftmaxRegression

    public enum Combination: String, Sendable, CaseIterable {
        case stacked, summed
    }

    public init(name: String, version: String, provenance: [String], encoder: String, lexicalModel: String?,
                combination: Combination = .stacked, regression: SoftmaxRegression) {
        precondition(regression.classCount == SentimentModel.classCount, "a sentiment model has three classes")
        self.combination = lexicalModel == nil ? .stacked : combination
        self.name = name
        self.version = version
        self.provenance = provenance
        self.encoder = encoder
        self.lexicalModel = lexicalModel
        self.regression = regression
    }

    public var identifier: String { "\(name)@\(version)" }

    /// Dimensions of the sentence vectors it reads.
    public var vectorDimensions: Int {
        regression.inputCount - (lexicalModel == nil || combination == .summed ? 0 : SentimentModel.classCount)
    }

    /// Checks that `encoder` and `lexical` are the ones this model was trained with.
    public func check(encoder other: String, dimensions: Int, lexical: SentimentModel?) throws {
        guard encoderName(other) == encoderName(encoder), dimensions == vectorDimensions else {
            throw Mismatch(description: "the vector sentiment model \(identifier) was trained on \(encoder) vectors (\(vectorDimensions) dimensions), not \(other) (\(dimensions))")
        }
        if let lexicalModel, lexical?.identifier != lexicalModel {
            throw Mismatch(description: "the vector sentiment model \(identifier) reads the scores of the lexical model \(lexicalModel), but \(lexical?.identifier ?? "none") is loaded; retrain it with `heard train sentiment --vectors …`")
        }
    }

    /// The model family without the weights fingerprint: `all-MiniLM-L6-v2@1a2b` → `all-MiniLM-L6-v2`.
    /// The fingerprint is shown in messages but not compared, so a re-fetched copy of the same
    /// model (a new file, the same weights) still matches.
    private func encoderName(_ identifier: String) -> Substring {
        identifier.split(separator: "@", maxSplits: 1).first ?? Substring(identifier)
    }

    public struct Mismatch: Error, CustomStringConvertible {
        public var description: String
    }

    /// Model inputs: each text's vector, then (when the model uses them) the lexical log-probabilities.
    public static func features(vectors: EmbeddingMatrix, texts: [String], lexical: SentimentModel?) -> EmbeddingMatrix {
        guard let lexical else { return vectors }
        return features(vectors: vectors, lexicalScores: lexicalScores(lexical, texts: texts))
    }

    static func features(vectors: EmbeddingMatrix, lexicalScores: [[Float]]) -> EmbeddingMatrix {
        precondition(vectors.count == lexicalScores.count, "one vector per text")
        var features = EmbeddingMatrix(dimensions: vectors.dimensions + SentimentModel.classCount)
        for row in 0..<vectors.count { features.append(Array(vectors[row]) + lexicalScores[row]) }
        return features
    }

    /// Log-probabilities, so the regression adds evidence as the lexical model itself does.
    static func lexicalScores(_ lexical: SentimentModel, texts: [String]) -> [[Float]] {
        let tokenizer = Tokenizer()
        var tokenized = TokenizedText()
        return texts.map { text in
            tokenizer.tokenize(text, into: &tokenized)
            let probabilities = lexical.score(tokenized).probabilities
            return (0..<SentimentModel.classCount).map { Float(log(max(probabilities[$0], 1e-6))) }
        }
    }

    public func score(features: EmbeddingMatrix) -> [SentimentScore] {
        let summed = combination == .summed && lexicalModel != nil
        precondition(features.dimensions == regression.inputCount + (summed ? SentimentModel.classCount : 0), "features do not match the model")
        return (0..<features.count).map { row in
            let values = features[row]
            var logits = regression.logits(values.prefix(regression.inputCount))
            if summed {
                for (label, score) in values.suffix(SentimentModel.classCount).enumerated() { logits[label] += score }
            }
            return SentimentScore(logits: SIMD3(logits[0], logits[1], logits[2]))
        }
    }

    public func score(vectors: EmbeddingMatrix, texts: [String], lexical: SentimentModel?) -> [SentimentScore] {
        score(features: Self.features(vectors: vectors, texts: texts, lexical: lexicalModel == nil ? nil : lexical))
    }
}

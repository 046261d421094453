import HeardML
import HeardStore
import HeardText

/// Replaces each comment's overall sentiment with the vector model's (the accurate path) during
/// enrichment; sentence and theme-mention sentiment stay lexical, since they score clauses that
/// a sentence vector of the whole comment cannot tell apart.
public struct VectorSentimentScorer: Sendable {
    public let encoder: any SentenceEncoder
    public let model: VectorSentimentModel
    public let lexical: SentimentModel?

    /// Checks that the model fits the encoder and lexical model it will read. Texts are embedded
    /// without their @handles and links, as in training (`ContentTextEncoder`).
    public init(encoder: any SentenceEncoder, model: VectorSentimentModel, lexical: SentimentModel) throws {
        let encoder = ContentTextEncoder(encoder)
        try model.check(encoder: encoder.identifier, dimensions: encoder.dimensions, lexical: lexical)
        self.encoder = encoder
        self.model = model
        self.lexical = model.lexicalModel == nil ? nil : lexical
    }

    /// Recorded in each enrichment's version, so a new model makes `heard analyze` redo the rows.
    public var version: String { "overall=\(model.identifier)" }

    public func rescore(_ results: inout [FeedbackEnrichment], texts: [String?]) {
        let rows = results.indices.filter { results[$0].sentimentScore != nil && !(texts[$0] ?? "").isEmpty }
        guard !rows.isEmpty else { return }
        let batch = rows.map { texts[$0] ?? "" }
        let scores = model.score(vectors: encoder.embed(batch), texts: batch, lexical: lexical)
        for (row, score) in zip(rows, scores) {
            results[row].sentimentScore = score.score
            results[row].sentimentLabel = score.label.rawValue
        }
    }
}

import Foundation
import HeardML
import HeardModel
import HeardStore

/// Places comments that no taxonomy phrase matched into the workspace's semantic themes, as
/// they are imported or re-analysed: embed, nearest centroid, and a mention of that theme over
/// the whole comment (with the comment's sentiment) when the similarity reaches the model's
/// threshold. Comments below it stay without a theme: the "other" bucket.
public struct SemanticThemeAssigner: Sendable {
    public let encoder: any SentenceEncoder
    public let model: SemanticThemeModel
    /// Changes whenever the model is refitted, so `heard analyze` redoes what an older one placed.
    public let version: String

    public init(encoder: any SentenceEncoder, model: SemanticThemeModel) {
        self.encoder = encoder
        self.model = model
        var hash = StableHasher()
        hash.combine(model.vectorModel)
        hash.combine(String(model.threshold))
        for entry in model.entries {
            hash.combine(entry.key)
            entry.centroid.withUnsafeBytes { hash.combine(bytes: $0) }
        }
        version = "semantic=\(String(hash.value, radix: 16))"
    }

    /// Adds a semantic mention to each enrichment that has none; `texts[i]` is the text of `enrichments[i]`.
    public func assign(_ enrichments: inout [FeedbackEnrichment], texts: [String?]) {
        let open = enrichments.indices.filter { enrichments[$0].mentions.isEmpty && !(texts[$0] ?? "").isEmpty }
        guard !open.isEmpty else { return }
        let placed = model.assign(encoder.embed(open.map { texts[$0]! }))
        for (offset, index) in open.enumerated() {
            guard let theme = placed[offset].theme, let score = enrichments[index].sentimentScore,
                  let label = enrichments[index].sentimentLabel else { continue }
            enrichments[index].mentions.append(FeedbackEnrichment.Mention(
                themeKey: model.entries[theme].key, span: 0..<texts[index]!.utf8.count, sentimentScore: score, sentimentLabel: label))
        }
    }
}

/// The workspace's semantic theme model for an encoder, stored as JSON by HeardStore.
public enum SemanticThemeStore {
    public static func load(vectorModel: String, session: WorkspaceSession) async throws -> SemanticThemeModel? {
        guard let json = try await session.store.semanticThemeModel(vectorModel: vectorModel, in: session.workspace.id) else { return nil }
        return try JSONDecoder().decode(SemanticThemeModel.self, from: Data(json.utf8))
    }

    public static func save(_ model: SemanticThemeModel, session: WorkspaceSession) async throws {
        let json = String(decoding: try JSONEncoder().encode(model), as: UTF8.self)
        try await session.store.saveSemanticThemeModel(json, vectorModel: model.vectorModel, in: session.workspace.id)
    }
}

import Foundation
import Dispatch
import HeardModel
import HeardStore
import HeardText

public struct EnrichmentSummary: Sendable {
    public var enriched: Int
    public var version: String
}

/// Brings a workspace's enrichment up to date: every comment that was never enriched, changed
/// since, or was enriched by another model or taxonomy version. Batches are written one
/// transaction each, so an interrupted run leaves finished batches in place and the next run
/// picks up the rest.
public struct FeedbackEnricher: Sendable {
    public let session: WorkspaceSession
    public let pipeline: TextPipeline
    /// Places comments no phrase matched into the workspace's semantic themes, when it has them.
    public let semantic: SemanticThemeAssigner?
    /// The accurate sentiment path: when set, each comment's overall sentiment comes from it.
    public var overallSentiment: VectorSentimentScorer?
    public var batchSize = 4000

    public init(session: WorkspaceSession, pipeline: TextPipeline, semantic: SemanticThemeAssigner? = nil) {
        self.session = session
        self.pipeline = pipeline
        self.semantic = semantic
    }

    /// Recorded with each enrichment: the text models' versions and the semantic model's.
    public var version: String {
        pipeline.version + (semantic.map { ";" + $0.version } ?? "") + (overallSentiment.map { ";" + $0.version } ?? "")
    }

    /// The shipped sentiment model (or `modelPath`) and the workspace's taxonomy; a workspace
    /// without any themes gets the starter taxonomy, which it can then edit.
    public static func standard(session: WorkspaceSession, modelPath: String? = nil) async throws -> FeedbackEnricher {
        var themes = try await session.store.themes(in: session.workspace.id)
        if themes.isEmpty {
            themes = try TaxonomyFile.starter()
            for theme in themes { try await session.store.save(theme, in: session.workspace.id) }
        }
        let pipeline = try TextPipeline(sentiment: try DefaultModels.sentiment(path: modelPath), themes: themes)
        return FeedbackEnricher(session: session, pipeline: pipeline, semantic: try await semanticAssigner(session: session, themes: themes))
    }

    /// The static encoder and the semantic model `heard themes --discover` fitted with it, when both
    /// exist; themes that were retired since are left out.
    static func semanticAssigner(session: WorkspaceSession, themes: [Theme]) async throws -> SemanticThemeAssigner? {
        guard let encoder = (try? StaticModel.load(workers: ProcessInfo.processInfo.activeProcessorCount)).map({ ContentTextEncoder($0) }),
              var model = try await SemanticThemeStore.load(vectorModel: encoder.identifier, session: session) else { return nil }
        let retired = Set(themes.filter { $0.status == .retired }.map(\.key))
        model.entries.removeAll { retired.contains($0.key) }
        return model.entries.isEmpty ? nil : SemanticThemeAssigner(encoder: encoder, model: model)
    }

    /// A run with a large share of the workspace to do lets the store compute the theme rollup
    /// once at its end instead of per comment (see `Store.deferThemeRollup`).
    public func run(progress: (@Sendable (Int) -> Void)? = nil) async throws -> EnrichmentSummary {
        let store = session.store
        let workspace = session.workspace.id
        var after: Int64 = 0
        var done = 0
        var deferred = false
        var writes = WriteBehind()
        let pipeline = self.pipeline
        let version = self.version
        do {
            while true {
                // The next batch is read and enriched while the previous one is being saved: it
                // starts after the previous batch's rows, which that save does not change.
                let pending = try await store.pendingEnrichment(in: workspace, version: version, afterRowID: after, limit: batchSize)
                guard let last = pending.last else { break }
                if after == 0, pending.count == batchSize {
                    let total = try await store.pendingEnrichmentCount(in: workspace, version: version)
                    deferred = try await store.deferThemeRollup(forPending: total, in: workspace)
                }
                after = last.feedbackRowID
                var results = Self.enrichInParallel(pending, pipeline: pipeline)
                if let semantic { semantic.assign(&results, texts: pending.map(\.text)) }
                overallSentiment?.rescore(&results, texts: pending.map(\.text))
                if semantic != nil || overallSentiment != nil {
                    for index in results.indices { results[index].version = version }
                }
                let saved = done + results.count
                try await writes.submit { [results] in
                    try await store.save(results)
                    progress?(saved)
                }
                done = saved
            }
            try await writes.finish()
        } catch {
            try? await writes.finish()
            if deferred { try? await store.endThemeRollupDeferral(in: workspace) }
            throw error
        }
        if deferred { try await store.endThemeRollupDeferral(in: workspace) }
        return EnrichmentSummary(enriched: done, version: version)
    }

    /// Splits a batch over the cores; each part has its own tokenizer buffer.
    static func enrichInParallel(_ pending: [PendingEnrichment], pipeline: TextPipeline) -> [FeedbackEnrichment] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pending.count / 256))
        let results = UnsafeMutableBufferPointer<FeedbackEnrichment?>.allocate(capacity: pending.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let shared = SendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let tokenizer = Tokenizer()
            var buffer = TokenizedText()
            var index = part
            while index < pending.count {
                shared.buffer[index] = pipeline.enrich(pending[index], tokenizer: tokenizer, buffer: &buffer)
                index += parts
            }
        }
        return results.map { $0! }
    }
}

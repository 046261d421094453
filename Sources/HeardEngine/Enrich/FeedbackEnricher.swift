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
    public var batchSize = 4000

    public init(session: WorkspaceSession, pipeline: TextPipeline) {
        self.session = session
        self.pipeline = pipeline
    }

    /// The shipped sentiment model (or `modelPath`) and the workspace's taxonomy; a workspace
    /// without any themes gets the starter taxonomy, which it can then edit.
    public static func standard(session: WorkspaceSession, modelPath: String? = nil) async throws -> FeedbackEnricher {
        var themes = try await session.store.themes(in: session.workspace.id)
        if themes.isEmpty {
            themes = try TaxonomyFile.starter()
            for theme in themes { try await session.store.save(theme, in: session.workspace.id) }
        }
        return FeedbackEnricher(session: session, pipeline: try TextPipeline(sentiment: try DefaultModels.sentiment(path: modelPath), themes: themes))
    }

    public func run(progress: (@Sendable (Int) -> Void)? = nil) async throws -> EnrichmentSummary {
        var after: Int64 = 0
        var done = 0
        let pipeline = self.pipeline
        while true {
            let pending = try await session.store.pendingEnrichment(
                in: session.workspace.id, version: pipeline.version, afterRowID: after, limit: batchSize)
            guard let last = pending.last else { break }
            after = last.feedbackRowID
            let results = Self.enrichInParallel(pending, pipeline: pipeline)
            try await session.store.save(results)
            done += results.count
            progress?(done)
        }
        return EnrichmentSummary(enriched: done, version: pipeline.version)
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

/// Each part of a parallel loop writes its own, disjoint indexes.
private struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}

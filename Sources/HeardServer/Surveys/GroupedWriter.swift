import HeardEngine
import HeardStore

/// Writes survey responses with group commit: responses that arrive while a transaction is
/// being written wait and go together in the next one, so thousands of small submissions per
/// second cost a few transactions each, not one each.
actor GroupedWriter {
    private let session: WorkspaceSession
    private let enrichment: LiveEnrichment
    private var waiting: [(batch: ImportBatch, done: CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    init(session: WorkspaceSession, enrichment: LiveEnrichment) {
        self.session = session
        self.enrichment = enrichment
    }

    func write(_ batch: ImportBatch) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            waiting.append((batch, done))
            if !flushing {
                flushing = true
                Task { await flush() }
            }
        }
    }

    private func flush() async {
        while !waiting.isEmpty {
            let group = waiting
            waiting.removeAll()
            let merged = ImportBatch(feedback: group.flatMap(\.batch.feedback), customers: group.flatMap(\.batch.customers))
            do {
                _ = try await session.store.write(merged, into: session.workspace.id)
                for item in group { item.done.resume() }
                await enrichment.enqueue(merged.feedback.map(\.externalID))
            } catch {
                for item in group { item.done.resume(throwing: error) }
            }
        }
        flushing = false
    }
}

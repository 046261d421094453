import HeardML
import HeardStore

/// Computes and stores the sentence vector of every comment that lacks one from `encoder` (new,
/// changed, or made by another encoder), a batch per transaction, so an interrupted run keeps
/// what it finished.
public struct FeedbackVectorizer: Sendable {
    public let session: WorkspaceSession
    public let encoder: any SentenceEncoder
    public var batchSize = 4000

    public init(session: WorkspaceSession, encoder: any SentenceEncoder) {
        self.session = session
        self.encoder = encoder
    }

    /// Returns how many comments got a vector.
    public func run(progress: (@Sendable (Int) -> Void)? = nil) async throws -> Int {
        let store = session.store
        let workspace = session.workspace.id
        var after: Int64 = 0
        var done = 0
        var writes = WriteBehind()
        do {
            while true {
                // Embedded while the previous batch is being saved (see `WriteBehind`).
                let pending = try await store.pendingVectors(in: workspace, encoder: encoder.identifier, afterRowID: after, limit: batchSize)
                guard let last = pending.last else { break }
                after = last.feedbackRowID
                let vectors = encoder.embed(pending.map { $0.text ?? "" })
                let rows = pending.enumerated().map { row, item in
                    FeedbackVector(feedbackRowID: item.feedbackRowID, contentHash: item.contentHash, encoder: encoder.identifier,
                                   values: Array(vectors[row]))
                }
                let saved = done + rows.count
                try await writes.submit {
                    try await store.save(rows, in: workspace)
                    progress?(saved)
                }
                done = saved
            }
            try await writes.finish()
        } catch {
            try? await writes.finish()
            throw error
        }
        return done
    }
}

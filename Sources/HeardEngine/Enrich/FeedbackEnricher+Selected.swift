import HeardStore

extension FeedbackEnricher {
    /// Enriches just the named feedback (what the server has just accepted), skipping what is
    /// already up to date. Returns how many were enriched.
    public func run(externalIDs: [String]) async throws -> Int {
        var done = 0
        for start in stride(from: 0, to: externalIDs.count, by: batchSize) {
            let slice = Array(externalIDs[start..<min(externalIDs.count, start + batchSize)])
            let pending = try await session.store.pendingEnrichment(externalIDs: slice, version: pipeline.version, in: session.workspace.id)
            guard !pending.isEmpty else { continue }
            let results = Self.enrichInParallel(pending, pipeline: pipeline)
            try await session.store.save(results)
            done += results.count
        }
        return done
    }
}

/// Writes one import's batches, several batches to a transaction: fewer commits mean fewer
/// index pages written again and again, and a rollup slice touched by many batches is updated
/// once per transaction instead of once per batch. A crash loses only the batches since the
/// last commit, and re-running the import writes them again (imports are idempotent).
public protocol ImportWriter: Sendable {
    /// About how many rows the whole import will bring, said once before its first batch, so
    /// the store can prepare a bulk load (the SQLite writer defers indexes for large ones).
    /// `distinctIDs` promises that no external id comes twice in the import's batches.
    func expect(rows: Int, distinctIDs: Bool) async throws
    /// Writes a batch into the open transaction (starting one if needed) and commits when the
    /// transaction holds `batchesPerTransaction` batches. Counts are final once committed.
    func write(_ batch: ImportBatch) async throws -> UpsertCounts
    /// Commits what is written and not yet committed. Without it, those batches are rolled
    /// back when the writer goes away.
    func finish() async throws
}

extension ImportWriter {
    public func expect(rows: Int, distinctIDs: Bool) async throws {}

    public func expect(rows: Int) async throws {
        try await expect(rows: rows, distinctIDs: false)
    }
}

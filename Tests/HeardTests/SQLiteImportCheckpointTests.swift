import Foundation
import GRDB
@testable import HeardStore
import Testing

/// An import checkpoints on its own thread instead of at each commit. Passive checkpoints alone
/// never let the WAL start over while the import writes, so the import lets them catch up
/// before a transaction once the file passes its limit.
@Suite struct SQLiteImportCheckpointTests {
    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    /// Imports 6,000 rows in 30 transactions; returns the largest WAL seen after a commit.
    static func largestWAL(limit: Int, in scratch: Scratch) async throws -> Int {
        let path = scratch.path("wal-\(limit).sqlite")
        let store = try SQLiteStore(path: path)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        let writer = try SQLiteImportWriter(path: path, workspace: workspace, batchesPerTransaction: 1, walLimit: limit)
        let rows = StoreConformanceTests.sampleFeedback(count: 6_000, seed: 21)
        var largest = 0
        for start in stride(from: 0, to: rows.count, by: 200) {
            _ = try await writer.write(ImportBatch(feedback: Array(rows[start..<start + 200])))
            largest = max(largest, fileSize(path + "-wal"))
        }
        try await writer.finish()
        #expect(try await store.feedbackCount(in: workspace) == rows.count)
        #expect(try await store.integrityProblems().isEmpty)
        return largest
    }

    @Test func theWALStaysWithinItsLimit() async throws {
        let scratch = try Scratch()
        let limit = 256 << 10
        let bounded = try await Self.largestWAL(limit: limit, in: scratch)
        #expect(bounded > 0 && bounded < 4 * limit, "largest WAL \(bounded) bytes")
        let unbounded = try await Self.largestWAL(limit: Int.max, in: scratch)
        #expect(unbounded > 4 * limit, "without the limit the WAL grows with the import: \(unbounded) bytes")
    }
}

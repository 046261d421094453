import Foundation
import HeardModel
import HeardStore
import Testing

/// The import writer of every store: several batches a transaction, nothing visible before a
/// commit, the rollup equal to a recomputation after rows move between slices inside one
/// transaction, and uncommitted batches gone when the writer is dropped unfinished.
@Suite struct StoreImportWriterTests {
    /// The SQLite writer checks its workspace once instead of per row (its connection does not
    /// enforce foreign keys), so a missing one must be refused up front.
    @Test(arguments: StoreKind.allCases) func aWriterForAMissingWorkspaceIsRefused(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        await #expect(throws: (any Error).self) { _ = try await store.importWriter(into: workspace + 1, batchesPerTransaction: 1) }
        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: 1)
        #expect(try await writer.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 3, seed: 40))) == UpsertCounts(inserted: 3))
        try await writer.finish()
    }

    @Test(arguments: StoreKind.allCases) func commitsEveryFewBatchesAndKeepsTheRollupExact(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        var feedback = StoreConformanceTests.sampleFeedback(count: 250, seed: 7)
        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: 3)
        var counts = UpsertCounts()
        for start in stride(from: 0, to: 150, by: 50) {
            #expect(try await store.feedbackCount(in: workspace) == 0, "visible before the transaction's commit")
            counts += try await writer.write(ImportBatch(feedback: Array(feedback[start..<(start + 50)])))
        }
        #expect(try await store.feedbackCount(in: workspace) == 150)
        // Rows of the open transaction written again, changed: they move to another slice (day,
        // channel, segment, scores) before the transaction's rollup changes are applied.
        for index in [3, 60, 149] {
            feedback[index].channel = "moved"
            feedback[index].segment = "other"
            feedback[index].occurredAt = StoreConformanceTests.day("2025-03-0\(index % 7 + 1)")
            feedback[index].nps = feedback[index].nps == 10 ? 0 : 10
        }
        counts += try await writer.write(ImportBatch(feedback: Array(feedback[150..<200]) + [feedback[3], feedback[60]]))
        counts += try await writer.write(ImportBatch(feedback: Array(feedback[200..<250]) + [feedback[149], feedback[200]]))
        #expect(try await store.feedbackCount(in: workspace) == 150, "committed before its third batch")
        try await writer.finish()
        #expect(try await store.feedbackCount(in: workspace) == 250)
        #expect(counts == UpsertCounts(inserted: 250, updated: 3, unchanged: 1))
        #expect(try await store.integrityProblems().isEmpty)
        var expected: [String: ScoreTally] = [:]
        for item in feedback { expected[item.channel!, default: ScoreTally()].add(nps: item.nps, csat: item.csat, ces: item.ces, stars: item.stars) }
        var actual: [String: ScoreTally] = [:]
        for row in try await store.tallies(TallyQuery(breakdown: .channel), in: workspace) { actual[row.group!] = row.tally }
        #expect(actual == expected)
    }

    /// Fingerprints, metadata and customer attribute JSON worked out ahead (`deriveColumns`) are
    /// what the writer would have computed, and a batch changed after deriving them is written
    /// as it now is.
    @Test(arguments: StoreKind.allCases) func derivedColumnsMatchTheRowsTheyAreWrittenWith(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        var feedback = StoreConformanceTests.sampleFeedback(count: 60, seed: 9)
        for index in feedback.indices { feedback[index].metadata = index % 3 == 0 ? [:] : ["plan": "p\(index % 4)", "q\"k": "v\n\(index)"] }
        let customers = [Customer(externalID: "c1", attributes: ["plan": "gold", "region": "north \"east\""]),
                         Customer(externalID: "c2", attributes: ["plan": "basic"])]
        var batch = ImportBatch(feedback: feedback, customers: customers)
        batch.deriveColumns()
        #expect(batch.derived != nil)
        batch.feedback[5].text = "changed after deriving"
        batch.feedback[6].metadata["plan"] = "changed"
        #expect(batch.derived == nil, "a change to the feedback must drop the derived columns")
        batch.deriveColumns()
        batch.customers[1].attributes["plan"] = "premium"
        #expect(batch.derived == nil, "a change to the customers must drop the derived columns")
        batch.deriveColumns()
        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: 1)
        #expect(try await writer.write(batch) == UpsertCounts(inserted: 60))
        try await writer.finish()
        // Written again without derived columns: the stored fingerprints agree with the rows.
        #expect(try await store.write(ImportBatch(feedback: batch.feedback), into: workspace) == UpsertCounts(unchanged: 60))
        let stored = try #require(try await store.feedback(externalID: batch.feedback[6].externalID, in: workspace))
        #expect(stored.metadata == batch.feedback[6].metadata)
        #expect(try await store.feedback(externalID: batch.feedback[5].externalID, in: workspace)?.text == "changed after deriving")
        #expect(try await store.customer(externalID: "c1", in: workspace)?.attributes == customers[0].attributes)
        #expect(try await store.customer(externalID: "c2", in: workspace)?.attributes == ["plan": "premium"])
    }

    @Test(arguments: StoreKind.allCases) func anUnfinishedWriterLeavesOnlyCommittedBatches(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        let feedback = StoreConformanceTests.sampleFeedback(count: 120, seed: 8)
        var writer: (any ImportWriter)? = try await store.importWriter(into: workspace, batchesPerTransaction: 2)
        for start in stride(from: 0, to: 120, by: 40) {
            _ = try await writer?.write(ImportBatch(feedback: Array(feedback[start..<(start + 40)])))
        }
        writer = nil
        #expect(try await store.feedbackCount(in: workspace) == 80)
        #expect(try await store.integrityProblems().isEmpty)
        // The abandoned transaction holds no lock: an ordinary write goes through.
        #expect(try await store.write(ImportBatch(feedback: feedback), into: workspace) == UpsertCounts(inserted: 40, unchanged: 80))
    }
}

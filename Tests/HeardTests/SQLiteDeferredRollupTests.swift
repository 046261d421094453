import Foundation
import GRDB
import HeardModel
@testable import HeardStore
import Testing

/// A large import holds its rollup changes and writes them when it finishes; meanwhile metrics
/// read the feedback rows, so they are never wrong. An import that dies leaves a record that
/// the next open of the store acts on by recomputing the workspace's rollup.
@Suite struct SQLiteDeferredRollupTests {
    static let byChannelAndMonth = TallyQuery(breakdown: .channel, period: .month)

    static func rollupFeedbackTotal(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(feedback), 0) FROM feedback_rollup") ?? 0 }
    }

    static func deferralOwners(_ path: String) throws -> [Int32] {
        try DatabaseQueue(path: path).read { db in try Int32.fetchAll(db, sql: "SELECT owner_pid FROM deferred_rollup") }
    }

    static func newStore(_ name: String, in scratch: Scratch) async throws -> (SQLiteStore, String, WorkspaceID) {
        let path = scratch.path("\(name).sqlite")
        let store = try SQLiteStore(path: path)
        return (store, path, try #require(try await store.workspace(named: "w", createIfMissing: true)).id)
    }

    /// The same feedback written by plain batch writes, whose rollup is kept at every commit.
    static func tallies(ofPlainlyWritten batches: [[Feedback]], in scratch: Scratch) async throws -> [GroupedTally] {
        let (store, _, workspace) = try await newStore("plain-\(UUID().uuidString)", in: scratch)
        for batch in batches { _ = try await store.write(ImportBatch(feedback: batch), into: workspace) }
        return try await store.tallies(byChannelAndMonth, in: workspace)
    }

    @Test func largeImportHoldsItsRollupChangesUntilItFinishes() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.newStore("bulk", in: scratch)
        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: 1)
        try await writer.expect(rows: 150_000)
        let first = StoreConformanceTests.sampleFeedback(count: 60, seed: 7)
        #expect(try await writer.write(ImportBatch(feedback: first)) == UpsertCounts(inserted: 60))
        #expect(try Self.deferralOwners(path) == [getpid()])
        #expect(try Self.rollupFeedbackTotal(path) == 0, "changes are held, not written")
        let afterFirst = try await Self.tallies(ofPlainlyWritten: [first], in: scratch)
        #expect(try await store.tallies(Self.byChannelAndMonth, in: workspace) == afterFirst, "metrics read the feedback rows meanwhile")
        #expect(try await store.integrityProblems().isEmpty, "a running import's deferral is not a problem")

        // Updates move rows between slices: the held changes must take them out of the old ones.
        var second = Array(StoreConformanceTests.sampleFeedback(count: 90, seed: 8).suffix(30))
        for index in 0..<10 {
            var changed = first[index]
            changed.nps = (changed.nps ?? 5) == 10 ? 0 : 10
            changed.channel = "phone"
            second.append(changed)
        }
        #expect(try await writer.write(ImportBatch(feedback: second)) == UpsertCounts(inserted: 30, updated: 10))
        try await writer.finish()
        #expect(try Self.deferralOwners(path).isEmpty)
        #expect(try Self.rollupFeedbackTotal(path) == 90)
        let expected = try await Self.tallies(ofPlainlyWritten: [first, second], in: scratch)
        #expect(try await store.tallies(Self.byChannelAndMonth, in: workspace) == expected)
        #expect(try await store.integrityProblems().isEmpty)
    }

    @Test func aRolledBackBatchTakesItsHeldChangesWithIt() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.newStore("rollback", in: scratch)
        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: 1)
        try await writer.expect(rows: 150_000)
        let kept = StoreConformanceTests.sampleFeedback(count: 40, seed: 9)
        _ = try await writer.write(ImportBatch(feedback: kept))
        // The database's CHECK refuses an NPS of 11 after the batch's first rows went in.
        var refused = Array(StoreConformanceTests.sampleFeedback(count: 60, seed: 10).suffix(20))
        refused[15].nps = 11
        await #expect(throws: (any Error).self) { try await writer.write(ImportBatch(feedback: refused)) }
        try await writer.finish()
        #expect(try await store.feedbackCount(in: workspace) == 40)
        #expect(try Self.rollupFeedbackTotal(path) == 40)
        #expect(try await store.integrityProblems().isEmpty)
    }

    @Test func heldChangesBeyondTheLimitAreWrittenAtTheNextCommit() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.newStore("limit", in: scratch)
        let writer = try SQLiteImportWriter(path: path, workspace: workspace, batchesPerTransaction: 1, maximumHeldSlices: 5)
        try await writer.expect(rows: 150_000)
        let batches = (0..<3).map { StoreConformanceTests.sampleFeedback(count: 30 * ($0 + 1), seed: 11).suffix(30).map { $0 } }
        _ = try await writer.write(ImportBatch(feedback: batches[0]))
        #expect(try Self.rollupFeedbackTotal(path) == 30, "30 rows touch more than 5 slices: written at once")
        _ = try await writer.write(ImportBatch(feedback: batches[1]))
        _ = try await writer.write(ImportBatch(feedback: batches[2]))
        try await writer.finish()
        #expect(try Self.rollupFeedbackTotal(path) == 90)
        #expect(try await store.tallies(Self.byChannelAndMonth, in: workspace)
                == (try await Self.tallies(ofPlainlyWritten: batches, in: scratch)))
        #expect(try await store.integrityProblems().isEmpty)
    }

    @Test func theNextOpenRecomputesARollupLeftByAnImportThatDied() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.newStore("crashed", in: scratch)
        let feedback = StoreConformanceTests.sampleFeedback(count: 50, seed: 12)
        _ = try await store.write(ImportBatch(feedback: feedback), into: workspace)
        let expected = try await store.tallies(Self.byChannelAndMonth, in: workspace)
        // What a killed import leaves: its record, and a rollup without the rows it committed.
        try await DatabaseQueue(path: path).write { db in
            try DeferredRollup.mark(workspace, owner: SQLiteDeferredIndexTests.deadPID, db: db)
            try db.execute(sql: "DELETE FROM feedback_rollup WHERE day >= '2024-03-01'")
        }
        #expect(try await store.tallies(Self.byChannelAndMonth, in: workspace) == expected, "read from feedback meanwhile")
        let problems = try await store.integrityProblems()
        #expect(problems.count == 1 && problems.first?.contains("feedback_rollup of workspace \(workspace)") == true, "\(problems)")

        let reopened = try SQLiteStore(path: path)
        #expect(try Self.deferralOwners(path).isEmpty)
        #expect(try Self.rollupFeedbackTotal(path) == 50)
        #expect(try await reopened.tallies(Self.byChannelAndMonth, in: workspace) == expected)
        #expect(try await reopened.integrityProblems().isEmpty)
    }

    @Test func anOpenLeavesARollupHeldByALiveImportAlone() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.newStore("running", in: scratch)
        _ = try await store.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 20, seed: 13)), into: workspace)
        try await DatabaseQueue(path: path).write { db in
            try DeferredRollup.mark(workspace, owner: getpid(), db: db)
            try db.execute(sql: "DELETE FROM feedback_rollup")
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try Self.deferralOwners(path) == [getpid()])
        #expect(try Self.rollupFeedbackTotal(path) == 0, "recomputed under a running import")
        #expect(try await reopened.integrityProblems().isEmpty)
    }

    @Test func aRollupHeldByALiveImportIsNotRecomputedBecauseAnotherDied() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.newStore("two", in: scratch)
        _ = try await store.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 20, seed: 14)), into: workspace)
        try await DatabaseQueue(path: path).write { db in
            try DeferredRollup.mark(workspace, owner: getpid(), db: db)
            try DeferredRollup.mark(workspace, owner: SQLiteDeferredIndexTests.deadPID, db: db)
            try db.execute(sql: "DELETE FROM feedback_rollup")
        }
        _ = try SQLiteStore(path: path)
        #expect(try Set(Self.deferralOwners(path)) == [getpid(), SQLiteDeferredIndexTests.deadPID])
        #expect(try Self.rollupFeedbackTotal(path) == 0, "the living import would count its rows twice")
        #expect(try await store.integrityProblems().isEmpty)

        try await DatabaseQueue(path: path).write { db in try DeferredRollup.clear(workspace, owner: getpid(), db: db) }
        let reopened = try SQLiteStore(path: path)
        #expect(try Self.deferralOwners(path).isEmpty)
        #expect(try Self.rollupFeedbackTotal(path) == 20)
        #expect(try await reopened.integrityProblems().isEmpty)
    }
}

import Foundation
import GRDB
import HeardModel
import HeardStats
@testable import HeardStore
import Testing

/// A large import drops the newest-first index (and, into an empty table, the external-id key)
/// and builds them when it finishes; an import that dies leaves a record that the next open of
/// the store acts on; small imports, or imports into a large table, keep the indexes.
@Suite struct SQLiteDeferredIndexTests {
    /// Larger than any pid Linux hands out (pid_max is at most 2^22), so never a live process.
    static let deadPID: Int32 = 0x3FFF_FFFF

    static func indexExists(_ path: String, _ name: String = "feedback_recent") throws -> Bool {
        try DatabaseQueue(path: path).read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)", arguments: [name]) ?? false
        }
    }

    static func deferralOwners(_ path: String) throws -> [Int32] {
        try DatabaseQueue(path: path).read { db in try Int32.fetchAll(db, sql: "SELECT owner_pid FROM deferred_index") }
    }

    /// Sample rows with ids in no order (ids in key order keep the external-id key).
    static func shuffledIDs(_ rows: [Feedback], seed: UInt64) -> [Feedback] {
        var generator = SeededGenerator(seed: seed)
        return rows.map { row in
            var row = row
            row.externalID = "survey:" + String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 36)
            return row
        }
    }

    @Test func largeImportDefersTheIndexAndBuildsItAtTheEnd() async throws {
        let scratch = try Scratch()
        let path = scratch.path("bulk.sqlite")
        let store = try SQLiteStore(path: path)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: 2)
        let rows = Self.shuffledIDs(StoreConformanceTests.sampleFeedback(count: 80, seed: 3), seed: 3)
        try await writer.expect(rows: 150_000, distinctIDs: true)
        let counts = try await writer.write(ImportBatch(feedback: Array(rows.prefix(40))))
        #expect(counts == UpsertCounts(inserted: 40))
        // The drop is part of the open transaction: other connections still see the index.
        #expect(try Self.indexExists(path))
        _ = try await writer.write(ImportBatch(feedback: Array(rows.suffix(40))))
        #expect(try !Self.indexExists(path), "committed without the index")
        #expect(try !Self.indexExists(path, "feedback_external_id"), "the table held only the import's rows")
        #expect(try Self.deferralOwners(path) == [getpid(), getpid()])
        #expect(try await store.integrityProblems().isEmpty, "a running import's deferral is not a problem")

        // Another writer waits for the external-id key instead of failing or adding a duplicate.
        var other = StoreConformanceTests.sampleFeedback(count: 1, seed: 30)[0]
        other.externalID = "survey:other"
        let sameID = rows[0]
        let waiting = Task { try await store.write(ImportBatch(feedback: [other, sameID]), into: workspace) }
        try await writer.finish()
        #expect(try await waiting.value == UpsertCounts(inserted: 1, unchanged: 1))
        #expect(try Self.indexExists(path))
        #expect(try Self.indexExists(path, "feedback_external_id"))
        #expect(try Self.deferralOwners(path).isEmpty)
        #expect(try await store.feedbackCount(in: workspace) == 81)
        #expect(try await store.integrityProblems().isEmpty)
    }

    @Test func anImportIntoATableWithOtherRowsKeepsTheExternalIDKey() async throws {
        let scratch = try Scratch()
        let path = scratch.path("shared.sqlite")
        let store = try SQLiteStore(path: path)
        let first = try #require(try await store.workspace(named: "a", createIfMissing: true)).id
        let second = try #require(try await store.workspace(named: "b", createIfMissing: true)).id
        _ = try await store.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 5, seed: 31)), into: first)
        let writer = try await store.importWriter(into: second, batchesPerTransaction: 1)
        try await writer.expect(rows: 150_000, distinctIDs: true)
        _ = try await writer.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 20, seed: 32)))
        #expect(try !Self.indexExists(path))
        #expect(try Self.indexExists(path, "feedback_external_id"))
        #expect(try Self.deferralOwners(path) == [getpid()])
        try await writer.finish()
        #expect(try Self.indexExists(path))
    }

    @Test func idsInKeyOrderKeepTheExternalIDKey() async throws {
        let scratch = try Scratch()
        let path = scratch.path("ordered.sqlite")
        let store = try SQLiteStore(path: path)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: 1)
        let ordered = StoreConformanceTests.sampleFeedback(count: 60, seed: 33).enumerated().map { index, row in
            var row = row
            row.externalID = "ticket:\(100_000 + index)"
            return row
        }
        _ = try await writer.write(ImportBatch(feedback: ordered))
        try await writer.expect(rows: 150_000, distinctIDs: true)
        _ = try await writer.write(ImportBatch(feedback: Self.shuffledIDs(Array(ordered.prefix(10)), seed: 34)))
        #expect(try !Self.indexExists(path))
        #expect(try Self.indexExists(path, "feedback_external_id"), "appending in key order costs little")
        try await writer.finish()
    }

    @Test func smallImportsAndImportsIntoLargeTablesKeepTheIndex() async throws {
        let scratch = try Scratch()
        let path = scratch.path("keep.sqlite")
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            #expect(try DeferredIndex.worthDeferring(importRows: 99_999, insertedByImport: 0, db: db).isEmpty)
            #expect(try DeferredIndex.worthDeferring(importRows: 100_000, insertedByImport: 0, db: db).map(\.name)
                    == ["feedback_recent", "feedback_external_id"])
            try db.execute(sql: "INSERT INTO workspace (id, name, created_at) VALUES (1, 'w', 0)")
            try db.execute(sql: """
                INSERT INTO feedback (id, workspace_id, external_id, content_hash, occurred_at, occurred_day, occurred_week, imported_at)
                VALUES (500000, 1, 'x', 0, 0, '2024-01-01', '2024-01-01', 0)
                """)
            // Building the index over 500,000 stored rows costs more than 150,000 inserts save.
            #expect(try DeferredIndex.worthDeferring(importRows: 150_000, insertedByImport: 0, db: db).isEmpty)
            // A row the import did not write: its ids could meet the import's, so the key stays.
            #expect(try DeferredIndex.worthDeferring(importRows: 600_000, insertedByImport: 0, db: db).map(\.name) == ["feedback_recent"])
            #expect(try DeferredIndex.worthDeferring(importRows: 600_000, insertedByImport: 1, db: db).count == 2, "a single id is in no order")
            #expect(try DeferredIndex.worthDeferring(importRows: 600_000, insertedByImport: nil, db: db).map(\.name) == ["feedback_recent"],
                    "ids that may repeat need the key")
        }
        let store = try SQLiteStore(path: path)
        let writer = try await store.importWriter(into: 1, batchesPerTransaction: 1)
        try await writer.expect(rows: 5_000)
        _ = try await writer.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 10, seed: 4)))
        #expect(try Self.indexExists(path))
        #expect(try Self.deferralOwners(path).isEmpty)
        try await writer.finish()
    }

    @Test func theNextOpenBuildsAnIndexLeftByAnImportThatDied() async throws {
        let scratch = try Scratch()
        let path = scratch.path("crashed.sqlite")
        let store = try SQLiteStore(path: path)
        try await DatabaseQueue(path: path).write { db in
            for index in DeferredIndex.all { try index.drop(owner: Self.deadPID, db: db) }
        }
        #expect(try !Self.indexExists(path))
        let problems = try await store.integrityProblems()
        #expect(problems.count == 3 && problems.first?.contains("feedback_recent") == true, "\(problems)")

        let reopened = try SQLiteStore(path: path)
        #expect(try Self.indexExists(path))
        #expect(try Self.indexExists(path, "feedback_external_id"))
        #expect(try Self.indexExists(path, "feedback_theme_by_day"))
        #expect(try Self.deferralOwners(path).isEmpty)
        #expect(try await reopened.integrityProblems().isEmpty)
    }

    @Test func anOpenLeavesAnIndexDeferredByALiveImportAlone() async throws {
        let scratch = try Scratch()
        let path = scratch.path("running.sqlite")
        _ = try SQLiteStore(path: path)
        try await DatabaseQueue(path: path).write { db in try DeferredIndex.feedbackRecent.drop(owner: getpid(), db: db) }
        let reopened = try SQLiteStore(path: path)
        #expect(try !Self.indexExists(path), "built under a running import")
        #expect(try Self.deferralOwners(path) == [getpid()])
        #expect(try await reopened.integrityProblems().isEmpty)
    }
}

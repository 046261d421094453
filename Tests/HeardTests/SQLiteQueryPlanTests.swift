import Foundation
import GRDB
import HeardModel
@testable import HeardStore
import Testing

/// Queries that walk a workspace in row order, a batch or page at a time, must read each batch
/// as a row-id range. With a plain `workspace_id = ?` SQLite chose an index on the workspace,
/// read all of its comments and sorted them for every batch: enriching 1M comments took minutes.
@Suite struct SQLiteQueryPlanTests {
    static func plan(of sql: String, arguments: StatementArguments, in path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test func batchWalksReadRowIDRanges() async throws {
        let scratch = try Scratch()
        let path = scratch.path("plans.sqlite")
        let store = try SQLiteStore(path: path)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        _ = try await store.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 50, seed: 5)), into: workspace)
        let page = SQLiteStore.feedbackPageQuery(
            filter: FeedbackFilter(from: CalendarDay(year: 2024, month: 2, day: 1)), afterRowID: 10, limit: 20, in: workspace)
        let walks: [(String, String, StatementArguments)] = [
            ("pending enrichment", SQLiteStore.pendingEnrichmentSQL, [workspace, 10, "v1", 20]),
            ("pending vectors", SQLiteStore.pendingVectorsSQL, [workspace, 10, "static", 20]),
            ("feedback page", page.0, page.1),
        ]
        for (name, sql, arguments) in walks {
            let plan = try Self.plan(of: sql, arguments: arguments, in: path)
            #expect(plan.first?.contains("INTEGER PRIMARY KEY (rowid>?)") == true, "\(name): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(name) sorts: \(plan)")
        }
    }

    /// The theme rollup's triggers remove emptied rows after each removal. Naming the slice
    /// without its theme made every prune scan the workspace's rollup: re-enriching 4,000 of
    /// 200,000 comments took 39 s. Each DELETE in a trigger, with its OLD values filled in, must
    /// find its row by the whole primary key.
    @Test func themeRollupPrunesAreKeyLookups() async throws {
        let scratch = try Scratch()
        let path = scratch.path("prunes.sqlite")
        _ = try SQLiteStore(path: path)
        let bodies = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger'")
        }
        let old = try Regex(#"OLD\.\w+"#)
        let deletes = bodies.flatMap { $0.split(separator: ";") }.compactMap { statement -> String? in
            guard let start = statement.range(of: "DELETE FROM theme_rollup")?.lowerBound else { return nil }
            return String(statement[start...]).replacing(old, with: "1")
        }
        #expect(deletes.count == 3)
        for delete in deletes {
            let plan = try Self.plan(of: delete, arguments: [], in: path)
            #expect(plan.first?.contains("USING PRIMARY KEY (workspace_id=? AND theme_key=? AND day=?") == true, "\(delete): \(plan)")
            #expect(plan.first?.contains("language=?)") == true, "\(delete): \(plan)")
        }
    }
}

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
}

import Foundation
import GRDB
import HeardModel
@testable import HeardStore
import Testing

/// Deltas number their dimension values in the order they meet them; merging must match them
/// up by value, not by number.
@Suite struct RollupDeltaTests {
    static let email = SliceDimensions(segment: "smb", source: "survey", channel: "email", touchpoint: "", stage: "", language: "")
    static let app = SliceDimensions(segment: "consumer", source: "review", channel: "app", touchpoint: "billing", stage: "", language: "en")

    static func storedRows(after deltas: [RollupDelta], scratch: Scratch) async throws -> [[String]] {
        let path = scratch.path("rollup-\(UUID().uuidString).sqlite")
        let store = try SQLiteStore(path: path)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        return try await DatabaseQueue(path: path).write { db in
            for delta in deltas { try delta.apply(workspace: workspace, db: db) }
            return try Row.fetchAll(db, sql: """
                SELECT day, week, segment, source, channel, touchpoint, language, feedback, nps_count, promoters, detractors
                FROM feedback_rollup ORDER BY day, channel
                """).map { row in (0..<11).map { String(describing: row[$0] as DatabaseValue) } }
        }
    }

    @Test func mergingMatchesDimensionsByValue() async throws {
        let scratch = try Scratch()
        let monday = CalendarDay(year: 2024, month: 3, day: 4).daysSinceEpoch
        var first = RollupDelta()
        first.add(day: monday, Self.email, nps: 10, csat: nil, ces: nil, stars: nil)
        first.add(day: monday + 2, Self.app, nps: 3, csat: nil, ces: nil, stars: nil)
        var second = RollupDelta()
        second.add(day: monday + 2, Self.app, nps: 9, csat: nil, ces: nil, stars: nil)
        second.add(day: monday, Self.email, nps: 5, csat: nil, ces: nil, stars: nil)
        second.remove(day: monday + 2, Self.app, nps: 3, csat: nil, ces: nil, stars: nil)

        var merged = first
        merged.merge(second)
        #expect(merged.count == 2)
        let separately = try await Self.storedRows(after: [first, second], scratch: scratch)
        let together = try await Self.storedRows(after: [merged], scratch: scratch)
        #expect(together == separately)
        #expect(together == [
            ["\"2024-03-04\"", "\"2024-03-04\"", "\"smb\"", "\"survey\"", "\"email\"", "\"\"", "\"\"", "2", "2", "1", "1"],
            ["\"2024-03-06\"", "\"2024-03-04\"", "\"consumer\"", "\"review\"", "\"app\"", "\"billing\"", "\"en\"", "1", "1", "1", "0"],
        ])
    }
}

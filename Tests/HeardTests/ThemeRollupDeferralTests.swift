import Foundation
import GRDB
import HeardModel
@testable import HeardStore
import Testing

/// A large enrichment run has the theme rollup recomputed once at its end instead of per comment
/// by the triggers. Meanwhile theme readers aggregate the enrichment tables; a run that dies
/// leaves a record that the next open of the store acts on.
@Suite struct ThemeRollupDeferralTests {
    static func rollupComments(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(comments), 0) FROM theme_rollup WHERE theme_key = ''") ?? 0
        }
    }

    static func owners(_ path: String) throws -> [Int32] {
        try DatabaseQueue(path: path).read { db in try Int32.fetchAll(db, sql: "SELECT owner_pid FROM theme_rollup_deferral") }
    }

    /// A store with `count` comments, enriched with a seeded theme mix.
    static func enrichedStore(_ name: String, count: Int, in scratch: Scratch) async throws -> (SQLiteStore, String, WorkspaceID) {
        let path = scratch.path("\(name).sqlite")
        let store = try SQLiteStore(path: path)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        _ = try await store.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: count, seed: 21)), into: workspace)
        let pending = try await store.pendingEnrichment(in: workspace, version: "v1", afterRowID: 0, limit: 10_000)
        try await store.save(ThemeRollupTests.enrich(pending, version: "v1", seed: 5))
        return (store, path, workspace)
    }

    @Test func deferringPaysOnlyForRunsLargeAgainstTheirWorkspace() {
        #expect(ThemeRollupDeferral.pays(pending: 200_000, comments: 200_000))
        #expect(ThemeRollupDeferral.pays(pending: 100_000, comments: 300_000))
        #expect(!ThemeRollupDeferral.pays(pending: 100_000, comments: 300_001), "recomputing 300k costs more than the triggers on 100k")
        #expect(!ThemeRollupDeferral.pays(pending: 19_999, comments: 19_999), "small runs keep the triggers")
    }

    @Test func aSmallRunDoesNotDefer() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.enrichedStore("small", count: 40, in: scratch)
        #expect(try await !store.deferThemeRollup(forPending: 40, in: workspace))
        #expect(try Self.owners(path).isEmpty)
    }

    @Test func triggersSkipADeferredWorkspaceAndTheEndRecomputesIt() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.enrichedStore("deferred", count: 60, in: scratch)
        let before = try Self.rollupComments(path)
        #expect(before > 0)
        #expect(try await store.deferThemeRollup(forPending: 50_000, in: workspace))
        #expect(try Self.owners(path) == [getpid()])
        #expect(try !SQLiteDeferredIndexTests.indexExists(path, "feedback_theme_by_day"), "rebuilt once at the end")

        // Re-enrich everything with other themes: the triggers leave the rollup as it was.
        let pending = try await store.pendingEnrichment(in: workspace, version: "v2", afterRowID: 0, limit: 10_000)
        let again = ThemeRollupTests.enrich(pending, version: "v2", seed: 6)
        try await store.save(again)
        #expect(try Self.rollupComments(path) == before)
        let volumes = try await store.themeVolumes(in: workspace)
        let billing = again.filter { $0.mentions.contains { $0.themeKey == "billing" } }.count
        #expect(volumes.first { $0.themeKey == "billing" }?.comments == billing, "read from the enrichment tables meanwhile")
        #expect(try await store.integrityProblems().isEmpty, "a running deferral is not a problem")

        try await store.endThemeRollupDeferral(in: workspace)
        #expect(try Self.owners(path).isEmpty)
        #expect(try SQLiteDeferredIndexTests.indexExists(path, "feedback_theme_by_day"))
        #expect(try SQLiteDeferredIndexTests.deferralOwners(path).isEmpty)
        #expect(try await store.themeVolumes(in: workspace).first { $0.themeKey == "billing" }?.comments == billing)
        #expect(try await store.integrityProblems().isEmpty)
    }

    @Test func theNextOpenRecomputesARollupLeftByARunThatDied() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.enrichedStore("died", count: 50, in: scratch)
        let expected = try Self.rollupComments(path)
        // What a killed run leaves: its record, and a rollup that misses what it enriched.
        try await DatabaseQueue(path: path).write { db in
            try ThemeRollupDeferral.mark(workspace, owner: SQLiteDeferredIndexTests.deadPID, db: db)
            try db.execute(sql: "DELETE FROM theme_rollup WHERE day >= '2024-03-01'")
        }
        let problems = try await store.integrityProblems()
        #expect(problems.count == 1 && problems.first?.contains("theme_rollup of workspace \(workspace)") == true, "\(problems)")

        let reopened = try SQLiteStore(path: path)
        #expect(try Self.owners(path).isEmpty)
        #expect(try Self.rollupComments(path) == expected)
        #expect(try await reopened.integrityProblems().isEmpty)
    }

    @Test func aRunThatDiedLeavesTheRollupToALiveOne() async throws {
        let scratch = try Scratch()
        let (store, path, workspace) = try await Self.enrichedStore("two", count: 30, in: scratch)
        let expected = try Self.rollupComments(path)
        try await DatabaseQueue(path: path).write { db in
            try ThemeRollupDeferral.mark(workspace, owner: getpid(), db: db)
            try ThemeRollupDeferral.mark(workspace, owner: SQLiteDeferredIndexTests.deadPID, db: db)
            try db.execute(sql: "DELETE FROM theme_rollup")
        }
        _ = try SQLiteStore(path: path)
        #expect(try Self.owners(path) == [getpid()], "the dead run's record goes; the live one's stays")
        #expect(try Self.rollupComments(path) == 0, "the live run recomputes when it ends")
        #expect(try await store.integrityProblems().isEmpty)

        try await store.endThemeRollupDeferral(in: workspace)
        #expect(try Self.rollupComments(path) == expected)
        #expect(try await store.integrityProblems().isEmpty)
    }
}

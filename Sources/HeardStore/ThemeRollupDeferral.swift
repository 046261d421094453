import Foundation
import GRDB
import HeardModel

/// A workspace's theme rollup that an enrichment run recomputes once, when it finishes, instead
/// of having the triggers update it for every comment. Measured on 200,000 new comments: the
/// triggers cost 4.8 of the 8.7 s that saving their enrichments took; recomputing the rollup
/// from all of them takes 1.7 s. A run that re-enriches comments pays the triggers twice (out
/// with the old, in with the new).
///
/// While a row in `theme_rollup_deferral` names the workspace, the triggers skip it and theme
/// readers aggregate the enrichment tables instead (slower, never wrong). Recomputing needs no
/// held state, so a run that dies leaves nothing to lose: the next open of the store recomputes
/// once no living run defers the workspace.
enum ThemeRollupDeferral {
    /// Comments a run must have left to enrich before deferring pays: below this the triggers
    /// cost well under a second.
    static let minimumPending = 20_000

    /// Whether an enrichment run with `pending` comments to do in a workspace of `comments`
    /// comments is cheaper with the rollup recomputed at its end: the triggers cost about three
    /// times per comment what the recomputation does.
    static func pays(pending: Int, comments: Int) -> Bool {
        pending >= minimumPending && pending * 3 >= comments
    }

    static func mark(_ workspace: WorkspaceID, owner: Int32, db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO theme_rollup_deferral (workspace_id, owner_pid, deferred_at) VALUES (?, ?, ?)",
                       arguments: [workspace, owner, Date().timeIntervalSince1970])
    }

    /// Ends `owner`'s deferral; the last one to end recomputes the rollup in the same transaction.
    /// Callers give the recomputation's sort a small budget: with the connection's in-memory
    /// temporary storage, a 1M-comment import with analysis peaked at 392 MB instead of 323 MB.
    static func end(_ workspace: WorkspaceID, owner: Int32, db: Database) throws {
        try db.execute(sql: "DELETE FROM theme_rollup_deferral WHERE workspace_id = ? AND owner_pid = ?", arguments: [workspace, owner])
        if try !isDeferred(workspace, db: db) { try recompute(workspace, db: db) }
    }

    static func isDeferred(_ workspace: WorkspaceID, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM theme_rollup_deferral WHERE workspace_id = ?)",
                          arguments: [workspace]) ?? false
    }

    /// Drops the deferrals of runs that are gone and recomputes the rollups no living run defers.
    /// Run when the store opens.
    static func recoverAbandoned(in writer: some DatabaseWriter) throws {
        let any = try writer.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM theme_rollup_deferral)") ?? false }
        guard any else { return }
        try writer.writeWithoutTransaction { db in
            try db.withSmallSortBudget {
                try db.inTransaction(.immediate) {
                    let owners = try Row.fetchAll(db, sql: "SELECT workspace_id, owner_pid FROM theme_rollup_deferral")
                        .map { (workspace: $0[0] as WorkspaceID, pid: $0[1] as Int32) }
                    for owner in owners where !ProcessLiveness.isAlive(owner.pid) {
                        try end(owner.workspace, owner: owner.pid, db: db)
                    }
                    return .commit
                }
            }
        }
    }

    /// Deferrals whose run is gone.
    static func abandonedProblems(db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "SELECT workspace_id, owner_pid FROM theme_rollup_deferral ORDER BY workspace_id")
            .filter { !ProcessLiveness.isAlive($0[1]) }
            .map { "theme_rollup of workspace \($0[0] as WorkspaceID) misses an enrichment run that stopped (reopening the database recomputes it)" }
    }

    /// Workspaces whose rollup a run defers, for checks that compare rollups with their rows.
    static let deferredWorkspaces = "SELECT workspace_id FROM theme_rollup_deferral"

    static func recompute(_ workspace: WorkspaceID, db: Database) throws {
        try db.execute(sql: "DELETE FROM theme_rollup WHERE workspace_id = ?", arguments: [workspace])
        try db.execute(sql: "INSERT INTO theme_rollup \(recomputation(workspaceCondition: "+f.workspace_id = ?"))",
                       arguments: [workspace, workspace])
    }

    /// Every column of `theme_rollup`, in its order and named as in it, computed from the
    /// enrichment tables for the feedback rows `f` that `workspaceCondition` keeps (each of the two
    /// parts binds its own arguments). The `+` in callers' conditions makes SQLite walk the
    /// enrichment tables in comment order and find each comment by row id.
    static func recomputation(workspaceCondition: String) -> String {
        let slice = """
            f.occurred_day AS day, f.occurred_week AS week, COALESCE(f.segment, '') AS segment, COALESCE(f.source, '') AS source,
            COALESCE(f.channel, '') AS channel, COALESCE(f.touchpoint, '') AS touchpoint, COALESCE(f.stage, '') AS stage,
            COALESCE(f.language, '') AS language
            """
        // By position: the slice's output values, so NULL and '' fall in one group. The week
        // (4) follows from the day.
        let groups = "1, 3, 5, 6, 7, 8, 9, 10"
        return """
            SELECT f.workspace_id AS workspace_id, t.theme_key AS theme_key, \(slice), COUNT(*) AS comments,
                   SUM(t.mentions) AS mentions, SUM(t.sentiment_score) AS sentiment_sum,
                   SUM(t.sentiment_score * t.sentiment_score) AS sentiment_sum_sq, SUM(t.negative) AS negative,
                   SUM(t.positive) AS positive, SUM(t.mention_sentiment_sum) AS mention_sentiment_sum,
                   SUM(t.negative_mentions) AS negative_mentions
            FROM feedback_theme t JOIN feedback f ON f.id = t.feedback_id
            WHERE \(workspaceCondition)
            GROUP BY 2, \(groups)
            UNION ALL
            SELECT f.workspace_id, '', \(slice), COUNT(*), 0, COALESCE(SUM(e.sentiment_score), 0),
                   COALESCE(SUM(e.sentiment_score * e.sentiment_score), 0), COUNT(*) FILTER (WHERE e.sentiment_label = 'negative'),
                   COUNT(*) FILTER (WHERE e.sentiment_label = 'positive'), 0, 0
            FROM feedback_enrichment e JOIN feedback f ON f.id = e.feedback_id
            WHERE \(workspaceCondition) AND f.text IS NOT NULL AND f.text <> ''
            GROUP BY \(groups)
            """
    }
}

extension SQLiteStore {
    /// Defers the theme rollup, and drops the themes-by-day index, when recomputing them after
    /// `pending` enrichments costs less than keeping them up per comment; returns whether it did.
    public func deferThemeRollup(forPending pending: Int, in workspace: WorkspaceID) async throws -> Bool {
        try await pool.write { db in
            let comments = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feedback WHERE workspace_id = ?", arguments: [workspace]) ?? 0
            guard ThemeRollupDeferral.pays(pending: pending, comments: comments) else { return false }
            try ThemeRollupDeferral.mark(workspace, owner: getpid(), db: db)
            try DeferredIndex.feedbackThemeByDay.drop(owner: getpid(), db: db)
            return true
        }
    }

    /// Recomputes the rollup (unless another run still defers it) and builds the index again.
    public func endThemeRollupDeferral(in workspace: WorkspaceID) async throws {
        try await pool.writeWithoutTransaction { db in
            try db.withSmallSortBudget {
                try db.inTransaction(.immediate) {
                    try ThemeRollupDeferral.end(workspace, owner: getpid(), db: db)
                    return .commit
                }
            }
            if try DeferredIndex.feedbackThemeByDay.isDeferred(db: db) {
                try DeferredIndex.build([DeferredIndex.feedbackThemeByDay], db: db)
            }
        }
    }
}

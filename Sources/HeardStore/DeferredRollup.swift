import Foundation
import GRDB
import HeardModel

/// A workspace's daily rollup that a large import brings up to date once, when it finishes,
/// instead of at every commit. At each commit the bench import touched nearly every one of its
/// 43,800 slices again (200,000 rows over 730 days × 60 slices): five rounds of updates, about
/// 0.5–1 s of the writer's 5.8 s of CPU for 1M rows. The import holds the changes in memory and
/// writes them in one round at the end.
///
/// While the row in `deferred_rollup` exists, the rollup misses committed rows, so metrics of
/// that workspace aggregate the feedback rows instead (slower, never wrong). If the import dies
/// before finishing, the next open of the store recomputes the workspace's rollup from its
/// feedback (about 6 s for 1M rows); while the importing process lives, others leave it alone.
enum DeferredRollup {
    /// Records, in the caller's transaction, that `owner` holds changes to `workspace`'s rollup.
    static func mark(_ workspace: WorkspaceID, owner: Int32, db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO deferred_rollup (workspace_id, owner_pid, deferred_at) VALUES (?, ?, ?)",
                       arguments: [workspace, owner, Date().timeIntervalSince1970])
    }

    /// Ends `owner`'s deferral in the caller's transaction, which also holds its last changes.
    /// Another import's deferral of the same workspace goes on.
    static func clear(_ workspace: WorkspaceID, owner: Int32, db: Database) throws {
        try db.execute(sql: "DELETE FROM deferred_rollup WHERE workspace_id = ? AND owner_pid = ?", arguments: [workspace, owner])
    }

    /// Whether `workspace`'s rollup may miss committed rows.
    static func isPending(_ workspace: WorkspaceID, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_rollup WHERE workspace_id = ?)", arguments: [workspace]) ?? false
    }

    /// Recomputes the rollups whose importing process is gone. Run when the store opens.
    static func recomputeAbandoned(in writer: some DatabaseWriter) throws {
        let abandoned = try writer.read { db in try abandonedWorkspaces(db: db) }
        guard !abandoned.isEmpty else { return }
        try writer.write { db in
            // Read again under the write lock: another process may have recomputed them already.
            for workspace in try abandonedWorkspaces(db: db) { try recompute(workspace, db: db) }
        }
    }

    /// Replaces `workspace`'s rollup with one computed from its feedback rows. The `+` makes
    /// SQLite scan the table in storage order rather than walk the external-id index.
    static func recompute(_ workspace: WorkspaceID, db: Database) throws {
        try db.execute(sql: "DELETE FROM feedback_rollup WHERE workspace_id = ?", arguments: [workspace])
        try db.execute(sql: "INSERT INTO feedback_rollup \(RollupSQL.recomputation(workspaceCondition: "+workspace_id = ?"))",
                       arguments: [workspace])
        try db.execute(sql: "DELETE FROM deferred_rollup WHERE workspace_id = ?", arguments: [workspace])
    }

    /// Stale rollups that no running import will complete.
    static func abandonedProblems(db: Database) throws -> [String] {
        try abandonedWorkspaces(db: db).map {
            "feedback_rollup of workspace \($0) misses rows of an import that stopped (reopening the database recomputes it)"
        }
    }

    /// Workspaces whose deferring imports are all gone. One with a living import is left
    /// alone even if another died: recomputing would count the living one's committed rows
    /// twice once it writes its held changes. Its rollup is recomputed at the next open after.
    private static func abandonedWorkspaces(db: Database) throws -> [WorkspaceID] {
        let owners = try Row.fetchAll(db, sql: "SELECT workspace_id, owner_pid FROM deferred_rollup ORDER BY workspace_id")
            .map { (workspace: $0[0] as WorkspaceID, alive: ProcessLiveness.isAlive($0[1])) }
        let living = Set(owners.filter(\.alive).map(\.workspace))
        var seen = Set<WorkspaceID>()
        return owners.map(\.workspace).filter { !living.contains($0) && seen.insert($0).inserted }
    }
}

extension SQLiteSchema {
    static func registerDeferredRollupMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("9-deferred-rollup") { db in
            try db.execute(sql: """
                CREATE TABLE deferred_rollup (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    owner_pid INTEGER NOT NULL,
                    deferred_at REAL NOT NULL,
                    PRIMARY KEY (workspace_id, owner_pid)
                ) WITHOUT ROWID
                """)
        }
    }
}

import Foundation
import GRDB

/// A secondary index that a large import drops early (in a transaction with its rows) and
/// builds once at its end, as bulk loaders do. Inserting rows in random time order into
/// `feedback_recent` cost the writer about 2–3 µs of CPU a row, the largest part of its SQLite
/// time (1M bench rows: 16.4 s of CPU for the whole import with the index kept, 13.1 s without
/// it); building it afterwards over the same rows takes about 1.0–1.6 s.
///
/// Only an index may be deferred whose absence makes queries slower, never wrong. A row in
/// `deferred_index` names the process that dropped it: if that process dies (kill -9) before
/// building it again, the next open of the store builds it; while it lives, others leave it be.
struct DeferredIndex: Sendable {
    let name: String
    let definition: String

    /// Newest-first pages of the verbatim explorer (migration "6-feedback-search").
    static let feedbackRecent = DeferredIndex(
        name: "feedback_recent", definition: "ON feedback(workspace_id, occurred_at, id)")

    static let all = [feedbackRecent]

    /// Below this many rows the saving does not pay for building the index over the table.
    static let minimumImportRows = 100_000

    var createSQL: String { "CREATE INDEX IF NOT EXISTS \(name) \(definition)" }

    /// Whether an import of about `importRows` rows should defer its indexes: incremental
    /// inserts cost about twice what a rebuild costs per row, and the rebuild covers every row
    /// already stored (all workspaces; the largest id bounds their count).
    static func worthDeferring(importRows: Int, db: Database) throws -> Bool {
        guard importRows >= minimumImportRows else { return false }
        let stored = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM feedback") ?? 0
        return stored <= importRows
    }

    /// Drops the index and records who did, inside the caller's transaction.
    func drop(owner: Int32, db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO deferred_index (name, owner_pid, deferred_at) VALUES (?, ?, ?)",
                       arguments: [name, owner, Date().timeIntervalSince1970])
        try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
    }

    /// Builds `indexes` and clears their records in one transaction, outside of which the caller
    /// must be. The sort gets a small budget (`withSmallSortBudget`).
    static func build(_ indexes: [DeferredIndex], db: Database) throws {
        try db.withSmallSortBudget {
            try db.inTransaction(.immediate) {
                for index in indexes {
                    try db.execute(sql: index.createSQL)
                    try db.execute(sql: "DELETE FROM deferred_index WHERE name = ?", arguments: [index.name])
                }
                return .commit
            }
        }
    }

    /// Builds every index whose deferring process is gone. Run when the store opens.
    static func buildAbandoned(in writer: some DatabaseWriter) throws {
        let owners = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, owner_pid FROM deferred_index").map { (name: $0[0] as String, pid: $0[1] as Int32) }
        }
        let abandoned = owners.filter { !ProcessLiveness.isAlive($0.pid) }.compactMap { owner in all.first { $0.name == owner.name } }
        guard !abandoned.isEmpty else { return }
        try writer.writeWithoutTransaction { db in try build(abandoned, db: db) }
    }

    /// Deferred indexes that are missing while no living import is going to build them.
    static func missingProblems(db: Database) throws -> [String] {
        try all.compactMap { index in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)",
                                           arguments: [index.name]) ?? false
            if exists { return nil }
            let owner = try Int32.fetchOne(db, sql: "SELECT owner_pid FROM deferred_index WHERE name = ?", arguments: [index.name])
            if let owner, ProcessLiveness.isAlive(owner) { return nil }
            return "index \(index.name) is missing and no running import will build it (reopening the database builds it)"
        }
    }
}

extension SQLiteSchema {
    static func registerDeferredIndexMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("8-deferred-indexes") { db in
            try db.execute(sql: """
                CREATE TABLE deferred_index (
                    name TEXT PRIMARY KEY,
                    owner_pid INTEGER NOT NULL,
                    deferred_at REAL NOT NULL
                ) WITHOUT ROWID
                """)
        }
    }
}

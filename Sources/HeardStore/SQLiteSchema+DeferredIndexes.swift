import Foundation
import GRDB

/// A secondary index that a large import or enrichment run drops early (in a transaction with
/// its rows) and builds once at its end, as bulk loaders do. Inserting rows in random time
/// order into `feedback_recent` cost the writer about 2–3 µs of CPU a row, the largest part of
/// its SQLite time (1M bench rows: 16.4 s of CPU for the whole import with the index kept,
/// 13.1 s without it); building it afterwards over the same rows takes about 1.0–1.6 s.
///
/// Only an index may be deferred whose absence makes queries slower, never wrong. A row in
/// `deferred_index` names the process that dropped it: if that process dies (kill -9) before
/// building it again, the next open of the store builds it; while it lives, others leave it be.
struct DeferredIndex: Sendable {
    let name: String
    let definition: String
    var unique = false

    /// Newest-first pages of the verbatim explorer (migration "6-feedback-search").
    static let feedbackRecent = DeferredIndex(
        name: "feedback_recent", definition: "ON feedback(workspace_id, occurred_at, id)")

    /// The external-id key that makes imports idempotent (migration "1-core"). Only an import
    /// that wrote every row of the table, and whose ids are distinct (the file importer rejects
    /// an id seen twice), may drop it: its rows are then new without a lookup. Inserting 1M ids
    /// into it cost 1.5 s more CPU than inserting without it; building it afterwards, 0.4 s.
    /// Other writers wait meanwhile (`ExternalIDGuard`).
    static let feedbackExternalID = DeferredIndex(
        name: "feedback_external_id", definition: "ON feedback(workspace_id, external_id)", unique: true)

    /// A theme's comments by day (migration "4-theme-rollup"), dropped by an enrichment run that
    /// defers the theme rollup. Its keys are random (any theme, any day), so once it outgrew the
    /// cache every 4,000-comment batch rewrote most of its pages: enriching 1M comments took
    /// 53 s with it and 28 s without, plus 1.0 s to build it.
    static let feedbackThemeByDay = DeferredIndex(name: "feedback_theme_by_day", definition: "ON feedback_theme(theme_key, day)")

    static let all = [feedbackRecent, feedbackExternalID, feedbackThemeByDay]

    /// Below this many rows the saving does not pay for building the index over the table.
    static let minimumImportRows = 100_000

    var createSQL: String { "CREATE \(unique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(name) \(definition)" }

    /// The indexes an import of about `importRows` rows should defer, having inserted
    /// `insertedByImport` so far (in the caller's open transaction; nil when its ids may repeat):
    /// incremental inserts cost about twice what a rebuild costs per row, and the rebuild covers
    /// every row already stored (all workspaces; the largest id bounds their count).
    static func worthDeferring(importRows: Int, insertedByImport: Int?, db: Database) throws -> [DeferredIndex] {
        guard importRows >= minimumImportRows else { return [] }
        let stored = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM feedback") ?? 0
        guard stored <= importRows else { return [] }
        guard let insertedByImport else { return [feedbackRecent] }
        let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feedback") ?? 0
        guard rows == insertedByImport, try !idsArriveInOrder(db: db) else { return [feedbackRecent] }
        return [feedbackRecent, feedbackExternalID]
    }

    /// Whether nine in ten of the last 2,000 rows' external ids sort after the row's before:
    /// then the key's inserts land next to each other and cost little, and building it at the
    /// end only adds time (the bench's sequential ids: about 3% slower with the key deferred;
    /// UUID ids: 15–24% faster in four of five pairs).
    static func idsArriveInOrder(db: Database) throws -> Bool {
        let row = try Row.fetchOne(db, sql: """
            SELECT COUNT(*), COALESCE(SUM(previous < external_id), 0) FROM (
              SELECT external_id, LAG(external_id) OVER (ORDER BY id) AS previous FROM feedback
              WHERE id > (SELECT COALESCE(MAX(id), 0) - 2000 FROM feedback))
            WHERE previous IS NOT NULL
            """)
        let pairs: Int = row?[0] ?? 0, ascending: Int = row?[1] ?? 0
        return pairs > 0 && ascending * 10 >= pairs * 9
    }

    /// Whether the index is down and recorded as deferred (by anyone, this process included).
    func isDeferred(db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_index WHERE name = ?)", arguments: [name]) ?? false
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
        guard try !writer.read({ db in try abandoned(db: db) }).isEmpty else { return }
        try writer.writeWithoutTransaction { db in try buildAbandoned(db: db) }
    }

    /// The same on a connection outside any transaction.
    static func buildAbandoned(db: Database) throws {
        let indexes = try abandoned(db: db)
        if !indexes.isEmpty { try build(indexes, db: db) }
    }

    private static func abandoned(db: Database) throws -> [DeferredIndex] {
        try Row.fetchAll(db, sql: "SELECT name, owner_pid FROM deferred_index")
            .filter { !ProcessLiveness.isAlive($0[1]) }
            .compactMap { owner in all.first { $0.name == owner[0] as String } }
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

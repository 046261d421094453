import Foundation
import GRDB

/// Import runs: a row is written when an import starts and completed when it ends, so a run
/// killed half-way is visible afterwards.
extension SQLiteStore {
    public func beginImport(file: String, in workspace: WorkspaceID) async throws -> ImportRun {
        try await pool.write { db in
            let now = Date()
            try db.execute(sql: "INSERT INTO import_run (workspace_id, file, started_at, status) VALUES (?, ?, ?, 'running')",
                           arguments: [workspace, file, now.timeIntervalSince1970])
            return ImportRun(id: db.lastInsertedRowID, file: file, startedAt: now, finishedAt: nil, status: .running,
                             read: 0, counts: UpsertCounts(), rejected: 0)
        }
    }

    public func finishImport(_ run: ImportRun) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE import_run SET finished_at = ?, status = ?, read_count = ?, inserted = ?, updated = ?, unchanged = ?,
                  rejected = ? WHERE id = ?
                """, arguments: [(run.finishedAt ?? Date()).timeIntervalSince1970, run.status.rawValue, run.read,
                                 run.counts.inserted, run.counts.updated, run.counts.unchanged, run.rejected, run.id])
        }
    }

    public func lastImport(file: String, in workspace: WorkspaceID) async throws -> ImportRun? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, file, started_at, finished_at, status, read_count, inserted, updated, unchanged, rejected
                FROM import_run WHERE workspace_id = ? AND file = ? ORDER BY id DESC LIMIT 1
                """, arguments: [workspace, file]).map { row in
                ImportRun(id: row[0], file: row[1], startedAt: Date(timeIntervalSince1970: row[2]),
                          finishedAt: (row[3] as Double?).map(Date.init(timeIntervalSince1970:)),
                          status: ImportRun.Status(rawValue: row[4]) ?? .failed, read: row[5],
                          counts: UpsertCounts(inserted: row[6], updated: row[7], unchanged: row[8]), rejected: row[9])
            }
        }
    }
}

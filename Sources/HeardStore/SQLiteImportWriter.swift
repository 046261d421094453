import Foundation
import GRDB

extension SQLiteStore {
    public func importWriter(into workspace: WorkspaceID, batchesPerTransaction: Int) async throws -> any ImportWriter {
        try SQLiteImportWriter(path: pool.path, workspace: workspace, batchesPerTransaction: batchesPerTransaction)
    }
}

/// An import's own connection, so its transaction can stay open between batches without
/// blocking the pool's writer for anything else: other writers wait for a commit (busy
/// timeout), readers never wait (WAL).
///
/// Safe to share although it has mutable state: `pending` is only touched inside the
/// connection's serialized accesses, one at a time.
final class SQLiteImportWriter: ImportWriter, @unchecked Sendable {
    private let connection: DatabaseQueue
    private let workspace: WorkspaceID
    private let batchesPerTransaction: Int
    private var pending = PendingTransaction()
    /// Indexes this import dropped, to build when it finishes.
    private var deferred: [DeferredIndex] = []

    /// What the open transaction holds beyond its feedback rows.
    private struct PendingTransaction {
        var batches = 0
        var rollup = RollupDelta()

        mutating func reset() {
            batches = 0
            rollup.removeAll()
        }
    }

    init(path: String, workspace: WorkspaceID, batchesPerTransaction: Int) throws {
        var configuration = SQLiteStore.configuration()
        // The point of this connection: a transaction open across several accesses.
        configuration.allowsUnsafeTransactions = true
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.workspace = workspace
        self.batchesPerTransaction = max(1, batchesPerTransaction)
    }

    /// Drops the deferrable indexes in the import's open transaction (or a new one) when the
    /// import is large next to what is stored; they come back in `finish`, or at the next open
    /// of the store after a crash.
    func expect(rows: Int) async throws {
        try await connection.writeWithoutTransaction { db in
            guard self.deferred.isEmpty, try DeferredIndex.worthDeferring(importRows: rows, db: db) else { return }
            if !db.isInsideTransaction { try db.beginTransaction(.immediate) }
            for index in DeferredIndex.all { try index.drop(owner: getpid(), db: db) }
            self.deferred = DeferredIndex.all
        }
    }

    func write(_ batch: ImportBatch) async throws -> UpsertCounts {
        try await connection.writeWithoutTransaction { db in
            if !db.isInsideTransaction { try db.beginTransaction(.immediate) }
            do {
                let counts = try SQLiteStore.write(batch, workspace: self.workspace, db: db, rollup: &self.pending.rollup)
                self.pending.batches += 1
                if self.pending.batches >= self.batchesPerTransaction { try self.commit(db) }
                return counts
            } catch {
                self.pending.reset()
                if db.isInsideTransaction { try? db.rollback() }
                throw error
            }
        }
    }

    func finish() async throws {
        try await connection.writeWithoutTransaction { db in
            if db.isInsideTransaction { try self.commit(db) }
            guard !self.deferred.isEmpty else { return }
            try DeferredIndex.build(self.deferred, db: db)
            self.deferred = []
        }
    }

    private func commit(_ db: Database) throws {
        try pending.rollup.apply(workspace: workspace, db: db)
        try db.commit()
        pending.reset()
    }
}

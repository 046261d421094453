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
    /// Whether this import writes its rollup changes when it finishes (see `DeferredRollup`).
    private var defersRollup = false
    /// Rollup changes of committed transactions not yet written, while `defersRollup`.
    private var heldRollup = RollupDelta()

    /// Held slices beyond which the changes are written at the next commit after all, so
    /// memory stays bounded whatever the data: about 250 bytes a slice, 150,000 slices ≈ 40 MB
    /// (the 1M-row bench holds 43,800).
    private let maximumHeldSlices: Int

    /// Checkpoints in place of SQLite's automatic ones on this connection.
    private let checkpointer: BackgroundCheckpointer
    /// WAL size beyond which the next transaction waits for the checkpoints to catch up, so
    /// the file starts over (and is truncated to this size) instead of growing with the import.
    private let walLimit: Int

    /// Rows this import inserted in committed transactions.
    private var committedInserts = 0
    /// Whether this import took the external-id index down, so that its rows go in as plain
    /// inserts and other writers wait (`ExternalIDGuard`).
    private var ownsExternalIDIndex: Bool { deferred.contains { $0.name == DeferredIndex.feedbackExternalID.name } }

    /// What the open transaction holds beyond its feedback rows.
    private struct PendingTransaction {
        var batches = 0
        var inserts = 0
        var rollup = RollupDelta()

        mutating func reset() {
            batches = 0
            inserts = 0
            rollup.removeAll()
        }
    }

    init(path: String, workspace: WorkspaceID, batchesPerTransaction: Int, maximumHeldSlices: Int = 150_000,
         walLimit: Int = 128 << 20) throws {
        var configuration = SQLiteStore.configuration()
        // The point of this connection: a transaction open across several accesses.
        configuration.allowsUnsafeTransactions = true
        // Every row this connection writes names `workspace`, checked once below, and it deletes
        // nothing, so SQLite's per-row foreign-key lookups only repeat that check: without them
        // the writer thread needed 4.5% less CPU (1M bench rows, four alternating pairs).
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = \(walLimit)")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let exists = try connection.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM workspace WHERE id = ?)", arguments: [workspace]) ?? false
        }
        guard exists else {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY, message: "workspace \(workspace) does not exist")
        }
        checkpointer = try BackgroundCheckpointer(path: path)
        self.workspace = workspace
        self.batchesPerTransaction = max(1, batchesPerTransaction)
        self.maximumHeldSlices = maximumHeldSlices
        self.walLimit = walLimit
    }

    /// Drops the deferrable indexes and postpones the rollup in the import's open transaction
    /// (or a new one) when the import is large next to what is stored; they come back in
    /// `finish`, or at the next open of the store after a crash.
    func expect(rows: Int, distinctIDs: Bool) async throws {
        try await connection.writeWithoutTransaction { db in
            guard self.deferred.isEmpty else { return }
            if !db.isInsideTransaction { try ExternalIDGuard.beginTransaction(db, owned: false) }
            let indexes = try DeferredIndex.worthDeferring(
                importRows: rows, insertedByImport: distinctIDs ? self.committedInserts + self.pending.inserts : nil, db: db)
            guard !indexes.isEmpty else { return }
            for index in indexes { try index.drop(owner: getpid(), db: db) }
            try DeferredRollup.mark(self.workspace, owner: getpid(), db: db)
            self.deferred = indexes
            self.defersRollup = true
        }
    }

    func write(_ batch: ImportBatch) async throws -> UpsertCounts {
        try await connection.writeWithoutTransaction { db in
            if !db.isInsideTransaction {
                if self.checkpointer.walSize > self.walLimit { try self.checkpointer.waitUntilCopied(db) }
                try ExternalIDGuard.beginTransaction(db, owned: self.ownsExternalIDIndex)
            }
            do {
                let counts = try SQLiteStore.write(batch, workspace: self.workspace, db: db, rollup: &self.pending.rollup,
                                                   allNew: self.ownsExternalIDIndex)
                self.pending.inserts += counts.inserted
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
            if self.defersRollup {
                // The held changes and the end of the deferral commit together: metrics go from
                // reading feedback rows to reading the complete rollup in one step.
                try db.inTransaction(.immediate) {
                    try self.heldRollup.apply(workspace: self.workspace, db: db)
                    try DeferredRollup.clear(self.workspace, owner: getpid(), db: db)
                    return .commit
                }
                self.heldRollup = RollupDelta()
                self.defersRollup = false
            }
            if !self.deferred.isEmpty {
                try DeferredIndex.build(self.deferred, db: db)
                self.deferred = []
            }
            try self.checkpointer.waitUntilCopied(db)
        }
    }

    /// Commits the open transaction with its rollup changes, or, while the rollup is deferred,
    /// adds them to the held ones once the commit succeeded (a rolled-back transaction's
    /// changes are dropped with it).
    private func commit(_ db: Database) throws {
        let holds = defersRollup && heldRollup.count + pending.rollup.count <= maximumHeldSlices
        if !holds {
            try heldRollup.apply(workspace: workspace, db: db)
            try pending.rollup.apply(workspace: workspace, db: db)
        }
        try db.commit()
        checkpointer.copyCommitted()
        if holds { heldRollup.merge(pending.rollup) } else { heldRollup.removeAll() }
        committedInserts += pending.inserts
        pending.reset()
    }
}

import Foundation
import GRDB

/// Copies an import's committed WAL frames into the database file on its own thread and
/// connection, so the import's writer goes on inserting instead of checkpointing after each
/// commit itself: 1M bench rows, writer-thread CPU 5.46 / 5.22 / 5.13 s with SQLite's automatic
/// checkpoints against 5.04 / 5.03 / 4.92 s without (and about 0.4 s of fsync and copying in
/// one final checkpoint), on a 2-core machine where the writer is the slower stage.
///
/// PASSIVE checkpoints never wait for the writer or for readers. They cannot let the WAL start
/// over while the import keeps writing, so the import asks for `waitUntilCopied` when the WAL
/// has grown past its limit, and the next transaction then reuses the file from its start.
final class BackgroundCheckpointer: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "heard.import.checkpoint")
    private let lock = NSLock()
    /// A checkpoint is queued and has not started: one more would copy nothing new.
    private var queued = false
    private let walPath: String

    init(path: String) throws {
        connection = try DatabaseQueue(path: path, configuration: SQLiteStore.configuration())
        walPath = path + "-wal"
    }

    /// After a commit: copy what is committed, unless a checkpoint is already waiting to start.
    func copyCommitted() {
        let alreadyQueued = lock.withLock {
            defer { queued = true }
            return queued
        }
        guard !alreadyQueued else { return }
        queue.async { [self] in
            lock.withLock { queued = false }
            // Another connection's checkpoint may hold the lock (SQLITE_BUSY): the next commit
            // queues another, and `waitUntilCopied` does the rest.
            _ = try? connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
    }

    /// Waits for queued checkpoints, then copies whatever they left from the caller's connection
    /// (outside a transaction), so that the next write transaction starts the WAL over.
    func waitUntilCopied(_ db: Database) throws {
        queue.sync {}
        try db.checkpoint(.passive)
    }

    /// The WAL file's size in bytes (0 when it does not exist).
    var walSize: Int {
        var status = stat()
        return stat(walPath, &status) == 0 ? Int(status.st_size) : 0
    }
}

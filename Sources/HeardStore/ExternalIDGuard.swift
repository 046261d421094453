import Foundation
import GRDB

/// Keeps writers away from `feedback` while a bulk import has its external-id index down
/// (`DeferredIndex.feedbackExternalID`): their upserts need the index, and a row they added
/// meanwhile could repeat an id of the import's, which would stop the index from being built.
/// They wait for it, as for a long transaction; if the import died, they build it.
enum ExternalIDGuard {
    /// The index is down; the write was not made.
    struct Down: Error, CustomStringConvertible {
        var description: String {
            "the feedback table's external-id index is being rebuilt by a bulk import; try again when it finishes"
        }
    }

    /// How long a writer waits before giving up with `Down`.
    static let patience: TimeInterval = 600
    private static let pause: TimeInterval = 0.05

    /// Throws `Down` inside a write transaction while the index is down.
    static func check(db: Database) throws {
        if try DeferredIndex.feedbackExternalID.isDeferred(db: db) { throw Down() }
    }

    /// Runs `attempt` (which calls `check` in its transaction) until the index is up.
    static func retrying<T>(in writer: some DatabaseWriter, _ attempt: () async throws -> T) async throws -> T {
        let start = Date()
        while true {
            do {
                return try await attempt()
            } catch is Down {
                try wait(since: start, writer: writer)
                try await Task.sleep(nanoseconds: UInt64(pause * 1e9))
            }
        }
    }

    /// Begins an immediate transaction on `db` once the index is up (or at once if `owned`:
    /// the caller is the import that took it down).
    static func beginTransaction(_ db: Database, owned: Bool) throws {
        let start = Date()
        while true {
            try db.beginTransaction(.immediate)
            if owned { return }
            guard try DeferredIndex.feedbackExternalID.isDeferred(db: db) else { return }
            try db.rollback()
            try DeferredIndex.buildAbandoned(db: db)
            if Date().timeIntervalSince(start) > patience { throw Down() }
            Thread.sleep(forTimeInterval: pause)
        }
    }

    private static func wait(since start: Date, writer: some DatabaseWriter) throws {
        try DeferredIndex.buildAbandoned(in: writer)
        if Date().timeIntervalSince(start) > patience { throw Down() }
    }
}

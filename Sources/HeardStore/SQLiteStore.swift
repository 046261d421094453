import Foundation
import GRDB
import HeardModel

/// The embedded default: one SQLite file in WAL mode, so readers (the dashboard, `heard
/// metrics`) never wait for an import.
public final class SQLiteStore: Store {
    let pool: DatabasePool

    public init(path: String) throws {
        pool = try DatabasePool(path: path, configuration: Self.configuration())
        try Self.migrate(pool)
        try DeferredRollup.recomputeAbandoned(in: pool)
        try ThemeRollupDeferral.recoverAbandoned(in: pool)
        try DeferredIndex.buildAbandoned(in: pool)
    }

    /// GRDB reads which migrations are applied outside the transaction that applies each one,
    /// so two processes opening a new database at once (an import and the dashboard, say) can
    /// both start the same migration, and the later one fails with "table … already exists".
    /// Running the migrator again then finds the other's work done and goes on from there.
    static func migrate(_ pool: DatabasePool) throws {
        let migrator = SQLiteSchema.migrator
        for attempt in 1... {
            do {
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError {
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                guard attempt < 5 else { throw error }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// Every connection's settings: the pool's and an import's own.
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Takes effect only when the file is created (before WAL mode is set); existing
            // workspaces keep their page size. 16 KB pages instead of SQLite's 4 KB: copying 1M
            // bench rows into the feedback table with its indexes took 15% less CPU (5.0 s
            // against 5.9 s, four alternating runs) and commits write fewer WAL frames.
            try db.execute(sql: "PRAGMA page_size = 16384")
            // NORMAL is durable across application crashes in WAL mode; only an OS crash can
            // lose the last transactions, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        configuration.busyMode = .timeout(10)
        return configuration
    }

    // MARK: Workspaces

    public func workspace(named name: String, createIfMissing: Bool) async throws -> Workspace? {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, name, created_at FROM workspace WHERE name = ?", arguments: [name]) {
                return Workspace(id: row[0], name: row[1], createdAt: Date(timeIntervalSince1970: row[2]))
            }
            guard createIfMissing else { return nil }
            let now = Date()
            try db.execute(sql: "INSERT INTO workspace (name, created_at) VALUES (?, ?)", arguments: [name, now.timeIntervalSince1970])
            return Workspace(id: db.lastInsertedRowID, name: name, createdAt: now)
        }
    }

    // MARK: Feedback

    public func write(_ batch: ImportBatch, into workspace: WorkspaceID) async throws -> UpsertCounts {
        try await ExternalIDGuard.retrying(in: pool) {
            try await pool.write { db in
                try ExternalIDGuard.check(db: db)
                var rollup = RollupDelta(expectedKeys: batch.feedback.count)
                let counts = try Self.write(batch, workspace: workspace, db: db, rollup: &rollup)
                try rollup.apply(workspace: workspace, db: db)
                return counts
            }
        }
    }

    /// Merges the batch's customers first, so feedback without a segment takes the segment its
    /// customer has once the batch is in, then writes the feedback; rollup changes go to `rollup`.
    /// `allNew` is for the import that took the external-id index down: its rows are all new.
    static func write(_ batch: ImportBatch, workspace: WorkspaceID, db: Database, rollup: inout RollupDelta,
                      allNew: Bool = false) throws -> UpsertCounts {
        let derivedJSON = batch.derived.map(\.customerAttributesJSON).flatMap { $0.count == batch.customers.count ? $0 : nil }
        try mergeCustomers(batch.customers, attributesJSON: derivedJSON, workspace: workspace, db: db)
        return try FeedbackWriter(db: db, workspace: workspace, allNew: allNew)
            .write(batch.feedback, derived: batch.derived, rollup: &rollup)
    }

    /// `attributesJSON`, when given, holds each customer's attributes already encoded.
    private static func mergeCustomers(_ customers: [Customer], attributesJSON: [String]?, workspace: WorkspaceID, db: Database) throws {
        guard !customers.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO customer (workspace_id, external_id, attributes) VALUES (?, ?, ?)
            ON CONFLICT (workspace_id, external_id) DO UPDATE
              SET attributes = json_patch(customer.attributes, excluded.attributes)
              WHERE json_patch(customer.attributes, excluded.attributes) <> customer.attributes
            """)
        var bound = BoundStatement(statement, in: db)
        for (index, customer) in customers.enumerated() {
            bound.reset()
            bound.bind(workspace)
            bound.bind(customer.externalID)
            bound.bind(attributesJSON?[index] ?? JSONText.encode(customer.attributes))
            while try bound.step() {}
        }
    }

    public func feedback(externalID: String, in workspace: WorkspaceID) async throws -> Feedback? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(FeedbackRow.columns) FROM feedback WHERE workspace_id = ? AND external_id = ?",
                             arguments: [workspace, externalID]).map(FeedbackRow.decode)
        }
    }

    public func feedbackCount(in workspace: WorkspaceID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feedback WHERE workspace_id = ?", arguments: [workspace]) ?? 0
        }
    }

    public func feedbackDayRange(in workspace: WorkspaceID) async throws -> ClosedRange<CalendarDay>? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MIN(occurred_day), MAX(occurred_day) FROM feedback WHERE workspace_id = ?", arguments: [workspace]),
                  let low: String = row[0], let high: String = row[1],
                  let first = CalendarDay(iso: low), let last = CalendarDay(iso: high)
            else { return nil }
            return first...last
        }
    }

    // MARK: Customers

    public func customer(externalID: String, in workspace: WorkspaceID) async throws -> Customer? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT external_id, attributes, persona_id FROM customer WHERE workspace_id = ? AND external_id = ?",
                             arguments: [workspace, externalID])
                .map { Customer(externalID: $0[0], attributes: JSONText.decodeObject($0[1]), personaID: $0[2]) }
        }
    }

    public func customers(in workspace: WorkspaceID, after externalID: String?, limit: Int) async throws -> [Customer] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT external_id, attributes, persona_id FROM customer
                WHERE workspace_id = ? AND external_id > ? ORDER BY external_id LIMIT ?
                """, arguments: [workspace, externalID ?? "", limit])
                .map { Customer(externalID: $0[0], attributes: JSONText.decodeObject($0[1]), personaID: $0[2]) }
        }
    }

    public func customerCount(in workspace: WorkspaceID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer WHERE workspace_id = ?", arguments: [workspace]) ?? 0
        }
    }

    public func assignPersonas(_ assignments: [(customerID: String, personaID: Int64?)], in workspace: WorkspaceID) async throws {
        let rows = assignments.map { ($0.customerID, $0.personaID) }
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE customer SET persona_id = ? WHERE workspace_id = ? AND external_id = ? AND persona_id IS NOT ?
                """)
            for (customerID, personaID) in rows {
                try statement.execute(arguments: [personaID, workspace, customerID, personaID])
            }
        }
    }

    // MARK: Aggregates

    public func tallies(_ query: TallyQuery, in workspace: WorkspaceID) async throws -> [GroupedTally] {
        try await pool.read { db in
            // While an import holds rollup changes, the feedback rows are the truth.
            let sql = TallySQL(query: query, workspace: workspace, rollupIsCurrent: try !DeferredRollup.isPending(workspace, db: db))
            return try Row.fetchAll(db, sql: sql.text, arguments: sql.arguments).map(TallySQL.decode)
        }
    }
}

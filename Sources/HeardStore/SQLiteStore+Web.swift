import Foundation
import GRDB
import HeardModel

extension SQLiteStore {
    // MARK: Users

    public func save(_ user: WebUser, in workspace: WorkspaceID) async throws -> WebUser {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO web_user (workspace_id, name, role, teams, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, name) DO UPDATE
                  SET role = excluded.role, teams = excluded.teams, password_hash = excluded.password_hash
                """, arguments: [workspace, user.name, user.role, JSONText.encode(user.teams), user.passwordHash,
                                 user.createdAt.timeIntervalSince1970])
            var saved = user
            saved.id = try Int64.fetchOne(db, sql: "SELECT id FROM web_user WHERE workspace_id = ? AND name = ?",
                                          arguments: [workspace, user.name])
            return saved
        }
    }

    public func users(in workspace: WorkspaceID) async throws -> [WebUser] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM web_user WHERE workspace_id = ? ORDER BY name",
                             arguments: [workspace]).map(Self.decodeUser)
        }
    }

    public func user(named name: String, in workspace: WorkspaceID) async throws -> WebUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM web_user WHERE workspace_id = ? AND name = ?",
                             arguments: [workspace, name]).map(Self.decodeUser)
        }
    }

    public func deleteUser(named name: String, in workspace: WorkspaceID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_user WHERE workspace_id = ? AND name = ?", arguments: [workspace, name])
            return db.changesCount > 0
        }
    }

    private static let userColumns = "id, name, role, teams, password_hash, created_at"

    private static func decodeUser(_ row: Row) -> WebUser {
        WebUser(id: row[0], name: row[1], role: row[2], teams: JSONText.decodeArray(row[3]), passwordHash: row[4],
                createdAt: Date(timeIntervalSince1970: row[5]))
    }

    // MARK: Sessions

    public func createSession(_ session: WebSessionRecord, in workspace: WorkspaceID) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE expires_at < ?", arguments: [session.createdAt.timeIntervalSince1970])
            try db.execute(sql: """
                INSERT INTO web_session (token_hash, workspace_id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [session.tokenHash, workspace, session.userID, session.csrfToken,
                                 session.createdAt.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970])
        }
    }

    public func session(tokenHash: String, at now: Date, in workspace: WorkspaceID) async throws -> (WebSessionRecord, WebUser)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at,
                       u.id, u.name, u.role, u.teams, u.password_hash, u.created_at
                FROM web_session s JOIN web_user u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.workspace_id = ? AND s.expires_at > ?
                """, arguments: [tokenHash, workspace, now.timeIntervalSince1970])
            else { return nil }
            let session = WebSessionRecord(tokenHash: row[0], userID: row[1], csrfToken: row[2],
                                           createdAt: Date(timeIntervalSince1970: row[3]), expiresAt: Date(timeIntervalSince1970: row[4]))
            let user = WebUser(id: row[5], name: row[6], role: row[7], teams: JSONText.decodeArray(row[8]), passwordHash: row[9],
                               createdAt: Date(timeIntervalSince1970: row[10]))
            return (session, user)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    // MARK: API keys

    public func save(_ key: APIKeyRecord, in workspace: WorkspaceID) async throws -> APIKeyRecord {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO api_key (workspace_id, name, role, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [workspace, key.name, key.role, key.prefix, key.keyHash, key.createdAt.timeIntervalSince1970])
            var saved = key
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    public func apiKey(hash: String, in workspace: WorkspaceID) async throws -> APIKeyRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.keyColumns) FROM api_key WHERE key_hash = ? AND workspace_id = ?",
                             arguments: [hash, workspace]).map(Self.decodeKey)
        }
    }

    public func apiKeys(in workspace: WorkspaceID) async throws -> [APIKeyRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.keyColumns) FROM api_key WHERE workspace_id = ? ORDER BY name",
                             arguments: [workspace]).map(Self.decodeKey)
        }
    }

    public func deleteAPIKey(named name: String, in workspace: WorkspaceID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM api_key WHERE workspace_id = ? AND name = ?", arguments: [workspace, name])
            return db.changesCount > 0
        }
    }

    private static let keyColumns = "id, name, role, prefix, key_hash, created_at"

    private static func decodeKey(_ row: Row) -> APIKeyRecord {
        APIKeyRecord(id: row[0], name: row[1], role: row[2], prefix: row[3], keyHash: row[4], createdAt: Date(timeIntervalSince1970: row[5]))
    }

    // MARK: Surveys

    public func save(_ survey: Survey, in workspace: WorkspaceID) async throws -> Survey {
        let definition = String(decoding: try JSONEncoder().encode(survey), as: UTF8.self)
        return try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO survey (workspace_id, key, definition, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (workspace_id, key) DO UPDATE SET definition = excluded.definition
                """, arguments: [workspace, survey.key, definition, Date().timeIntervalSince1970])
            var saved = survey
            saved.id = try Int64.fetchOne(db, sql: "SELECT id FROM survey WHERE workspace_id = ? AND key = ?", arguments: [workspace, survey.key])
            return saved
        }
    }

    public func surveys(in workspace: WorkspaceID) async throws -> [Survey] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, definition FROM survey WHERE workspace_id = ? ORDER BY key", arguments: [workspace])
                .map(Self.decodeSurvey)
        }
    }

    public func survey(key: String, in workspace: WorkspaceID) async throws -> Survey? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, definition FROM survey WHERE workspace_id = ? AND key = ?", arguments: [workspace, key])
                .map(Self.decodeSurvey)
        }
    }

    private static func decodeSurvey(_ row: Row) throws -> Survey {
        var survey = try JSONDecoder().decode(Survey.self, from: Data((row[1] as String).utf8))
        survey.id = row[0]
        return survey
    }

    // MARK: Workspace settings

    public func settings(of workspace: WorkspaceID) async throws -> [String: String] {
        try await pool.read { db in
            JSONText.decodeObject(try String.fetchOne(db, sql: "SELECT settings FROM workspace WHERE id = ?", arguments: [workspace]))
        }
    }

    public func setSetting(_ name: String, to value: String?, in workspace: WorkspaceID) async throws {
        try await pool.write { db in
            var settings = JSONText.decodeObject(try String.fetchOne(db, sql: "SELECT settings FROM workspace WHERE id = ?", arguments: [workspace]))
            settings[name] = value
            try db.execute(sql: "UPDATE workspace SET settings = ? WHERE id = ?", arguments: [JSONText.encode(settings), workspace])
        }
    }

    // MARK: Feedback by row

    public func pendingEnrichment(externalIDs: [String], version: String, in workspace: WorkspaceID) async throws -> [PendingEnrichment] {
        guard !externalIDs.isEmpty else { return [] }
        return try await pool.read { db in
            var pending: [PendingEnrichment] = []
            let statement = try db.cachedStatement(sql: """
                SELECT f.id, f.content_hash, f.text FROM feedback f
                LEFT JOIN feedback_enrichment e ON e.feedback_id = f.id
                WHERE f.workspace_id = ? AND f.external_id = ?
                  AND (e.feedback_id IS NULL OR e.version <> ? OR e.content_hash <> f.content_hash)
                """)
            for externalID in Set(externalIDs) {
                if let row = try Row.fetchOne(statement, arguments: [workspace, externalID, version]) {
                    pending.append(PendingEnrichment(feedbackRowID: row[0], contentHash: row[1], text: row[2]))
                }
            }
            return pending.sorted { $0.feedbackRowID < $1.feedbackRowID }
        }
    }

    /// A row-id range walk, like `pendingEnrichment`, so each page costs its own rows only.
    public func feedbackPage(filter: FeedbackFilter, afterRowID: Int64, limit: Int, in workspace: WorkspaceID) async throws -> [StoredFeedback] {
        let (sql, statementArguments) = Self.feedbackPageQuery(filter: filter, afterRowID: afterRowID, limit: limit, in: workspace)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { row in
                // The row id comes after the model's columns, so the shared decoder reads it unchanged.
                StoredFeedback(rowID: row[FeedbackRow.columnCount], feedback: FeedbackRow.decode(row))
            }
        }
    }

    static func feedbackPageQuery(filter: FeedbackFilter, afterRowID: Int64, limit: Int, in workspace: WorkspaceID) -> (String, StatementArguments) {
        var arguments: [any DatabaseValueConvertible & Sendable] = [workspace, afterRowID]
        let conditions = TallySQL.filterConditions(filter, day: "occurred_day", source: "source", channel: "channel", arguments: &arguments)
        arguments.append(limit)
        let sql = """
            SELECT \(FeedbackRow.columns), f.id FROM feedback f
            WHERE \(TallySQL.workspaceScan) AND f.id > ?\(conditions.map { " AND " + $0 }.joined())
            ORDER BY f.id LIMIT ?
            """
        return (sql, BreakdownSQL.bound(arguments))
    }
}

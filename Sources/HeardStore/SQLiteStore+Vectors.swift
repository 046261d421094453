import Foundation
import GRDB

extension SQLiteStore {
    /// A row-id range walk, like `pendingEnrichment`.
    public func pendingVectors(in workspace: WorkspaceID, encoder: String, afterRowID: Int64, limit: Int) async throws -> [PendingEnrichment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.pendingVectorsSQL, arguments: [workspace, afterRowID, encoder, limit]).map {
                PendingEnrichment(feedbackRowID: $0[0], contentHash: $0[1], text: $0[2])
            }
        }
    }

    /// Arguments: workspace, after row id, encoder, limit.
    static let pendingVectorsSQL = """
        SELECT f.id, f.content_hash, f.text FROM feedback f
        LEFT JOIN feedback_vector v ON v.feedback_id = f.id
        WHERE \(TallySQL.workspaceScan) AND f.id > ? AND f.text IS NOT NULL AND f.text <> ''
          AND (v.feedback_id IS NULL OR v.encoder <> ? OR v.content_hash <> f.content_hash)
        ORDER BY f.id LIMIT ?
        """

    public func save(_ vectors: [FeedbackVector], in workspace: WorkspaceID) async throws {
        guard !vectors.isEmpty else { return }
        try await pool.write { db in
            let remove = try db.cachedStatement(sql: "DELETE FROM feedback_vector WHERE feedback_id = ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO feedback_vector (feedback_id, workspace_id, encoder, content_hash, vector) VALUES (?, ?, ?, ?, ?)
                """)
            for vector in vectors {
                try remove.execute(arguments: [vector.feedbackRowID])
                try insert.execute(arguments: [vector.feedbackRowID, workspace, vector.encoder, vector.contentHash, VectorBlob.encode(vector.values)])
            }
        }
    }

    public func storedVectors(in workspace: WorkspaceID, encoder: String, afterVectorID: Int64, limit: Int) async throws -> [StoredVector] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, feedback_id, vector FROM feedback_vector
                WHERE workspace_id = ? AND encoder = ? AND id > ? ORDER BY id LIMIT ?
                """, arguments: [workspace, encoder, afterVectorID, limit]).map {
                StoredVector(vectorID: $0[0], feedbackRowID: $0[1], values: VectorBlob.decode($0[2]))
            }
        }
    }

    public func vectorTally(in workspace: WorkspaceID, encoder: String, upTo: Int64) async throws -> (count: Int, maxVectorID: Int64) {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM feedback_vector WHERE workspace_id = ? AND encoder = ? AND id <= ?),
                       (SELECT COALESCE(MAX(id), 0) FROM feedback_vector WHERE workspace_id = ? AND encoder = ?)
                """, arguments: [workspace, encoder, upTo, workspace, encoder])!
            return (row[0], row[1])
        }
    }

    public func vectors(ofFeedbackRowIDs ids: [Int64], encoder: String) async throws -> [Int64: [Float]] {
        guard !ids.isEmpty else { return [:] }
        return try await pool.read { db in
            let statement = try db.cachedStatement(sql: "SELECT vector FROM feedback_vector WHERE feedback_id = ? AND encoder = ?")
            var result: [Int64: [Float]] = [:]
            for id in ids {
                if let blob = try Data.fetchOne(statement, arguments: [id, encoder]) { result[id] = VectorBlob.decode(blob) }
            }
            return result
        }
    }

    public func feedbackSummaries(rowIDs: [Int64], in workspace: WorkspaceID) async throws -> [FeedbackSummary] {
        guard !rowIDs.isEmpty else { return [] }
        return try await pool.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT id, external_id, occurred_at, source, text FROM feedback WHERE id = ? AND workspace_id = ? AND text IS NOT NULL
                """)
            return try rowIDs.compactMap { id in
                try Row.fetchOne(statement, arguments: [id, workspace]).map {
                    FeedbackSummary(feedbackRowID: $0[0], externalID: $0[1], occurredAt: Date(timeIntervalSince1970: $0[2]),
                                    source: $0[3], text: $0[4])
                }
            }
        }
    }

    public func mentionedThemes(ofFeedbackRowIDs ids: [Int64], in workspace: WorkspaceID) async throws -> [Int64: Set<String>] {
        guard !ids.isEmpty else { return [:] }
        return try await pool.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT DISTINCT m.theme_key FROM feedback_theme_mention m JOIN feedback f ON f.id = m.feedback_id
                WHERE m.feedback_id = ? AND f.workspace_id = ?
                """)
            var themes: [Int64: Set<String>] = [:]
            for id in ids {
                let keys = try String.fetchAll(statement, arguments: [id, workspace])
                if !keys.isEmpty { themes[id] = Set(keys) }
            }
            return themes
        }
    }
}

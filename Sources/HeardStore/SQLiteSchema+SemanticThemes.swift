import Foundation
import GRDB
import HeardModel

extension SQLiteSchema {
    /// One fitted semantic theme model per workspace and vector model (its centroids and
    /// threshold, as JSON), so import and analyze can place new comments without refitting
    /// and a refit can keep the earlier themes' ids.
    static func registerSemanticThemes(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("6-semantic-themes") { db in
            try db.execute(sql: """
                CREATE TABLE semantic_theme_model (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                    vector_model TEXT NOT NULL,
                    model_json TEXT NOT NULL,
                    fitted_at REAL NOT NULL,
                    PRIMARY KEY (workspace_id, vector_model)
                );
                """)
        }
    }
}

extension SQLiteStore {
    public func saveSemanticThemeModel(_ json: String, vectorModel: String, in workspace: WorkspaceID) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO semantic_theme_model (workspace_id, vector_model, model_json, fitted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (workspace_id, vector_model) DO UPDATE SET model_json = excluded.model_json, fitted_at = excluded.fitted_at
                """, arguments: [workspace, vectorModel, json, Date().timeIntervalSince1970])
        }
    }

    public func semanticThemeModel(vectorModel: String, in workspace: WorkspaceID) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT model_json FROM semantic_theme_model WHERE workspace_id = ? AND vector_model = ?",
                                arguments: [workspace, vectorModel])
        }
    }
}

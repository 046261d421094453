import GRDB

extension SQLiteSchema {
    /// Users, browser sessions, API keys and hosted surveys for `heard serve`. Workspace
    /// settings (such as hide_free_text) live in the existing `workspace.settings` JSON.
    static func registerWebMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("5-web") { db in
            try db.execute(sql: """
                CREATE TABLE web_user (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    teams TEXT NOT NULL DEFAULT '[]',
                    password_hash TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (workspace_id, name)
                );
                CREATE TABLE web_session (
                    token_hash TEXT PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    user_id INTEGER NOT NULL REFERENCES web_user(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX web_session_expiry ON web_session(expires_at);
                CREATE TABLE api_key (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    prefix TEXT NOT NULL,
                    key_hash TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    UNIQUE (workspace_id, name)
                );
                CREATE TABLE survey (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    key TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (workspace_id, key)
                );
                """)
        }
    }
}

import GRDB

/// The embedded store's schema as an ordered list of migrations. Every table carries
/// `workspace_id` so the same layout can later be hash-distributed on it.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-core") { db in
            try db.execute(sql: """
                CREATE TABLE workspace (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    settings TEXT NOT NULL DEFAULT '{}'
                );
                CREATE TABLE customer (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    external_id TEXT NOT NULL,
                    attributes TEXT NOT NULL DEFAULT '{}',
                    persona_id INTEGER,
                    PRIMARY KEY (workspace_id, external_id)
                ) WITHOUT ROWID;
                CREATE TABLE feedback (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    external_id TEXT NOT NULL,
                    content_hash INTEGER NOT NULL,
                    source TEXT,
                    channel TEXT,
                    touchpoint TEXT,
                    stage TEXT,
                    occurred_at REAL NOT NULL,
                    occurred_day TEXT NOT NULL,
                    occurred_week TEXT NOT NULL,
                    language TEXT,
                    text TEXT,
                    nps INTEGER CHECK (nps BETWEEN 0 AND 10),
                    csat INTEGER CHECK (csat BETWEEN 1 AND 5),
                    ces INTEGER CHECK (ces BETWEEN 1 AND 7),
                    stars INTEGER CHECK (stars BETWEEN 1 AND 5),
                    customer_id TEXT,
                    segment TEXT,
                    metadata TEXT,
                    imported_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX feedback_external_id ON feedback(workspace_id, external_id);
                CREATE TABLE persona (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    picture_url TEXT,
                    rule TEXT NOT NULL,
                    priority INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (workspace_id, name)
                );
                CREATE TABLE team (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    name TEXT NOT NULL,
                    contact TEXT,
                    UNIQUE (workspace_id, name)
                );
                CREATE TABLE theme (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    key TEXT NOT NULL,
                    name TEXT NOT NULL,
                    parent_key TEXT,
                    owner_team TEXT,
                    status TEXT NOT NULL,
                    phrases TEXT NOT NULL DEFAULT '[]',
                    exclusions TEXT NOT NULL DEFAULT '[]',
                    examples TEXT NOT NULL DEFAULT '[]',
                    PRIMARY KEY (workspace_id, key)
                ) WITHOUT ROWID;
                CREATE TABLE interaction (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    customer_id TEXT NOT NULL,
                    occurred_at REAL NOT NULL,
                    touchpoint TEXT NOT NULL,
                    channel TEXT,
                    event TEXT NOT NULL,
                    outcome TEXT,
                    value REAL
                );
                CREATE INDEX interaction_customer ON interaction(workspace_id, customer_id, occurred_at);
                CREATE TABLE operational_metric (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    name TEXT NOT NULL,
                    period TEXT NOT NULL,
                    period_start TEXT NOT NULL,
                    dimension TEXT NOT NULL DEFAULT '',
                    dimension_value TEXT NOT NULL DEFAULT '',
                    value REAL NOT NULL,
                    PRIMARY KEY (workspace_id, name, period, period_start, dimension, dimension_value)
                ) WITHOUT ROWID;
                CREATE TABLE feedback_case (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    feedback_external_id TEXT NOT NULL,
                    customer_id TEXT,
                    owner_team TEXT,
                    status TEXT NOT NULL,
                    opened_at REAL NOT NULL,
                    due_at REAL,
                    closed_at REAL,
                    resolution TEXT
                );
                CREATE TABLE improvement_action (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    title TEXT NOT NULL,
                    theme_key TEXT,
                    owner_team TEXT,
                    status TEXT NOT NULL,
                    started_at REAL,
                    completed_at REAL
                );
                CREATE TABLE import_run (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    file TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    status TEXT NOT NULL,
                    read_count INTEGER NOT NULL DEFAULT 0,
                    inserted INTEGER NOT NULL DEFAULT 0,
                    updated INTEGER NOT NULL DEFAULT 0,
                    unchanged INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0
                );
                """)
        }
        migrator.registerMigration("2-feedback-rollup") { db in
            // Sufficient statistics per day and built-in dimension, kept in step with `feedback`
            // by every write. Metrics read this instead of scanning feedback: it has one row per
            // day × slice instead of one per comment. Absent dimensions are '' (not NULL) so the
            // primary key treats them as one value.
            try db.execute(sql: """
                CREATE TABLE feedback_rollup (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    day TEXT NOT NULL,
                    week TEXT NOT NULL,
                    segment TEXT NOT NULL,
                    source TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    touchpoint TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    language TEXT NOT NULL,
                    \(RollupSQL.tallyColumns.map { "\($0) INTEGER NOT NULL" }.joined(separator: ",\n"))
                    ,PRIMARY KEY (workspace_id, day, segment, source, channel, touchpoint, stage, language)
                ) WITHOUT ROWID;
                INSERT INTO feedback_rollup \(RollupSQL.recomputation(workspaceCondition: nil));
                """)
        }
        migrator.registerMigration("3-enrichment") { db in
            try db.execute(sql: """
                ALTER TABLE feedback ADD COLUMN original_text TEXT;
                CREATE TABLE feedback_enrichment (
                    feedback_id INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
                    content_hash INTEGER NOT NULL,
                    version TEXT NOT NULL,
                    sentiment_score REAL,
                    sentiment_label TEXT CHECK (sentiment_label IN ('negative', 'neutral', 'positive')),
                    enriched_at REAL NOT NULL
                );
                CREATE TABLE feedback_theme_mention (
                    feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
                    theme_key TEXT NOT NULL,
                    span_start INTEGER NOT NULL,
                    span_end INTEGER NOT NULL,
                    sentiment_score REAL NOT NULL,
                    sentiment_label TEXT NOT NULL CHECK (sentiment_label IN ('negative', 'neutral', 'positive'))
                );
                CREATE INDEX feedback_theme_mention_theme ON feedback_theme_mention(theme_key, feedback_id);
                CREATE INDEX feedback_theme_mention_feedback ON feedback_theme_mention(feedback_id);
                """)
        }
        ThemeRollupSchema.register(in: &migrator)
        registerSearchMigration(&migrator)
        registerWebMigration(&migrator)
        registerSemanticThemes(&migrator)
        registerVectorMigrations(&migrator)
        registerDeferredIndexMigration(&migrator)
        registerDeferredRollupMigration(&migrator)
        return migrator
    }
}

import GRDB

extension SQLiteSchema {
    /// Sentence vectors per comment, for similar-feedback search and the vector sentiment path.
    ///
    /// Stored here, in the workspace's own database, rather than in a sidecar file: a vector is
    /// written like the rest of the comment's enrichment, deleted with it (cascade), and found
    /// stale by the same content hash. Measured on the 2-core VM: appending in id order is cheap
    /// (importing 14,485 tweets with static vectors took 0.47 s more than without, embedding
    /// included); a full scan of 1M rows of 384-byte vectors (what rebuilding the search index
    /// reads) took 1.2 s; but a table clustered by index list, so that a query could read its
    /// lists straight from SQLite, turned inserts into random b-tree writes (1M rows in 400 s) for
    /// probe reads of ~20 ms. So the table stays in id order and the search index
    /// (`InvertedFileIndex`, int8) is a file next to the database, extended or rebuilt from this
    /// table. float16 halves the table against float32 and is exact enough (~1e-3) for the final
    /// re-ranking of candidates.
    ///
    /// `id` only grows: a changed comment gets a new row (and a new id), so an index that has
    /// seen every id up to N knows exactly which rows are new.
    static func registerVectorMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("7-feedback-vectors") { db in
            try db.execute(sql: """
                CREATE TABLE feedback_vector (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    feedback_id INTEGER NOT NULL UNIQUE REFERENCES feedback(id) ON DELETE CASCADE,
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    encoder TEXT NOT NULL,
                    content_hash INTEGER NOT NULL,
                    vector BLOB NOT NULL
                );
                CREATE INDEX feedback_vector_encoder ON feedback_vector(workspace_id, encoder, id);
                """)
        }
    }
}

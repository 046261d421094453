import GRDB

/// Migration "4-theme-rollup": theme analytics read per-day sums instead of joining two million
/// mentions to their comments. Measured on 1M comments / 2.1M mentions: grouping mentions per
/// comment and theme and joining each to `feedback` took 8.9 s; the same slices from the rollup
/// take well under a second.
///
/// - `feedback_theme` folds a comment's mentions of one theme into one row (mean sentiment, any
///   negative, any positive, mention counts). It is clustered by comment, so scans in comment
///   order (driver analysis) read it sequentially. It carries the comment's day, indexed with
///   the theme, so a theme's verbatims for a week are found without visiting its other weeks
///   (an emerging digest with 76 items spent 10 s looking them up through the mentions).
/// - `theme_rollup` holds those rows' sums per day × built-in slice, like `feedback_rollup`. The
///   rows with `theme_key = ''` sum every enriched comment with text (the denominators).
///
/// Triggers keep the rollup in step inside the writing transaction, whatever the writer: an
/// enrichment replacing a comment's themes, or an import moving a comment to another day or
/// segment. Rows whose count falls to zero are removed. While a large enrichment run defers a
/// workspace's rollup (`ThemeRollupDeferral`, migration 10), the triggers leave it alone.
enum ThemeRollupSchema {
    static let sliceColumns = ["day", "week", "segment", "source", "channel", "touchpoint", "stage", "language"]
    static let sumColumns = [
        "comments", "mentions", "sentiment_sum", "sentiment_sum_sq", "negative", "positive",
        "mention_sentiment_sum", "negative_mentions",
    ]

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("4-theme-rollup") { db in
            try db.execute(sql: """
                CREATE TABLE feedback_theme (
                    feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
                    theme_key TEXT NOT NULL,
                    mentions INTEGER NOT NULL,
                    sentiment_score REAL NOT NULL,
                    negative INTEGER NOT NULL,
                    positive INTEGER NOT NULL,
                    mention_sentiment_sum REAL NOT NULL,
                    negative_mentions INTEGER NOT NULL,
                    day TEXT NOT NULL,
                    PRIMARY KEY (feedback_id, theme_key)
                ) WITHOUT ROWID;
                CREATE INDEX feedback_theme_by_day ON feedback_theme(theme_key, day);
                CREATE TABLE theme_rollup (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    theme_key TEXT NOT NULL,
                    day TEXT NOT NULL,
                    week TEXT NOT NULL,
                    segment TEXT NOT NULL,
                    source TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    touchpoint TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    language TEXT NOT NULL,
                    comments INTEGER NOT NULL,
                    mentions INTEGER NOT NULL,
                    sentiment_sum REAL NOT NULL,
                    sentiment_sum_sq REAL NOT NULL,
                    negative INTEGER NOT NULL,
                    positive INTEGER NOT NULL,
                    mention_sentiment_sum REAL NOT NULL,
                    negative_mentions INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, theme_key, day, segment, source, channel, touchpoint, stage, language)
                ) WITHOUT ROWID;
                INSERT INTO feedback_theme
                SELECT m.feedback_id, m.theme_key, COUNT(*), AVG(m.sentiment_score), MAX(m.sentiment_label = 'negative'),
                       MAX(m.sentiment_label = 'positive'), SUM(m.sentiment_score), SUM(m.sentiment_label = 'negative'),
                       f.occurred_day
                FROM feedback_theme_mention m JOIN feedback f ON f.id = m.feedback_id GROUP BY m.feedback_id, m.theme_key;
                INSERT INTO theme_rollup
                SELECT f.workspace_id, t.theme_key, \(sliceOf("f")), COUNT(*), SUM(t.mentions), SUM(t.sentiment_score),
                       SUM(t.sentiment_score * t.sentiment_score), SUM(t.negative), SUM(t.positive),
                       SUM(t.mention_sentiment_sum), SUM(t.negative_mentions)
                FROM feedback_theme t JOIN feedback f ON f.id = t.feedback_id
                GROUP BY 1, 2, 3, 5, 6, 7, 8, 9, 10;
                INSERT INTO theme_rollup
                SELECT f.workspace_id, '', \(sliceOf("f")), COUNT(*), 0, COALESCE(SUM(e.sentiment_score), 0),
                       COALESCE(SUM(e.sentiment_score * e.sentiment_score), 0), COUNT(*) FILTER (WHERE e.sentiment_label = 'negative'),
                       COUNT(*) FILTER (WHERE e.sentiment_label = 'positive'), 0, 0
                FROM feedback_enrichment e JOIN feedback f ON f.id = e.feedback_id
                WHERE f.text IS NOT NULL AND f.text <> ''
                GROUP BY 1, 2, 3, 5, 6, 7, 8, 9, 10;
                """)
            try db.execute(sql: version4Triggers)
        }
        // Migration 4's prunes named a slice without its theme, so each one scanned the
        // workspace's whole rollup: re-enriching 4,000 of 200,000 comments took 39 s, 1 s now.
        migrator.registerMigration("10-theme-rollup-deferral") { db in
            try db.execute(sql: """
                CREATE TABLE theme_rollup_deferral (
                    workspace_id INTEGER NOT NULL REFERENCES workspace(id),
                    owner_pid INTEGER NOT NULL,
                    deferred_at REAL NOT NULL,
                    PRIMARY KEY (workspace_id, owner_pid)
                ) WITHOUT ROWID;
                DROP TRIGGER feedback_theme_added;
                DROP TRIGGER feedback_theme_removed;
                DROP TRIGGER feedback_enrichment_added;
                DROP TRIGGER feedback_enrichment_changed;
                DROP TRIGGER feedback_enrichment_removed;
                DROP TRIGGER feedback_slice_moved;
                """)
            try db.execute(sql: triggers)
        }
    }

    /// The slice columns of feedback row `alias` (OLD, NEW or a table alias), '' where absent.
    private static func sliceOf(_ alias: String) -> String {
        "\(alias).occurred_day, \(alias).occurred_week, COALESCE(\(alias).segment, ''), COALESCE(\(alias).source, ''), "
            + "COALESCE(\(alias).channel, ''), COALESCE(\(alias).touchpoint, ''), COALESCE(\(alias).stage, ''), "
            + "COALESCE(\(alias).language, '')"
    }

    private static let key = "workspace_id, theme_key, day, segment, source, channel, touchpoint, stage, language"

    /// Adds `select` (workspace, theme, slice, then the sums in `sumColumns` order) to the rollup.
    private static func upsert(_ select: String) -> String {
        """
        INSERT INTO theme_rollup (workspace_id, theme_key, \(sliceColumns.joined(separator: ", ")), \(sumColumns.joined(separator: ", ")))
        \(select)
        ON CONFLICT (\(key)) DO UPDATE SET
        \(sumColumns.map { "\($0) = theme_rollup.\($0) + excluded.\($0)" }.joined(separator: ", "));
        """
    }

    /// Migration 4's prune: it names no theme, so SQLite scans the workspace's whole rollup.
    private static func prune(slice: String) -> String {
        """
        DELETE FROM theme_rollup WHERE comments = 0
          AND (workspace_id, day, segment, source, channel, touchpoint, stage, language) = \(slice);
        """
    }

    /// The row value of feedback row `alias`'s slice, for `prune`.
    private static func sliceKey(_ alias: String) -> String {
        "(\(alias).workspace_id, \(alias).occurred_day, COALESCE(\(alias).segment, ''), COALESCE(\(alias).source, ''), "
            + "COALESCE(\(alias).channel, ''), COALESCE(\(alias).touchpoint, ''), COALESCE(\(alias).stage, ''), "
            + "COALESCE(\(alias).language, ''))"
    }

    /// The slice row value of the comment `feedbackID` names.
    private static func sliceKey(ofFeedback feedbackID: String) -> String {
        "(SELECT workspace_id, occurred_day, COALESCE(segment, ''), COALESCE(source, ''), COALESCE(channel, ''), "
            + "COALESCE(touchpoint, ''), COALESCE(stage, ''), COALESCE(language, '') FROM feedback WHERE id = \(feedbackID))"
    }

    /// The sums one `feedback_theme` row `t` contributes, negated when `sign` is "-".
    private static func themeSums(_ t: String, sign: String) -> String {
        "\(sign)1, \(sign)\(t).mentions, \(sign)\(t).sentiment_score, \(sign)\(t).sentiment_score * \(t).sentiment_score, "
            + "\(sign)\(t).negative, \(sign)\(t).positive, \(sign)\(t).mention_sentiment_sum, \(sign)\(t).negative_mentions"
    }

    /// The sums one `feedback_enrichment` row `e` contributes to the '' row.
    private static func enrichmentSums(_ e: String, sign: String) -> String {
        "\(sign)1, 0, \(sign)COALESCE(\(e).sentiment_score, 0), \(sign)COALESCE(\(e).sentiment_score * \(e).sentiment_score, 0), "
            + "\(sign)(\(e).sentiment_label IS 'negative'), \(sign)(\(e).sentiment_label IS 'positive'), 0, 0"
    }

    /// True when an update moved a feedback row to another slice.
    private static let sliceChanged = ["occurred_day", "segment", "source", "channel", "touchpoint", "stage", "language"]
        .map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ")

    private static func hasText(_ alias: String) -> String { "(\(alias).text IS NOT NULL AND \(alias).text <> '')" }

    /// Migration 4's triggers, kept as written so that migration replays unchanged.
    private static var version4Triggers: String {
        return """
            CREATE TRIGGER feedback_theme_added AFTER INSERT ON feedback_theme BEGIN
            \(upsert("SELECT f.workspace_id, NEW.theme_key, \(sliceOf("f")), \(themeSums("NEW", sign: "")) FROM feedback f WHERE f.id = NEW.feedback_id"))
            END;
            CREATE TRIGGER feedback_theme_removed AFTER DELETE ON feedback_theme BEGIN
            \(upsert("SELECT f.workspace_id, OLD.theme_key, \(sliceOf("f")), \(themeSums("OLD", sign: "-")) FROM feedback f WHERE f.id = OLD.feedback_id"))
            \(prune(slice: sliceKey(ofFeedback: "OLD.feedback_id")))
            END;
            CREATE TRIGGER feedback_enrichment_added AFTER INSERT ON feedback_enrichment BEGIN
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("NEW", sign: "")) FROM feedback f WHERE f.id = NEW.feedback_id AND \(hasText("f"))"))
            END;
            CREATE TRIGGER feedback_enrichment_changed AFTER UPDATE OF sentiment_score, sentiment_label ON feedback_enrichment
            WHEN OLD.sentiment_score IS NOT NEW.sentiment_score OR OLD.sentiment_label IS NOT NEW.sentiment_label BEGIN
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("OLD", sign: "-")) FROM feedback f WHERE f.id = OLD.feedback_id AND \(hasText("f"))"))
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("NEW", sign: "")) FROM feedback f WHERE f.id = NEW.feedback_id AND \(hasText("f"))"))
            END;
            CREATE TRIGGER feedback_enrichment_removed AFTER DELETE ON feedback_enrichment BEGIN
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("OLD", sign: "-")) FROM feedback f WHERE f.id = OLD.feedback_id AND \(hasText("f"))"))
            \(prune(slice: sliceKey(ofFeedback: "OLD.feedback_id")))
            END;
            CREATE TRIGGER feedback_slice_moved AFTER UPDATE ON feedback
            WHEN \(sliceChanged) OR \(hasText("OLD")) IS NOT \(hasText("NEW")) BEGIN
            \(upsert("SELECT OLD.workspace_id, t.theme_key, \(sliceOf("OLD")), \(themeSums("t", sign: "-")) FROM feedback_theme t WHERE t.feedback_id = OLD.id"))
            \(upsert("SELECT NEW.workspace_id, t.theme_key, \(sliceOf("NEW")), \(themeSums("t", sign: "")) FROM feedback_theme t WHERE t.feedback_id = NEW.id"))
            \(upsert("SELECT OLD.workspace_id, '', \(sliceOf("OLD")), \(enrichmentSums("e", sign: "-")) FROM feedback_enrichment e WHERE e.feedback_id = OLD.id AND \(hasText("OLD"))"))
            \(upsert("SELECT NEW.workspace_id, '', \(sliceOf("NEW")), \(enrichmentSums("e", sign: "")) FROM feedback_enrichment e WHERE e.feedback_id = NEW.id AND \(hasText("NEW"))"))
            UPDATE feedback_theme SET day = NEW.occurred_day WHERE feedback_id = NEW.id AND day IS NOT NEW.occurred_day;
            \(prune(slice: sliceKey("OLD")))
            END;
            """
    }

    /// Removes emptied rows of the themes `themes` (an `=` or `IN` condition) in the slice that the
    /// row value `slice` names. Every key column is bound, so each prune is a primary-key lookup:
    /// written as one row value `IN (SELECT …)`, SQLite 3.40 used only the workspace column.
    private static func prune(themes: String, slice: String) -> String {
        """
        DELETE FROM theme_rollup WHERE comments = 0 AND theme_key \(themes)
          AND (workspace_id, day, segment, source, channel, touchpoint, stage, language) = \(slice);
        """
    }

    /// True unless the workspace of comment `feedbackID` has its rollup deferred. Cheap when no
    /// deferral exists: the join starts from the empty table.
    private static func notDeferred(feedbackID: String) -> String {
        "NOT EXISTS (SELECT 1 FROM theme_rollup_deferral d JOIN feedback f ON f.workspace_id = d.workspace_id WHERE f.id = \(feedbackID))"
    }

    private static var triggers: String {
        let workspaceNotDeferred = "NOT EXISTS (SELECT 1 FROM theme_rollup_deferral WHERE workspace_id = OLD.workspace_id)"
        return """
            CREATE TRIGGER feedback_theme_added AFTER INSERT ON feedback_theme WHEN \(notDeferred(feedbackID: "NEW.feedback_id")) BEGIN
            \(upsert("SELECT f.workspace_id, NEW.theme_key, \(sliceOf("f")), \(themeSums("NEW", sign: "")) FROM feedback f WHERE f.id = NEW.feedback_id"))
            END;
            CREATE TRIGGER feedback_theme_removed AFTER DELETE ON feedback_theme WHEN \(notDeferred(feedbackID: "OLD.feedback_id")) BEGIN
            \(upsert("SELECT f.workspace_id, OLD.theme_key, \(sliceOf("f")), \(themeSums("OLD", sign: "-")) FROM feedback f WHERE f.id = OLD.feedback_id"))
            \(prune(themes: "= OLD.theme_key", slice: sliceKey(ofFeedback: "OLD.feedback_id")))
            END;
            CREATE TRIGGER feedback_enrichment_added AFTER INSERT ON feedback_enrichment WHEN \(notDeferred(feedbackID: "NEW.feedback_id")) BEGIN
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("NEW", sign: "")) FROM feedback f WHERE f.id = NEW.feedback_id AND \(hasText("f"))"))
            END;
            CREATE TRIGGER feedback_enrichment_changed AFTER UPDATE OF sentiment_score, sentiment_label ON feedback_enrichment
            WHEN (OLD.sentiment_score IS NOT NEW.sentiment_score OR OLD.sentiment_label IS NOT NEW.sentiment_label)
              AND \(notDeferred(feedbackID: "NEW.feedback_id")) BEGIN
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("OLD", sign: "-")) FROM feedback f WHERE f.id = OLD.feedback_id AND \(hasText("f"))"))
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("NEW", sign: "")) FROM feedback f WHERE f.id = NEW.feedback_id AND \(hasText("f"))"))
            END;
            CREATE TRIGGER feedback_enrichment_removed AFTER DELETE ON feedback_enrichment WHEN \(notDeferred(feedbackID: "OLD.feedback_id")) BEGIN
            \(upsert("SELECT f.workspace_id, '', \(sliceOf("f")), \(enrichmentSums("OLD", sign: "-")) FROM feedback f WHERE f.id = OLD.feedback_id AND \(hasText("f"))"))
            \(prune(themes: "= ''", slice: sliceKey(ofFeedback: "OLD.feedback_id")))
            END;
            CREATE TRIGGER feedback_slice_moved AFTER UPDATE ON feedback
            WHEN (\(sliceChanged) OR \(hasText("OLD")) IS NOT \(hasText("NEW"))) AND \(workspaceNotDeferred) BEGIN
            \(upsert("SELECT OLD.workspace_id, t.theme_key, \(sliceOf("OLD")), \(themeSums("t", sign: "-")) FROM feedback_theme t WHERE t.feedback_id = OLD.id"))
            \(upsert("SELECT NEW.workspace_id, t.theme_key, \(sliceOf("NEW")), \(themeSums("t", sign: "")) FROM feedback_theme t WHERE t.feedback_id = NEW.id"))
            \(upsert("SELECT OLD.workspace_id, '', \(sliceOf("OLD")), \(enrichmentSums("e", sign: "-")) FROM feedback_enrichment e WHERE e.feedback_id = OLD.id AND \(hasText("OLD"))"))
            \(upsert("SELECT NEW.workspace_id, '', \(sliceOf("NEW")), \(enrichmentSums("e", sign: "")) FROM feedback_enrichment e WHERE e.feedback_id = NEW.id AND \(hasText("NEW"))"))
            \(prune(themes: "IN (SELECT theme_key FROM feedback_theme WHERE feedback_id = OLD.id UNION ALL SELECT '')", slice: sliceKey("OLD")))
            END;
            CREATE TRIGGER feedback_theme_day_moved AFTER UPDATE ON feedback
            WHEN OLD.occurred_day IS NOT NEW.occurred_day BEGIN
            UPDATE feedback_theme SET day = NEW.occurred_day WHERE feedback_id = NEW.id AND day IS NOT NEW.occurred_day;
            END;
            """
    }
}

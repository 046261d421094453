import GRDB

extension SQLiteStore {
    /// SQLite's own integrity check, then whether each rollup still equals a recomputation from
    /// the rows it summarises, and whether a rollup or an index an import deferred was left
    /// behind. Empty when all is well; otherwise one line per problem.
    public func integrityProblems() async throws -> [String] {
        try await pool.read { db in
            let pages = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            var problems = pages == ["ok"] ? [] : pages
            for (name, sql) in Self.rollupChecks {
                let mismatched = try Int.fetchOne(db, sql: sql) ?? 0
                if mismatched > 0 { problems.append("\(name): \(mismatched) slice(s) differ from a recomputation") }
            }
            problems += try DeferredRollup.abandonedProblems(db: db)
            problems += try ThemeRollupDeferral.abandonedProblems(db: db)
            problems += try DeferredIndex.missingProblems(db: db)
            return problems
        }
    }

    private static let slice = "day, segment, source, channel, touchpoint, stage, language"

    /// Each query counts slices whose stored sums differ from the recomputed ones (integers
    /// exactly, sentiment sums to 1e-6: they are kept by adding and subtracting).
    private static var rollupChecks: [(String, String)] {
        // A rollup an import or enrichment run brings up to date when it finishes is not compared
        // meanwhile; one whose run stopped is reported by `abandonedProblems`.
        let notDeferred = "workspace_id NOT IN (SELECT workspace_id FROM deferred_rollup)"
        let feedbackExpected = """
            SELECT workspace_id, occurred_day AS day, COALESCE(segment, '') AS segment, COALESCE(source, '') AS source,
                   COALESCE(channel, '') AS channel, COALESCE(touchpoint, '') AS touchpoint, COALESCE(stage, '') AS stage,
                   COALESCE(language, '') AS language, \(RollupSQL.tallyAggregates(prefix: ""))
            FROM feedback WHERE \(notDeferred) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """
        let feedbackStored = """
            SELECT workspace_id, \(slice), \(RollupSQL.tallyColumns.joined(separator: ", ")) FROM feedback_rollup WHERE \(notDeferred)
            """
        let themeNotDeferred = "workspace_id NOT IN (\(ThemeRollupDeferral.deferredWorkspaces))"
        let themeExpected = ThemeRollupDeferral.recomputation(workspaceCondition: "f.\(themeNotDeferred)")
        let themeStored = "SELECT * FROM theme_rollup WHERE \(themeNotDeferred)"
        let themeCounts = "workspace_id, theme_key, \(slice), comments, mentions, negative, positive, negative_mentions"
        return [
            ("feedback_rollup", """
                SELECT (SELECT COUNT(*) FROM (SELECT * FROM (\(feedbackExpected)) EXCEPT \(feedbackStored)))
                     + (SELECT COUNT(*) FROM (\(feedbackStored) EXCEPT SELECT * FROM (\(feedbackExpected))))
                """),
            ("feedback_theme.day", """
                SELECT COUNT(*) FROM feedback_theme t JOIN feedback f ON f.id = t.feedback_id WHERE t.day <> f.occurred_day
                """),
            ("theme_rollup", """
                WITH expected AS (\(themeExpected)),
                     stored AS (\(themeStored))
                SELECT (SELECT COUNT(*) FROM (SELECT \(themeCounts) FROM expected EXCEPT SELECT \(themeCounts) FROM stored))
                     + (SELECT COUNT(*) FROM (SELECT \(themeCounts) FROM stored EXCEPT SELECT \(themeCounts) FROM expected))
                     + (SELECT COUNT(*) FROM expected e JOIN stored r USING (workspace_id, theme_key, \(slice))
                        WHERE abs(e.sentiment_sum - r.sentiment_sum) > 1e-6 * max(1, abs(e.sentiment_sum))
                           OR abs(e.mention_sentiment_sum - r.mention_sentiment_sum) > 1e-6 * max(1, abs(e.mention_sentiment_sum)))
                """),
        ]
    }
}

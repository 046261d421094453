import Foundation
import GRDB
import HeardModel

extension SQLiteStore {
    /// Rows never enriched, changed since, or enriched by another model version; in row order
    /// after `afterRowID`, so a caller can walk the table in batches. The walk is a row-id range
    /// (`TallySQL.workspaceScan`): with a plain workspace condition SQLite read the whole
    /// workspace through an index and sorted it for every batch (1M comments: 4.3 s a batch
    /// instead of 9 ms, minutes for one import).
    public func pendingEnrichment(in workspace: WorkspaceID, version: String, afterRowID: Int64, limit: Int) async throws -> [PendingEnrichment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.pendingEnrichmentSQL, arguments: [workspace, afterRowID, version, limit]).map {
                PendingEnrichment(feedbackRowID: $0[0], contentHash: $0[1], text: $0[2])
            }
        }
    }

    /// Never enriched, changed since, or enriched by another version (bound after it).
    private static let pendingCondition = "(e.feedback_id IS NULL OR e.version <> ? OR e.content_hash <> f.content_hash)"

    /// Arguments: workspace, after row id, version, limit.
    static let pendingEnrichmentSQL = """
        SELECT f.id, f.content_hash, f.text FROM feedback f
        LEFT JOIN feedback_enrichment e ON e.feedback_id = f.id
        WHERE \(TallySQL.workspaceScan) AND f.id > ?
          AND \(pendingCondition)
        ORDER BY f.id LIMIT ?
        """

    public func pendingEnrichmentCount(in workspace: WorkspaceID, version: String) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM feedback f
                LEFT JOIN feedback_enrichment e ON e.feedback_id = f.id
                WHERE \(TallySQL.workspaceScan) AND \(Self.pendingCondition)
                """, arguments: [workspace, version]) ?? 0
        }
    }

    /// Replaces the enrichment of each row, in one transaction. Each comment's mentions are also
    /// folded per theme into `feedback_theme`, whose triggers keep `theme_rollup` in step unless
    /// the run defers it (`ThemeRollupDeferral`).
    public func save(_ enrichments: [FeedbackEnrichment]) async throws {
        guard !enrichments.isEmpty else { return }
        try await pool.write { db in
            let removeMentions = try db.cachedStatement(sql: "DELETE FROM feedback_theme_mention WHERE feedback_id = ?")
            let removeThemes = try db.cachedStatement(sql: "DELETE FROM feedback_theme WHERE feedback_id = ?")
            let insertTheme = try db.cachedStatement(sql: """
                INSERT INTO feedback_theme (feedback_id, theme_key, mentions, sentiment_score, negative, positive,
                                            mention_sentiment_sum, negative_mentions, day)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT occurred_day FROM feedback WHERE id = ?1))
                """)
            let insertMention = try db.cachedStatement(sql: """
                INSERT INTO feedback_theme_mention (feedback_id, theme_key, span_start, span_end, sentiment_score, sentiment_label)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO feedback_enrichment (feedback_id, content_hash, version, sentiment_score, sentiment_label, enriched_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (feedback_id) DO UPDATE SET content_hash = excluded.content_hash, version = excluded.version,
                  sentiment_score = excluded.sentiment_score, sentiment_label = excluded.sentiment_label,
                  enriched_at = excluded.enriched_at
                """)
            let now = Date().timeIntervalSince1970
            for item in enrichments {
                try removeMentions.execute(arguments: [item.feedbackRowID])
                try removeThemes.execute(arguments: [item.feedbackRowID])
                for theme in ThemeFold.fold(item.mentions) {
                    try insertTheme.execute(arguments: [
                        item.feedbackRowID, theme.themeKey, theme.mentions, theme.sentimentSum / Double(theme.mentions),
                        theme.negativeMentions > 0, theme.positiveMentions > 0, theme.sentimentSum, theme.negativeMentions,
                    ])
                }
                for mention in item.mentions {
                    try insertMention.execute(arguments: [
                        item.feedbackRowID, mention.themeKey, mention.span.lowerBound, mention.span.upperBound,
                        mention.sentimentScore, mention.sentimentLabel,
                    ])
                }
                try upsert.execute(arguments: [item.feedbackRowID, item.contentHash, item.version, item.sentimentScore, item.sentimentLabel, now])
            }
        }
    }

    /// From the rollup, or while an enrichment run defers it from the enrichment tables.
    public func themeVolumes(in workspace: WorkspaceID) async throws -> [ThemeVolume] {
        try await pool.read { db in
            let deferred = try ThemeRollupDeferral.isDeferred(workspace, db: db)
            let rows = deferred
                ? "(\(ThemeRollupDeferral.recomputation(workspaceCondition: "+f.workspace_id = ?")))"
                : "theme_rollup"
            return try Row.fetchAll(db, sql: """
                SELECT theme_key, SUM(comments), SUM(mentions), SUM(mention_sentiment_sum) / SUM(mentions),
                       CAST(SUM(negative_mentions) AS REAL) / SUM(mentions)
                FROM \(rows)
                WHERE workspace_id = ? AND theme_key <> ''
                GROUP BY theme_key HAVING SUM(mentions) > 0 ORDER BY 2 DESC, 1
                """, arguments: StatementArguments(deferred ? [workspace, workspace, workspace] : [workspace])).map {
                ThemeVolume(themeKey: $0[0], comments: $0[1], mentions: $0[2], meanSentiment: $0[3], negativeShare: $0[4])
            }
        }
    }

    public func enrichmentCoverage(in workspace: WorkspaceID) async throws -> EnrichmentCoverage {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT
                  (SELECT COUNT(*) FROM feedback WHERE workspace_id = ? AND text IS NOT NULL AND text <> ''),
                  (SELECT COUNT(*) FROM feedback_enrichment e JOIN feedback f ON f.id = e.feedback_id WHERE f.workspace_id = ?),
                  (SELECT COUNT(*) FROM feedback f WHERE f.workspace_id = ? AND EXISTS (SELECT 1 FROM feedback_theme t WHERE t.feedback_id = f.id)),
                  (SELECT AVG(e.sentiment_score) FROM feedback_enrichment e JOIN feedback f ON f.id = e.feedback_id WHERE f.workspace_id = ?)
                """, arguments: [workspace, workspace, workspace, workspace])!
            return EnrichmentCoverage(withText: row[0], enriched: row[1], withTheme: row[2], meanSentiment: row[3])
        }
    }

    /// Mentions of a theme, most negative first (the ones to read first), newest first on ties.
    public func verbatims(of themeKey: String, in workspace: WorkspaceID, limit: Int) async throws -> [ThemeVerbatim] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.external_id, f.text, m.span_start, m.span_end, m.sentiment_score
                FROM feedback_theme_mention m JOIN feedback f ON f.id = m.feedback_id
                WHERE f.workspace_id = ? AND m.theme_key = ? AND f.text IS NOT NULL
                ORDER BY m.sentiment_score, f.occurred_at DESC, f.id LIMIT ?
                """, arguments: [workspace, themeKey, limit]).map {
                ThemeVerbatim(externalID: $0[0], text: $0[1], span: ($0[2] as Int)..<($0[3] as Int), sentimentScore: $0[4])
            }
        }
    }

    /// Texts of comments with text but no theme mention (what discovery mines), newest first.
    public func uncoveredTexts(in workspace: WorkspaceID, limit: Int, ignoring themeKeys: [String]) async throws -> [String] {
        try await pool.read { db in
            let ignored = themeKeys.isEmpty ? "" : "AND t.theme_key NOT IN (\(Array(repeating: "?", count: themeKeys.count).joined(separator: ", ")))"
            var arguments: StatementArguments = [workspace]
            arguments += StatementArguments(themeKeys)
            arguments += [limit]
            return try String.fetchAll(db, sql: """
                SELECT f.text FROM feedback f JOIN feedback_enrichment e ON e.feedback_id = f.id
                WHERE f.workspace_id = ? AND f.text IS NOT NULL AND f.text <> ''
                  AND NOT EXISTS (SELECT 1 FROM feedback_theme t WHERE t.feedback_id = f.id \(ignored))
                ORDER BY f.occurred_at DESC, f.id LIMIT ?
                """, arguments: arguments)
        }
    }

    public func deleteThemes(withStatus status: Theme.Status, keyPrefix: String, in workspace: WorkspaceID) async throws {
        try await pool.write { db in
            // instr rather than LIKE: a key's "_" and "%" are plain characters here.
            try db.execute(sql: "DELETE FROM theme WHERE workspace_id = ? AND status = ? AND instr(key, ?) = 1",
                           arguments: [workspace, status.rawValue, keyPrefix])
        }
    }
}

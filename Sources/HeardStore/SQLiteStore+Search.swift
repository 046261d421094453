import Foundation
import GRDB
import HeardModel

extension SQLiteStore {
    public func searchFeedback(_ search: FeedbackSearch, in workspace: WorkspaceID) async throws -> FeedbackSearchPage {
        let limit = max(1, min(search.limit, FeedbackSearch.maximumLimit))
        var arguments: [any DatabaseValueConvertible & Sendable] = [workspace]
        var conditions = ["f.workspace_id = ?"]
        func equals(_ column: String, _ value: (any DatabaseValueConvertible & Sendable)?) {
            guard let value else { return }
            conditions.append("\(column) = ?")
            arguments.append(value)
        }
        if let from = search.from { conditions.append("f.occurred_day >= ?"); arguments.append(from.description) }
        if let until = search.until { conditions.append("f.occurred_day < ?"); arguments.append(until.description) }
        equals("f.segment", search.segment)
        equals("c.persona_id", search.personaID)
        equals("f.channel", search.channel)
        equals("f.touchpoint", search.touchpoint)
        equals("e.sentiment_label", search.sentiment)
        if let theme = search.themeKey {
            conditions.append("EXISTS (SELECT 1 FROM feedback_theme_mention m WHERE m.feedback_id = f.id AND m.theme_key = ?)")
            arguments.append(theme)
        }
        if let themes = search.restrictToThemes {
            conditions.append("""
                EXISTS (SELECT 1 FROM feedback_theme_mention m WHERE m.feedback_id = f.id
                        AND m.theme_key IN (SELECT value FROM json_each(?)))
                """)
            arguments.append(JSONText.encode(themes))
        }
        if let needle = search.textContains, !needle.isEmpty {
            conditions.append("instr(lower(f.text), lower(?)) > 0")
            arguments.append(needle)
        }
        if search.withTextOnly { conditions.append("f.text IS NOT NULL AND f.text <> ''") }
        if let after = search.after {
            conditions.append("(f.occurred_at < ? OR (f.occurred_at = ? AND f.id < ?))")
            arguments += [after.occurredAt, after.occurredAt, after.rowID]
        }
        arguments.append(limit + 1)
        let sql = """
            SELECT f.id, f.external_id, f.occurred_at, f.source, f.channel, f.touchpoint, f.segment, f.customer_id,
                   p.name, f.text, f.nps, f.csat, f.ces, f.stars, e.sentiment_score, e.sentiment_label
            FROM feedback f
            LEFT JOIN feedback_enrichment e ON e.feedback_id = f.id
            LEFT JOIN customer c ON c.workspace_id = f.workspace_id AND c.external_id = f.customer_id
            LEFT JOIN persona p ON p.id = c.persona_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY f.occurred_at DESC, f.id DESC
            LIMIT ?
            """
        let bound = BreakdownSQL.bound(arguments)
        return try await pool.read { db in
            var hits = try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                FeedbackSearchHit(
                    rowID: row[0], externalID: row[1], occurredAt: Date(timeIntervalSince1970: row[2]), source: row[3],
                    channel: row[4], touchpoint: row[5], segment: row[6], customerID: row[7], personaName: row[8],
                    text: row[9], nps: row[10], csat: row[11], ces: row[12], stars: row[13],
                    sentimentScore: row[14], sentimentLabel: row[15], mentions: [])
            }
            let hasMore = hits.count > limit
            if hasMore { hits.removeLast() }
            if !hits.isEmpty {
                let index = Dictionary(uniqueKeysWithValues: hits.enumerated().map { ($1.rowID, $0) })
                let mentions = try Row.fetchCursor(db, sql: """
                    SELECT feedback_id, theme_key, span_start, span_end, sentiment_score, sentiment_label
                    FROM feedback_theme_mention WHERE feedback_id IN (SELECT value FROM json_each(?))
                    ORDER BY feedback_id, span_start, span_end
                    """, arguments: ["[" + hits.map { String($0.rowID) }.joined(separator: ",") + "]"])
                while let row = try mentions.next() {
                    guard let position = index[row[0]] else { continue }
                    hits[position].mentions.append(FeedbackEnrichment.Mention(
                        themeKey: row[1], span: (row[2] as Int)..<(row[3] as Int), sentimentScore: row[4], sentimentLabel: row[5]))
                }
            }
            return FeedbackSearchPage(hits: hits, next: hasMore ? hits.last?.cursor : nil)
        }
    }

    public func feedbackVersion(in workspace: WorkspaceID) async throws -> FeedbackVersion {
        try await pool.read { db in
            // Feedback counts walk the feedback_recent index (covering); enrichment is counted for
            // all workspaces, without a join: a version only needs to change, not to be exact.
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM feedback WHERE workspace_id = ?),
                       (SELECT COALESCE(MAX(id), 0) FROM feedback WHERE workspace_id = ?),
                       (SELECT COUNT(*) FROM feedback_enrichment),
                       (SELECT COALESCE(MAX(feedback_id), 0) FROM feedback_enrichment)
                """, arguments: [workspace, workspace])!
            return FeedbackVersion(feedback: row[0], lastRowID: row[1], enriched: row[2], lastEnrichedRowID: row[3])
        }
    }
}

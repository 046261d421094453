import Foundation
import GRDB
import HeardModel

/// The aggregate reads behind trends, emerging issues, drivers, theme impact and money. Each
/// is one query that the database groups; none loads comments to count them.
extension SQLiteStore {
    public func themeSlices(_ query: TallyQuery, in workspace: WorkspaceID) async throws -> [ThemeSlice] {
        let group = BreakdownSQL(query.breakdown)
        let period = TallySQL.periodExpression(query.period, day: "f.occurred_day", week: "f.occurred_week")
        var themeArguments = group.arguments
        themeArguments.append(workspace)
        let themeConditions = ["f.workspace_id = ?"] + TallySQL.filterConditions(
            query.filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &themeArguments)
        var totalArguments = group.arguments
        totalArguments.append(workspace)
        let totalConditions = ["f.workspace_id = ?"] + TallySQL.filterConditions(
            query.filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &totalArguments)
        // Mentions are first folded to one row per comment and theme (the index on
        // (theme_key, feedback_id) serves that grouping), then joined to their comment.
        let themeSQL = """
            SELECT m.theme_key, \(group.expression) AS grp, \(period) AS period, COUNT(*), SUM(m.score), SUM(m.score * m.score),
                   SUM(m.negative), SUM(m.positive)
            FROM (SELECT theme_key, feedback_id, AVG(sentiment_score) AS score,
                         MAX(sentiment_label = 'negative') AS negative, MAX(sentiment_label = 'positive') AS positive
                  FROM feedback_theme_mention GROUP BY theme_key, feedback_id) m
            JOIN feedback f ON f.id = m.feedback_id
            \(group.joins)
            WHERE \(themeConditions.joined(separator: " AND "))
            GROUP BY m.theme_key, grp, period
            """
        let totalSQL = """
            SELECT NULL, \(group.expression) AS grp, \(period) AS period, COUNT(*), SUM(e.sentiment_score),
                   SUM(e.sentiment_score * e.sentiment_score), SUM(e.sentiment_label = 'negative'), SUM(e.sentiment_label = 'positive')
            FROM feedback_enrichment e JOIN feedback f ON f.id = e.feedback_id
            \(group.joins)
            WHERE \(totalConditions.joined(separator: " AND ")) AND f.text IS NOT NULL AND f.text <> ''
            GROUP BY grp, period
            """
        let queries = [(themeSQL, BreakdownSQL.bound(themeArguments)), (totalSQL, BreakdownSQL.bound(totalArguments))]
        return try await pool.read { db in
            var slices: [ThemeSlice] = []
            for (sql, arguments) in queries {
                let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try rows.next() {
                    let periodText: String? = row[2]
                    slices.append(ThemeSlice(
                        themeKey: row[0], group: BreakdownSQL.text(row[1]), periodStart: periodText.flatMap { CalendarDay(iso: $0) },
                        comments: row[3], sentimentSum: row[4] ?? 0, sentimentSumOfSquares: row[5] ?? 0,
                        negative: row[6] ?? 0, positive: row[7] ?? 0))
                }
            }
            return slices
        }
    }

    public func themeTallies(breakdown: Breakdown?, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [ThemeTally] {
        let group = BreakdownSQL(breakdown)
        var arguments = group.arguments
        arguments.append(workspace)
        let conditions = ["f.workspace_id = ?"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        let sql = """
            SELECT m.theme_key, \(group.expression) AS grp, \(RollupSQL.tallyAggregates(prefix: "f."))
            FROM (SELECT DISTINCT theme_key, feedback_id FROM feedback_theme_mention) m
            JOIN feedback f ON f.id = m.feedback_id
            \(group.joins)
            WHERE \(conditions.joined(separator: " AND "))
            GROUP BY m.theme_key, grp
            ORDER BY m.theme_key, grp
            """
        let bound = BreakdownSQL.bound(arguments)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map {
                ThemeTally(themeKey: $0[0], group: BreakdownSQL.text($0[1]), tally: RollupSQL.tally(from: $0, startingAt: 2))
            }
        }
    }

    public func scoredComments(target: ScoreScale, breakdown: Breakdown?, filter: FeedbackFilter, afterRowID: Int64,
                               limit: Int, in workspace: WorkspaceID) async throws -> ScoredCommentPage {
        let group = BreakdownSQL(breakdown)
        var arguments = group.arguments
        arguments.append(workspace)
        arguments.append(afterRowID)
        let conditions = ["f.workspace_id = ?", "f.id > ?", "f.\(target.rawValue) IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        arguments.append(limit)
        let sql = """
            WITH page AS (
              SELECT f.id AS id, f.\(target.rawValue) AS target, \(group.expression) AS grp
              FROM feedback f JOIN feedback_enrichment e ON e.feedback_id = f.id
              \(group.joins)
              WHERE \(conditions.joined(separator: " AND "))
              ORDER BY f.id LIMIT ?)
            SELECT page.id, page.target, page.grp, m.theme_key, AVG(m.sentiment_score)
            FROM page LEFT JOIN feedback_theme_mention m ON m.feedback_id = page.id
            GROUP BY page.id, m.theme_key
            ORDER BY page.id
            """
        let wantsGroups = breakdown != nil
        let bound = BreakdownSQL.bound(arguments)
        return try await pool.read { db in
            // Read through SQLite's C API: a driver run streams a million comments and their
            // mentions, and GRDB's Row decoding would be most of its time.
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(bound)
            let rows = BoundStatement(statement, in: db)
            var page = ScoredCommentPage()
            var current: Int64?
            while try rows.step() {
                let id = rows.int64(column: 0) ?? 0
                if id != current {
                    if current != nil { page.mentionStart.append(page.mentionTheme.count) }
                    current = id
                    page.targets.append(rows.double(column: 1) ?? 0)
                    if wantsGroups { page.groups.append(rows.text(column: 2)) }
                }
                if let theme = rows.text(column: 3) {
                    page.mentionTheme.append(theme)
                    page.mentionSentiment.append(rows.double(column: 4) ?? 0)
                }
            }
            if current != nil { page.mentionStart.append(page.mentionTheme.count) }
            page.lastRowID = current
            return page
        }
    }

    public func themeCustomerValues(valueAttribute: String, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [ThemeCustomerValue] {
        var arguments: [any DatabaseValueConvertible & Sendable] = [workspace]
        let conditions = ["f.workspace_id = ?", "f.customer_id IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        let path = TallySQL.jsonPath(valueAttribute)
        // A customer is at risk for a theme when any comment of theirs that mentions it is a
        // detractor answer or a negative mention; the total row uses the comment's own label.
        let sql = """
            WITH per_theme AS (
              SELECT m.theme_key AS theme, f.customer_id AS customer,
                     MAX(COALESCE(f.nps <= 6, 0) OR m.sentiment_label = 'negative') AS at_risk
              FROM feedback_theme_mention m JOIN feedback f ON f.id = m.feedback_id
              WHERE \(conditions.joined(separator: " AND "))
              GROUP BY m.theme_key, f.customer_id),
            per_customer AS (
              SELECT NULL AS theme, f.customer_id AS customer,
                     MAX(COALESCE(f.nps <= 6, 0) OR COALESCE(e.sentiment_label = 'negative', 0)) AS at_risk
              FROM feedback f LEFT JOIN feedback_enrichment e ON e.feedback_id = f.id
              WHERE \(conditions.joined(separator: " AND "))
              GROUP BY f.customer_id),
            everyone AS (SELECT * FROM per_theme UNION ALL SELECT * FROM per_customer),
            valued AS (
              SELECT everyone.theme, everyone.at_risk,
                     CASE WHEN json_type(c.attributes, ?) IN ('integer', 'real') THEN json_extract(c.attributes, ?)
                          WHEN json_type(c.attributes, ?) = 'text' AND CAST(json_extract(c.attributes, ?) AS REAL) <> 0
                            THEN CAST(json_extract(c.attributes, ?) AS REAL) END AS value
              FROM everyone LEFT JOIN customer c ON c.workspace_id = ? AND c.external_id = everyone.customer)
            SELECT theme, COUNT(*), SUM(at_risk), COALESCE(SUM(value), 0), COALESCE(SUM(CASE WHEN at_risk THEN value END), 0), COUNT(value)
            FROM valued GROUP BY theme ORDER BY theme
            """
        let all = arguments + arguments + [path, path, path, path, path, workspace]
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: BreakdownSQL.bound(all)).map {
                ThemeCustomerValue(themeKey: $0[0], customers: $0[1], atRiskCustomers: $0[2], value: $0[3], atRiskValue: $0[4],
                                   customersWithValue: $0[5])
            }
        }
    }

    public func outcomeTallies(split: OutcomeSplit, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [OutcomeTally] {
        var arguments: [any DatabaseValueConvertible & Sendable] = [workspace]
        let conditions = ["f.workspace_id = ?", "f.customer_id IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        let cells: String
        switch split {
        case .theme:
            cells = """
                SELECT DISTINCT m.theme_key AS cell, f.customer_id AS customer
                FROM feedback_theme_mention m JOIN feedback f ON f.id = m.feedback_id
                WHERE \(conditions.joined(separator: " AND "))
                """
        case .npsBand:
            // The band of each customer's latest NPS answer in the slice.
            cells = """
                SELECT CASE WHEN nps >= 9 THEN 'promoter' WHEN nps >= 7 THEN 'passive' ELSE 'detractor' END AS cell, customer
                FROM (SELECT f.customer_id AS customer, f.nps AS nps,
                             ROW_NUMBER() OVER (PARTITION BY f.customer_id ORDER BY f.occurred_at DESC, f.id DESC) AS latest
                      FROM feedback f WHERE \(conditions.joined(separator: " AND ")) AND f.nps IS NOT NULL)
                WHERE latest = 1
                """
        }
        // Interactions are reached through their (workspace, customer) index from each cell's
        // customer; joining two materialised CTEs instead made SQLite compare every pair.
        let sql = """
            WITH cells AS (\(cells))
            SELECT cells.cell, NULL, COUNT(*),
                   COALESCE(SUM((SELECT SUM(COALESCE(i.value, 0)) FROM interaction i
                                 WHERE i.workspace_id = ? AND i.customer_id = cells.customer)), 0)
            FROM cells GROUP BY cells.cell
            UNION ALL
            SELECT cells.cell, i.outcome, COUNT(DISTINCT cells.customer), COALESCE(SUM(COALESCE(i.value, 0)), 0)
            FROM cells JOIN interaction i ON i.workspace_id = ? AND i.customer_id = cells.customer
            WHERE i.outcome IS NOT NULL AND i.outcome <> ''
            GROUP BY cells.cell, i.outcome
            """
        let all = arguments + [workspace, workspace]
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: BreakdownSQL.bound(all)).map {
                OutcomeTally(cell: $0[0], outcome: $0[1], customers: $0[2], value: $0[3])
            }
        }
    }

    public func themeVerbatims(of themeKey: String, filter: FeedbackFilter, breakdown: Breakdown?, group: String?,
                               limit: Int, in workspace: WorkspaceID) async throws -> [ThemeVerbatim] {
        let grouping = BreakdownSQL(breakdown)
        var arguments: [any DatabaseValueConvertible & Sendable] = [workspace, themeKey]
        var conditions = ["f.workspace_id = ?", "m.theme_key = ?", "f.text IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        if breakdown != nil {
            if let group {
                conditions.append("\(grouping.expression) = ?")
                arguments += grouping.arguments + [group]
            } else {
                conditions.append("\(grouping.expression) IS NULL")
                arguments += grouping.arguments
            }
        }
        arguments.append(limit)
        let sql = """
            SELECT f.external_id, f.text, m.span_start, m.span_end, m.sentiment_score
            FROM feedback_theme_mention m JOIN feedback f ON f.id = m.feedback_id
            \(grouping.joins)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY m.sentiment_score, f.occurred_at DESC, f.id LIMIT ?
            """
        let bound = BreakdownSQL.bound(arguments)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map {
                ThemeVerbatim(externalID: $0[0], text: $0[1], span: ($0[2] as Int)..<($0[3] as Int), sentimentScore: $0[4])
            }
        }
    }

    public func customerProfiles(_ customerIDs: [String], in workspace: WorkspaceID) async throws -> [CustomerProfile] {
        guard !customerIDs.isEmpty else { return [] }
        let ids = JSONText.encode(customerIDs)
        return try await pool.read { db in
            var profiles: [String: CustomerProfile] = [:]
            let customers = try Row.fetchCursor(db, sql: """
                SELECT external_id, attributes FROM customer
                WHERE workspace_id = ? AND external_id IN (SELECT value FROM json_each(?))
                """, arguments: [workspace, ids])
            while let row = try customers.next() {
                let id: String = row[0]
                profiles[id] = CustomerProfile(externalID: id, attributes: JSONText.decodeObject(row[1]))
            }
            let feedback = try Row.fetchCursor(db, sql: """
                SELECT f.customer_id, COUNT(*), COUNT(f.nps), COALESCE(SUM(f.nps), 0), COALESCE(SUM(e.sentiment_score), 0), COUNT(e.feedback_id)
                FROM feedback f LEFT JOIN feedback_enrichment e ON e.feedback_id = f.id
                WHERE f.workspace_id = ? AND f.customer_id IN (SELECT value FROM json_each(?))
                GROUP BY f.customer_id
                """, arguments: [workspace, ids])
            while let row = try feedback.next() {
                let id: String = row[0]
                var profile = profiles[id] ?? CustomerProfile(externalID: id, attributes: [:])
                profile.feedback = row[1]
                profile.npsCount = row[2]
                profile.npsSum = row[3]
                profile.sentimentSum = row[4]
                profile.enriched = row[5]
                profiles[id] = profile
            }
            let themes = try Row.fetchCursor(db, sql: """
                SELECT f.customer_id, m.theme_key, COUNT(DISTINCT f.id)
                FROM feedback_theme_mention m JOIN feedback f ON f.id = m.feedback_id
                WHERE f.workspace_id = ? AND f.customer_id IN (SELECT value FROM json_each(?))
                GROUP BY f.customer_id, m.theme_key
                """, arguments: [workspace, ids])
            while let row = try themes.next() {
                let id: String = row[0]
                profiles[id, default: CustomerProfile(externalID: id, attributes: [:])].themeComments[row[1]] = row[2]
            }
            return customerIDs.compactMap { profiles[$0] }
        }
    }
}

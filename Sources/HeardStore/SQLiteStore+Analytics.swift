import Foundation
import GRDB
import HeardModel

/// The aggregate reads behind trends, emerging issues, drivers, theme impact and money. Each
/// is one query that the database groups; none loads comments to count them.
extension SQLiteStore {
    public func themeSlices(_ query: TallyQuery, in workspace: WorkspaceID) async throws -> [ThemeSlice] {
        try await pool.read { db in
            let rollupIsCurrent = try !ThemeRollupDeferral.isDeferred(workspace, db: db)
            let (sql, arguments) = Self.themeSliceSQL(query, workspace: workspace, rollupIsCurrent: rollupIsCurrent)
            var slices: [ThemeSlice] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let themeKey: String = row[0]
                let periodText: String? = row[2]
                slices.append(ThemeSlice(
                    themeKey: themeKey.isEmpty ? nil : themeKey, group: BreakdownSQL.text(row[1]),
                    periodStart: periodText.flatMap { CalendarDay(iso: $0) },
                    comments: row[3], sentimentSum: row[4] ?? 0, sentimentSumOfSquares: row[5] ?? 0,
                    negative: row[6] ?? 0, positive: row[7] ?? 0))
            }
            return slices
        }
    }

    /// Built-in breakdowns read `theme_rollup`, where theme '' holds the totals. Persona,
    /// metadata and customer breakdowns, and any while an enrichment run defers the rollup, fold
    /// each comment's themes and total themselves.
    private static func themeSliceSQL(_ query: TallyQuery, workspace: WorkspaceID, rollupIsCurrent: Bool) -> (String, StatementArguments) {
        if rollupIsCurrent, let column = TallySQL.rollupColumn(for: query.breakdown) {
            var arguments: [any DatabaseValueConvertible & Sendable] = [workspace]
            let conditions = ["r.workspace_id = ?"] + TallySQL.filterConditions(
                query.filter, day: "r.day", source: "r.source", channel: "r.channel", arguments: &arguments)
            let group = column.map { "NULLIF(r.\($0), '')" } ?? "NULL"
            let period = TallySQL.periodExpression(query.period, day: "r.day", week: "r.week")
            return ("""
                SELECT r.theme_key, \(group) AS grp, \(period) AS period, SUM(r.comments), SUM(r.sentiment_sum),
                       SUM(r.sentiment_sum_sq), SUM(r.negative), SUM(r.positive)
                FROM theme_rollup r
                WHERE \(conditions.joined(separator: " AND "))
                GROUP BY r.theme_key, grp, period
                HAVING SUM(r.comments) > 0
                """, BreakdownSQL.bound(arguments))
        }
        let group = BreakdownSQL(query.breakdown)
        let period = TallySQL.periodExpression(query.period, day: "f.occurred_day", week: "f.occurred_week")
        var arguments = group.arguments
        arguments.append(workspace)
        let conditions = [TallySQL.workspaceScan] + TallySQL.filterConditions(
            query.filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        let filtered = conditions.joined(separator: " AND ")
        // One pass over the comments in row order: each one's theme folds (clustered by comment)
        // and its enrichment are found by primary key.
        return ("""
            WITH scoped AS (
              SELECT f.id AS id, \(group.expression) AS grp, \(period) AS period,
                     (f.text IS NOT NULL AND f.text <> '') AS has_text
              FROM feedback f \(group.joins)
              WHERE \(filtered))
            SELECT t.theme_key, s.grp, s.period, COUNT(*), SUM(t.sentiment_score), SUM(t.sentiment_score * t.sentiment_score),
                   SUM(t.negative), SUM(t.positive)
            FROM scoped s JOIN feedback_theme t ON t.feedback_id = s.id
            GROUP BY t.theme_key, s.grp, s.period
            UNION ALL
            SELECT '', s.grp, s.period, COUNT(*), SUM(e.sentiment_score), SUM(e.sentiment_score * e.sentiment_score),
                   SUM(e.sentiment_label = 'negative'), SUM(e.sentiment_label = 'positive')
            FROM scoped s JOIN feedback_enrichment e ON e.feedback_id = s.id
            WHERE s.has_text
            GROUP BY s.grp, s.period
            """, BreakdownSQL.bound(arguments))
    }

    public func themeTallies(breakdown: Breakdown?, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [ThemeTally] {
        let group = BreakdownSQL(breakdown)
        var arguments = group.arguments
        arguments.append(workspace)
        let conditions = [TallySQL.workspaceScan] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        let sql = """
            SELECT m.theme_key, \(group.expression) AS grp, \(RollupSQL.tallyAggregates(prefix: "f."))
            FROM feedback f JOIN feedback_theme m ON m.feedback_id = f.id
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
        var filterArguments: [any DatabaseValueConvertible & Sendable] = []
        // Pages are ranges of row ids read in row order; on the (workspace, external id) index
        // each page of 50,000 cost as much as scanning the whole workspace.
        let conditions = [TallySQL.workspaceScan, "f.id > ?", "f.id <= ?", "f.\(target.rawValue) IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &filterArguments)
        let sql = """
            SELECT f.id, f.\(target.rawValue), \(group.expression), t.theme_key, t.sentiment_score
            FROM feedback f JOIN feedback_enrichment e ON e.feedback_id = f.id
            \(group.joins)
            LEFT JOIN feedback_theme t ON t.feedback_id = f.id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY f.id
            """
        let wantsGroups = breakdown != nil
        let span = Int64(max(1, limit))
        let leading = group.arguments, trailing = filterArguments
        return try await pool.read { db in
            let lastID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM feedback") ?? 0
            // Read through SQLite's C API: a driver run streams a million comments and their
            // themes, and GRDB's Row decoding would be most of its time.
            let statement = try db.makeStatement(sql: sql)
            var page = ScoredCommentPage()
            var low = afterRowID
            while low < lastID && page.count == 0 {
                let high = min(low + span, lastID)
                try statement.setArguments(BreakdownSQL.bound(leading + [workspace, low, high] + trailing))
                let rows = BoundStatement(statement, in: db)
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
                page.lastRowID = high
                low = high
            }
            if page.count == 0 { page.lastRowID = nil }
            return page
        }
    }

    public func themeCustomerValues(valueAttribute: String, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [ThemeCustomerValue] {
        let path = TallySQL.jsonPath(valueAttribute)
        let valueSQL = """
            SELECT external_id, CASE WHEN json_type(attributes, ?1) IN ('integer', 'real') THEN json_extract(attributes, ?1)
                                     WHEN json_type(attributes, ?1) = 'text' AND CAST(json_extract(attributes, ?1) AS REAL) <> 0
                                       THEN CAST(json_extract(attributes, ?1) AS REAL) END
            FROM customer WHERE workspace_id = ?2
            """
        return try await pool.read { db in
            // Each customer's JSON is read once, not once per theme they mention.
            var values: [String: Double] = [:]
            let valueStatement = try db.makeStatement(sql: valueSQL)
            var binder = BoundStatement(valueStatement, in: db)
            binder.bind(path)
            binder.bind(workspace)
            while try binder.step() {
                if let customer = binder.text(column: 0), let value = binder.double(column: 1) { values[customer] = value }
            }
            return try Self.customerThemeMarks(filter: filter, workspace: workspace, db: db).totals(values: values)
        }
    }

    /// Which customers mentioned each theme (and who commented at all), and whether any of it put
    /// them at risk: a detractor answer, a negative mention of the theme or, for the all-comments
    /// row, a negative comment. One pass in row order, folded here: grouping by theme and
    /// customer in SQL (two million rows through a temporary B-tree) and joining per row took
    /// 42 s for revenue at a million comments.
    private static func customerThemeMarks(filter: FeedbackFilter, workspace: WorkspaceID, db: Database) throws -> CustomerThemeMarks {
        var arguments: [any DatabaseValueConvertible & Sendable] = [workspace]
        let conditions = [TallySQL.workspaceScan, "f.customer_id IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        let statement = try db.makeStatement(sql: """
            SELECT f.customer_id, COALESCE(f.nps <= 6, 0), COALESCE(e.sentiment_label = 'negative', 0), t.theme_key, t.negative
            FROM feedback f
            LEFT JOIN feedback_enrichment e ON e.feedback_id = f.id
            LEFT JOIN feedback_theme t ON t.feedback_id = f.id
            WHERE \(conditions.joined(separator: " AND "))
            """)
        try statement.setArguments(BreakdownSQL.bound(arguments))
        let rows = BoundStatement(statement, in: db)
        var marks = CustomerThemeMarks()
        var lastCustomerText: String?
        var customer = 0
        while try rows.step() {
            guard let customerText = rows.text(column: 0) else { continue }
            if customerText != lastCustomerText {
                customer = marks.customerIndex(customerText)
                lastCustomerText = customerText
            }
            let detractor = (rows.int64(column: 1) ?? 0) != 0
            marks.mark(customer: customer, theme: nil, atRisk: detractor || (rows.int64(column: 2) ?? 0) != 0)
            if let theme = rows.text(column: 3) {
                marks.mark(customer: customer, theme: theme, atRisk: detractor || (rows.int64(column: 4) ?? 0) != 0)
            }
        }
        return marks
    }

    public func outcomeTallies(split: OutcomeSplit, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [OutcomeTally] {
        var arguments: [any DatabaseValueConvertible & Sendable] = [workspace]
        let conditions = [TallySQL.workspaceScan, "f.customer_id IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "f.occurred_day", source: "f.source", channel: "f.channel", arguments: &arguments)
        // The band of each customer's latest NPS answer in the slice.
        let bandSQL = """
            SELECT customer, CASE WHEN nps >= 9 THEN 'promoter' WHEN nps >= 7 THEN 'passive' ELSE 'detractor' END
            FROM (SELECT f.customer_id AS customer, f.nps AS nps,
                         ROW_NUMBER() OVER (PARTITION BY f.customer_id ORDER BY f.occurred_at DESC, f.id DESC) AS latest
                  FROM feedback f WHERE \(conditions.joined(separator: " AND ")) AND f.nps IS NOT NULL)
            WHERE latest = 1
            """
        let interactionSQL = """
            SELECT customer_id, COALESCE(outcome, ''), SUM(COALESCE(value, 0)) FROM interaction
            WHERE workspace_id = ? GROUP BY customer_id, outcome
            """
        let bound = BreakdownSQL.bound(arguments)
        return try await pool.read { db in
            // Cells and interactions are joined per customer here: in SQL, each of 1.6 million
            // (theme, customer) cells looked up its customer's interactions twice.
            var cells: [(cell: String, customer: String)] = []
            switch split {
            case .theme:
                cells = try Self.customerThemeMarks(filter: filter, workspace: workspace, db: db).themeCustomers()
            case .npsBand:
                let statement = try db.makeStatement(sql: bandSQL)
                try statement.setArguments(bound)
                let rows = BoundStatement(statement, in: db)
                while try rows.step() {
                    if let customer = rows.text(column: 0), let band = rows.text(column: 1) { cells.append((band, customer)) }
                }
            }
            var history: [String: CustomerOutcomes] = [:]
            let statement = try db.makeStatement(sql: interactionSQL)
            var rows = BoundStatement(statement, in: db)
            rows.bind(workspace)
            while try rows.step() {
                guard let customer = rows.text(column: 0) else { continue }
                let outcome = rows.text(column: 1) ?? "", value = rows.double(column: 2) ?? 0
                history[customer, default: CustomerOutcomes()].add(outcome: outcome, value: value)
            }
            return CustomerOutcomes.tallies(cells: cells, history: history)
        }
    }

    public func themeVerbatims(of themeKey: String, filter: FeedbackFilter, breakdown: Breakdown?, group: String?,
                               limit: Int, in workspace: WorkspaceID) async throws -> [ThemeVerbatim] {
        let grouping = BreakdownSQL(breakdown)
        var arguments: [any DatabaseValueConvertible & Sendable] = [themeKey, workspace]
        // The theme's comments in the period come from the (theme, day) index; only they are
        // joined to their rows and mentions.
        var conditions = ["t.theme_key = ?", "+f.workspace_id = ?", "f.text IS NOT NULL"] + TallySQL.filterConditions(
            filter, day: "t.day", source: "f.source", channel: "f.channel", arguments: &arguments)
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
            FROM feedback_theme t
            JOIN feedback f ON f.id = t.feedback_id
            JOIN feedback_theme_mention m ON m.feedback_id = t.feedback_id AND m.theme_key = t.theme_key
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

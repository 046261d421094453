import GRDB
import HeardModel

/// Builds the one aggregate query behind every metric: sufficient statistics per group and
/// period, computed by the database. Keys of `meta.KEY` and `customer.KEY` are bound as
/// parameters (JSON paths), never spliced into the SQL text.
struct TallySQL {
    var text: String
    var arguments: StatementArguments

    init(query: TallyQuery, workspace: WorkspaceID) {
        var arguments: [any DatabaseValueConvertible & Sendable] = []
        var joins = ""
        let groupExpression: String
        switch query.breakdown {
        case nil: groupExpression = "NULL"
        case .segment: groupExpression = "f.segment"
        case .channel: groupExpression = "f.channel"
        case .source: groupExpression = "f.source"
        case .touchpoint: groupExpression = "f.touchpoint"
        case .stage: groupExpression = "f.stage"
        case .language: groupExpression = "f.language"
        case let .metadata(key):
            groupExpression = "json_extract(f.metadata, ?)"
            arguments.append(Self.jsonPath(key))
        case let .customerAttribute(key):
            groupExpression = "json_extract(c.attributes, ?)"
            arguments.append(Self.jsonPath(key))
            joins = "LEFT JOIN customer c ON c.workspace_id = f.workspace_id AND c.external_id = f.customer_id"
        case .persona:
            groupExpression = "p.name"
            joins = """
                LEFT JOIN customer c ON c.workspace_id = f.workspace_id AND c.external_id = f.customer_id
                LEFT JOIN persona p ON p.id = c.persona_id
                """
        }
        let periodExpression: String
        switch query.period {
        case nil: periodExpression = "NULL"
        case .day: periodExpression = "f.occurred_day"
        case .week: periodExpression = "f.occurred_week"
        case .month: periodExpression = "substr(f.occurred_day, 1, 7) || '-01'"
        case .quarter:
            periodExpression = """
                substr(f.occurred_day, 1, 5) || CASE (CAST(substr(f.occurred_day, 6, 2) AS INTEGER) + 2) / 3
                  WHEN 1 THEN '01' WHEN 2 THEN '04' WHEN 3 THEN '07' ELSE '10' END || '-01'
                """
        }
        var conditions = ["f.workspace_id = ?"]
        arguments.append(workspace)
        if let from = query.filter.from {
            conditions.append("f.occurred_day >= ?")
            arguments.append(from.description)
        }
        if let until = query.filter.until {
            conditions.append("f.occurred_day < ?")
            arguments.append(until.description)
        }
        if !query.filter.sources.isEmpty {
            conditions.append("f.source IN (\(Array(repeating: "?", count: query.filter.sources.count).joined(separator: ", ")))")
            arguments.append(contentsOf: query.filter.sources.map(\.rawValue))
        }
        if !query.filter.channels.isEmpty {
            conditions.append("f.channel IN (\(Array(repeating: "?", count: query.filter.channels.count).joined(separator: ", ")))")
            arguments.append(contentsOf: query.filter.channels)
        }
        text = """
            SELECT \(groupExpression) AS grp, \(periodExpression) AS period,
              COUNT(*), COUNT(f.nps), COUNT(*) FILTER (WHERE f.nps >= 9), COUNT(*) FILTER (WHERE f.nps <= 6),
              COUNT(f.csat), COUNT(*) FILTER (WHERE f.csat >= 4),
              COUNT(f.ces), COALESCE(SUM(f.ces), 0), COALESCE(SUM(f.ces * f.ces), 0), COUNT(*) FILTER (WHERE f.ces >= 5),
              COUNT(f.stars), COALESCE(SUM(f.stars), 0), COALESCE(SUM(f.stars * f.stars), 0)
            FROM feedback f
            \(joins)
            WHERE \(conditions.joined(separator: " AND "))
            GROUP BY grp, period
            ORDER BY period, grp
            """
        self.arguments = StatementArguments(arguments)
    }

    static func jsonPath(_ key: String) -> String {
        "$.\"" + key.replacingOccurrences(of: "\"", with: "") + "\""
    }

    static func decode(_ row: Row) -> GroupedTally {
        var tally = ScoreTally()
        tally.feedback = row[2]
        tally.npsCount = row[3]
        tally.promoters = row[4]
        tally.detractors = row[5]
        tally.csatCount = row[6]
        tally.csatSatisfied = row[7]
        tally.cesCount = row[8]
        tally.cesSum = row[9]
        tally.cesSumOfSquares = row[10]
        tally.cesAgree = row[11]
        tally.starsCount = row[12]
        tally.starsSum = row[13]
        tally.starsSumOfSquares = row[14]
        let group: DatabaseValue = row[0]
        let groupText: String? = switch group.storage {
        case .null: nil
        case let .string(s): s
        case let .int64(i): String(i)
        case let .double(d): String(d)
        case .blob: nil
        }
        let period: String? = row[1]
        return GroupedTally(group: groupText, periodStart: period.flatMap { CalendarDay(iso: $0) }, tally: tally)
    }
}

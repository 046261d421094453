import GRDB
import HeardModel

/// The group expression and joins that put a feedback row (`f`) in its breakdown group, for
/// queries that read feedback rows rather than the rollup. JSON keys are bound parameters.
struct BreakdownSQL {
    var expression: String
    var joins: String
    /// Bound before anything in the WHERE clause, in the order the expression uses them.
    var arguments: [any DatabaseValueConvertible & Sendable]

    init(_ breakdown: Breakdown?) {
        arguments = []
        joins = ""
        switch breakdown {
        case nil:
            expression = "NULL"
        case .segment: expression = "f.segment"
        case .source: expression = "f.source"
        case .channel: expression = "f.channel"
        case .touchpoint: expression = "f.touchpoint"
        case .stage: expression = "f.stage"
        case .language: expression = "f.language"
        case let .metadata(key):
            expression = "json_extract(f.metadata, ?)"
            arguments.append(TallySQL.jsonPath(key))
        case let .customerAttribute(key):
            expression = "json_extract(c.attributes, ?)"
            arguments.append(TallySQL.jsonPath(key))
            joins = "LEFT JOIN customer c ON c.workspace_id = f.workspace_id AND c.external_id = f.customer_id"
        case .persona:
            expression = "p.name"
            joins = """
                LEFT JOIN customer c ON c.workspace_id = f.workspace_id AND c.external_id = f.customer_id
                LEFT JOIN persona p ON p.id = c.persona_id
                """
        }
    }

    /// A group value as text whatever SQLite stored (JSON numbers come back as numbers).
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case let .string(s): s
        case let .int64(i): String(i)
        case let .double(d): String(d)
        case .blob: nil
        }
    }

    static func bound(_ values: [any DatabaseValueConvertible & Sendable]) -> StatementArguments {
        StatementArguments(values.map(\.databaseValue))
    }
}

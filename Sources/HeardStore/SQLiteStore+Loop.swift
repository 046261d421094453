import Foundation
import GRDB
import HeardModel

/// Personas, teams, themes, journeys, inside-out metrics, cases and actions.
extension SQLiteStore {
    public func save(_ persona: Persona, in workspace: WorkspaceID) async throws -> Persona {
        let rule = String(decoding: try JSONEncoder().encode(persona.rule), as: UTF8.self)
        return try await pool.write { db in
            var saved = persona
            try db.execute(sql: """
                INSERT INTO persona (workspace_id, name, description, picture_url, rule, priority) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, name) DO UPDATE SET description = excluded.description,
                  picture_url = excluded.picture_url, rule = excluded.rule, priority = excluded.priority
                """, arguments: [workspace, persona.name, persona.description, persona.pictureURL, rule, persona.priority])
            saved.id = try Int64.fetchOne(db, sql: "SELECT id FROM persona WHERE workspace_id = ? AND name = ?", arguments: [workspace, persona.name])
            return saved
        }
    }

    public func personas(in workspace: WorkspaceID) async throws -> [Persona] {
        // Decoded inside the read: returning GRDB rows (not Sendable) made Swift pick the
        // blocking overload of `read`, which starved the cooperative pool under parallel tests.
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, description, picture_url, rule, priority FROM persona WHERE workspace_id = ? ORDER BY priority, id", arguments: [workspace]).map { row in
                let ruleText: String = row[4]
                return Persona(id: row[0], name: row[1], description: row[2], pictureURL: row[3],
                               rule: try JSONDecoder().decode(PersonaRule.self, from: Data(ruleText.utf8)), priority: row[5])
            }
        }
    }

    public func save(_ team: Team, in workspace: WorkspaceID) async throws -> Team {
        try await pool.write { db in
            var saved = team
            try db.execute(sql: """
                INSERT INTO team (workspace_id, name, contact) VALUES (?, ?, ?)
                ON CONFLICT (workspace_id, name) DO UPDATE SET contact = excluded.contact
                """, arguments: [workspace, team.name, team.contact])
            saved.id = try Int64.fetchOne(db, sql: "SELECT id FROM team WHERE workspace_id = ? AND name = ?", arguments: [workspace, team.name])
            return saved
        }
    }

    public func teams(in workspace: WorkspaceID) async throws -> [Team] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, contact FROM team WHERE workspace_id = ? ORDER BY name", arguments: [workspace])
                .map { Team(id: $0[0], name: $0[1], contact: $0[2]) }
        }
    }

    public func save(_ theme: Theme, in workspace: WorkspaceID) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO theme (workspace_id, key, name, parent_key, owner_team, status, phrases, exclusions, examples)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, key) DO UPDATE SET name = excluded.name, parent_key = excluded.parent_key,
                  owner_team = excluded.owner_team, status = excluded.status, phrases = excluded.phrases,
                  exclusions = excluded.exclusions, examples = excluded.examples
                """, arguments: [workspace, theme.key, theme.name, theme.parentKey, theme.ownerTeam, theme.status.rawValue,
                                 JSONText.encode(theme.phrases), JSONText.encode(theme.exclusions), JSONText.encode(theme.examples)])
        }
    }

    public func themes(in workspace: WorkspaceID) async throws -> [Theme] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, name, parent_key, owner_team, status, phrases, exclusions, examples FROM theme
                WHERE workspace_id = ? ORDER BY key
                """, arguments: [workspace]).map { row in
                Theme(key: row[0], name: row[1], parentKey: row[2], ownerTeam: row[3],
                      status: Theme.Status(rawValue: row[4]) ?? .active,
                      phrases: JSONText.decodeArray(row[5]), exclusions: JSONText.decodeArray(row[6]),
                      examples: JSONText.decodeArray(row[7]))
            }
        }
    }

    public func append(_ events: [InteractionEvent], in workspace: WorkspaceID) async throws {
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO interaction (workspace_id, customer_id, occurred_at, touchpoint, channel, event, outcome, value)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for event in events {
                try statement.execute(arguments: [workspace, event.customerID, event.occurredAt.timeIntervalSince1970,
                                                  event.touchpoint, event.channel, event.event, event.outcome, event.value])
            }
        }
    }

    public func interactionCount(in workspace: WorkspaceID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interaction WHERE workspace_id = ?", arguments: [workspace]) ?? 0
        }
    }

    public func interactions(customerID: String, in workspace: WorkspaceID) async throws -> [InteractionEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT customer_id, occurred_at, touchpoint, channel, event, outcome, value FROM interaction
                WHERE workspace_id = ? AND customer_id = ? ORDER BY occurred_at, id
                """, arguments: [workspace, customerID]).map { row in
                InteractionEvent(customerID: row[0], occurredAt: Date(timeIntervalSince1970: row[1]), touchpoint: row[2],
                                 channel: row[3], event: row[4], outcome: row[5], value: row[6])
            }
        }
    }

    @discardableResult
    public func upsert(_ metrics: [OperationalMetricValue], in workspace: WorkspaceID) async throws -> UpsertCounts {
        try await pool.write { db in
            // Rows before and after, in the same transaction: the difference is what was new.
            let count = "SELECT COUNT(*) FROM operational_metric WHERE workspace_id = ?"
            let before = try Int.fetchOne(db, sql: count, arguments: [workspace]) ?? 0
            let statement = try db.cachedStatement(sql: """
                INSERT INTO operational_metric (workspace_id, name, period, period_start, dimension, dimension_value, value)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, name, period, period_start, dimension, dimension_value) DO UPDATE SET value = excluded.value
                """)
            for metric in metrics {
                try statement.execute(arguments: [workspace, metric.name, metric.period.rawValue,
                                                  CalendarDay(metric.periodStart).description, metric.dimension ?? "",
                                                  metric.dimensionValue ?? "", metric.value])
            }
            let inserted = (try Int.fetchOne(db, sql: count, arguments: [workspace]) ?? 0) - before
            return UpsertCounts(inserted: inserted, updated: metrics.count - inserted)
        }
    }

    public func operationalMetrics(named name: String?, in workspace: WorkspaceID) async throws -> [OperationalMetricValue] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT name, period, period_start, dimension, dimension_value, value FROM operational_metric
                WHERE workspace_id = ? AND (? IS NULL OR name = ?) ORDER BY name, period_start, dimension, dimension_value
                """, arguments: [workspace, name, name]).compactMap { row in
                let startText: String = row[2]
                let dimension: String = row[3], dimensionValue: String = row[4]
                guard let period = Period(rawValue: row[1]), let start = CalendarDay(iso: startText) else { return nil }
                return OperationalMetricValue(name: row[0], periodStart: start.date, period: period,
                                              dimension: dimension.isEmpty ? nil : dimension,
                                              dimensionValue: dimensionValue.isEmpty ? nil : dimensionValue, value: row[5])
            }
        }
    }

    public func save(_ feedbackCase: FeedbackCase, in workspace: WorkspaceID) async throws -> FeedbackCase {
        try await pool.write { db in
            var saved = feedbackCase
            let values: [(any DatabaseValueConvertible & Sendable)?] = [
                feedbackCase.feedbackExternalID, feedbackCase.customerID, feedbackCase.ownerTeam,
                feedbackCase.status.rawValue, feedbackCase.openedAt.timeIntervalSince1970,
                feedbackCase.dueAt?.timeIntervalSince1970, feedbackCase.closedAt?.timeIntervalSince1970, feedbackCase.resolution,
            ]
            if let id = feedbackCase.id {
                try db.execute(sql: """
                    UPDATE feedback_case SET feedback_external_id = ?, customer_id = ?, owner_team = ?, status = ?,
                      opened_at = ?, due_at = ?, closed_at = ?, resolution = ? WHERE workspace_id = ? AND id = ?
                    """, arguments: StatementArguments(values + [workspace, id]))
            } else {
                try db.execute(sql: """
                    INSERT INTO feedback_case (feedback_external_id, customer_id, owner_team, status, opened_at, due_at,
                      closed_at, resolution, workspace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(values + [workspace]))
                saved.id = db.lastInsertedRowID
            }
            return saved
        }
    }

    public func cases(in workspace: WorkspaceID) async throws -> [FeedbackCase] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, feedback_external_id, customer_id, owner_team, status, opened_at, due_at, closed_at, resolution
                FROM feedback_case WHERE workspace_id = ? ORDER BY id
                """, arguments: [workspace]).map { row in
                FeedbackCase(id: row[0], feedbackExternalID: row[1], customerID: row[2], ownerTeam: row[3],
                             status: FeedbackCase.Status(rawValue: row[4]) ?? .open,
                             openedAt: Date(timeIntervalSince1970: row[5]),
                             dueAt: (row[6] as Double?).map(Date.init(timeIntervalSince1970:)),
                             closedAt: (row[7] as Double?).map(Date.init(timeIntervalSince1970:)), resolution: row[8])
            }
        }
    }

    public func save(_ action: ImprovementAction, in workspace: WorkspaceID) async throws -> ImprovementAction {
        try await pool.write { db in
            var saved = action
            let values: [(any DatabaseValueConvertible & Sendable)?] = [
                action.title, action.themeKey, action.ownerTeam, action.status.rawValue,
                action.startedAt?.timeIntervalSince1970, action.completedAt?.timeIntervalSince1970,
            ]
            if let id = action.id {
                try db.execute(sql: """
                    UPDATE improvement_action SET title = ?, theme_key = ?, owner_team = ?, status = ?, started_at = ?,
                      completed_at = ? WHERE workspace_id = ? AND id = ?
                    """, arguments: StatementArguments(values + [workspace, id]))
            } else {
                try db.execute(sql: """
                    INSERT INTO improvement_action (title, theme_key, owner_team, status, started_at, completed_at, workspace_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(values + [workspace]))
                saved.id = db.lastInsertedRowID
            }
            return saved
        }
    }

    public func actions(in workspace: WorkspaceID) async throws -> [ImprovementAction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, title, theme_key, owner_team, status, started_at, completed_at FROM improvement_action
                WHERE workspace_id = ? ORDER BY id
                """, arguments: [workspace]).map { row in
                ImprovementAction(id: row[0], title: row[1], themeKey: row[2], ownerTeam: row[3],
                                  status: ImprovementAction.Status(rawValue: row[4]) ?? .planned,
                                  startedAt: (row[5] as Double?).map(Date.init(timeIntervalSince1970:)),
                                  completedAt: (row[6] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }
}

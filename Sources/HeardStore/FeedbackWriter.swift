import Foundation
import GRDB
import HeardModel

/// Writes feedback inside an open transaction and tells inserts, updates and no-ops apart
/// without a read per row: try the insert first, and only when the external id already exists
/// run an update guarded by the content hash.
struct FeedbackWriter {
    let db: Database
    let workspace: WorkspaceID

    func write(_ batch: [Feedback]) throws -> UpsertCounts {
        var counts = UpsertCounts()
        guard !batch.isEmpty else { return counts }
        // Feedback without a segment takes its customer's segment as it is when the feedback
        // arrives, so segment breakdowns cover every channel, not only surveys that ask.
        let segmentOrCustomers = """
            COALESCE(?, (SELECT json_extract(c.attributes, '$.segment') FROM customer c
                         WHERE c.workspace_id = ? AND c.external_id = ?))
            """
        let insert = try db.cachedStatement(sql: """
            INSERT INTO feedback (workspace_id, external_id, content_hash, source, channel, touchpoint, stage,
                occurred_at, occurred_day, occurred_week, language, text, nps, csat, ces, stars,
                customer_id, segment, metadata, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(segmentOrCustomers), ?, ?)
            ON CONFLICT (workspace_id, external_id) DO NOTHING
            """)
        let update = try db.cachedStatement(sql: """
            UPDATE feedback SET content_hash = ?, source = ?, channel = ?, touchpoint = ?, stage = ?,
                occurred_at = ?, occurred_day = ?, occurred_week = ?, language = ?, text = ?, nps = ?,
                csat = ?, ces = ?, stars = ?, customer_id = ?, segment = \(segmentOrCustomers), metadata = ?, imported_at = ?
            WHERE workspace_id = ? AND external_id = ? AND content_hash <> ?
            """)
        let now = Date().timeIntervalSince1970
        for item in batch {
            let hash = item.contentHash
            let day = CalendarDay(item.occurredAt)
            let values: [any DatabaseValueConvertible & Sendable] = [
                item.source?.rawValue ?? DatabaseValue.null, item.channel ?? DatabaseValue.null,
                item.touchpoint ?? DatabaseValue.null, item.journeyStage ?? DatabaseValue.null,
                item.occurredAt.timeIntervalSince1970, day.description, day.weekStart.description,
                item.language ?? DatabaseValue.null, item.text ?? DatabaseValue.null,
                item.nps ?? DatabaseValue.null, item.csat ?? DatabaseValue.null,
                item.ces ?? DatabaseValue.null, item.stars ?? DatabaseValue.null,
                item.customerID ?? DatabaseValue.null, item.segment ?? DatabaseValue.null, workspace,
                item.customerID ?? DatabaseValue.null,
                item.metadata.isEmpty ? DatabaseValue.null : JSONText.encode(item.metadata), now,
            ]
            insert.setUncheckedArguments(StatementArguments([workspace, item.externalID, hash] + values))
            try insert.execute()
            if db.changesCount == 1 {
                counts.inserted += 1
                continue
            }
            update.setUncheckedArguments(StatementArguments([hash] + values + [workspace, item.externalID, hash]))
            try update.execute()
            if db.changesCount == 1 { counts.updated += 1 } else { counts.unchanged += 1 }
        }
        return counts
    }
}

/// Reading a feedback row back into the model.
enum FeedbackRow {
    static let columns = """
        external_id, source, channel, touchpoint, stage, occurred_at, language, text, nps, csat, ces, stars,
        customer_id, segment, metadata
        """

    static func decode(_ row: Row) -> Feedback {
        Feedback(
            externalID: row[0],
            source: (row[1] as String?).flatMap(FeedbackSource.init(rawValue:)),
            channel: row[2], touchpoint: row[3], journeyStage: row[4],
            occurredAt: Date(timeIntervalSince1970: row[5]),
            language: row[6], text: row[7], nps: row[8], csat: row[9], ces: row[10], stars: row[11],
            customerID: row[12], segment: row[13], metadata: JSONText.decodeObject(row[14])
        )
    }
}

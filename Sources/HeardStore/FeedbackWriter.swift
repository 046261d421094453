import Foundation
import GRDB
import HeardModel

/// Writes feedback inside an open transaction and tells inserts, updates and no-ops apart
/// without a read per new row: try the insert first, and only when the external id already
/// exists read the stored fingerprint and update if it differs. Every change is mirrored into
/// the daily rollup in the same transaction.
struct FeedbackWriter {
    let db: Database
    let workspace: WorkspaceID

    /// Feedback without a segment takes its customer's segment as it is when the feedback
    /// arrives, so segment breakdowns cover every channel, not only surveys that ask.
    private static let segmentOrCustomers = """
        COALESCE(?, (SELECT json_extract(c.attributes, '$.segment') FROM customer c
                     WHERE c.workspace_id = ? AND c.external_id = ?))
        """

    func write(_ batch: [Feedback]) throws -> UpsertCounts {
        var counts = UpsertCounts()
        guard !batch.isEmpty else { return counts }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO feedback (workspace_id, external_id, content_hash, source, channel, touchpoint, stage,
                occurred_at, occurred_day, occurred_week, language, text, nps, csat, ces, stars,
                customer_id, segment, metadata, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(Self.segmentOrCustomers), ?, ?)
            ON CONFLICT (workspace_id, external_id) DO NOTHING
            RETURNING segment
            """)
        let stored = try db.cachedStatement(sql: """
            SELECT content_hash, occurred_day, occurred_week, segment, source, channel, touchpoint, stage, language,
                nps, csat, ces, stars
            FROM feedback WHERE workspace_id = ? AND external_id = ?
            """)
        let update = try db.cachedStatement(sql: """
            UPDATE feedback SET content_hash = ?, source = ?, channel = ?, touchpoint = ?, stage = ?,
                occurred_at = ?, occurred_day = ?, occurred_week = ?, language = ?, text = ?, nps = ?,
                csat = ?, ces = ?, stars = ?, customer_id = ?, segment = \(Self.segmentOrCustomers), metadata = ?, imported_at = ?
            WHERE workspace_id = ? AND external_id = ?
            RETURNING segment
            """)
        var rollup = RollupDelta()
        let now = Date().timeIntervalSince1970
        for item in batch {
            let hash = item.contentHash
            let day = CalendarDay(item.occurredAt)
            let dayText = day.description, weekText = day.weekStart.description
            let null = DatabaseValue.null
            let values: [any DatabaseValueConvertible & Sendable] = [
                item.source?.rawValue ?? null, item.channel ?? null, item.touchpoint ?? null, item.journeyStage ?? null,
                item.occurredAt.timeIntervalSince1970, dayText, weekText, item.language ?? null, item.text ?? null,
                item.nps ?? null, item.csat ?? null, item.ces ?? null, item.stars ?? null,
                item.customerID ?? null, item.segment ?? null, workspace, item.customerID ?? null,
                item.metadata.isEmpty ? null : JSONText.encode(item.metadata), now,
            ]
            func key(segment: String?) -> RollupKey {
                RollupKey(day: dayText, week: weekText, segment: segment ?? "", source: item.source?.rawValue ?? "",
                          channel: item.channel ?? "", touchpoint: item.touchpoint ?? "", stage: item.journeyStage ?? "",
                          language: item.language ?? "")
            }
            if let row = try Row.fetchOne(insert, arguments: StatementArguments([workspace, item.externalID, hash] + values)) {
                counts.inserted += 1
                rollup.add(key(segment: row[0]), nps: item.nps, csat: item.csat, ces: item.ces, stars: item.stars)
                continue
            }
            guard let old = try Row.fetchOne(stored, arguments: [workspace, item.externalID]) else { continue }
            let oldHash: Int64 = old[0]
            if oldHash == hash {
                counts.unchanged += 1
                continue
            }
            let oldKey = RollupKey(day: old[1], week: old[2], segment: old[3] ?? "", source: old[4] ?? "", channel: old[5] ?? "",
                                   touchpoint: old[6] ?? "", stage: old[7] ?? "", language: old[8] ?? "")
            rollup.remove(oldKey, nps: old[9], csat: old[10], ces: old[11], stars: old[12])
            let row = try Row.fetchOne(update, arguments: StatementArguments([hash] + values + [workspace, item.externalID]))
            rollup.add(key(segment: row?[0]), nps: item.nps, csat: item.csat, ces: item.ces, stars: item.stars)
            counts.updated += 1
        }
        try rollup.apply(workspace: workspace, db: db)
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

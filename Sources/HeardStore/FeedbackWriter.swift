import Foundation
import GRDB
import HeardModel

/// Writes feedback inside an open transaction and tells inserts, updates and no-ops apart
/// without a read per new row: try the insert first, and only when the external id already
/// exists read the stored fingerprint and update if it differs. Every change is added to
/// `rollup`, which the caller applies before the transaction commits.
struct FeedbackWriter {
    let db: Database
    let workspace: WorkspaceID
    /// Every row is new (see `DeferredIndex.feedbackExternalID`): plain inserts, which need no
    /// external-id index.
    var allNew = false

    static func metadataJSON(_ item: Feedback) -> String? {
        item.metadata.isEmpty ? nil : JSONText.encode(item.metadata)
    }

    /// `derived`, when given, holds each row's content hash and metadata JSON in batch order.
    func write(_ batch: [Feedback], derived: ImportBatch.DerivedColumns? = nil, rollup: inout RollupDelta) throws -> UpsertCounts {
        var counts = UpsertCounts()
        guard !batch.isEmpty else { return counts }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO feedback (workspace_id, external_id, content_hash, source, channel, touchpoint, stage,
                occurred_at, occurred_day, occurred_week, language, text, original_text, nps, csat, ces, stars,
                customer_id, segment, metadata, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            \(allNew ? "" : "ON CONFLICT (workspace_id, external_id) DO NOTHING")
            """)
        let stored = try db.cachedStatement(sql: """
            SELECT content_hash, occurred_day, occurred_week, segment, source, channel, touchpoint, stage, language,
                nps, csat, ces, stars
            FROM feedback WHERE workspace_id = ? AND external_id = ?
            """)
        let update = try db.cachedStatement(sql: """
            UPDATE feedback SET content_hash = ?, source = ?, channel = ?, touchpoint = ?, stage = ?,
                occurred_at = ?, occurred_day = ?, occurred_week = ?, language = ?, text = ?, original_text = ?, nps = ?,
                csat = ?, ces = ?, stars = ?, customer_id = ?, segment = ?, metadata = ?, imported_at = ?
            WHERE workspace_id = ? AND external_id = ?
            """)
        // Feedback without a segment takes its customer's segment as it is when the feedback
        // arrives, so segment breakdowns cover every channel, not only surveys that ask. The
        // customers of the batch are merged before its feedback, in the same transaction.
        let customerSegment = try db.cachedStatement(sql: """
            SELECT json_extract(attributes, '$.segment') FROM customer WHERE workspace_id = ? AND external_id = ?
            """)
        var inserter = BoundStatement(insert, in: db)
        var reader = BoundStatement(stored, in: db)
        var updater = BoundStatement(update, in: db)
        var segmentReader = BoundStatement(customerSegment, in: db)
        let now = Date().timeIntervalSince1970
        var dayTexts = DayTexts()
        let derived = derived.flatMap { $0.contentHashes.count == batch.count && $0.metadataJSON.count == batch.count ? $0 : nil }
        for (index, item) in batch.enumerated() {
            let hash = if let derived { derived.contentHashes[index] } else { item.contentHash }
            let day = CalendarDay(item.occurredAt)
            let texts = dayTexts.texts(day)
            let dayText = texts.day, weekText = texts.week
            let metadata = if let derived { derived.metadataJSON[index] } else { Self.metadataJSON(item) }
            var segment = item.segment
            if segment == nil, let customerID = item.customerID {
                segmentReader.reset()
                segmentReader.bind(workspace)
                segmentReader.bind(customerID)
                segment = try segmentReader.firstText().text
            }
            /// Binds the columns shared by the insert and the update, in their order.
            func bindContent(_ statement: inout BoundStatement) {
                statement.bind(item.source?.rawValue)
                statement.bind(item.channel)
                statement.bind(item.touchpoint)
                statement.bind(item.journeyStage)
                statement.bind(item.occurredAt.timeIntervalSince1970)
                statement.bind(dayText)
                statement.bind(weekText)
                statement.bind(item.language)
                statement.bind(item.text)
                statement.bind(item.originalText)
                statement.bind(item.nps)
                statement.bind(item.csat)
                statement.bind(item.ces)
                statement.bind(item.stars)
                statement.bind(item.customerID)
                statement.bind(segment)
                statement.bind(metadata)
                statement.bind(now)
            }
            let dayNumber = day.daysSinceEpoch
            let slice = SliceDimensions(segment: segment ?? "", source: item.source?.rawValue ?? "", channel: item.channel ?? "",
                                        touchpoint: item.touchpoint ?? "", stage: item.journeyStage ?? "", language: item.language ?? "")
            inserter.reset()
            inserter.bind(workspace)
            inserter.bind(item.externalID)
            inserter.bind(hash)
            bindContent(&inserter)
            if try inserter.run() == 1 {
                counts.inserted += 1
                rollup.add(day: dayNumber, slice, nps: item.nps, csat: item.csat, ces: item.ces, stars: item.stars)
                continue
            }
            reader.reset()
            reader.bind(workspace)
            reader.bind(item.externalID)
            guard try reader.step() else { continue }
            if reader.int64(column: 0) == hash {
                counts.unchanged += 1
                while try reader.step() {}
                continue
            }
            // occurred_day is always written here as CalendarDay's ISO text; anything else means
            // the file was edited by hand, and the rollup could not be kept right.
            guard let oldDay = reader.text(column: 1).flatMap({ CalendarDay(iso: $0) })?.daysSinceEpoch else {
                throw DatabaseError(message: "feedback \(item.externalID): stored occurred_day is not a YYYY-MM-DD date")
            }
            let oldSlice = SliceDimensions(
                segment: reader.text(column: 3) ?? "", source: reader.text(column: 4) ?? "", channel: reader.text(column: 5) ?? "",
                touchpoint: reader.text(column: 6) ?? "", stage: reader.text(column: 7) ?? "", language: reader.text(column: 8) ?? "")
            rollup.remove(day: oldDay, oldSlice, nps: reader.int(column: 9), csat: reader.int(column: 10), ces: reader.int(column: 11), stars: reader.int(column: 12))
            while try reader.step() {}
            updater.reset()
            updater.bind(hash)
            bindContent(&updater)
            updater.bind(workspace)
            updater.bind(item.externalID)
            _ = try updater.run()
            rollup.add(day: dayNumber, slice, nps: item.nps, csat: item.csat, ces: item.ces, stars: item.stars)
            counts.updated += 1
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
    static let columnCount = 15

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

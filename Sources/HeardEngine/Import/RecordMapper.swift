import Foundation
import HeardModel
import HeardText

/// A row that could not be imported, and exactly why.
public struct RejectedRecord: Error, Sendable, Equatable {
    public var line: Int
    /// The input column (or JSON key) at fault, nil when the whole record is.
    public var field: String?
    public var value: String?
    public var reason: String
}

/// Turns raw records into validated feedback using a mapping resolved against the file.
struct RecordMapper {
    enum ColumnReference {
        case index(Int)
        case key(String)
    }

    static let maxTextBytes = 1 << 20

    let columns: [(field: FeedbackField, name: String, reference: ColumnReference)]
    let dates: DateParser
    /// For each built-in field (by ordinal), its index in `columns`, or -1; and its file-wide constant.
    private let builtInSlots: [Int]
    private let builtInConstants: [String?]
    /// The file-wide source constant, parsed once instead of on every row, with the id prefix
    /// it gives ("survey:"); nil when a column holds the source or the constant does not parse.
    private let constantSource: (source: FeedbackSource, idPrefix: String)?
    /// Each row's values by column position, kept between rows so that a row costs no array.
    private var slotStorage: [String?] = []
    /// Per column, its position in a CSV row (-1 for a keyed column). The per-row loops read
    /// these flat tables instead of the `columns` tuples, whose every copy retained and released
    /// the column's name and field (tens of reference-count calls a row).
    private let positions: [Int]
    /// Columns mapped to `meta.KEY` and `customer.KEY`, by slot, and the `meta.KEY` constants.
    private let metadataColumns: [(slot: Int, key: String)]
    private let attributeColumns: [(slot: Int, key: String)]
    private let metadataConstants: [(key: String, value: String)]
    /// How many customer attributes a row can carry (attribute columns and the segment).
    private let attributeCapacity: Int
    /// How often each content fingerprint was seen, for files without an id column.
    private var occurrences: [Int64: Int] = [:]
    /// Line on which each external id (by fingerprint) was first seen in this file.
    private var firstLineOfID = FingerprintLineTable()

    var redactor: PIIRedactor?
    var keepOriginalText = false

    init(mapping: ColumnMapping, header: [String]?, dates: DateParser) {
        var columns: [(FeedbackField, String, ColumnReference)] = []
        for (field, name) in mapping.columns.sorted(by: { $0.key < $1.key }) {
            if let header {
                let index = header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
                if let index { columns.append((field, header[index], .index(index))) }
            } else {
                columns.append((field, name, .key(name)))
            }
        }
        self.columns = columns
        positions = columns.map { if case let .index(position) = $0.2 { position } else { -1 } }
        metadataColumns = columns.indices.compactMap { if case let .metadata(key) = columns[$0].0 { ($0, key) } else { nil } }
        attributeColumns = columns.indices.compactMap {
            if case let .customerAttribute(key) = columns[$0].0 { ($0, key) } else { nil }
        }
        metadataConstants = mapping.constants.sorted { $0.key < $1.key }.compactMap {
            if case let .metadata(key) = $0.key { (key, $0.value) } else { nil }
        }
        var slots = [Int](repeating: -1, count: FeedbackField.builtIn.count)
        for (index, column) in columns.enumerated() {
            if let ordinal = column.0.builtInOrdinal { slots[ordinal] = index }
        }
        builtInSlots = slots
        builtInConstants = FeedbackField.builtIn.map { mapping.constants[$0] }
        let segmentMapped = slots[FeedbackField.segment.builtInOrdinal!] >= 0 || mapping.constants[.segment] != nil
        attributeCapacity = attributeColumns.count + (segmentMapped ? 1 : 0)
        if slots[FeedbackField.source.builtInOrdinal!] < 0, let constant = mapping.constants[.source],
           let source = FeedbackSource(parsing: constant) {
            constantSource = (source, source.rawValue + ":")
        } else {
            constantSource = nil
        }
        self.dates = dates
    }

    /// Strips surrounding whitespace. Most values have none, and returning them untouched skips
    /// Foundation's NSString bridge, which cost a fifth of import time in profiles.
    static func trimmed(_ raw: String) -> String {
        // Ends read from contiguous storage: the generic `utf8.last` was 0.5% of import samples.
        var ends: (first: UInt8, last: UInt8)? = raw.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.isEmpty ? nil : (bytes[0], bytes[bytes.count - 1])
        } ?? nil
        if ends == nil, let first = raw.utf8.first, let last = raw.utf8.last { ends = (first, last) }
        guard let (first, last) = ends else { return raw }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        if !isSpace(first) && !isSpace(last) && first < 0x80 && last < 0x80 { return raw }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Column indexes a CSV reader must decode.
    var neededIndexes: Set<Int> {
        Set(columns.compactMap { if case let .index(index) = $0.reference { index } else { nil } })
    }

    /// Maps `record` and appends it to `batch`, or says why it cannot be imported. Appending here
    /// rather than returning the feedback in a `Result` saved a copy and a destroy of every
    /// row's `Feedback` (a retain and a release per field; 2.6% of the bench import's
    /// reading-stage samples were those copies and destroys).
    mutating func map(_ record: RawRecord, into batch: inout ImportBatchBuilder) -> RejectedRecord? {
        if let problem = record.problem {
            return RejectedRecord(line: record.line, field: problem.field, value: nil, reason: problem.reason)
        }
        // Values by column position: a dictionary per row cost a tenth of import time.
        var slots = slotStorage
        slotStorage = []
        if slots.count != columns.count { slots = [String?](repeating: nil, count: columns.count) }
        defer {
            // Cleared in place: `removeAll(keepingCapacity:)` goes through a generic
            // `replaceSubrange` that moved the elements one at a time.
            for index in slots.indices { slots[index] = nil }
            slotStorage = slots
        }
        // The record's values are unpacked once, rather than matched again for every column.
        switch record.values {
        case let .positional(fields):
            for index in positions.indices {
                let position = positions[index]
                guard position >= 0, position < fields.count, let raw = fields[position] else { continue }
                let trimmed = Self.trimmed(raw)
                if !trimmed.isEmpty { slots[index] = trimmed }
            }
        case let .keyed(dictionary):
            for (index, column) in columns.enumerated() {
                guard case let .key(key) = column.reference, let raw = dictionary[key] else { continue }
                let trimmed = Self.trimmed(raw)
                if !trimmed.isEmpty { slots[index] = trimmed }
            }
        }
        let builtInSlots = self.builtInSlots, builtInConstants = self.builtInConstants, columns = self.columns
        func value(_ field: FeedbackField) -> String? {
            guard let ordinal = field.builtInOrdinal else { return nil }
            let slot = builtInSlots[ordinal]
            return (slot >= 0 ? slots[slot] : nil) ?? builtInConstants[ordinal]
        }
        func columnName(_ field: FeedbackField) -> String? {
            guard let ordinal = field.builtInOrdinal else { return nil }
            let slot = builtInSlots[ordinal]
            return slot >= 0 && slots[slot] != nil ? columns[slot].name : nil
        }
        func reject(_ field: FeedbackField, _ reason: String) -> RejectedRecord {
            RejectedRecord(line: record.line, field: columnName(field) ?? "--\(field)", value: value(field), reason: reason)
        }

        guard let timeText = value(.time) else {
            return RejectedRecord(line: record.line, field: columns.first { $0.field == .time }?.name ?? "time",
                                  value: nil, reason: "no date: every feedback needs the time it was given")
        }
        let occurredAt: Date
        do { occurredAt = try dates.parse(timeText) } catch { return reject(.time, error.description) }

        // Four locals rather than a dictionary: this runs for every row.
        var nps: Int?, csat: Int?, ces: Int?, stars: Int?
        if let text = value(.nps) {
            do { nps = try ScoreScale.nps.parse(text) } catch { return reject(.nps, error.description) }
        }
        if let text = value(.csat) {
            do { csat = try ScoreScale.csat.parse(text) } catch { return reject(.csat, error.description) }
        }
        if let text = value(.ces) {
            do { ces = try ScoreScale.ces.parse(text) } catch { return reject(.ces, error.description) }
        }
        if let text = value(.stars) {
            do { stars = try ScoreScale.stars.parse(text) } catch { return reject(.stars, error.description) }
        }
        let hasScore = nps != nil || csat != nil || ces != nil || stars != nil

        var source = constantSource?.source
        if source == nil, let text = value(.source) {
            guard let parsed = FeedbackSource(parsing: text) else {
                return reject(.source, "unknown source \"\(text)\"; use one of \(FeedbackSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            source = parsed
        }

        var text = value(.text)
        var originalText: String? = nil
        if let text, text.utf8.count > Self.maxTextBytes {
            return reject(.text, "text is longer than \(Self.maxTextBytes >> 20) MiB")
        }
        if text == nil && !hasScore {
            return RejectedRecord(line: record.line, field: nil, value: nil, reason: "no text and no score: nothing to learn from")
        }

        // Sized up front: growing from empty on the first insert rehashed into new storage.
        let metadataCount = metadataColumns.count + metadataConstants.count
        var metadata = metadataCount == 0 ? [:] : [String: String](minimumCapacity: metadataCount)
        var customerAttributes = attributeCapacity == 0 ? [:] : [String: String](minimumCapacity: attributeCapacity)
        for column in metadataColumns {
            if let entry = slots[column.slot] { metadata[column.key] = entry }
        }
        for column in attributeColumns {
            if let entry = slots[column.slot] { customerAttributes[column.key] = entry }
        }
        for constant in metadataConstants where metadata[constant.key] == nil {
            metadata[constant.key] = constant.value
        }
        let segment = value(.segment)
        if let segment { customerAttributes["segment"] = segment }

        if let redactor, let given = text {
            let redaction = redactor.redact(given)
            if redaction.changed {
                text = redaction.text
                if keepOriginalText { originalText = given }
            }
        }

        var feedback = Feedback(
            externalID: "", source: source, channel: value(.channel), touchpoint: value(.touchpoint),
            journeyStage: value(.stage), occurredAt: occurredAt, language: value(.language), text: text,
            nps: nps, csat: csat, ces: ces, stars: stars,
            customerID: value(.customer), segment: segment, metadata: metadata)
        feedback.originalText = originalText

        // Ids are unique per source: ticket 123 and survey response 123 are different things.
        let namespace = source?.rawValue ?? "feedback"
        if let id = value(.id) {
            feedback.externalID = (constantSource?.idPrefix ?? namespace + ":") + id
        } else {
            // No id column: the content itself is the identity, with a counter so that two
            // identical rows stay two rows. Re-importing the same file gives the same ids.
            let fingerprint = feedback.contentHash
            let seen = occurrences[fingerprint, default: 0]
            occurrences[fingerprint] = seen + 1
            let hex = String(UInt64(bitPattern: fingerprint), radix: 16)
            feedback.externalID = namespace + ":h" + hex + (seen == 0 ? "" : "-\(seen)")
        }
        // The same id twice in one file is a data error: keep the first, reject the others, so
        // that re-running the import is a no-op instead of flipping between the two versions.
        var idHasher = StableHasher()
        idHasher.combine(feedback.externalID)
        if let first = firstLineOfID.firstLine(of: idHasher.value, storingIfNew: Int32(clamping: record.line)) {
            return RejectedRecord(line: record.line, field: columnName(.id), value: value(.id),
                                  reason: "duplicate id: already on line \(first) of this file")
        }
        let hasCustomer = feedback.customerID != nil
        batch.append(feedback, customerAttributes: hasCustomer ? customerAttributes : [:])
        return nil
    }
}

import Foundation
import HeardModel
import HeardStore
import HeardText

/// A record of an HTTP batch or survey response that was not accepted, and why.
public struct IngestRejection: Sendable, Equatable {
    /// Position in the batch (0 for a single item).
    public var index: Int
    /// The field at fault, nil when the whole record is.
    public var field: String?
    public var reason: String
}

/// Records checked and mapped, ready to write in one transaction.
public struct PreparedIngest: Sendable {
    public var batch: ImportBatch
    public var rejections: [IngestRejection]
    public var received: Int
    /// Ids of records that carried no time and were stamped with their arrival.
    public var stampedExternalIDs: Set<String> = []
    /// Ids the records were stored under, for enriching exactly these afterwards.
    public var externalIDs: [String] { batch.feedback.map(\.externalID) }
}

public struct IngestResult: Sendable {
    public var received: Int
    public var counts: UpsertCounts
    public var rejections: [IngestRejection]
    public var externalIDs: [String]
}

/// Feedback that arrives as records rather than files (the JSON API, hosted surveys) goes
/// through the importer's own mapper: the same validation, id rules, PII redaction and rejects.
/// Record keys are Heard's field names: id text time customer nps csat ces stars channel source
/// touchpoint stage segment language, meta.KEY and customer.KEY (nested objects become dotted keys).
public struct FeedbackIngest: Sendable {
    public var redactor: PIIRedactor? = PIIRedactor()
    public var keepOriginalText = false
    public static let maximumRecords = 10_000
    /// ISO 8601 and the other unambiguous layouts; ambiguous day/month orders are errors, not
    /// guesses. Made once: building its formatters costs more than mapping a record.
    private let dates: DateParser

    public init() {
        dates = try! DateParser(format: nil)
    }

    /// One JSON object, an array of objects, or `{"items": [...]}`.
    public func prepare(json body: [UInt8], receivedAt: Date) throws(IngestBodyError) -> PreparedIngest {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            throw .notJSON(String(validating: body, as: UTF8.self) == nil ? "the body is not valid UTF-8" : "the body is not valid JSON")
        }
        let items: [Any]
        if let array = object as? [Any] {
            items = array
        } else if let dictionary = object as? [String: Any], let array = dictionary["items"] as? [Any] {
            items = array
        } else if let dictionary = object as? [String: Any] {
            items = [dictionary]
        } else {
            throw .notJSON("expected a JSON object or an array of objects")
        }
        guard !items.isEmpty else { throw .empty }
        guard items.count <= Self.maximumRecords else { throw .tooMany(items.count) }
        var records: [[String: String]?] = []
        records.reserveCapacity(items.count)
        for item in items {
            guard let dictionary = item as? [String: Any] else {
                records.append(nil)
                continue
            }
            var flat: [String: String] = [:]
            JSONRecordReader.flatten(dictionary, prefix: "", into: &flat)
            records.append(flat)
        }
        return prepare(records: records, receivedAt: receivedAt)
    }

    /// Flat records (nil where an item was not an object). Records without a time are stamped
    /// with `receivedAt`: over HTTP the moment of arrival is when the feedback was given.
    public func prepare(records: [[String: String]?], receivedAt: Date) -> PreparedIngest {
        var rejections: [IngestRejection] = []
        // Keys are Heard's field names exactly as documented; any other key rejects its record,
        // so a misspelt field is an error rather than silently dropped.
        var mapping = ColumnMapping()
        var unknownKeys: [String: String] = [:]
        var seen: Set<String> = []
        for case let record? in records {
            for key in record.keys where seen.insert(key).inserted {
                guard let field = try? FeedbackField(parsing: key) else {
                    unknownKeys[key] = MappingError.unknownField(key).description
                    continue
                }
                if field.description == key {
                    mapping.columns[field] = key
                } else {
                    unknownKeys[key] = "unknown field \"\(key)\"; did you mean \"\(field.description)\"?"
                }
            }
        }
        mapping.constants[.time] = receivedAt.formatted(.iso8601)
        var mapper = RecordMapper(mapping: mapping, header: nil, dates: dates)
        mapper.redactor = redactor
        mapper.keepOriginalText = keepOriginalText
        var accepted = ImportBatchBuilder(capacity: records.count)
        var stamped: Set<String> = []
        for (index, record) in records.enumerated() {
            guard let record else {
                rejections.append(IngestRejection(index: index, field: nil, reason: "expected a JSON object"))
                continue
            }
            if let unknown = record.keys.sorted().first(where: { unknownKeys[$0] != nil }) {
                rejections.append(IngestRejection(index: index, field: unknown, reason: unknownKeys[unknown]!))
                continue
            }
            if let rejected = mapper.map(RawRecord(line: index, values: .keyed(record), problem: nil), into: &accepted) {
                let field = rejected.field.map { $0.hasPrefix("--") ? String($0.dropFirst(2)) : $0 }
                rejections.append(IngestRejection(index: index, field: field, reason: rejected.reason))
            } else if record["time"] == nil, let id = accepted.lastExternalID {
                stamped.insert(id)
            }
        }
        return PreparedIngest(batch: accepted.take(), rejections: rejections, received: records.count,
                              stampedExternalIDs: stamped)
    }
}

extension WorkspaceSession {
    /// Writes prepared records in one transaction and reassigns personas of the customers in it.
    public func write(_ prepared: PreparedIngest) async throws -> IngestResult {
        var batch = prepared.batch
        // A record sent again without a time keeps the time it was first stored with, so a
        // retried request is unchanged rather than moved to the moment of the retry.
        for index in batch.feedback.indices where prepared.stampedExternalIDs.contains(batch.feedback[index].externalID) {
            if let stored = try await store.feedback(externalID: batch.feedback[index].externalID, in: workspace.id) {
                batch.feedback[index].occurredAt = stored.occurredAt
            }
        }
        let counts = batch.feedback.isEmpty ? UpsertCounts() : try await store.write(batch, into: workspace.id)
        try await assignPersonas(ofCustomers: batch.customers.map(\.externalID))
        return IngestResult(received: prepared.received, counts: counts, rejections: prepared.rejections,
                            externalIDs: prepared.externalIDs)
    }
}

extension WorkspaceSession {
    /// Persona rules applied to just these customers (the ones a write touched).
    public func assignPersonas(ofCustomers customerIDs: [String]) async throws {
        guard !customerIDs.isEmpty else { return }
        let personas = try await store.personas(in: workspace.id)
        guard !personas.isEmpty else { return }
        var assignments: [(customerID: String, personaID: Int64?)] = []
        for id in Set(customerIDs) {
            guard let customer = try await store.customer(externalID: id, in: workspace.id) else { continue }
            let persona = customer.firstMatchingPersona(in: personas)
            if persona?.id != customer.personaID { assignments.append((id, persona?.id)) }
        }
        if !assignments.isEmpty { try await store.assignPersonas(assignments, in: workspace.id) }
    }
}

public enum IngestBodyError: Error, Equatable, CustomStringConvertible {
    case notJSON(String)
    case empty
    case tooMany(Int)

    public var description: String {
        switch self {
        case let .notJSON(reason): reason
        case .empty: "no feedback in the body"
        case let .tooMany(count): "\(count) items; a batch holds at most \(FeedbackIngest.maximumRecords)"
        }
    }
}

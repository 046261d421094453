import Foundation

/// A field of Heard's feedback model that an input column can fill.
public enum FeedbackField: Hashable, Sendable, CustomStringConvertible, Comparable {
    case id, text, time, customer, nps, csat, ces, stars, channel, source, touchpoint, stage, segment, language
    case metadata(String)
    case customerAttribute(String)

    static let builtIn: [FeedbackField] = [.id, .text, .time, .customer, .nps, .csat, .ces, .stars, .channel, .source, .touchpoint, .stage, .segment, .language]

    public init(parsing raw: String) throws(MappingError) {
        let name = raw.trimmingCharacters(in: .whitespaces)
        let lowered = name.lowercased()
        if let field = Self.builtIn.first(where: { $0.description == lowered }) {
            self = field
        } else if lowered == "journey_stage" || lowered == "journey-stage" {
            self = .stage
        } else if lowered.hasPrefix("meta."), name.count > 5 {
            self = .metadata(String(name.dropFirst(5)))
        } else if lowered.hasPrefix("customer."), name.count > 9 {
            self = .customerAttribute(String(name.dropFirst(9)))
        } else {
            throw .unknownField(raw)
        }
    }

    /// Position in `builtIn`, nil for metadata and customer attributes.
    var builtInOrdinal: Int? {
        switch self {
        case .id: 0
        case .text: 1
        case .time: 2
        case .customer: 3
        case .nps: 4
        case .csat: 5
        case .ces: 6
        case .stars: 7
        case .channel: 8
        case .source: 9
        case .touchpoint: 10
        case .stage: 11
        case .segment: 12
        case .language: 13
        case .metadata, .customerAttribute: nil
        }
    }

    public var description: String {
        switch self {
        case .id: "id"
        case .text: "text"
        case .time: "time"
        case .customer: "customer"
        case .nps: "nps"
        case .csat: "csat"
        case .ces: "ces"
        case .stars: "stars"
        case .channel: "channel"
        case .source: "source"
        case .touchpoint: "touchpoint"
        case .stage: "stage"
        case .segment: "segment"
        case .language: "language"
        case let .metadata(key): "meta.\(key)"
        case let .customerAttribute(key): "customer.\(key)"
        }
    }

    public static func < (lhs: FeedbackField, rhs: FeedbackField) -> Bool {
        let order = { (field: FeedbackField) -> (Int, String) in
            if let index = builtIn.firstIndex(of: field) { return (index, "") }
            return (builtIn.count, field.description)
        }
        return order(lhs) < order(rhs)
    }
}

/// Which input column fills which field, plus values that apply to the whole file.
public struct ColumnMapping: Sendable, Equatable {
    public var columns: [FeedbackField: String] = [:]
    /// File-wide values for fields no column fills ("every row is a ticket from e-mail").
    public var constants: [FeedbackField: String] = [:]

    public init(columns: [FeedbackField: String] = [:], constants: [FeedbackField: String] = [:]) {
        self.columns = columns
        self.constants = constants
    }

    /// Parses repeated `FIELD=COLUMN` arguments.
    public mutating func add(assignment: String) throws(MappingError) {
        guard let equals = assignment.firstIndex(of: "=") else { throw .notAnAssignment(assignment) }
        let field = try FeedbackField(parsing: String(assignment[..<equals]))
        let column = String(assignment[assignment.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !column.isEmpty else { throw .notAnAssignment(assignment) }
        columns[field] = column
    }

    /// A summary such as `id←Response ID, nps←Score`.
    public var summary: String {
        columns.keys.sorted().map { "\($0)←\(columns[$0]!)" }.joined(separator: ", ")
    }
}

public enum MappingError: Error, Equatable, CustomStringConvertible {
    case unknownField(String)
    case notAnAssignment(String)
    case unknownPreset(String)
    case nothingMapped(file: String, header: [String])
    case missingColumn(file: String, field: String, column: String, header: [String])
    case badMappingFile(String, String)

    public var description: String {
        switch self {
        case let .unknownField(raw):
            "unknown field \"\(raw)\"; fields are id text time customer nps csat ces stars channel source touchpoint stage segment language, meta.KEY and customer.KEY"
        case let .notAnAssignment(raw): "expected FIELD=COLUMN, got \"\(raw)\""
        case let .unknownPreset(name): "unknown preset \"\(name)\"; presets are \(MappingPreset.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .nothingMapped(file, header):
            "\(file):1: no column holds text or a score; map them with --map text=COLUMN --map nps=COLUMN (columns: \(header.joined(separator: ", ")))"
        case let .missingColumn(file, field, column, header):
            "\(file):1: field \"\(field)\": column \"\(column)\" is not in the header (columns: \(header.joined(separator: ", ")))"
        case let .badMappingFile(path, reason): "\(path): \(reason)"
        }
    }
}

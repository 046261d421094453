/// A source of raw records: CSV, a JSON array or JSON Lines.
protocol RecordReader: AnyObject {
    var path: String { get }
    var bytesRead: Int64 { get }
    var fileSize: Int64 { get }
    /// Column names for positional records; nil for keyed (JSON) records.
    var columnNames: [String]? { get }
    func next() throws(ImportError) -> RawRecord?
}

extension CSVReader: RecordReader {
    var columnNames: [String]? { header }
}

extension JSONRecordReader: RecordReader {
    var columnNames: [String]? { nil }
}

/// The layout of an input file, from its extension or, failing that, its first byte.
public enum InputFormat: String, Sendable, CaseIterable {
    case csv, json, jsonl

    public static func guess(path: String) -> InputFormat {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") { return .jsonl }
        if lowered.hasSuffix(".json") { return .json }
        return .csv
    }
}

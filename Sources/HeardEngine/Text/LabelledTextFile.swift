import Foundation

/// One row of a labelled file: its line, its text and its label as written.
public struct LabelledRow: Sendable {
    public var line: Int
    public var text: String
    public var label: String
}

/// Reads the text and label columns of a CSV, JSON or JSONL file for training and evaluation,
/// keeping only rows that pass `--where COLUMN=VALUE` filters. Rows with an empty text are
/// skipped and counted; a missing column is an error naming the file and column.
public struct LabelledTextFile: Sendable {
    public var path: String
    public var textColumn: String
    public var labelColumn: String
    public var filters: [(column: String, value: String)]

    public init(path: String, textColumn: String, labelColumn: String, filters: [(column: String, value: String)] = []) {
        self.path = path
        self.textColumn = textColumn
        self.labelColumn = labelColumn
        self.filters = filters
    }

    public struct Contents: Sendable {
        public var rows: [LabelledRow]
        public var skippedEmptyText: Int
        public var filteredOut: Int
    }

    /// Parses `COLUMN=VALUE`.
    public static func parseFilter(_ text: String) throws -> (column: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ImportError(file: "--where", line: nil, field: text, reason: "expected COLUMN=VALUE")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    public func read() throws -> Contents {
        let reader: any RecordReader
        switch InputFormat.guess(path: path) {
        case .csv: reader = try CSVReader(path: path)
        case .json, .jsonl: reader = try JSONRecordReader(path: path)
        }
        let wanted = [textColumn, labelColumn] + filters.map(\.column)
        var positions: [Int] = []
        if let header = reader.columnNames {
            for column in wanted {
                guard let index = header.firstIndex(where: { $0.caseInsensitiveCompare(column) == .orderedSame }) else {
                    throw ImportError(file: path, line: 1, field: column, reason: "no such column; the header has: \(header.joined(separator: ", "))")
                }
                positions.append(index)
            }
            (reader as? CSVReader)?.neededColumns = Set(positions)
        }
        var contents = Contents(rows: [], skippedEmptyText: 0, filteredOut: 0)
        while let record = try reader.next() {
            if let problem = record.problem {
                throw ImportError(file: path, line: record.line, field: problem.field, reason: problem.reason)
            }
            let values: [String?]
            switch record.values {
            case .positional(let fields): values = positions.map { $0 < fields.count ? fields[$0] : nil }
            case .keyed(let fields): values = wanted.map { fields[$0] }
            }
            var passes = true
            for (offset, filter) in filters.enumerated() where values[2 + offset] != filter.value { passes = false }
            guard passes else {
                contents.filteredOut += 1
                continue
            }
            guard let text = values[0], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                contents.skippedEmptyText += 1
                continue
            }
            contents.rows.append(LabelledRow(line: record.line, text: text, label: values[1] ?? ""))
        }
        return contents
    }
}

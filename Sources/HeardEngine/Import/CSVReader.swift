import Foundation

/// One record as read from the file, before any mapping.
struct RawRecord {
    /// Line on which the record starts.
    var line: Int
    var values: RawValues
    /// Set when the record itself is malformed (wrong field count, bad bytes); the mapper
    /// rejects it with this reason.
    var problem: (field: String?, reason: String)?
}

enum RawValues {
    /// CSV: values in header order; nil where a column was not decoded (not needed).
    case positional([String?])
    /// JSON: flattened keys ("customer.id") to values.
    case keyed([String: String])
}

/// A streaming RFC 4180 reader working on bytes: quoted fields, doubled quotes, embedded
/// newlines, CRLF or LF, a UTF-8 byte-order mark, and `,` `;` or tab as the delimiter.
/// Only the columns the mapping uses are decoded into strings.
///
/// Hand-written rather than a CSV package because the packages available here either load
/// the whole file (SwiftCSV) or cannot report the line a record starts on and the column
/// that holds invalid UTF-8, both of which the import errors must name.
final class CSVReader {
    static let maxRecordBytes = 8 << 20

    private let source: ByteSource
    // The state read and written for every record is `@exclusivity(unchecked)`: a reader is
    // used from one task at a time and never hands these out, and the dynamic exclusivity
    // checks on them (`swift_beginAccess`/`swift_endAccess`, eight or so a record) were 3.4% of
    // the bench import's reading-stage samples.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    @exclusivity(unchecked) private(set) var header: [String] = []
    /// Which columns to turn into strings; nil means all.
    var neededColumns: Set<Int>? {
        didSet {
            let count = max(header.count, (neededColumns?.max() ?? -1) + 1)
            neededMask = neededColumns.map { needed in (0..<count).map { needed.contains($0) } }
        }
    }
    /// `neededColumns` by position: a Set lookup per field hashed every column of every row.
    @exclusivity(unchecked) private var neededMask: [Bool]?
    @exclusivity(unchecked) private var fieldScratch: [UInt8] = []

    var bytesRead: Int64 { source.bytesRead }
    var fileSize: Int64 { source.size }
    var path: String { source.path }

    init(path: String, delimiter: Character? = nil) throws(ImportError) {
        source = try ByteSource(path: path)
        _ = try source.read(into: &buffer)
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        if let delimiter, let ascii = delimiter.asciiValue {
            self.delimiter = ascii
        } else {
            self.delimiter = detectDelimiter()
        }
        guard let first = try nextFields(decodeAll: true) else {
            throw ImportError(file: path, line: 1, field: nil, reason: "file is empty: expected a header row")
        }
        if let problem = first.problem {
            throw ImportError(file: path, line: 1, field: problem.field, reason: "header row: \(problem.reason)")
        }
        header = first.fields.map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
        if header.allSatisfy(\.isEmpty) {
            throw ImportError(file: path, line: 1, field: nil, reason: "header row has no column names")
        }
        var seen: Set<String> = []
        for name in header where !name.isEmpty {
            if !seen.insert(name.lowercased()).inserted {
                throw ImportError(file: path, line: 1, field: name, reason: "column name appears twice in the header")
            }
        }
    }

    /// The delimiter that splits the first line into the most fields, counted outside quotes.
    private func detectDelimiter() -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var quoted = false
        var index = position
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted && (byte == 0x0A || byte == 0x0D) { break }
            if !quoted, let slot = candidates.firstIndex(of: byte) { counts[slot] += 1 }
            index += 1
        }
        let best = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        return counts[best] > 0 ? candidates[best] : UInt8(ascii: ",")
    }

    /// The next data record, or nil at end of file. Blank lines are skipped.
    func next() throws(ImportError) -> RawRecord? {
        while true {
            let startLine = line
            guard let parsed = try nextFields(decodeAll: false) else { return nil }
            if parsed.fields.count == 1 && parsed.blank { continue }
            if let problem = parsed.problem {
                return RawRecord(line: startLine, values: .positional([]), problem: problem)
            }
            if parsed.fields.count != header.count {
                return RawRecord(line: startLine, values: .positional([]), problem: (
                    nil, "expected \(header.count) fields as in the header, found \(parsed.fields.count)"))
            }
            return RawRecord(line: startLine, values: .positional(parsed.fields), problem: nil)
        }
    }

    private struct ParsedFields {
        var fields: [String?]
        var blank: Bool
        var problem: (field: String?, reason: String)?
    }

    /// Parses one record starting at `position`. If the buffer ends mid-record it reads more
    /// and starts the record again; records are small next to the chunk size, so the re-scan
    /// costs little.
    private func nextFields(decodeAll: Bool) throws(ImportError) -> ParsedFields? {
        while true {
            if position >= buffer.count {
                compact()
                if !(try source.read(into: &buffer)) { return nil }
            }
            switch scanRecord(decodeAll: decodeAll) {
            case let .record(parsed, end, newlines):
                position = end
                line += newlines
                return parsed
            case .needMoreInput:
                let pending = buffer.count - position
                if pending > Self.maxRecordBytes {
                    throw ImportError(file: path, line: line, field: nil, reason:
                        "record is larger than \(Self.maxRecordBytes >> 20) MiB; a quote is probably not closed")
                }
                compact()
                if !(try source.read(into: &buffer)) {
                    // End of file inside a record: finish it with what there is.
                    if case let .record(parsed, end, newlines) = scanRecord(decodeAll: decodeAll, atEndOfFile: true) {
                        position = end
                        line += newlines
                        return parsed
                    }
                    return nil
                }
            }
        }
    }

    private func compact() {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
    }

    /// The field as a String, nil when it is not valid UTF-8. Most fields are ASCII, which is valid
    /// as it is: `String(validating:as:)` on every field instantiated generic metadata per call and
    /// was 4% of an import's CPU; an ASCII test and a plain decode cost a fraction of that.
    static func validatedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Where a quoted field starting at `start` (just past its opening quote) closes, and how many
    /// line feeds it holds, when it is plain: no doubled quote inside, and the closing quote
    /// followed by a delimiter or a line end within the buffer. nil sends it the long way.
    private static func plainQuotedField(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int,
                                         delimiter: UInt8) -> (closing: Int, newlines: Int)? {
        let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var index = start
        var lines = 0
        while index < end {
            let byte = bytes[index]
            if byte == quote { break }
            if byte == lf { lines += 1 }
            index += 1
        }
        // Unclosed here, or the quote is the buffer's last byte (it might be doubled by the next).
        guard index + 1 < end else { return nil }
        let after = bytes[index + 1]
        guard after == delimiter || after == lf || after == cr else { return nil }
        return (index, lines)
    }

    private enum ScanResult {
        case record(ParsedFields, end: Int, newlines: Int)
        case needMoreInput
    }

    /// One record's fields as they are decoded. A value with a mutating method rather than locals
    /// captured by a nested function: captured, they were checked for exclusive access
    /// dynamically on every field (`swift_beginAccess`, 2.5% of the bench import's reading stage).
    private struct RecordFields {
        var fields: [String?] = []
        var problem: (field: String?, reason: String)?
        var column = 0
        let needed: [Bool]?
        let headerNames: [String]

        init(needed: [Bool]?, headerNames: [String]) {
            self.needed = needed
            self.headerNames = headerNames
            fields.reserveCapacity(max(headerNames.count, 8))
        }

        var currentColumnName: String {
            column < headerNames.count ? headerNames[column] : "column \(column + 1)"
        }

        mutating func store(_ slice: UnsafeBufferPointer<UInt8>.SubSequence) {
            if let needed, column >= needed.count || !needed[column] {
                fields.append(nil)
            } else if let text = CSVReader.validatedText(UnsafeBufferPointer(rebasing: slice)) {
                fields.append(text)
            } else {
                fields.append("")
                if problem == nil { problem = (currentColumnName, "invalid UTF-8 bytes") }
            }
            column += 1
        }
    }

    private func scanRecord(decodeAll: Bool, atEndOfFile: Bool = false) -> ScanResult {
        let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let delimiter = self.delimiter
        let needed = decodeAll ? nil : neededMask
        let headerNames = header
        let start = position
        return buffer.withUnsafeBufferPointer { bytes -> ScanResult in
            var record = RecordFields(needed: needed, headerNames: headerNames)
            var index = start
            var newlines = 0
            let end = bytes.count

            while true {
                // Start of a field.
                if index < end && bytes[index] == quote,
                   let (closing, lines) = Self.plainQuotedField(bytes, from: index + 1, end: end, delimiter: delimiter) {
                    // No doubled quote and nothing after the closing one: the field is a slice
                    // of the buffer, not copied byte by byte into the scratch buffer (that copy,
                    // with an exclusivity check per byte on the class property, made CSV reading
                    // 7.9% of the bench import's samples; 4.0% without it).
                    newlines += lines
                    record.store(bytes[(index + 1)..<closing])
                    index = closing + 1
                } else if index < end && bytes[index] == quote {
                    index += 1
                    fieldScratch.removeAll(keepingCapacity: true)
                    var closed = false
                    while index < end {
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < end {
                                if bytes[index + 1] == quote {
                                    fieldScratch.append(quote)
                                    index += 2
                                    continue
                                }
                                index += 1
                                closed = true
                                break
                            } else if atEndOfFile {
                                index += 1
                                closed = true
                                break
                            } else {
                                return .needMoreInput
                            }
                        }
                        if byte == lf { newlines += 1 }
                        fieldScratch.append(byte)
                        index += 1
                    }
                    if !closed {
                        if !atEndOfFile { return .needMoreInput }
                        let name = record.currentColumnName
                        fieldScratch.withUnsafeBufferPointer { record.store($0[...]) }
                        return .record(ParsedFields(fields: record.fields, blank: false, problem: (
                            name, "quote opened here is never closed (the rest of the file is inside it)")),
                            end: end, newlines: newlines)
                    }
                    // Text between the closing quote and the delimiter is kept, as spreadsheets do.
                    while index < end && bytes[index] != delimiter && bytes[index] != lf && bytes[index] != cr {
                        fieldScratch.append(bytes[index])
                        index += 1
                    }
                    fieldScratch.withUnsafeBufferPointer { record.store($0[...]) }
                } else {
                    let fieldStart = index
                    while index < end {
                        let byte = bytes[index]
                        if byte == delimiter || byte == lf || byte == cr { break }
                        index += 1
                    }
                    record.store(bytes[fieldStart..<index])
                }
                // After a field: delimiter, end of record, or end of buffer.
                if index >= end {
                    if !atEndOfFile { return .needMoreInput }
                    return .record(ParsedFields(fields: record.fields, blank: record.fields.count == 1 && index == start, problem: record.problem),
                                   end: end, newlines: newlines)
                }
                let byte = bytes[index]
                if byte == delimiter {
                    index += 1
                    continue
                }
                // CR, LF or CRLF ends the record.
                let blank = record.fields.count == 1 && index == start
                if byte == cr {
                    if index + 1 >= end && !atEndOfFile { return .needMoreInput }
                    index += (index + 1 < end && bytes[index + 1] == lf) ? 2 : 1
                } else {
                    index += 1
                }
                newlines += 1
                return .record(ParsedFields(fields: record.fields, blank: blank, problem: record.problem), end: index, newlines: newlines)
            }
        }
    }
}

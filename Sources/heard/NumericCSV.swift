import Foundation

/// A numeric table from a plain CSV file: a header row, then values split on commas (no quoted
/// fields, no missing values). Only the chosen columns are parsed, so other columns may hold
/// anything.
struct NumericCSV {
    var columns: [String]
    /// One row per data line, values in the order of `columns`.
    var rows: [[Double]]

    /// `choose` picks the columns to read, in order, from the header's names.
    static func read(path: String, columns choose: ([String]) throws -> [String]) throws -> NumericCSV {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UserFacingError(description: "\(path): cannot read the file (\(error.localizedDescription))")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        while lines.last?.allSatisfy(\.isWhitespace) == true { lines.removeLast() }
        guard let headerLine = lines.first else { throw UserFacingError(description: "\(path): the file is empty") }
        let header = fields(headerLine).map { name in
            name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") ? String(name.dropFirst().dropLast()) : name
        }
        let names = try choose(header)
        let positions = try names.map { name -> Int in
            guard let position = header.firstIndex(of: name) else {
                throw UserFacingError(description: "\(path): no column \"\(name)\" (columns: \(header.joined(separator: ", ")))")
            }
            return position
        }
        var rows: [[Double]] = []
        rows.reserveCapacity(lines.count - 1)
        for (offset, line) in lines.enumerated().dropFirst() {
            let lineNumber = offset + 1
            let values = fields(line)
            guard values.count == header.count else {
                throw UserFacingError(description: "\(path) line \(lineNumber): \(values.count) fields, the header has \(header.count)")
            }
            rows.append(try zip(names, positions).map { name, position in
                guard let value = Double(values[position]), value.isFinite else {
                    let shown = values[position].isEmpty ? "an empty value" : "\"\(values[position])\""
                    throw UserFacingError(description: "\(path) line \(lineNumber), column \"\(name)\": \(shown) is not a number")
                }
                return value
            })
        }
        return NumericCSV(columns: names, rows: rows)
    }

    private static func fields(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

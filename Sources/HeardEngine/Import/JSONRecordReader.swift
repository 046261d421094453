import Foundation

/// Streams records out of a JSON array (`[{…}, {…}]`) or JSON Lines (one object per line)
/// without holding the file: a byte scanner finds where each top-level object ends, and only
/// that object is handed to JSONSerialization.
final class JSONRecordReader {
    enum Layout { case array, lines }

    private let source: ByteSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private(set) var layout: Layout = .lines
    private var finishedArray = false

    var bytesRead: Int64 { source.bytesRead }
    var fileSize: Int64 { source.size }
    var path: String { source.path }

    init(path: String) throws(ImportError) {
        source = try ByteSource(path: path)
        _ = try source.read(into: &buffer)
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipWhitespace()
        while position >= buffer.count, try source.read(into: &buffer) { skipWhitespace() }
        guard position < buffer.count else {
            throw ImportError(file: path, line: 1, field: nil, reason: "file is empty: expected a JSON array or JSON Lines")
        }
        if buffer[position] == UInt8(ascii: "[") {
            layout = .array
            position += 1
        } else if buffer[position] != UInt8(ascii: "{") {
            throw ImportError(file: path, line: line, field: nil, reason: "expected a JSON array or one JSON object per line")
        }
    }

    private func skipWhitespace() {
        while position < buffer.count {
            switch buffer[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A:
                line += 1
                position += 1
            default: return
            }
        }
    }

    /// Skips whitespace and, in an array, the comma between elements. Returns false at the end.
    private func advanceToElement() throws(ImportError) -> Bool {
        while true {
            skipWhitespace()
            if position < buffer.count {
                let byte = buffer[position]
                if layout == .array {
                    if byte == UInt8(ascii: ",") {
                        position += 1
                        continue
                    }
                    if byte == UInt8(ascii: "]") {
                        position += 1
                        finishedArray = true
                        return false
                    }
                }
                return true
            }
            compact()
            if !(try source.read(into: &buffer)) {
                if layout == .array && !finishedArray {
                    throw ImportError(file: path, line: line, field: nil, reason: "JSON array is not closed with ']'")
                }
                return false
            }
        }
    }

    private func compact() {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
    }

    func next() throws(ImportError) -> RawRecord? {
        guard !finishedArray, try advanceToElement() else { return nil }
        let startLine = line
        // Find the end of this value: balanced braces outside strings.
        while true {
            if let (end, newlines) = scanValueEnd() {
                let bytes = Array(buffer[position..<end])
                position = end
                line += newlines
                return decode(bytes, line: startLine)
            }
            if buffer.count - position > CSVReader.maxRecordBytes {
                throw ImportError(file: path, line: startLine, field: nil, reason:
                    "record is larger than \(CSVReader.maxRecordBytes >> 20) MiB; a brace or quote is probably not closed")
            }
            compact()
            if !(try source.read(into: &buffer)) {
                // Unbalanced value at end of file: reject the rest as one broken record.
                position = buffer.count
                finishedArray = true
                return RawRecord(line: startLine, values: .keyed([:]), problem: (nil, "JSON value is not closed before the end of the file"))
            }
        }
    }

    /// End offset (exclusive) of the JSON value starting at `position`, or nil if the buffer
    /// ends first. In JSON Lines a value also ends at a newline outside strings, so one broken
    /// line cannot swallow the next.
    private func scanValueEnd() -> (Int, Int)? {
        var depth = 0
        var inString = false
        var escaped = false
        var newlines = 0
        var index = position
        while index < buffer.count {
            let byte = buffer[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if byte == 0x0A {
                    // JSON strings cannot hold a raw newline; in JSON Lines it ends the broken record.
                    if layout == .lines { return (index, newlines) }
                    newlines += 1
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth <= 0 { return (index + 1, newlines) }
                case 0x0A:
                    if layout == .lines { return (index, newlines) }
                    newlines += 1
                case UInt8(ascii: ","):
                    if depth == 0 && layout == .array { return (index, newlines) }
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    private func decode(_ bytes: [UInt8], line: Int) -> RawRecord {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            let reason = String(validating: bytes, as: UTF8.self) == nil ? "invalid UTF-8 bytes" : "not valid JSON"
            return RawRecord(line: line, values: .keyed([:]), problem: (nil, reason))
        }
        guard let dictionary = object as? [String: Any] else {
            return RawRecord(line: line, values: .keyed([:]), problem: (nil, "expected a JSON object, found \(type(of: object))"))
        }
        var flat: [String: String] = [:]
        Self.flatten(dictionary, prefix: "", into: &flat)
        return RawRecord(line: line, values: .keyed(flat), problem: nil)
    }

    /// Nested objects become dotted keys ("customer.id"); arrays are kept as JSON text.
    static func flatten(_ object: [String: Any], prefix: String, into flat: inout [String: String]) {
        for (key, value) in object {
            let name = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case let string as String: flat[name] = string
            case let nested as [String: Any]: flatten(nested, prefix: name, into: &flat)
            case is NSNull: continue
            case let number as NSNumber:
                switch String(cString: number.objCType) {
                case "c", "B": flat[name] = number.boolValue ? "true" : "false"
                case "d", "f":
                    let double = number.doubleValue
                    flat[name] = double.rounded() == double && abs(double) < 1e15 ? String(Int64(double)) : String(double)
                default: flat[name] = number.stringValue
                }
            default:
                if let data = try? JSONSerialization.data(withJSONObject: value), let text = String(data: data, encoding: .utf8) {
                    flat[name] = text
                }
            }
        }
    }
}

import Foundation

/// Flat string maps (metadata, attributes) are stored as JSON objects so that SQL can reach
/// single keys (`json_extract`). Encoding is written out because JSONSerialization costs more
/// per row than the rest of an insert.
enum JSONText {
    static func encode(_ object: [String: String]) -> String {
        if object.count == 1, let (key, value) = object.first, let plain = plainPair(key, value) { return plain }
        var out = "{"
        var first = true
        for key in object.keys.sorted() {
            if !first { out.append(",") }
            first = false
            appendQuoted(key, to: &out)
            out.append(":")
            appendQuoted(object[key]!, to: &out)
        }
        out.append("}")
        return out
    }

    static func encode(_ array: [String]) -> String {
        var out = "["
        for (index, item) in array.enumerated() {
            if index > 0 { out.append(",") }
            appendQuoted(item, to: &out)
        }
        out.append("]")
        return out
    }

    static func decodeObject(_ text: String?) -> [String: String] {
        guard let text, let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let string as String: result[key] = string
            case let number as NSNumber: result[key] = number.stringValue
            default: continue
            }
        }
        return result
    }

    static func decodeArray(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any]
        else { return [] }
        return array.compactMap { $0 as? String }
    }

    /// `{"key":"value"}` written straight into the string's storage when neither needs escaping.
    /// Metadata and customer attributes of an import are mostly one pair; building them with
    /// `String.append` and a sort of the one key was 2.9% of the bench import's samples.
    private static func plainPair(_ key: String, _ value: String) -> String? {
        var key = key, value = value
        return key.withUTF8 { keyBytes in
            value.withUTF8 { valueBytes -> String? in
                guard !needsEscape(keyBytes), !needsEscape(valueBytes) else { return nil }
                let length = keyBytes.count + valueBytes.count + 7
                return String(unsafeUninitializedCapacity: length) { out in
                    var cursor = 0
                    func put(_ byte: UInt8) {
                        out[cursor] = byte
                        cursor += 1
                    }
                    func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                        if let base = bytes.baseAddress, !bytes.isEmpty {
                            UnsafeMutableRawPointer(out.baseAddress! + cursor).copyMemory(from: base, byteCount: bytes.count)
                        }
                        cursor += bytes.count
                    }
                    put(UInt8(ascii: "{")); put(UInt8(ascii: "\""))
                    put(keyBytes)
                    put(UInt8(ascii: "\"")); put(UInt8(ascii: ":")); put(UInt8(ascii: "\""))
                    put(valueBytes)
                    put(UInt8(ascii: "\"")); put(UInt8(ascii: "}"))
                    return cursor
                }
            }
        }
    }

    private static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }

    private static func appendQuoted(_ string: String, to out: inout String) {
        out.append("\"")
        var needsEscape = false
        for byte in string.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out.append(string)
        } else {
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": out.append("\\\"")
                case "\\": out.append("\\\\")
                case "\n": out.append("\\n")
                case "\r": out.append("\\r")
                case "\t": out.append("\\t")
                case _ where scalar.value < 0x20:
                    out.append(String(format: "\\u%04x", scalar.value))
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}

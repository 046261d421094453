import Foundation

/// Flat string maps (metadata, attributes) are stored as JSON objects so that SQL can reach
/// single keys (`json_extract`). Encoding is written out because JSONSerialization costs more
/// per row than the rest of an insert.
enum JSONText {
    static func encode(_ object: [String: String]) -> String {
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

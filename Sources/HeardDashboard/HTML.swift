import Foundation

/// HTML text building. Everything that comes from data goes through `escape`; pages are
/// assembled from already-escaped fragments only.
enum HTML {
    /// Escapes text for element content and for quoted attribute values alike.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Control characters (other than tab and newlines) are not allowed in HTML text.
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A query string from ordered pairs, percent-encoded; empty values are left out.
    static func query(_ pairs: [(String, String)]) -> String {
        let kept = pairs.filter { !$0.1.isEmpty }
        guard !kept.isEmpty else { return "" }
        return "?" + kept.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A picture URL is shown only when it is http(s) or relative to this site; anything else
    /// (javascript:, data:, protocol-relative) is refused.
    static func safeImageURL(_ raw: String?) -> String? {
        guard let raw = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty, raw.count <= 2048 else { return nil }
        guard !raw.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\\" }) else { return nil }
        let lowered = raw.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
            return URL(string: raw)?.host == nil ? nil : raw
        }
        if raw.hasPrefix("//") { return nil }
        // Relative: no scheme before the first slash, question mark or hash.
        let head = raw.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return head.contains(":") ? nil : raw
    }

    /// A <table> with a caption, header row and escaped cells. `abbreviations` gives the full
    /// wording of short column headers (column index → title), so narrow tables stay readable.
    static func table(caption: String, headers: [String], rows: [[String]], numericColumns: Set<Int> = [], className: String = "data",
                      abbreviations: [Int: String] = [:]) -> String {
        var out = "<table class=\"\(className)\"><caption>\(escape(caption))</caption><thead><tr>"
        for (index, header) in headers.enumerated() {
            let label = abbreviations[index].map { "<abbr title=\"\(escape($0))\">\(escape(header))</abbr>" } ?? escape(header)
            out += "<th scope=\"col\"\(numericColumns.contains(index) ? " class=\"num\"" : "")>\(label)</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let cls = numericColumns.contains(index) ? " class=\"num\"" : ""
                out += index == 0 ? "<th scope=\"row\"\(cls)>\(escape(cell))</th>" : "<td\(cls)>\(escape(cell))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}

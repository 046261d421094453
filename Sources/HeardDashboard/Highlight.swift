import Foundation

/// A part of a comment to mark: UTF-8 byte offsets into the stored text, as the enrichment
/// records them.
struct MarkedSpan: Sendable {
    var span: Range<Int>
    var label: String
    var sentiment: String?
}

/// Customer text as HTML with theme mentions in <mark>. The text is cut at byte offsets into
/// pieces and each piece is escaped on its own, so nothing in the text can become markup.
enum Highlight {
    static func html(_ text: String, spans: [MarkedSpan], maximumBytes: Int = 4_000) -> String {
        let bytes = Array(text.utf8)
        let end = boundary(bytes, min(bytes.count, maximumBytes))
        var out = ""
        var position = 0
        // Left to right; a span overlapping one already marked is skipped rather than nested.
        for mark in spans.sorted(by: { ($0.span.lowerBound, $0.span.upperBound) < ($1.span.lowerBound, $1.span.upperBound) }) {
            let start = boundary(bytes, max(mark.span.lowerBound, 0))
            let stop = boundary(bytes, min(mark.span.upperBound, end))
            guard start >= position, start < stop else { continue }
            out += piece(bytes, position, start)
            let title = mark.sentiment.map { "\(mark.label) (\($0))" } ?? mark.label
            out += "<mark title=\"\(HTML.escape(title))\">\(piece(bytes, start, stop))<span class=\"visually-hidden\"> [\(HTML.escape(title))]</span></mark>"
            position = stop
        }
        out += piece(bytes, position, end)
        if end < bytes.count { out += "…" }
        return out
    }

    private static func piece(_ bytes: [UInt8], _ from: Int, _ to: Int) -> String {
        guard from < to else { return "" }
        return HTML.escape(String(decoding: bytes[from..<to], as: UTF8.self))
    }

    /// Moves an offset back to the start of the character it falls in, so a span from another
    /// text version never splits a multi-byte character.
    static func boundary(_ bytes: [UInt8], _ offset: Int) -> Int {
        var offset = min(max(offset, 0), bytes.count)
        while offset > 0 && offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        return offset
    }
}

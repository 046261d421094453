import Foundation
import HeardModel
import HeardStore
import Hummingbird
import HummingbirdCore

/// Typed access to a request's query parameters. Every bad value is a 400 naming the parameter.
struct QueryReader {
    let parameters: FlatDictionary<Substring, Substring>

    init(_ request: Request) {
        parameters = request.uri.queryParameters
    }

    func string(_ name: String) -> String? {
        guard let value = parameters[Substring(name)], !value.isEmpty else { return nil }
        return String(value)
    }

    func strings(_ name: String) -> [String] {
        parameters[values: Substring(name)].filter { !$0.isEmpty }.map(String.init)
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalid(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func number(_ name: String, default fallback: Double, range: ClosedRange<Double>) throws -> Double {
        guard let text = string(name) else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw APIError.invalid(name, "\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func day(_ name: String) throws -> CalendarDay? {
        guard let text = string(name) else { return nil }
        guard let day = CalendarDay(iso: text) else { throw APIError.invalid(name, "\(name) must be a date like 2024-03-01") }
        return day
    }

    func period(_ name: String = "period", default fallback: Period? = nil) throws -> Period? {
        guard let text = string(name) else { return fallback }
        guard let period = Period(rawValue: text.lowercased()) else { throw APIError.invalid(name, "\(name) must be day, week, month or quarter") }
        return period
    }

    func breakdown(_ name: String = "by") throws -> Breakdown? {
        guard let text = string(name), text.lowercased() != "none" else { return nil }
        do { return try Breakdown(parsing: text) } catch { throw APIError.invalid(name, error.description) }
    }

    func scale(_ name: String, default fallback: ScoreScale, allowed: [ScoreScale] = ScoreScale.allCases) throws -> ScoreScale {
        guard let text = string(name) else { return fallback }
        guard let scale = ScoreScale(rawValue: text.lowercased()), allowed.contains(scale) else {
            throw APIError.invalid(name, "\(name) must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return scale
    }

    func choice(_ name: String, of allowed: [String], default fallback: String) throws -> String {
        guard let text = string(name) else { return fallback }
        guard allowed.contains(text) else { throw APIError.invalid(name, "\(name) must be one of \(allowed.joined(separator: ", "))") }
        return text
    }

    /// from, until, source and channel, as the CLI's slice options.
    func filter() throws -> FeedbackFilter {
        var filter = FeedbackFilter(from: try day("from"), until: try day("until"))
        filter.sources = try strings("source").map { raw in
            guard let source = FeedbackSource(parsing: raw) else {
                throw APIError.invalid("source", "unknown source \"\(raw)\"; use one of \(FeedbackSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return source
        }
        filter.channels = strings("channel")
        return filter
    }

    /// A page size: a limit above the route's maximum is an error rather than silently cut.
    func limit(default fallback: Int = 50, maximum: Int) throws -> Int {
        try integer("limit", default: min(fallback, maximum), range: 1...maximum)
    }

    /// Offset cursors for short listings (themes, personas, surveys): an opaque "o" + offset.
    func offsetCursor() throws -> Int {
        guard let text = string("cursor") else { return 0 }
        guard text.hasPrefix("o"), let offset = Int(text.dropFirst()), offset >= 0 else {
            throw APIError.invalid("cursor", "cursor must be a next_cursor this API returned")
        }
        return offset
    }
}

/// A page of a short listing cut from the whole list.
struct OffsetPage<Item> {
    var items: ArraySlice<Item>
    var nextCursor: String?

    init(_ all: [Item], offset: Int, limit: Int) {
        let start = min(offset, all.count)
        let end = min(start + limit, all.count)
        items = all[start..<end]
        nextCursor = end < all.count ? "o\(end)" : nil
    }
}

import ArgumentParser
import HeardModel
import HeardStore

/// The options that pick which feedback an analysis reads, shared by the analytics commands.
struct SliceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("First day to include (YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("First day to exclude (YYYY-MM-DD).", valueName: "date"))
    var until: String?

    @Option(name: .long, help: "Only this source (repeatable).")
    var source: [String] = []

    @Option(name: .long, help: "Only this channel (repeatable).")
    var channel: [String] = []

    @Option(name: .long, help: "table, json or csv.")
    var format: String = "table"

    func validate() throws {
        guard ["table", "json", "csv"].contains(format) else { throw ValidationError("--format must be table, json or csv") }
    }

    func filter() throws -> FeedbackFilter {
        var filter = FeedbackFilter()
        filter.from = try Self.day(from, option: "--from")
        filter.until = try Self.day(until, option: "--until")
        filter.sources = try source.map { raw in
            guard let value = FeedbackSource(parsing: raw) else { throw ValidationError("unknown source \"\(raw)\"") }
            return value
        }
        filter.channels = channel
        return filter
    }

    static func day(_ text: String?, option: String) throws -> CalendarDay? {
        guard let text else { return nil }
        guard let day = CalendarDay(iso: text) else { throw ValidationError("\(option) must be a date like 2024-03-01") }
        return day
    }

    static func breakdown(_ text: String?) throws -> Breakdown? {
        guard let text else { return nil }
        do { return try Breakdown(parsing: text) } catch { throw ValidationError(error.description) }
    }

    static func period(_ text: String) throws -> Period {
        guard let value = Period(rawValue: text.lowercased()) else { throw ValidationError("--period must be day, week, month or quarter") }
        return value
    }
}

/// Numbers the way the analytics tables show them.
enum Cell {
    static func number(_ value: Double?, decimals: Int = 1, signed: Bool = false) -> String {
        guard let value, value.isFinite else { return "–" }
        let text = String(format: "%.\(decimals)f", value)
        let clean = text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
        return (signed && value > 0 && Double(clean) != 0 ? "+" : "") + clean
    }

    static func interval(_ low: Double?, _ high: Double?, decimals: Int = 1) -> String {
        guard let low, let high else { return "" }
        return "[\(number(low, decimals: decimals)), \(number(high, decimals: decimals))]"
    }

    /// Customer text in a terminal table: one line, bounded length.
    static func snippet(_ text: String, limit: Int = 90) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}

import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStore

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "NPS, CSAT, CES and stars with 95% intervals, by period and by any breakdown.",
        discussion: """
            NPS uses the adjusted-Wald interval, CSAT (share of 4–5) the Wilson interval, CES and stars the
            t interval. ▲/▼ marks a change from the previous period that a test finds significant
            (p < --alpha); ◆ marks a group that differs significantly from the rest of its period.
            Periods are UTC calendar days, ISO weeks, months or quarters.

            Examples:
              heard metrics --period month
              heard metrics --by segment --period quarter --format json
              heard metrics --by meta.plan --from 2024-01-01
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Break down by segment, persona, channel, source, touchpoint, stage, language, meta.KEY or customer.KEY.", valueName: "breakdown"))
    var by: String?

    @Option(name: .long, help: "Bucket by day, week, month or quarter.")
    var period: String?

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

    @Option(name: .long, help: "Significance level for flagged changes.")
    var alpha: Double = 0.05

    func validate() throws {
        guard ["table", "json", "csv"].contains(format) else { throw ValidationError("--format must be table, json or csv") }
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1") }
    }

    func run() async throws {
        var request = MetricsRequest(alpha: alpha)
        if let by {
            do { request.breakdown = try Breakdown(parsing: by) } catch { throw ValidationError(error.description) }
        }
        if let period {
            guard let value = Period(rawValue: period.lowercased()) else { throw ValidationError("--period must be day, week, month or quarter") }
            request.period = value
        }
        for (name, text) in [("--from", from), ("--until", until)] {
            guard let text else { continue }
            guard let day = CalendarDay(iso: text) else { throw ValidationError("\(name) must be a date like 2024-03-01") }
            if name == "--from" { request.filter.from = day } else { request.filter.until = day }
        }
        request.filter.sources = try source.map { raw in
            guard let value = FeedbackSource(parsing: raw) else { throw ValidationError("unknown source \"\(raw)\"") }
            return value
        }
        request.filter.channels = channel

        let session = try await global.open()
        let report = try await MetricsCalculator(session: session).report(request)
        switch format {
        case "json": print(report.records().json(), terminator: "")
        case "csv": print(report.records().csv(), terminator: "")
        default: print(MetricsTable(report: report).render(), terminator: "")
        }
    }
}

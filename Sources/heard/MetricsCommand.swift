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
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: ArgumentHelp("Break down by segment, persona, channel, source, touchpoint, stage, language, meta.KEY or customer.KEY.", valueName: "breakdown"))
    var by: String?

    @Option(name: .long, help: "Bucket by day, week, month or quarter.")
    var period: String?

    @Option(name: .long, help: "Significance level for flagged changes.")
    var alpha: Double = 0.05

    func validate() throws {
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1") }
    }

    func run() async throws {
        let request = MetricsRequest(breakdown: try SliceOptions.breakdown(by), period: try period.map(SliceOptions.period),
                                     filter: try slice.filter(), alpha: alpha)
        let session = try await global.open()
        let report = try await MetricsCalculator(session: session).report(request)
        switch slice.format {
        case "json": print(report.records().json(), terminator: "")
        case "csv": print(report.records().csv(), terminator: "")
        default: print(MetricsTable(report: report).render(), terminator: "")
        }
    }
}

import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStore

struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Each theme's volume, share of comments and sentiment per period, with intervals.",
        discussion: """
            Share is the percent of enriched comments in the period that mention the theme (Wilson
            interval); sentiment is the mean mention sentiment in [-1, 1] (t interval). ▲/▼ marks a
            share change from the previous period that a two-proportion test finds significant.
            CX metrics per period and breakdown are `heard metrics --period P --by B`.

            Examples:
              heard trends --period month
              heard trends --theme billing.refunds --period week --by segment --format csv
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: "Bucket by day, week, month or quarter.")
    var period: String = "month"

    @Option(name: .long, help: ArgumentHelp("Break down by segment, persona, channel, touchpoint, meta.KEY, customer.KEY, …", valueName: "breakdown"))
    var by: String?

    @Option(name: .long, help: "Only this theme key (repeatable).")
    var theme: [String] = []

    @Option(name: .long, help: "Significance level for marked changes.")
    var alpha: Double = 0.05

    func run() async throws {
        let query = TallyQuery(breakdown: try SliceOptions.breakdown(by), period: try SliceOptions.period(period), filter: try slice.filter())
        let session = try await global.open()
        let report = try await ThemeTrends(session: session).report(query, themeKeys: theme, alpha: alpha)
        switch slice.format {
        case "json": print(report.records().json(), terminator: "")
        case "csv": print(report.records().csv(), terminator: "")
        default: print(render(report), terminator: "")
        }
    }

    func render(_ report: ThemeTrendsReport) -> String {
        guard !report.rows.isEmpty else { return "No theme mentions in this slice. Run `heard analyze` after importing feedback.\n" }
        var lines: [[String]] = [["period"] + (report.query.breakdown.map { [$0.description] } ?? []) + ["theme", "comments", "share", "95% CI", "", "sentiment", "95% CI", "negative"]]
        for row in report.rows {
            var cells = [row.periodLabel ?? "all"]
            if report.query.breakdown != nil { cells.append(row.group ?? "(none)") }
            let moved = row.shareChange.map { $0.isSignificant(alpha: report.alpha) ? ($0.difference > 0 ? "▲" : "▼") : "" } ?? ""
            cells += [row.themeName, row.comments.formatted(), Cell.number(row.share?.value) + "%",
                      Cell.interval(row.share?.low, row.share?.high), moved,
                      Cell.number(row.sentiment?.value, decimals: 2, signed: true),
                      Cell.interval(row.sentiment?.low, row.sentiment?.high, decimals: 2),
                      Cell.number(row.negativeShare, decimals: 0) + "%"]
            lines.append(cells)
        }
        return MetricsTable.layout(lines) + "\nShare: percent of comments in the period; ▲/▼ significant change from the previous period (p < \(report.alpha)).\n"
    }
}

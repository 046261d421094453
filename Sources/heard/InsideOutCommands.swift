import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStore

struct ImportMetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-metrics",
        abstract: "Import inside-out operational metrics (resolution rate, wait time, on-time delivery…) from a CSV.",
        discussion: """
            Columns: metric (or name), period_start (or period, date, week, month), value, and either one
            more column whose header is the dimension (team, touchpoint, channel, segment…) or the pair
            dimension, dimension_value. Any day inside a period stands for it. Re-importing replaces the
            values for the same metric, period and dimension. Bad rows go to FILE.rejects.csv with line,
            field and reason.

            Example file:
              metric,period_start,touchpoint,value
              wait_minutes,2025-03-03,phone,12.5
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "CSV file.")
    var file: String

    @Option(name: .long, help: "The metrics' period: day, week, month or quarter.")
    var period: String = "week"

    @Option(name: .long, help: ArgumentHelp("Date pattern when the dates are ambiguous, e.g. dd/mm/yyyy.", valueName: "pattern"))
    var dateFormat: String?

    func run() async throws {
        let session = try await global.open()
        do {
            let summary = try await OperationalMetricsImporter(session: session)
                .importFile(file, period: try SliceOptions.period(period), dateFormat: dateFormat)
            for rejected in summary.rejected.prefix(10) {
                printError("\(file):\(rejected.line): \(rejected.field.map { "\($0): " } ?? "")\(rejected.reason)")
            }
            print("read \(summary.read), stored \(summary.stored) (\(summary.inserted) new, \(summary.updated) replaced), rejected \(summary.rejected.count) (\(summary.metrics.count) metrics: \(summary.metrics.sorted().joined(separator: ", ")))")
            if let path = summary.rejectsPath { print("rejected rows: \(path)") }
        } catch let error as ImportError {
            throw UserFacingError(description: error.description)
        }
    }
}

struct InsideOutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inside-out",
        abstract: "Which internal KPI moves which customer metric, at which lag, on how much data.",
        discussion: """
            Each operational metric is paired with the customer metric (--target) of the same period and
            the same value of its dimension (a touchpoint, channel, segment or meta.KEY of the feedback),
            k periods later for k = 0…--max-lag. Series are centred within each group (fixed effects) so
            a group that is slow and unhappy all along does not pass for a relation over time. The best
            lag's p-value is Bonferroni-adjusted for the lags tried. Cells with fewer than --min-answers
            answers are left out. Several KPIs on the same period and dimension also get relative weights
            when at least 20 (and 10 per KPI) aligned cells exist.

            Examples:
              heard import-metrics ops.csv && heard inside-out
              heard inside-out --target csat --max-lag 6 --format json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: "nps, csat, ces or stars.")
    var target: String = "nps"

    @Option(name: .long, help: "Largest lag (in periods) to try.")
    var maxLag: Int = 4

    @Option(name: .long, help: "Fewest answers in a period × group cell.")
    var minAnswers: Int = 10

    @Option(name: .long, help: "Significance level.")
    var alpha: Double = 0.05

    func validate() throws {
        guard ScoreScale(rawValue: target.lowercased()) != nil else { throw ValidationError("--target must be nps, csat, ces or stars") }
        guard (0...52).contains(maxLag) else { throw ValidationError("--max-lag must be 0–52") }
        guard minAnswers >= 1 else { throw ValidationError("--min-answers must be at least 1") }
    }

    func run() async throws {
        let request = InsideOutRequest(target: ScoreScale(rawValue: target.lowercased())!, maximumLag: maxLag, minimumAnswers: minAnswers,
                                       alpha: alpha, filter: try slice.filter())
        let session = try await global.open()
        let report = try await InsideOutAnalysis(session: session).report(request)
        switch slice.format {
        case "json": print(report.records().json(), terminator: "")
        case "csv": print(report.records().csv(), terminator: "")
        default: print(render(report), terminator: "")
        }
    }

    func by(_ link: OperationalLink) -> String {
        link.group.map { "\(link.dimension ?? "group") \($0) → all" } ?? link.dimension ?? "all"
    }

    func render(_ report: InsideOutReport) -> String {
        guard !report.links.isEmpty else { return "No operational metrics yet. Import some with `heard import-metrics FILE`.\n" }
        let title = report.request.target.title
        var lines = [["metric", "by", "best lag", "r", "95% CI", "p (adj.)", "", "pairs", "groups", "periods", "answers"]]
        for link in report.links {
            guard let best = link.best, let r = best.correlation else {
                lines.append([link.metric, by(link), "–", "", "", "", "", "", String(link.groups), String(link.periods), link.note ?? ""])
                continue
            }
            lines.append([link.metric, by(link), "\(best.lag) \(link.period.rawValue)\(best.lag == 1 ? "" : "s")",
                          Cell.number(r.r, decimals: 2, signed: true), Cell.interval(r.low, r.high, decimals: 2),
                          Cell.number(link.adjustedPValue, decimals: 4), link.isSignificant(alpha: report.request.alpha) ? "◆" : "",
                          best.pairs.formatted(), String(best.groups), String(link.periods), link.answers.formatted()])
        }
        var out = MetricsTable.layout(lines)
        let notes = Set(report.links.filter { $0.best != nil }.compactMap(\.note))
        for note in notes.sorted() { out += "note: \(note)\n" }
        out += "\nr: correlation of the metric k periods earlier with \(title), within groups. ◆ significant after Bonferroni over \(report.request.maximumLag + 1) lags (p < \(report.request.alpha)).\n"
        for split in report.weights {
            out += "\nRelative weights on \(title) by \(split.dimension ?? "all") per \(split.period.rawValue) (\(split.cells) cells, R² \(Cell.number(split.weights.rSquared, decimals: 3))):\n"
            for (index, metric) in split.metrics.enumerated() {
                out += "  \(metric) (lag \(split.lags[index])): \(Cell.number(split.weights.rescaled[index]))% \(split.weights.directions[index] == .negative ? "▼" : "▲")\n"
            }
        }
        return out
    }
}

import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStore

struct BenchAnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Time drivers, emerging issues, trends, inside-out and revenue at risk on a generated workspace with planted effects.",
        discussion: """
            The workspace is generated once into --db (comments spread over --weeks weeks, --themes
            themes, three planted driver themes, a spike, a lagged operational metric) and reused when
            the file exists. Each analysis runs --runs times in process; the median and best are shown,
            with what it found, so a fast wrong answer is visible.

            Example:
              heard bench analytics --comments 1000000 --themes 50 --weeks 104 --db /tmp/analytics.sqlite
            """
    )

    @Option(name: .long, help: "Comments to generate.")
    var comments: Int = 1_000_000

    @Option(name: .long, help: "Themes to generate.")
    var themes: Int = 50

    @Option(name: .long, help: "Weeks the comments span.")
    var weeks: Int = 104

    @Option(name: .long, help: ArgumentHelp("Database to generate into or reuse.", valueName: "path"))
    var db: String

    @Option(name: .long, help: "Timed runs per analysis.")
    var runs: Int = 3

    @Flag(name: .long, help: "Only generate the workspace (for other benchmarks, e.g. bench/web-load.sh); time nothing.")
    var generateOnly = false

    func run() async throws {
        let exists = FileManager.default.fileExists(atPath: db)
        let session = try await WorkspaceSession.open(databasePath: db)
        let plan = PlantedWorkspace(comments: comments, themes: themes, weeks: weeks, customers: max(1_000, comments / 10),
                                    spike: (theme: 5, week: min(39, weeks - 1), factor: 3))
        let existing = exists ? try await session.store.feedbackCount(in: session.workspace.id) : 0
        if existing == 0 {
            say("generating \(comments.formatted()) comments, \(themes) themes, \(weeks) weeks into \(db) …")
            let started = Date()
            try await plan.write(into: session)
            say(String(format: "generated in %.1f s", Date().timeIntervalSince(started)))
        }
        let count = try await session.store.feedbackCount(in: session.workspace.id)
        say("workspace: \(count.formatted()) comments")
        if generateOnly { return }

        func time<T>(_ name: String, _ body: () async throws -> T, describe: (T) -> String) async throws {
            var timings: [Double] = []
            var last: T?
            for _ in 0..<max(1, runs) {
                let started = Date()
                last = try await body()
                timings.append(Date().timeIntervalSince(started))
            }
            timings.sort()
            say(String(format: "%@: median %.2f s, best %.2f s — %@", name, timings[timings.count / 2], timings[0], describe(last!)))
        }
        try await time("drivers --target nps (\(themes) themes, 200 replicates)", {
            try await KeyDriverReporting(session: session).report(DriverRequest(target: .nps, maximumThemes: themes))
        }, describe: { report in
            let top = report.groups.first?.drivers.prefix(3).map(\.themeKey).joined(separator: ", ") ?? "none"
            return "top 3: \(top); R² \(String(format: "%.3f", report.groups.first?.rSquared ?? 0))"
        })
        try await time("emerging --since first week + 8 (weekly, all customers and per segment)", {
            try await EmergingIssues(session: session).digest(EmergingRequest(period: .week, since: plan.firstDay.adding(days: 56)))
        }, describe: { digest in
            let spike = digest.items.first { $0.themeKey == PlantedWorkspace.themeKey(5) && $0.group == nil }
            return "\(digest.items.count) items in \(digest.themePeriodsExamined) theme-weeks; spike at \(spike?.periodLabel ?? "not found")"
        })
        try await time("trends --period week", {
            try await ThemeTrends(session: session).report(TallyQuery(period: .week))
        }, describe: { "\($0.rows.count) theme-weeks" })
        try await time("inside-out --max-lag 4", {
            try await InsideOutAnalysis(session: session).report(InsideOutRequest())
        }, describe: { report in
            report.links.first.map { "best lag of \($0.metric): \($0.best?.lag ?? -1), r \(String(format: "%.2f", $0.best?.correlation?.r ?? 0))" } ?? "no links"
        })
        try await time("revenue at risk", {
            try await RevenueAtRisk(session: session).report()
        }, describe: { "\($0.themes.count) themes, \(String(format: "%.1f", 100 * $0.totalAtRiskValue / max($0.totalValue, 1)))% of value at risk" })
    }

    /// Written straight away even into a file or pipe: a long run shows each timing as it lands.
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

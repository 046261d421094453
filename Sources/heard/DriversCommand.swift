import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStore

struct DriversCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drivers",
        abstract: "Key drivers: which themes move NPS, CSAT, CES or stars, how much, which way, and what to fix first.",
        discussion: """
            Each theme enters the model twice at the comment level: mentioned or not, and the mention's
            sentiment. Johnson's relative weights split R² among them; 95% intervals come from a block
            bootstrap with a fixed seed. A predictor counts only if its weight beats a random variable's
            across the bootstrap (Tonidandel, LeBreton & Johnson 2009); the rest show as 0. Importance is
            the theme's share of R²; effect is the change in the answer (e.g. on 0–10) that goes with a
            typical mention. Performance is the metric among comments mentioning the theme; with
            importance it places the theme: fix first, keep up, monitor, maintain. Impact is the metric
            with all comments minus the metric without the theme's comments.

            Examples:
              heard drivers
              heard drivers --target csat --by segment --format json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: "nps, csat, ces or stars.")
    var target: String = "nps"

    @Option(name: .long, help: ArgumentHelp("Separate analysis per group of segment, persona, channel, touchpoint, meta.KEY, …", valueName: "breakdown"))
    var by: String?

    @Option(name: .long, help: "Most-mentioned themes in the model.")
    var themes: Int = 50

    @Option(name: .long, help: "Fewest mentioning comments for a theme to enter the model.")
    var minMentions: Int = 30

    @Option(name: .long, help: "Bootstrap replicates.")
    var replicates: Int = 200

    @Option(name: .long, help: "Seed of the bootstrap and the random reference variable.")
    var seed: UInt64 = 1

    func validate() throws {
        guard ScoreScale(rawValue: target.lowercased()) != nil else { throw ValidationError("--target must be nps, csat, ces or stars") }
        guard (1...200).contains(themes) else { throw ValidationError("--themes must be 1–200") }
        guard (20...5000).contains(replicates) else { throw ValidationError("--replicates must be 20–5000") }
        guard minMentions >= 1 else { throw ValidationError("--min-mentions must be at least 1") }
    }

    func run() async throws {
        let request = DriverRequest(
            target: ScoreScale(rawValue: target.lowercased())!, breakdown: try SliceOptions.breakdown(by), filter: try slice.filter(),
            maximumThemes: themes, minimumMentions: minMentions, replicates: replicates, seed: seed)
        let session = try await global.open()
        let report = try await KeyDriverReporting(session: session).report(request)
        switch slice.format {
        case "json": print(report.records().json(), terminator: "")
        case "csv": print(report.records().csv(), terminator: "")
        default: print(render(report), terminator: "")
        }
    }

    func render(_ report: DriverReport) -> String {
        guard !report.groups.isEmpty else {
            return "No enriched comments with a \(report.request.target.title) answer. Import feedback with scores and run `heard analyze`.\n"
        }
        let title = report.request.target.title
        var out = ""
        for group in report.groups {
            let name = group.group.map { "\(report.request.breakdown?.description ?? "group") \($0)" } ?? "All customers"
            out += "\(name): \(group.comments.formatted()) comments, \(title) \(Cell.number(group.overall, decimals: report.request.target == .nps ? 0 : 2))"
            if let note = group.note {
                out += " — \(note)\n\n"
                continue
            }
            out += ", R² \(Cell.number(group.rSquared, decimals: 3)) [\(Cell.number(group.rSquaredLow, decimals: 3)), \(Cell.number(group.rSquaredHigh, decimals: 3))]\n"
            var lines = [["#", "theme", "comments", "importance", "via", "effect", "", title + " when mentioned", "impact", "quadrant"]]
            for (rank, driver) in group.drivers.enumerated() {
                lines.append([
                    String(rank + 1), driver.themeName, driver.comments.formatted(),
                    driver.isSignificant ? Cell.number(driver.importance) + "%" : "0 (n.s.)", driver.isSignificant ? driver.via : "",
                    Cell.number(driver.effect, decimals: 2, signed: true),
                    driver.direction == .negative ? "▼" : driver.direction == .positive ? "▲" : "",
                    Cell.number(driver.performance, decimals: report.request.target == .nps ? 0 : 2),
                    Cell.number(driver.impact?.impact, decimals: 1, signed: true), driver.quadrant.rawValue,
                ])
            }
            out += MetricsTable.layout(lines) + "\n"
        }
        out += "Importance: share of R² (0 when not beating a random variable, 95% bootstrap, seed \(report.request.seed)). "
        out += "Effect: change in the answer with a typical mention. Impact: \(title) minus \(title) without the theme's comments.\n"
        return out
    }
}

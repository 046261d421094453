import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStats
import HeardStore

struct EmergingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emerging",
        abstract: "What is new or rising: a ranked digest of themes whose volume or sentiment broke from their baseline.",
        discussion: """
            Each period's share of comments mentioning a theme is compared with the trailing --window
            periods (z-score against the baseline share, with the spread of the baseline itself or of
            a binomial, whichever is larger). A theme from a low base (under --low-base mentions per
            period) is flagged when it reaches --growth times its baseline and at least --min-volume
            mentions. Mention sentiment is compared with Welch's t. The same runs per segment (or
            --by) where volume allows. Consecutive flagged periods form one item: "since" is where
            the run began.

            Examples:
              heard emerging
              heard emerging --since 2025-09-01 --format json
              heard emerging --period month --by persona --z 2.5
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: ArgumentHelp("Report runs reaching this day or later (default: the latest period only).", valueName: "date"))
    var since: String?

    @Option(name: .long, help: "Bucket by day, week, month or quarter.")
    var period: String = "week"

    @Option(name: .long, help: ArgumentHelp("Also examine each group of this breakdown; `none` for all customers only.", valueName: "breakdown"))
    var by: String = "segment"

    @Option(name: .long, help: "Trailing periods in the baseline.")
    var window: Int = 8

    @Option(name: .long, help: "z at which a change is flagged.")
    var z: Double = 3

    @Option(name: .long, help: "Fewest mentions in a period for any flag.")
    var minVolume: Int = 10

    @Option(name: .long, help: "Baseline mentions per period under which a theme counts as new.")
    var lowBase: Double = 3

    @Option(name: .long, help: "Growth (times baseline + 1) that flags a theme from a low base.")
    var growth: Double = 3

    @Option(name: .long, help: "Example comments per item.")
    var verbatims: Int = 3

    func validate() throws {
        guard window >= 2 else { throw ValidationError("--window must be at least 2") }
        guard z > 0 else { throw ValidationError("--z must be positive") }
        guard minVolume >= 1 else { throw ValidationError("--min-volume must be at least 1") }
        guard verbatims >= 0 && verbatims <= 50 else { throw ValidationError("--verbatims must be 0–50") }
    }

    func run() async throws {
        let thresholds = EmergingThresholds(window: window, minimumBaselinePeriods: min(4, window), z: z,
                                            minimumVolume: minVolume, lowBase: lowBase, growthFactor: growth)
        let request = EmergingRequest(
            period: try SliceOptions.period(period), since: try SliceOptions.day(since, option: "--since"),
            breakdown: by.lowercased() == "none" ? nil : try SliceOptions.breakdown(by), thresholds: thresholds,
            filter: try slice.filter(), verbatimsPerItem: verbatims)
        let session = try await global.open()
        let digest = try await EmergingIssues(session: session).digest(request)
        switch slice.format {
        case "json": print(digest.json().rendered())
        case "csv": print(digest.records().csv(), terminator: "")
        default: print(render(digest), terminator: "")
        }
    }

    func render(_ digest: EmergingDigest) -> String {
        guard let last = digest.lastPeriod else { return "No theme mentions yet. Run `heard analyze` after importing feedback.\n" }
        let period = digest.request.period
        let span = digest.firstPeriod.map { period.label(forStart: $0) + " to " + period.label(forStart: last) } ?? period.label(forStart: last)
        var out = "Emerging issues, \(span) (\(digest.themePeriodsExamined.formatted()) theme-\(period.rawValue)s examined)\n\n"
        guard !digest.items.isEmpty else { return out + "Nothing new or rising beyond z \(Cell.number(digest.request.thresholds.z)).\n" }
        for (index, item) in digest.items.enumerated() {
            let who = item.group.map { " · \(digest.request.breakdown?.description ?? "group") \($0)" } ?? ""
            let what: String
            switch item.kind {
            case .volumeSpike:
                what = "rising: \(item.mentions) mentions vs \(Cell.number(item.expected)) expected (\(Cell.number(item.changePercent, decimals: 0, signed: true))%), z \(Cell.number(item.z))"
            case .newFromLowBase:
                what = "new: \(item.mentions) mentions from a base of \(Cell.number(item.expected)), z \(Cell.number(item.z))"
            case .sentimentDrop:
                what = "sentiment down: \(Cell.number(item.sentiment, decimals: 2, signed: true)) vs \(Cell.number(item.baselineSentiment, decimals: 2, signed: true)), z \(Cell.number(item.z))"
            }
            let since = item.periods > 1 ? " since \(item.sinceLabel) (\(item.periods) \(period.rawValue)s)" : ""
            out += "\(index + 1). \(item.themeName)\(who) — \(item.periodLabel)\(since)\n   \(what)"
            out += item.ownerTeam.map { "; owner \($0)" } ?? ""
            out += "\n"
            for verbatim in item.verbatims { out += "   “\(Cell.snippet(verbatim.text))”\n" }
        }
        return out
    }
}

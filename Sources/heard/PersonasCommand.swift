import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStore

struct PersonasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "personas",
        abstract: "Personas: list them with satisfaction and themes, load them from a file, or have Heard suggest segments.",
        subcommands: [PersonasListCommand.self, PersonasLoadCommand.self, PersonasSuggestCommand.self],
        defaultSubcommand: PersonasListCommand.self)
}

struct PersonasListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Each persona: rule, customers, NPS/CSAT/CES with intervals, top themes and NPS per period.",
        discussion: "Per-persona trends in full: `heard metrics --by persona --period month` and `heard trends --by persona`.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: "Trend period: day, week, month or quarter.")
    var period: String = "month"

    func run() async throws {
        let session = try await global.open()
        let summaries = try await PersonaOverview(session: session).summaries(period: try SliceOptions.period(period), filter: try slice.filter())
        switch slice.format {
        case "json": print(summaries.records().json(), terminator: "")
        case "csv": print(summaries.records().csv(), terminator: "")
        default:
            guard !summaries.isEmpty else {
                print("No personas yet. Write them in a file and run `heard personas load FILE`, or try `heard personas suggest`.")
                return
            }
            for item in summaries {
                print("\(item.persona.name) — \(item.customers.formatted()) customers, \(item.summary.feedback.formatted()) comments")
                if !item.persona.description.isEmpty { print("  \(item.persona.description)") }
                print("  rule: \(item.persona.rule.text)" + (item.persona.pictureURL.map { "; picture: \($0)" } ?? ""))
                var scores: [String] = []
                if let nps = item.summary.nps { scores.append("NPS \(Cell.number(nps.value, decimals: 0, signed: true)) \(Cell.interval(nps.low, nps.high, decimals: 0)) n=\(nps.n)") }
                if let csat = item.summary.csat { scores.append("CSAT \(Cell.number(csat.value, decimals: 0))% \(Cell.interval(csat.low, csat.high, decimals: 0))") }
                if let ces = item.summary.ces { scores.append("CES \(Cell.number(ces.value, decimals: 2)) \(Cell.interval(ces.low, ces.high, decimals: 2))") }
                if !scores.isEmpty { print("  " + scores.joined(separator: " · ")) }
                if !item.topThemes.isEmpty {
                    print("  talks about: " + item.topThemes.map { "\($0.name) \(Cell.number(100 * $0.share, decimals: 0))% (\(Cell.number($0.sentiment, decimals: 2, signed: true)))" }.joined(separator: ", "))
                }
                if !item.trend.isEmpty {
                    print("  NPS by \(period): " + item.trend.suffix(8).map { "\($0.period) \(Cell.number($0.nps?.value, decimals: 0, signed: true))" }.joined(separator: "  "))
                }
                print("")
            }
        }
    }
}

struct PersonasLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Create or update personas from a YAML or JSON file, then re-assign every customer.",
        discussion: """
            personas:
              - name: Enterprise fleet buyer
                description: Buys phones for hundreds of staff.
                picture: personas/fleet.svg
                rule: segment = enterprise and revenue >= 20000
                priority: 1

            Rules join conditions with `and`; operators: =, !=, in (a, b), >, >=, <, <=, contains.
            A customer takes the first persona (by priority) whose rule matches.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Persona file.")
    var file: String

    func run() async throws {
        let personas: [Persona]
        do { personas = try PersonaFile.load(path: file) } catch let error as ImportError { throw UserFacingError(description: error.description) }
        let session = try await global.open()
        let counts = try await session.load(personas: personas)
        print("loaded \(personas.count) personas; customers: " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}

struct PersonasSuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Propose segments by clustering customers on their attributes and theme profiles.",
        discussion: """
            Customers (a seeded sample) are described by their categorical attributes, numeric ones
            (logged when skewed), the share of their comments mentioning each common theme, and their
            mean NPS answer; k-means with k chosen by the silhouette groups them. Each suggestion lists
            what distinguishes it and, where attributes separate it, a rule you can paste into a
            persona file (with how many customers the rule takes and how many of them are in the group).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Number of segments (default: chosen by the silhouette, 2–6).")
    var k: Int?

    @Option(name: .long, help: "Customers sampled.")
    var sample: Int = 4_000

    @Option(name: .long, help: "Seed of the sample and the clustering.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "table or json.")
    var format: String = "table"

    func validate() throws {
        if let k { guard (2...12).contains(k) else { throw ValidationError("--k must be 2–12") } }
        guard (50...50_000).contains(sample) else { throw ValidationError("--sample must be 50–50000") }
        guard ["table", "json", "csv"].contains(format) else { throw ValidationError("--format must be table, json or csv") }
    }

    func run() async throws {
        let session = try await global.open()
        let report = try await PersonaSuggestions(session: session).suggest(k: k, sampleSize: sample, seed: seed)
        switch format {
        case "json": print(report.json().rendered())
        case "csv": print(report.records().csv(), terminator: "")
        default:
            guard !report.suggestions.isEmpty else {
                print("Too few customers with feedback to suggest segments (\(report.customersSampled)).")
                return
            }
            print("\(report.k) segments from \(report.customersSampled.formatted()) customers (of \(report.customersTotal.formatted())), silhouette \(Cell.number(report.silhouette, decimals: 2))\n")
            for (index, suggestion) in report.suggestions.enumerated() {
                print("\(index + 1). \(suggestion.name) — \(suggestion.customers.formatted()) customers (\(Cell.number(100 * suggestion.share, decimals: 0))%)"
                      + (suggestion.meanNPS.map { ", mean NPS answer \(Cell.number($0, decimals: 1)) vs \(Cell.number(suggestion.overallMeanNPS, decimals: 1))" } ?? ""))
                for trait in suggestion.traits { print("   • \(trait.text)") }
                if let rule = suggestion.rule {
                    print("   rule: \(rule.text)  (takes \(suggestion.ruleMatches) sampled customers, \(Cell.number(100 * (suggestion.rulePrecision ?? 0), decimals: 0))% of them in this segment)")
                } else {
                    print("   no attribute rule separates it: it differs in what its customers say")
                }
                print("")
            }
        }
    }
}

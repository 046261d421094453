import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardServer
import HeardStats

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo workspace from the bundled sample and show its headline numbers.",
        discussion: """
            Writes Northwind Mobile's year of feedback (an NPS survey CSV, support conversations as JSON Lines,
            app reviews as JSON) into the folder, imports it with the ordinary importer, adds customers, personas,
            journeys and weekly operational metrics, and prints what a CX lead would look at first.
            Running it again changes nothing. The text is real public data; see SAMPLE-DATA.md.
            """)

    @Option(name: .long, help: ArgumentHelp("Folder for the demo workspace.", valueName: "path"))
    var dir: String = "heard-demo"

    @Flag(name: .long, inversion: .prefixedNo, help: "Then serve the dashboard on it (default: only when standard output is a terminal).")
    var serve: Bool?

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let interactive = isatty(STDERR_FILENO) == 1
        let result = try await DemoBuilder(folder: dir).build { step in
            if interactive { FileHandle.standardError.write(Data("… \(step)\n".utf8)) }
        }
        print("Northwind Mobile demo workspace: \(result.databasePath)\n")
        for summary in result.imports {
            print("  \(URL(fileURLWithPath: summary.file).lastPathComponent): \(summary.line)")
        }
        print("  \(result.customers.formatted()) customers, \(result.interactions.formatted()) journey events, personas: " +
              result.personaCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))

        let calculator = MetricsCalculator(session: result.session)
        let overall = try await calculator.report(MetricsRequest())
        if let total = overall.totals.first {
            print("\nHeadline (all channels, \(total.tally.feedback.formatted()) pieces of feedback)")
            let s = total.summary
            if let nps = s.nps { print("  NPS    \(Self.signed(nps.value))  95% CI [\(Self.signed(nps.low)), \(Self.signed(nps.high))]  n=\(nps.n)  (\(s.npsBreakdown.promoters) promoters, \(s.npsBreakdown.passives) passives, \(s.npsBreakdown.detractors) detractors)") }
            if let csat = s.csat { print(String(format: "  CSAT   %.0f%%  95%% CI [%.0f%%, %.0f%%]  n=%d", csat.value, csat.low, csat.high, csat.n)) }
            if let ces = s.ces, let agree = s.cesAgree { print(String(format: "  CES    %.2f / 7  95%% CI [%.2f, %.2f]  n=%d  (%.0f%% found it easy)", ces.value, ces.low, ces.high, ces.n, agree.value)) }
            if let stars = s.stars { print(String(format: "  Stars  %.2f / 5  95%% CI [%.2f, %.2f]  n=%d", stars.value, stars.low, stars.high, stars.n)) }
        }

        let monthly = try await calculator.report(MetricsRequest(period: .month))
        print("\nBy month (▲/▼ = significant change from the month before)")
        print(MetricsTable(report: monthly).render(), terminator: "")
        let bySegment = try await calculator.report(MetricsRequest(breakdown: .segment))
        print("\nBy segment (◆ = significantly different from the other segments)")
        print(MetricsTable(report: bySegment).render(), terminator: "")
        let byTouchpoint = try await calculator.report(MetricsRequest(breakdown: .touchpoint, filter: .init(sources: [.survey])))
        print("\nSurvey NPS by touchpoint")
        print(MetricsTable(report: byTouchpoint).render(), terminator: "")

        let enriched = try await AnalyzeCommand.enrich(session: result.session, modelPath: nil)
        let themes = try await ThemeReporting.report(session: result.session, verbatims: 1)
        print(String(format: "\nWhat customers talk about (%d comments analysed, %.0f%% mention a theme)", enriched.enriched == 0 ? themes.coverage.enriched : enriched.enriched, themes.themeCoverage * 100))
        print("comments  share  sentiment  theme")
        for row in themes.rows.filter({ $0.theme.status == .active && $0.comments > 0 }).prefix(8) {
            print(String(format: "%8d  %4.1f%%  %+9.2f  ", row.comments, row.share * 100, row.meanSentiment ?? 0) + "\(row.theme.name) (owner \(row.theme.ownerTeam ?? "unassigned"))")
            if let verbatim = row.verbatims.first { print("                            “\(ThemesListCommand.oneLine(verbatim.text))”") }
        }

        print("""

            Try next:
              heard --db \(result.databasePath) themes --discover
              heard --db \(result.databasePath) drivers --target nps
              heard --db \(result.databasePath) emerging --since 2026-01-01
              heard --db \(result.databasePath) revenue
              heard --db \(result.databasePath) inside-out
              heard --db \(result.databasePath) personas
              heard --db \(result.databasePath) metrics --by persona --period quarter
              heard --db \(result.databasePath) metrics --by touchpoint --period week --from 2026-07-01 --source survey
              heard --db \(result.databasePath) metrics --by meta.intent --source chat --format csv
              heard --db \(result.databasePath) status
              heard --db \(result.databasePath) serve
            """)

        guard serve ?? (isatty(STDOUT_FILENO) == 1) else { return }
        // The report above is buffered when stdout is a pipe; it must come out before the server's lines.
        fflush(nil)
        try await serveDashboard(session: result.session, databasePath: result.databasePath)
    }

    /// A demo user with a fresh password each run (shown once here), a demo NPS survey, then the server.
    func serveDashboard(session: WorkspaceSession, databasePath: String) async throws {
        let password = Secrets.token(bytes: 12)
        _ = try await Accounts(session: session).addUser(name: "demo", role: .admin, teams: [], password: password)
        let survey = try await session.store.save(
            try SurveyDefinition.make(key: "demo-nps", scale: "nps", question: nil, followUp: nil,
                                      thankYou: [.low: "Sorry to hear that. The team that owns it will see your comment today."],
                                      touchpoint: "app", channel: "email"),
            in: session.workspace.id)
        let host = server.host == "0.0.0.0" ? "127.0.0.1" : server.host
        let base = "http://\(host):\(server.port)"
        try await server.serve(session: session, databasePath: databasePath) { _ in
            FileHandle.standardOutput.write(Data("""

                Dashboard: \(base)/   (sign in as demo, password \(password))
                Survey:    \(base)\(SurveyDefinition.links(survey).page)   one-click: \(base)/s/demo-nps/9?customer=C0001
                API:       \(base)/api/v1/openapi.json

                """.utf8))
        }
    }

    static func signed(_ value: Double) -> String {
        let rounded = value.rounded()
        return rounded > 0 ? "+\(Int(rounded))" : "\(Int(rounded))"
    }
}

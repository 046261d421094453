import ArgumentParser
import Foundation
import HeardEngine
import HeardML
import HeardModel
import HeardStore

struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "Themes with their volume, sentiment, coverage and the verbatims to read first.",
        discussion: """
              heard themes                      list the workspace's themes
              heard themes --discover           also mine uncovered comments for proposed themes
              heard themes accept discovered.seat-broken
              heard themes --format json
            """,
        subcommands: [ThemesListCommand.self, ThemesAcceptCommand.self],
        defaultSubcommand: ThemesListCommand.self)
}

struct ThemesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List themes (the default).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "First mine the comments no theme covers for new candidate themes (status proposed).")
    var discover = false

    @Option(name: .long, help: "Verbatims per theme.")
    var verbatims: Int = 3

    @Option(name: .long, help: ArgumentHelp("What discovery clusters: static (default; lexical when no table has been distilled), transformer, or none (terms).", valueName: "path"))
    var vectors: String = "static"

    @Option(name: .long, help: "table or json.")
    var format: String = "table"

    func run() async throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        let session = try await global.open()
        _ = try await AnalyzeCommand.enrich(session: session, modelPath: nil)
        var proposed: [ProposedTheme] = []
        if discover {
            guard let path = VectorPath(rawValue: vectors) else { throw ValidationError("--vectors is static, transformer or none") }
            var encoder: (any SentenceEncoder)?
            do {
                encoder = try path.loadEncoder().map { ContentTextEncoder($0) }
            } catch where path == .static {
                printError("discovering by terms: \(error)")
            } catch {
                throw UserFacingError(description: "\(error)")
            }
            proposed = try await ThemeReporting.discover(session: session, encoder: encoder)
            // The new semantic model places the comments no phrase matched.
            if encoder != nil { _ = try await AnalyzeCommand.enrich(session: session, modelPath: nil) }
        }
        let report = try await ThemeReporting.report(session: session, verbatims: max(0, verbatims))
        let volumeOfProposed = Dictionary(uniqueKeysWithValues: proposed.map { ($0.theme.key, $0) })
        if format == "json" {
            print(json(report, proposed: volumeOfProposed).rendered())
        } else {
            print(table(report, proposed: volumeOfProposed))
        }
    }

    private func json(_ report: ThemeReport, proposed: [String: ProposedTheme]) -> JSONValue {
        let themes: [JSONValue] = report.rows.map { ThemeReport.json($0, proposed: proposed[$0.theme.key]) }
        return .object([
            ("comments_with_text", .int(report.coverage.withText)), ("analysed", .int(report.coverage.enriched)),
            ("coverage", .number(report.themeCoverage)),
            ("sentiment", report.coverage.meanSentiment.map { .number($0) } ?? .null),
            ("themes", .array(themes)),
        ])
    }

    private func table(_ report: ThemeReport, proposed: [String: ProposedTheme]) -> String {
        var lines = [
            String(format: "%d comments with text, %d analysed; %.1f%% mention at least one theme",
                   report.coverage.withText, report.coverage.enriched, report.themeCoverage * 100),
            "",
            "comments  share  sentiment  negative  theme",
        ]
        for row in report.rows where row.theme.status == .active && row.comments > 0 {
            lines.append(String(format: "%8d  %4.1f%%  %+9.2f  %7.0f%%  ", row.comments, row.share * 100, row.meanSentiment ?? 0, (row.negativeShare ?? 0) * 100)
                         + "\(row.theme.name) [\(row.theme.key)\(row.theme.ownerTeam.map { ", owner \($0)" } ?? "")]")
            for verbatim in row.verbatims {
                lines.append("                                     “\(Self.oneLine(verbatim.text))”")
            }
        }
        let candidates = report.rows.filter { $0.theme.status == .proposed }
        if !candidates.isEmpty {
            lines.append("")
            lines.append("proposed themes (accept with `heard themes accept ID`):")
            for row in candidates {
                if let candidate = proposed[row.theme.key] {
                    lines.append(String(format: "%8d  %4.1f%%  %+9.2f            ", candidate.volume, candidate.share * 100, candidate.meanSentiment)
                                 + "\(row.theme.name) [\(row.theme.key)]")
                } else {
                    lines.append("                                     \(row.theme.name) [\(row.theme.key)]")
                }
                for example in row.theme.examples.prefix(2) {
                    lines.append("                                     “\(Self.oneLine(example))”")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func oneLine(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 110 ? String(flat.prefix(109)) + "…" : flat
    }
}

struct ThemesAcceptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept a proposed theme into the taxonomy.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The theme id, e.g. discovered.seat-broken.")
    var id: String

    func run() async throws {
        let session = try await global.open()
        let theme: Theme
        do {
            theme = try await ThemeReporting.accept(id, session: session)
        } catch let error as ThemeNotFound {
            throw UserFacingError(description: error.description)
        }
        let summary = try await AnalyzeCommand.enrich(session: session, modelPath: nil)
        print("accepted \(theme.key) (\(theme.name)); re-analysed \(summary.enriched) comments")
    }
}

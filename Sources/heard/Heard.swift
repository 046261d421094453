import ArgumentParser
import Foundation
import HeardEngine

@main
struct HeardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heard",
        abstract: "Hear every customer on every channel, and turn it into fixes.",
        discussion: """
            Heard keeps a workspace in one SQLite file (--db, default ./heard.sqlite or $HEARD_DB).
            Start with `heard demo`, or bring your own feedback with `heard import FILE`.
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self,
            AnalyzeCommand.self,
            ThemesCommand.self,
            MetricsCommand.self,
            TrendsCommand.self,
            EmergingCommand.self,
            DriversCommand.self,
            RevenueCommand.self,
            ImportMetricsCommand.self,
            InsideOutCommand.self,
            PersonasCommand.self,
            StatusCommand.self,
            TrainCommand.self,
            EvalCommand.self,
            DemoCommand.self,
            BenchCommand.self,
            StatsCommand.self,
            EmbedCommand.self,
            ModelsCommand.self,
            ServeCommand.self,
            UsersCommand.self,
            APIKeysCommand.self,
            SurveysCommand.self,
            SettingsCommand.self,
        ]
    )

    /// `--db` and `--workspace` are accepted before the subcommand too (`heard --db x.sqlite metrics`).
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var global: [String] = []
        while let first = arguments.first, first.hasPrefix("--db") || first.hasPrefix("--workspace") {
            global.append(arguments.removeFirst())
            if !first.contains("="), !arguments.isEmpty { global.append(arguments.removeFirst()) }
        }
        // Moved to the end, where every (nested) subcommand's option group reads them.
        if !global.isEmpty, !arguments.isEmpty { arguments += global }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Workspace database file.", valueName: "path"))
    var db: String = ProcessInfo.processInfo.environment["HEARD_DB"] ?? "heard.sqlite"

    @Option(name: .long, help: "Workspace inside the database.")
    var workspace: String = "default"

    func open() async throws -> WorkspaceSession {
        try await WorkspaceSession.open(databasePath: db, workspace: workspace)
    }
}

/// Errors the user can act on are printed as they are, without a stack of wrappers.
struct UserFacingError: Error, CustomStringConvertible {
    var description: String
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("heard: " + message + "\n").utf8))
}

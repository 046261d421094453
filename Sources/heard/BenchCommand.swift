import ArgumentParser
import Foundation
import HeardEngine
import HeardModel

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (results go to bench/RESULTS.md by hand, with the machine).",
        subcommands: [BenchImportCommand.self, BenchSentimentCommand.self, BenchAnalyticsCommand.self, BenchEmbedCommand.self, BenchThemesCommand.self,
                      BenchSimilarCommand.self])
}

struct BenchImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import N generated rows through `heard import` in a child process; report rows/s, peak RSS and metrics query time.")

    @Option(name: .long, help: "Rows to generate.")
    var rows: Int = 1_000_000

    @Option(name: .long, help: ArgumentHelp("Scratch folder (default: a new temporary folder, removed afterwards).", valueName: "path"))
    var dir: String?

    @Flag(name: .long, help: "Also score sentiment and match themes as part of the import (off: the import alone is timed).")
    var enrich = false

    func run() async throws {
        let folder = dir ?? (NSTemporaryDirectory() + "heard-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let input = folder + "/generated.csv"
        let database = folder + "/bench.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }

        print("generating \(rows.formatted()) rows …")
        try GeneratedFeedbackFile.write(rows: rows, to: input)
        let size = (try FileManager.default.attributesOfItem(atPath: input)[.size] as? NSNumber)?.int64Value ?? 0

        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = ["import", input, "--db", database, "--source", "survey", "--rejects", folder + "/rejects.csv"]
            + (enrich ? [] : ["--no-enrich"])
            + GeneratedFeedbackFile.mapArguments.flatMap { ["--map", $0] }
        let output = Pipe()
        child.standardOutput = output
        let started = Date()
        try child.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        guard child.terminationStatus == 0 else { throw UserFacingError(description: "import failed:\n\(printed)") }

        let session = try await WorkspaceSession.open(databasePath: database)
        let calculator = MetricsCalculator(session: session)
        var timings: [Double] = []
        for _ in 0..<5 {
            let begin = Date()
            _ = try await calculator.report(MetricsRequest(breakdown: .segment, period: .month))
            timings.append(Date().timeIntervalSince(begin) * 1000)
        }
        timings.sort()

        print(printed.split(separator: "\n").last.map(String.init) ?? "")
        print(String(format: "import: %d rows (%.0f MB CSV) in %.2f s = %.0f rows/s, peak RSS %.0f MB",
                     rows, Double(size) / 1e6, seconds, Double(rows) / seconds, Double(usage.ru_maxrss) / 1024))
        print(String(format: "metrics --by segment --period month: median %.0f ms, best %.0f ms (5 runs, in process)", timings[2], timings[0]))
    }
}

struct BenchSentimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Texts per second of the sentiment model (tokenise + score, texts in memory), on one thread and on all cores.")

    @Option(name: .long, help: ArgumentHelp("File with texts (CSV, JSON or JSONL).", valueName: "file"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Column holding the text.", valueName: "column"))
    var text: String = "text"

    @Option(name: .long, help: ArgumentHelp("Model file (default: the shipped model).", valueName: "file"))
    var model: String?

    @Option(name: .customLong("repeat"), help: "Repeat the texts this many times, for a steadier number.")
    var repetitions: Int = 10

    func run() async throws {
        let rows = try LabelledTextFile(path: data, textColumn: text, labelColumn: text).read().rows
        let texts = Array(repeatElement(rows.map(\.text), count: max(1, repetitions)).joined())
        let chosen = try DefaultModels.sentiment(path: model)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let single = SentimentThroughput.measure(chosen, texts: texts, threads: 1)
        let all = SentimentThroughput.measure(chosen, texts: texts, threads: cores)
        print("model \(chosen.identifier), \(texts.count) texts")
        print("1 thread:   \(Int(single).formatted()) texts/s")
        print("\(cores) threads:  \(Int(all).formatted()) texts/s")
    }
}

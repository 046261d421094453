import ArgumentParser
import Dispatch
import Foundation
import HeardEngine
import HeardML

struct BenchThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "Semantic themes at scale: fit on a sample, assign every comment to its nearest theme (or other).",
        discussion: """
            Texts come from --data (cycled to --comments) or, without it, from the customer text Heard ships.
            Prints load, fit and assignment times, coverage and the peak resident memory.
              heard bench themes --comments 1000000
              /usr/bin/time -v heard bench themes --comments 1000000 --data Tweets.csv --text text
            """)

    @Option(name: .long, help: "Comments to assign.")
    var comments: Int = 1_000_000

    @Option(name: .long, help: ArgumentHelp("File with texts (CSV, JSON or JSONL).", valueName: "file"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the text.", valueName: "column"))
    var text: String = "text"

    @Option(name: .long, help: ArgumentHelp("static or transformer.", valueName: "path"))
    var vectors: String = "static"

    @Option(name: .long, help: ArgumentHelp("Encoder folder (default: where `heard models fetch` puts it).", valueName: "path"))
    var modelDir: String?

    @Option(name: .long, help: "Threads that embed.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        guard comments > 0 else { throw ValidationError("--comments must be positive") }
        guard let path = VectorPath(rawValue: vectors), path != .none else { throw ValidationError("--vectors is static or transformer") }
        let texts = try data.map { try LabelledTextFile(path: $0, textColumn: text, labelColumn: text).read().rows.map(\.text) }
            ?? StaticModel.shippedCorpus()
        guard !texts.isEmpty else { throw UserFacingError(description: "\(data ?? "sample"): no texts") }
        BLAS.threadCount = 1
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let encoder: any SentenceEncoder
        do {
            encoder = ContentTextEncoder(try path.loadEncoder(modelDir: modelDir, workers: workers)!)
        } catch {
            throw UserFacingError(description: "\(error)")
        }
        let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9
        let result = SemanticThemeBenchmark().run(texts: texts, comments: comments, encoder: encoder, loadSeconds: loadSeconds)
        print("model \(result.model); \(workers) worker(s); \(texts.count) distinct source texts")
        print(String(format: "%d comments: load %.2f s, fit on %d %.2f s, assign %.2f s; total %.2f s (%.0f comments/s)",
                     result.comments, result.loadSeconds, min(20_000, result.comments), result.fitSeconds, result.assignSeconds,
                     result.totalSeconds, Double(result.comments) / result.totalSeconds))
        print(String(format: "%d themes, coverage %.1f%%, other %.1f%%", result.themes, result.coverage * 100, (1 - result.coverage) * 100))
        print("largest: " + result.largest.map { String(format: "%@ %.1f%%", $0.name, $0.share * 100) }.joined(separator: "; "))
        if let peak = result.peakResidentBytes { print(String(format: "peak resident memory %.0f MB", Double(peak) / 1e6)) }
    }
}

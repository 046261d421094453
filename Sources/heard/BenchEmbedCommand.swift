import ArgumentParser
import Foundation
import HeardEngine
import HeardML

struct BenchEmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Texts/s, tokens/s and GFLOP/s of the sentence encoder (texts in memory), against the measured BLAS peak.",
        discussion: "`bash bench/embed-peers.sh` runs this next to sentence-transformers on the same file.")

    @Option(name: .long, help: ArgumentHelp("File with texts (CSV, JSON or JSONL).", valueName: "file"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Column holding the text.", valueName: "column"))
    var text: String = "text"

    @Option(name: .long, help: "Use only the first N texts.")
    var limit: Int?

    @Option(name: .long, help: "text or json.")
    var format: String = "text"

    @OptionGroup var encoderOptions: EncoderOptions

    func run() async throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format is text or json") }
        let encoder = try encoderOptions.load()
        var texts = try LabelledTextFile(path: data, textColumn: text, labelColumn: text).read().rows.map(\.text)
        if let limit { texts = Array(texts.prefix(limit)) }
        let result = EmbeddingBenchmark(encoder: encoder).run(texts: texts)
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("model \(result.model); OpenBLAS \(result.blasCore) kernels, \(result.blasThreads) thread(s) per product, \(result.workers) worker(s), \(result.tokensPerBatch) tokens per batch")
        print(String(format: "%d texts (%d distinct), %d tokens in %.2f s", result.texts, result.distinctTexts, result.tokens, result.seconds))
        print(String(format: "%.1f texts/s, %.0f tokens/s", result.textsPerSecond, result.tokensPerSecond))
        print(String(format: "%.1f GFLOP/s achieved; sgemm peak %.1f GFLOP/s (2048×384 · 384×1536, one product per worker at once) = %.0f%%",
                     result.gigaflopsPerSecond, result.peakGigaflopsPerSecond, 100 * result.gigaflopsPerSecond / result.peakGigaflopsPerSecond))
        print(String(format: "again, all vectors cached: %.0f texts/s", result.cachedTextsPerSecond))
    }
}

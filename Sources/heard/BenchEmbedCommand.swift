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

    @Option(name: .long, help: "transformer, or static (the distilled table: one core, texts repeated to --repeat).")
    var vectors: String = "transformer"

    @Option(name: .long, help: ArgumentHelp("Static path: repeat the texts up to this many (default 1,000,000).", valueName: "n"))
    var repeatTo: Int = 1_000_000

    @OptionGroup var encoderOptions: EncoderOptions

    func run() async throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format is text or json") }
        guard let path = VectorPath(rawValue: vectors), path != .none else { throw ValidationError("--vectors is transformer or static") }
        var texts = try LabelledTextFile(path: data, textColumn: text, labelColumn: text).read().rows.map(\.text)
        if let limit { texts = Array(texts.prefix(limit)) }
        if path == .static {
            try runStatic(texts)
            return
        }
        let encoder = try encoderOptions.load()
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

    /// One thread, texts in memory, tokenise + look up + average + normalise; repeated texts are
    /// embedded again each time (the static path keeps no vector cache).
    private func runStatic(_ texts: [String]) throws {
        let encoder: StaticSentenceEncoder
        do {
            encoder = try StaticModel.load(folder: encoderOptions.modelDir, workers: 1)
        } catch {
            throw UserFacingError(description: "\(error)")
        }
        guard !texts.isEmpty else { throw UserFacingError(description: "\(data): no texts") }
        var all: [String] = []
        all.reserveCapacity(max(repeatTo, texts.count))
        while all.count < max(repeatTo, texts.count) { all.append(contentsOf: texts.prefix(max(repeatTo, texts.count) - all.count)) }
        _ = encoder.embed(Array(all.prefix(2_000)))
        let started = DispatchTime.now().uptimeNanoseconds
        let cpuStarted = Self.threadCPUSeconds()
        var done = 0
        // Chunks of 100,000 keep the output matrix small; each chunk starts with an empty word cache.
        while done < all.count {
            let chunk = Array(all[done ..< min(all.count, done + 100_000)])
            _ = encoder.embed(chunk)
            done += chunk.count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cpuSeconds = Self.threadCPUSeconds() - cpuStarted
        let rate = Double(all.count) / seconds
        if format == "json" {
            print(JSONValue.object([("model", .string(encoder.identifier)), ("texts", .int(all.count)), ("distinct_source_texts", .int(texts.count)),
                                    ("seconds", .number(seconds)), ("texts_per_second", .number(rate.rounded())), ("cpu_seconds", .number(cpuSeconds)),
                                    ("texts_per_cpu_second", .number((Double(all.count) / cpuSeconds).rounded())), ("threads", .int(1))]).rendered())
        } else {
            print("model \(encoder.identifier); one thread")
            print(String(format: "%d texts (the file's %d repeated) in %.2f s: %.0f texts/s", all.count, texts.count, seconds, rate))
            // On a shared machine the wall clock also counts time the thread waited for a core.
            print(String(format: "this thread's CPU time %.2f s: %.0f texts per CPU second", cpuSeconds, Double(all.count) / cpuSeconds))
        }
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

import ArgumentParser
import Foundation
import HeardEngine
import HeardML

/// How to load and run the sentence encoder: shared by `embed` and `bench embed`.
struct EncoderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Model folder (default: where `heard models fetch` puts it).", valueName: "path"))
    var modelDir: String?

    @Option(name: .long, help: "Threads for each matrix product (OpenBLAS).")
    var blasThreads: Int = 1

    @Option(name: .long, help: "Batches encoded at the same time, one thread each.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Tokens per batch (sequences are packed without padding).")
    var batchTokens: Int = 1024

    func load() throws -> TransformerSentenceEncoder {
        BLAS.threadCount = blasThreads
        do {
            return try EncoderModel.load(folder: modelDir, tokensPerBatch: batchTokens, workers: workers)
        } catch {
            throw UserFacingError(description: "\(error)")
        }
    }
}

import Foundation
import HeardML

/// Which vectors an analysis runs on: the transformer encoder (best quality, about 300 texts/s
/// here), the static table distilled from it (hundreds of thousands of texts/s), or none
/// (lexical methods only).
public enum VectorPath: String, Sendable, CaseIterable {
    case transformer, `static`, none

    /// The encoder for this path, or nil for `none`. `modelDir` is the encoder's folder (default:
    /// where `heard models fetch` puts it), which also holds the static table. A missing model or
    /// table is an error that names the command that makes it.
    public func loadEncoder(modelDir: String? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                            tokensPerBatch: Int = 1024) throws -> (any SentenceEncoder)? {
        switch self {
        case .none: return nil
        case .transformer: return try EncoderModel.load(folder: modelDir, tokensPerBatch: tokensPerBatch, workers: workers)
        case .static: return try StaticModel.load(folder: modelDir, workers: workers)
        }
    }
}

extension VectorPath {
    /// The encoder similar-feedback search uses when none is named: the static table when it has
    /// been distilled (cheap at any size), else the transformer. A missing model is
    /// `EncoderModel.MissingModel`, naming `heard models fetch`.
    public static func searchEncoder(modelDir: String? = nil) throws -> any SentenceEncoder {
        if let table = try? VectorPath.static.loadEncoder(modelDir: modelDir) { return table }
        return try VectorPath.transformer.loadEncoder(modelDir: modelDir)!
    }
}

/// Where the static table lives: next to the encoder it was distilled from.
public enum StaticModel {
    public static func load(folder: String? = nil, workers: Int = 1) throws -> StaticSentenceEncoder {
        let url = folder.map { URL(fileURLWithPath: $0) } ?? EncoderModel.defaultFolder()
        let files = StaticModelFolder(url: url)
        let missing = files.missingFiles
        guard missing.isEmpty else {
            let command = folder == nil ? "heard models fetch && heard models distill" : "heard models distill --model-dir \(url.path)"
            throw EncoderModel.MissingModel(description: """
                no static embedding table at \(url.path) (missing \(missing.joined(separator: ", "))). \
                Run `\(command)` to derive it from \(EncoderModel.folderName) (about a minute), or pass --model-dir with a folder holding \
                \(StaticModelFolder.requiredFiles.joined(separator: ", ")).
                """)
        }
        return try files.loadEncoder(workers: workers)
    }
}

extension StaticModel {
    /// The texts whose token counts set the SIF weights (and, with a map, that it is fitted on):
    /// the customer text Heard ships (review sentences, survey snippets and support queries;
    /// see SAMPLE-DATA.md), so every installation derives the same table from the same model.
    public static func shippedCorpus() throws -> [String] {
        let samples = try SampleTexts.load()
        return samples.reviews.map(\.text) + samples.surveyComments.map(\.text) + samples.supportQueries.map(\.text)
    }

    /// Distils the table from the encoder in `modelDir` (default: the cache folder) and writes it to
    /// `out` (default: the encoder's folder), with the vocabulary beside it when that is elsewhere.
    public static func distill(modelDir: String?, out: String?, distiller: StaticTableDistiller, corpus: [String],
                               workers: Int, log: (String) -> Void) throws -> (folder: URL, table: StaticEmbeddingTable, report: StaticTableDistiller.Report) {
        let encoder = try EncoderModel.load(folder: modelDir, workers: workers)
        let source = modelDir.map { URL(fileURLWithPath: $0) } ?? EncoderModel.defaultFolder()
        let destination = out.map { URL(fileURLWithPath: $0) } ?? source
        let (table, report) = distiller.distill(encoder: encoder, corpus: corpus, log: log)
        try table.write(to: destination)
        if destination.standardizedFileURL != source.standardizedFileURL {
            for name in ["vocab.txt", "tokenizer_config.json"] where FileManager.default.fileExists(atPath: source.appendingPathComponent(name).path) {
                try? FileManager.default.removeItem(at: destination.appendingPathComponent(name))
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: destination.appendingPathComponent(name))
            }
        }
        return (destination, table, report)
    }
}

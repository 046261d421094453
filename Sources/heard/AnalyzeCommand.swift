import ArgumentParser
import Foundation
import HeardEngine
import HeardML
import HeardModel

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Score sentiment and find themes in every comment that needs it.",
        discussion: """
            Incremental: only comments never analysed, changed since, or analysed by another
            sentiment model or taxonomy version are done again. `heard import` runs this itself.

              heard analyze
              heard analyze --taxonomy my-taxonomy.yaml     (load or update the workspace's themes first)
              heard analyze --vectors transformer           (accurate sentiment; about 300 comments/s)

            --vectors chooses the sentence vectors stored for every comment (for `heard similar`)
            and, with transformer, the accurate sentiment path: each comment's overall sentiment
            from the shipped vector model (or --vector-model), sentences and theme mentions from
            the lexical model. The default, auto, stores static vectors when `heard models
            distill` has made the table and keeps the fast lexical sentiment; none stores nothing.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Sentiment model from `heard train sentiment` (default: the shipped one).", valueName: "file"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("A taxonomy (YAML or JSON) to load into the workspace first; active themes it no longer lists are retired.", valueName: "file"))
    var taxonomy: String?

    @OptionGroup var vectorOptions: AnalysisVectorOptions

    func run() async throws {
        let session = try await global.open()
        if let taxonomy {
            let themes = try TaxonomyFile.read(path: taxonomy)
            try await session.load(taxonomy: themes)
            print("loaded \(themes.count) themes from \(taxonomy)")
        }
        let summary = try await Self.enrich(session: session, modelPath: model, vectors: vectorOptions)
        print("analysed \(summary.enriched) comments (\(summary.version))")
    }

    /// `vectors` nil means the options' defaults (`--vectors auto`), as when the demo analyses.
    static func enrich(session: WorkspaceSession, modelPath: String?, vectors: AnalysisVectorOptions? = nil) async throws -> EnrichmentSummary {
        var enricher = try await FeedbackEnricher.standard(session: session, modelPath: modelPath)
        // Parsed from no arguments: a ParsableArguments made with init() has no readable values.
        let vectors = try vectors ?? AnalysisVectorOptions.parse([])
        let encoder = try vectors.encoder()
        if let encoder, let model = try vectors.sentimentModel(for: encoder) {
            do {
                enricher.overallSentiment = try VectorSentimentScorer(encoder: encoder, model: model, lexical: enricher.pipeline.sentiment)
            } catch let error as VectorSentimentModel.Mismatch {
                throw UserFacingError(description: error.description)
            }
        }
        let progress = TerminalProgress(label: "analysing")
        let callback: (@Sendable (Int) -> Void)? = progress.map { bar in
            { @Sendable done in bar.update(ImportProgress(rows: done, bytesRead: 0, totalBytes: 0)) }
        }
        let summary = try await enricher.run(progress: callback)
        progress?.finish()
        if let encoder {
            let stored = try await FeedbackVectorizer(session: session, encoder: encoder).run()
            if stored > 0 { print("stored \(stored) sentence vectors (\(encoder.identifier))") }
        }
        return summary
    }
}

/// Which vectors `analyze` (and `import`) compute, and whether sentiment takes the vector path.
struct AnalysisVectorOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("auto, transformer, static or none (see above).", valueName: "path"))
    var vectors: String = "auto"

    @Option(name: .long, help: ArgumentHelp("Encoder folder (default: where `heard models fetch` puts it).", valueName: "path"))
    var modelDir: String?

    @Option(name: .long, help: ArgumentHelp("Vector sentiment model from `heard train sentiment --vectors` (default: the shipped one for --vectors transformer).", valueName: "file"))
    var vectorModel: String?

    func validate() throws {
        guard vectors == "auto" || VectorPath(rawValue: vectors) != nil else {
            throw ValidationError("--vectors must be auto, transformer, static or none, not '\(vectors)'")
        }
    }

    /// auto picks the static table when it exists: it costs little per comment, where the
    /// transformer would turn an import of a million rows into hours.
    func encoder() throws -> (any SentenceEncoder)? {
        do {
            if vectors == "auto" { return try? VectorPath.static.loadEncoder(modelDir: modelDir) }
            return try VectorPath(rawValue: vectors)?.loadEncoder(modelDir: modelDir)
        } catch let error as EncoderModel.MissingModel {
            throw UserFacingError(description: error.description)
        }
    }

    /// The vector sentiment model to use with `encoder`: --vector-model, else the shipped one for
    /// the transformer when --vectors transformer was asked for; nil keeps the lexical path.
    func sentimentModel(for encoder: any SentenceEncoder) throws -> VectorSentimentModel? {
        if let vectorModel { return try DefaultModels.vectorSentiment(file: vectorModel, path: .transformer) }
        guard vectors == VectorPath.transformer.rawValue else { return nil }
        return try DefaultModels.vectorSentiment(file: nil, path: .transformer)
    }
}

import ArgumentParser
import Foundation
import HeardEngine
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
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Sentiment model from `heard train sentiment` (default: the shipped one).", valueName: "file"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("A taxonomy (YAML or JSON) to load into the workspace first; active themes it no longer lists are retired.", valueName: "file"))
    var taxonomy: String?

    func run() async throws {
        let session = try await global.open()
        if let taxonomy {
            let themes = try TaxonomyFile.read(path: taxonomy)
            let listed = Set(themes.map(\.key))
            for var existing in try await session.store.themes(in: session.workspace.id) where existing.status == .active && !listed.contains(existing.key) {
                existing.status = .retired
                try await session.store.save(existing, in: session.workspace.id)
            }
            for theme in themes { try await session.store.save(theme, in: session.workspace.id) }
            print("loaded \(themes.count) themes from \(taxonomy)")
        }
        let summary = try await Self.enrich(session: session, modelPath: model)
        print("analysed \(summary.enriched) comments (\(summary.version))")
    }

    static func enrich(session: WorkspaceSession, modelPath: String?) async throws -> EnrichmentSummary {
        let enricher = try await FeedbackEnricher.standard(session: session, modelPath: modelPath)
        let progress = TerminalProgress(label: "analysing")
        let callback: (@Sendable (Int) -> Void)? = progress.map { bar in
            { @Sendable done in bar.update(ImportProgress(rows: done, bytesRead: 0, totalBytes: 0)) }
        }
        let summary = try await enricher.run(progress: callback)
        progress?.finish()
        return summary
    }
}

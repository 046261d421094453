import ArgumentParser
import Foundation
import HeardEngine
import HeardML

struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Find the comments closest in meaning to a text.",
        discussion: """
            Every comment's sentence vector is stored in the workspace (computed here for any
            comment that lacks one: `heard analyze --vectors …` does it ahead of time), and an
            inverted-file index next to the database (DB.similar/) finds the nearest ones; the
            best candidates are re-ranked with their exact vectors. The static path (default when
            `heard models distill` has run) is fast at millions of comments; --vectors transformer
            is more exact and embeds about 300 comments/s.

              heard similar "the app logs me out every day" --limit 5
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The text to find similar comments to.")
    var text: String

    @Option(name: .long, help: "How many comments to show.")
    var limit: Int = 10

    @OptionGroup var searchVectors: SearchVectors

    @Option(name: .long, help: "Index lists scanned per query (more: slower, finds more of the true nearest).")
    var probes: Int = SimilarFeedback.defaultProbes

    @Option(name: .long, help: "table or json.")
    var format: String = "table"

    func validate() throws {
        guard limit > 0, limit <= 1000 else { throw ValidationError("--limit must be between 1 and 1000") }
        guard probes > 0 else { throw ValidationError("--probes must be positive") }
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("give a text to search for") }
    }

    func run() async throws {
        let encoder = try searchVectors.encoder()
        let session = try await global.open()
        let added = try await FeedbackVectorizer(session: session, encoder: encoder).run()
        if added > 0 { printError("stored vectors for \(added) comments") }
        var search = SimilarFeedback(session: session, encoder: encoder,
                                     indexURL: SimilarFeedback.indexURL(databasePath: global.db, workspace: session.workspace, encoder: encoder.identifier))
        search.probes = probes
        let hits = try await search.search(text, limit: limit)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        if format == "json" {
            print(JSONValue.array(hits.map { hit in
                .object([
                    ("score", .number(Double(hit.score))), ("id", .string(hit.feedback.externalID)),
                    ("date", .string(formatter.string(from: hit.feedback.occurredAt))),
                    ("source", hit.feedback.source.map { .string($0) } ?? .null), ("text", .string(hit.feedback.text)),
                ])
            }).rendered())
            return
        }
        if hits.isEmpty { print("no comments with vectors in this workspace") }
        for hit in hits {
            let text = hit.feedback.text.replacingOccurrences(of: "\n", with: " ")
            print(String(format: "%.3f  ", hit.score) + "\(hit.feedback.externalID)  \(formatter.string(from: hit.feedback.occurredAt))  \(hit.feedback.source ?? "-")  \(text.prefix(200))")
        }
    }
}

/// Which encoder similar-feedback search uses when none is named: the static table when it has
/// been distilled (cheap at any size), else the transformer.
struct SearchVectors: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("transformer or static (default: static when distilled, else transformer).", valueName: "path"))
    var vectors: String?

    @Option(name: .long, help: ArgumentHelp("Encoder folder (default: where `heard models fetch` puts it).", valueName: "path"))
    var modelDir: String?

    func encoder() throws -> any SentenceEncoder {
        do {
            if let vectors {
                guard let path = VectorPath(rawValue: vectors), path != .none else {
                    throw ValidationError("--vectors must be transformer or static, not '\(vectors)'")
                }
                return try path.loadEncoder(modelDir: modelDir)!
            }
            return try VectorPath.searchEncoder(modelDir: modelDir)
        } catch let error as EncoderModel.MissingModel {
            throw UserFacingError(description: error.description)
        }
    }
}

struct BenchSimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Similar-feedback search at scale: query latency (p50/p95/p99) and recall@10 against brute force.")

    @Option(name: .long, help: "Generated comments to index.")
    var comments: Int = 1_000_000

    @Option(name: .long, help: "Queries to time.")
    var queries: Int = 200

    @Option(name: .long, help: "Index lists scanned per query.")
    var probes: Int = SimilarFeedback.defaultProbes

    @OptionGroup var searchVectors: SearchVectors

    @Option(name: .long, help: "table or json.")
    var format: String = "table"

    func validate() throws {
        guard comments > 0, queries > 0, probes > 0 else { throw ValidationError("--comments, --queries and --probes must be positive") }
    }

    func run() async throws {
        let encoder = try searchVectors.encoder()
        var benchmark = SimilarityBenchmark(comments: comments)
        benchmark.queries = queries
        benchmark.probes = probes
        let result = benchmark.run(encoder: encoder, corpus: try StaticModel.shippedCorpus()) { printError($0) }
        if format == "json" {
            let data = try JSONEncoder().encode(result)
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("comments   \(result.comments.formatted()) (\(result.dimensions) dimensions, \(result.encoder))")
        print(String(format: "embedding  %.1f s (%.0f comments/s)", result.embedSeconds, Double(result.comments) / max(result.embedSeconds, 1e-9)))
        print(String(format: "index      %.1f s to build; %d lists, %d probed per query; %.0f MB", result.buildSeconds, result.lists, result.probes, Double(result.indexBytes) / 1e6))
        print(String(format: "latency    p50 %.2f ms, p95 %.2f ms, p99 %.2f ms over %d queries (brute force median %.1f ms)",
                     result.p50Milliseconds, result.p95Milliseconds, result.p99Milliseconds, result.queries, result.bruteForceMedianMilliseconds))
        print(String(format: "recall@10  %.3f against brute force", result.recallAt10))
    }
}

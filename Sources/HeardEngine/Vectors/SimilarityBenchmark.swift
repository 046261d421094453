import Dispatch
import Foundation
import HeardML
import HeardStats

/// Times similar-feedback search at scale: generated comments (one to three sentences of the
/// real customer text Heard ships, in seeded combinations) are embedded, indexed, and queried
/// with other generated comments; each query's IVF result (re-ranked exactly, as `heard similar`
/// does) is compared with brute force over all vectors.
public struct SimilarityBenchmark: Sendable {
    public var comments: Int
    public var queries = 200
    public var limit = 10
    public var probes = SimilarFeedback.defaultProbes
    public var candidatesPerResult = SimilarFeedback.defaultCandidatesPerResult
    public var seed: UInt64 = 42

    public init(comments: Int) {
        self.comments = comments
    }

    public struct Result: Sendable, Codable {
        public var comments: Int
        public var dimensions: Int
        public var encoder: String
        public var embedSeconds: Double
        public var buildSeconds: Double
        public var lists: Int
        public var probes: Int
        public var indexBytes: Int
        public var queries: Int
        public var p50Milliseconds: Double
        public var p95Milliseconds: Double
        public var p99Milliseconds: Double
        public var bruteForceMedianMilliseconds: Double
        public var recallAt10: Double
    }

    /// `count` comments built from `corpus`, the same for a given seed.
    public static func generatedTexts(count: Int, corpus: [String], seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let parts = 1 + Int(generator.next() % 3)
            return (0..<parts).map { _ in corpus[Int(generator.next() % UInt64(corpus.count))] }.joined(separator: " ")
        }
    }

    public func run(encoder: any SentenceEncoder, corpus: [String], log: (String) -> Void) -> Result {
        log("generating and embedding \(comments.formatted()) comments with \(encoder.identifier) …")
        var started = DispatchTime.now().uptimeNanoseconds
        var values: [Float] = []
        values.reserveCapacity(comments * encoder.dimensions)
        let chunk = 100_000
        var done = 0
        while done < comments {
            let texts = Self.generatedTexts(count: min(chunk, comments - done), corpus: corpus, seed: seed &+ UInt64(done))
            values += encoder.embed(texts).values
            done += texts.count
        }
        let vectors = EmbeddingMatrix(dimensions: encoder.dimensions, values: values)
        values = []
        let embedSeconds = seconds(since: started)
        let ids = (0..<Int64(comments)).map { $0 }

        log("building the index …")
        started = DispatchTime.now().uptimeNanoseconds
        let index = InvertedFileIndex.build(vectors: vectors, ids: ids)
        let buildSeconds = seconds(since: started)

        let questions = encoder.embed(Self.generatedTexts(count: queries, corpus: corpus, seed: seed &+ 0x5EED))
        var latencies: [Double] = []
        var bruteForce: [Double] = []
        var found = 0
        var wanted = 0
        log("querying \(queries) times …")
        for row in 0..<questions.count {
            let query = Array(questions[row])
            started = DispatchTime.now().uptimeNanoseconds
            let candidates = index.search(query, limit: limit * candidatesPerResult, probes: probes)
            var rescored: [InvertedFileIndex.Hit] = []
            vectors.withUnsafeBufferPointer { all in
                query.withUnsafeBufferPointer { q in
                    for hit in candidates {
                        let row = all.baseAddress! + Int(hit.id) * vectors.dimensions
                        rescored.append(InvertedFileIndex.Hit(id: hit.id, score: InvertedFileIndex.dot(q.baseAddress!, row, vectors.dimensions)))
                    }
                }
            }
            rescored.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
            let reranked = rescored.prefix(limit)
            latencies.append(seconds(since: started) * 1000)
            started = DispatchTime.now().uptimeNanoseconds
            let exact = InvertedFileIndex.exactSearch(query, vectors: vectors, ids: ids, limit: limit)
            bruteForce.append(seconds(since: started) * 1000)
            // Ties (repeated texts give identical vectors) count as found at the same score.
            let threshold = exact.last?.score ?? 0
            let exactIDs = Set(exact.map(\.id))
            found += reranked.filter { exactIDs.contains($0.id) || $0.score >= threshold }.count
            wanted += exact.count
        }
        latencies.sort()
        bruteForce.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)] }
        return Result(comments: comments, dimensions: encoder.dimensions, encoder: encoder.identifier, embedSeconds: embedSeconds,
                      buildSeconds: buildSeconds, lists: index.listCount, probes: probes, indexBytes: index.serialized().count,
                      queries: queries, p50Milliseconds: percentile(0.5), p95Milliseconds: percentile(0.95), p99Milliseconds: percentile(0.99),
                      bruteForceMedianMilliseconds: bruteForce[bruteForce.count / 2],
                      recallAt10: Double(found) / Double(max(wanted, 1)))
    }

    private func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}


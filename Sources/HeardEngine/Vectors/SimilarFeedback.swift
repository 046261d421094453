import Foundation
import HeardML
import HeardStore

/// Similar-feedback search: the stored vectors of a workspace's comments, an inverted-file index
/// over them kept in a file next to the database, and exact re-ranking of the best candidates
/// with the stored vectors.
///
/// The index is brought up to date before each search: vectors stored since it was written are
/// filed under their nearest centroid (incremental); when vectors it holds were replaced or
/// deleted, or the workspace more than doubled since the centroids were fitted, it is rebuilt.
public struct SimilarFeedback: Sendable {
    public let session: WorkspaceSession
    public let encoder: any SentenceEncoder
    /// Where the index is kept (see `indexURL(databasePath:encoder:)`).
    public let indexURL: URL
    /// Lists scanned per query; more finds more of the true neighbours and costs time.
    public var probes = Self.defaultProbes
    /// Candidates re-ranked exactly per result wanted.
    public var candidatesPerResult = Self.defaultCandidatesPerResult
    public static let defaultProbes = 24
    public static let defaultCandidatesPerResult = 4
    public var pageSize = 20_000

    public init(session: WorkspaceSession, encoder: any SentenceEncoder, indexURL: URL) {
        self.session = session
        self.encoder = encoder
        self.indexURL = indexURL
    }

    /// `heard.sqlite` → `heard.sqlite.similar/WORKSPACE-ENCODER.ivf`, one file per workspace and encoder family.
    public static func indexURL(databasePath: String, workspace: Workspace, encoder: String) -> URL {
        let safe = String(encoder.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return URL(fileURLWithPath: databasePath + ".similar").appendingPathComponent("\(workspace.id)-\(safe).ivf")
    }

    public struct Hit: Sendable {
        public var score: Float
        public var feedback: FeedbackSummary
    }

    public enum IndexUpdate: Sendable, Equatable {
        case unchanged(Int), extended(added: Int, total: Int), rebuilt(Int)
    }

    /// The comments closest in meaning to `text`, best first.
    public func search(_ text: String, limit: Int) async throws -> [Hit] {
        let (index, _) = try await currentIndex()
        let query = Array(encoder.embed([text])[0])
        let candidates = index.search(query, limit: limit * candidatesPerResult, probes: probes)
        let exact = try await session.store.vectors(ofFeedbackRowIDs: candidates.map(\.id), encoder: encoder.identifier)
        var reranked: [InvertedFileIndex.Hit] = []
        for hit in candidates {
            guard let vector = exact[hit.id], vector.count == query.count else { continue }
            var score: Float = 0
            for index in query.indices { score += query[index] * vector[index] }
            reranked.append(InvertedFileIndex.Hit(id: hit.id, score: score))
        }
        reranked.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
        reranked = Array(reranked.prefix(limit))
        let summaries = try await session.store.feedbackSummaries(rowIDs: reranked.map(\.id), in: session.workspace.id)
        let byID = [Int64: FeedbackSummary](uniqueKeysWithValues: summaries.map { ($0.feedbackRowID, $0) })
        return reranked.compactMap { hit in byID[hit.id].map { Hit(score: hit.score, feedback: $0) } }
    }

    /// The index on disk, extended or rebuilt first when the stored vectors moved on.
    @discardableResult
    public func currentIndex() async throws -> (InvertedFileIndex, IndexUpdate) {
        let store = session.store
        let workspace = session.workspace.id
        if var file = try? IndexFile.read(from: indexURL), file.encoder == encoder.identifier {
            let tally = try await store.vectorTally(in: workspace, encoder: encoder.identifier, upTo: file.maxVectorID)
            let held = file.index.count
            if tally.count == held && tally.maxVectorID == file.maxVectorID {
                return (file.index, .unchanged(held))
            }
            if tally.count == held && held >= file.fittedOn / 2 {
                var added = 0
                while true {
                    let page = try await store.storedVectors(in: workspace, encoder: encoder.identifier, afterVectorID: file.maxVectorID, limit: pageSize)
                    guard let last = page.last else { break }
                    file.index.add(vectors: matrix(page), ids: page.map(\.feedbackRowID))
                    file.maxVectorID = last.vectorID
                    added += page.count
                }
                if file.index.count <= 2 * file.fittedOn {
                    try file.write(to: indexURL)
                    return (file.index, .extended(added: added, total: file.index.count))
                }
            }
        }
        let index = try await rebuild()
        return (index, .rebuilt(index.count))
    }

    /// Two passes over the stored vectors, a page at a time: a spread-out sample to fit the
    /// centroids on, then every vector filed. Memory stays at the sample plus one page.
    private func rebuild() async throws -> InvertedFileIndex {
        let store = session.store
        let workspace = session.workspace.id
        let total = try await store.vectorTally(in: workspace, encoder: encoder.identifier, upTo: Int64.max).count
        let sampleSize = 50_000
        let stride = max(1, total / sampleSize)
        var sample = EmbeddingMatrix(dimensions: encoder.dimensions)
        var after: Int64 = 0
        var position = 0
        while true {
            let page = try await store.storedVectors(in: workspace, encoder: encoder.identifier, afterVectorID: after, limit: pageSize)
            guard let last = page.last else { break }
            for vector in page where vector.values.count == encoder.dimensions {
                if position % stride == 0 { sample.append(vector.values) }
                position += 1
            }
            after = last.vectorID
        }
        var index = InvertedFileIndex(fittedOn: sample, listCount: InvertedFileIndex.suggestedListCount(for: total))
        after = 0
        while true {
            let page = try await store.storedVectors(in: workspace, encoder: encoder.identifier, afterVectorID: after, limit: pageSize)
            guard let last = page.last else { break }
            index.add(vectors: matrix(page), ids: page.map(\.feedbackRowID))
            after = last.vectorID
        }
        try IndexFile(encoder: encoder.identifier, maxVectorID: after, fittedOn: index.count, index: index).write(to: indexURL)
        return index
    }

    private func matrix(_ page: [StoredVector]) -> EmbeddingMatrix {
        var matrix = EmbeddingMatrix(dimensions: encoder.dimensions)
        for vector in page { matrix.append(vector.values) }
        return matrix
    }
}

/// The index file: a JSON header line (encoder, the highest vector id filed, how many vectors
/// the centroids were fitted for) and the index's bytes. Written to a temporary file and moved
/// into place, so a reader never sees half a file.
struct IndexFile {
    struct Header: Codable {
        var encoder: String
        var maxVectorID: Int64
        var fittedOn: Int
    }

    var encoder: String
    var maxVectorID: Int64
    var fittedOn: Int
    var index: InvertedFileIndex

    static func read(from url: URL) throws -> IndexFile {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")) else {
            throw InvertedFileIndex.FormatError(description: "\(url.path) has no header")
        }
        let header = try JSONDecoder().decode(Header.self, from: data[data.startIndex..<newline])
        let index = try InvertedFileIndex(serialized: data[(newline + 1)...])
        return IndexFile(encoder: header.encoder, maxVectorID: header.maxVectorID, fittedOn: header.fittedOn, index: index)
    }

    func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var data = try JSONEncoder().encode(Header(encoder: encoder, maxVectorID: maxVectorID, fittedOn: fittedOn))
        data.append(UInt8(ascii: "\n"))
        data.append(index.serialized())
        try data.write(to: url, options: .atomic)
    }
}

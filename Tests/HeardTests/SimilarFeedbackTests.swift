import Foundation
@testable import HeardEngine
@testable import HeardML
import HeardStore
import Testing

@Suite struct SimilarFeedbackTests {
    /// Unit vectors around 20 random directions, like comments around topics.
    static func clusteredVectors(count: Int, dimensions: Int, seed: UInt64) -> EmbeddingMatrix {
        var generator = SplitMix(seed: seed)
        func uniform() -> Float { Float(Int(generator.next() % 20001) - 10000) / 10000 }
        let topics = (0..<20).map { _ in (0..<dimensions).map { _ in uniform() } }
        var rows = EmbeddingMatrix(dimensions: dimensions)
        for index in 0..<count {
            let row = topics[index % topics.count].map { $0 + 0.6 * uniform() }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            rows.append(row.map { $0 / norm })
        }
        return rows
    }

    @Test func ivfFindsWhatBruteForceFinds() {
        let vectors = Self.clusteredVectors(count: 4000, dimensions: 32, seed: 11)
        let ids = (0..<Int64(vectors.count)).map { $0 * 3 }
        let index = InvertedFileIndex.build(vectors: vectors, ids: ids)
        #expect(index.count == 4000 && index.listCount == 63)
        let queries = Self.clusteredVectors(count: 50, dimensions: 32, seed: 12)
        var found = 0
        for row in 0..<queries.count {
            let query = Array(queries[row])
            let exact = Set(InvertedFileIndex.exactSearch(query, vectors: vectors, ids: ids, limit: 10).map(\.id))
            found += index.search(query, limit: 10, probes: 16).filter { exact.contains($0.id) }.count
        }
        #expect(Double(found) / 500 >= 0.9)
        // Scanning every list finds the exact neighbours up to int8 rounding.
        let query = Array(queries[0])
        let everything = index.search(query, limit: 10, probes: index.listCount).map(\.id)
        let exact = InvertedFileIndex.exactSearch(query, vectors: vectors, ids: ids, limit: 10).map(\.id)
        #expect(Set(everything).intersection(exact).count >= 9)
    }

    @Test func indexBytesRoundTripAndGrow() throws {
        let vectors = Self.clusteredVectors(count: 300, dimensions: 8, seed: 2)
        var index = InvertedFileIndex.build(vectors: vectors, ids: (0..<300).map { Int64($0) })
        let copy = try InvertedFileIndex(serialized: index.serialized())
        #expect(copy.serialized() == index.serialized())
        let query = Array(vectors[7])
        #expect(copy.search(query, limit: 5, probes: 4) == index.search(query, limit: 5, probes: 4))
        #expect(index.search(query, limit: 1, probes: 4).first?.id == 7)
        index.add(vectors: EmbeddingMatrix(dimensions: 8, values: query), ids: [1000])
        #expect(index.count == 301)
        #expect(Set(index.search(query, limit: 2, probes: 4).map(\.id)) == [7, 1000])
        #expect(throws: InvertedFileIndex.FormatError.self) { try InvertedFileIndex(serialized: Data(index.serialized().prefix(40))) }
    }

    @Test func storeRoundTripsVectors() async throws {
        let scratch = try Scratch()
        let session = try await importComments(scratch)
        let store = session.store
        let workspace = session.workspace.id
        let pending = try await store.pendingVectors(in: workspace, encoder: "toy", afterRowID: 0, limit: 100)
        #expect(pending.count == 5)
        let values: [Float] = [0.5, -0.25, 0.125, 1]
        try await store.save([FeedbackVector(feedbackRowID: pending[0].feedbackRowID, contentHash: pending[0].contentHash, encoder: "toy", values: values)], in: workspace)
        #expect(try await store.vectors(ofFeedbackRowIDs: [pending[0].feedbackRowID], encoder: "toy")[pending[0].feedbackRowID] == values)
        #expect(try await store.pendingVectors(in: workspace, encoder: "toy", afterRowID: 0, limit: 100).count == 4)
        #expect(try await store.pendingVectors(in: workspace, encoder: "other", afterRowID: 0, limit: 100).count == 5)
        let first = try await store.storedVectors(in: workspace, encoder: "toy", afterVectorID: 0, limit: 10)
        // Saving again replaces the row under a new, higher id.
        try await store.save([FeedbackVector(feedbackRowID: pending[0].feedbackRowID, contentHash: pending[0].contentHash, encoder: "toy", values: values)], in: workspace)
        let second = try await store.storedVectors(in: workspace, encoder: "toy", afterVectorID: 0, limit: 10)
        #expect(first.count == 1 && second.count == 1 && second[0].vectorID > first[0].vectorID)
        let tally = try await store.vectorTally(in: workspace, encoder: "toy", upTo: first[0].vectorID)
        #expect(tally.count == 0 && tally.maxVectorID == second[0].vectorID)
    }

    @Test func similarSearchEndToEnd() async throws {
        let scratch = try Scratch()
        let session = try await importComments(scratch)
        let encoder = WordHashEncoder(dimensions: 24)
        #expect(try await FeedbackVectorizer(session: session, encoder: encoder).run() == 5)
        #expect(try await FeedbackVectorizer(session: session, encoder: encoder).run() == 0)
        let url = SimilarFeedback.indexURL(databasePath: scratch.path("heard.sqlite"), workspace: session.workspace, encoder: encoder.identifier)
        let search = SimilarFeedback(session: session, encoder: encoder, indexURL: url)
        let hits = try await search.search("refund still waiting", limit: 2)
        #expect(hits.count == 2)
        #expect(hits[0].feedback.externalID == "ticket:3")
        #expect(hits[0].score >= hits[1].score)
        #expect(hits.allSatisfy { !$0.feedback.text.contains("07946") })   // stored text is the redacted one
        #expect(try await search.currentIndex().1 == .unchanged(5))

        // A new comment is filed into the existing index, not rebuilt.
        let more = try scratch.write("more.csv", "id,comment,date\n6,where is my refund still waiting,2024-03-06\n")
        try await importTickets(more, into: session, scratch: scratch)
        #expect(try await FeedbackVectorizer(session: session, encoder: encoder).run() == 1)
        #expect(try await search.currentIndex().1 == .extended(added: 1, total: 6))
        let again = try await search.search("where is my refund still waiting", limit: 1)
        #expect(again.first?.feedback.externalID == "ticket:6")
        #expect(abs((again.first?.score ?? 0) - 1) < 0.01)
    }

    func importComments(_ scratch: Scratch) async throws -> WorkspaceSession {
        let path = try scratch.write("feedback.csv", """
            id,comment,date
            1,"My name is Jane Doe, call me on +44 20 7946 0958 about the app",2024-03-01
            2,The staff were lovely but the food was cold,2024-03-02
            3,Still waiting for my refund after three weeks,2024-03-03
            4,The app crashes when I open it,2024-03-04
            5,Lovely staff and quick delivery,2024-03-05

            """)
        let session = try await scratch.session()
        try await importTickets(path, into: session, scratch: scratch)
        return session
    }

    func importTickets(_ path: String, into session: WorkspaceSession, scratch: Scratch) async throws {
        var options = ImportOptions(path: path, rejectsPath: scratch.path("rejects.csv"))
        try options.mapping.add(assignment: "id=id")
        try options.mapping.add(assignment: "text=comment")
        try options.mapping.add(assignment: "time=date")
        options.mapping.constants[.source] = "ticket"
        _ = try await session.importer.run(options)
    }
}

import Foundation
import HeardEngine
@testable import HeardServer
import Testing

/// The server's similar search gives comments their vectors before the first search, and
/// afterwards only in the background, at most once per refresh interval, rather than scanning
/// the whole table on every request.
@Suite struct SimilarSearchRefreshTests {
    @Test func newCommentsArriveThroughTheBackgroundRefresh() async throws {
        let scratch = try Scratch()
        let tickets = SimilarFeedbackTests()
        let session = try await tickets.importComments(scratch)
        let configuration = ServerConfiguration(databasePath: scratch.path("heard.sqlite"), vectorEncoder: { WordHashEncoder(dimensions: 24) })

        // The first search waits for the five comments' vectors.
        let rarely = SimilarSearch(session: session, configuration: configuration, refreshInterval: .seconds(3600))
        #expect(try await rarely.search("refund still waiting", limit: 1).first?.feedback.externalID == "ticket:3")

        // No refresh is due within the hour: a new comment gets no vector, so no search finds it.
        try await tickets.importTickets(try scratch.write("six.csv", "id,comment,date\n6,where is my parcel tracking number,2024-03-06\n"),
                                        into: session, scratch: scratch)
        for _ in 0..<2 {
            let hits = try await rarely.search("where is my parcel tracking number", limit: 6)
            #expect(hits.count == 5)
            #expect(!hits.contains { $0.feedback.externalID == "ticket:6" })
        }

        // With the interval elapsed, a search starts a refresh and the comment is found once it ends.
        let often = SimilarSearch(session: session, configuration: configuration, refreshInterval: .zero)
        #expect(try await often.search("where is my parcel tracking number", limit: 1).first?.feedback.externalID == "ticket:6")
        try await tickets.importTickets(try scratch.write("seven.csv", "id,comment,date\n7,the invoice total is wrong again,2024-03-07\n"),
                                        into: session, scratch: scratch)
        _ = try await often.search("the invoice total is wrong again", limit: 1)
        try await often.waitForRefresh()
        #expect(try await often.search("the invoice total is wrong again", limit: 1).first?.feedback.externalID == "ticket:7")
    }
}

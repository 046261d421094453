import Foundation
@testable import HeardEngine
import HeardModel
import HeardStore
import Testing

@Suite struct EnrichmentTests {
    static let csv = """
        id,comment,date
        1,"My name is Jane Doe, call me on +44 20 7946 0958 about the refund",2024-03-01
        2,The staff were lovely but the food was cold,2024-03-02
        3,Still waiting for my refund after three weeks,2024-03-03
        4,Card 4111 1111 1111 1111 was charged twice,2024-03-04

        """

    func importFile(_ scratch: Scratch, keepOriginal: Bool = false) async throws -> WorkspaceSession {
        let path = try scratch.write("feedback.csv", Self.csv)
        let session = try await scratch.session()
        var options = ImportOptions(path: path, rejectsPath: scratch.path("rejects.csv"))
        try options.mapping.add(assignment: "id=id")
        try options.mapping.add(assignment: "text=comment")
        try options.mapping.add(assignment: "time=date")
        options.keepOriginalText = keepOriginal
        _ = try await session.importer.run(options)
        return session
    }

    /// Everything on disk: the database file and its write-ahead log.
    static func databaseBytes(_ scratch: Scratch) -> String {
        ["heard.sqlite", "heard.sqlite-wal"].compactMap {
            try? String(contentsOf: URL(fileURLWithPath: scratch.path($0)), encoding: .isoLatin1)
        }.joined()
    }

    @Test func piiIsRedactedBeforeStoringAndOriginalsAreNotKept() async throws {
        let scratch = try Scratch()
        let session = try await importFile(scratch)
        let first = try await session.store.feedback(externalID: "feedback:1", in: session.workspace.id)
        let text = try #require(first?.text)
        #expect(!text.contains("Jane Doe"))
        #expect(!text.contains("7946"))
        #expect(text.contains("refund"))
        let card = try await session.store.feedback(externalID: "feedback:4", in: session.workspace.id)
        #expect(card?.text?.contains("4111") == false)
        #expect(!Self.databaseBytes(scratch).contains("Jane Doe"))
    }

    @Test func originalTextIsKeptOnlyWhenAsked() async throws {
        let scratch = try Scratch()
        _ = try await importFile(scratch, keepOriginal: true)
        #expect(Self.databaseBytes(scratch).contains("Jane Doe"))
    }

    @Test func enrichmentIsIncrementalAndRecordsMentions() async throws {
        let scratch = try Scratch()
        let session = try await importFile(scratch)
        let enricher = try await FeedbackEnricher.standard(session: session)
        #expect(try await enricher.run().enriched == 4)
        // Nothing changed: nothing to do.
        #expect(try await enricher.run().enriched == 0)
        let coverage = try await session.store.enrichmentCoverage(in: session.workspace.id)
        #expect(coverage.withText == 4 && coverage.enriched == 4)
        #expect(coverage.withTheme >= 3)
        let volumes = try await session.store.themeVolumes(in: session.workspace.id)
        #expect(volumes.first { $0.themeKey == "refunds" }?.comments == 2)
        let food = try await session.store.verbatims(of: "food", in: session.workspace.id, limit: 5)
        #expect(food.count == 1 && food[0].sentimentScore < 0)
        let staff = try await session.store.verbatims(of: "staff", in: session.workspace.id, limit: 5)
        #expect(staff.count == 1 && staff[0].sentimentScore > 0)
        let span = food[0].span
        #expect(String(decoding: Array(food[0].text.utf8)[span], as: UTF8.self) == "food")

        // A new taxonomy version redoes everything; a changed row is redone on its own.
        var themes = try await session.store.themes(in: session.workspace.id)
        themes.append(Theme(key: "temperature", name: "Temperature", phrases: ["cold"]))
        let updated = FeedbackEnricher(session: session, pipeline: try TextPipeline(sentiment: try DefaultModels.sentiment(), themes: themes))
        #expect(try await updated.run().enriched == 4)
        #expect(try await session.store.themeVolumes(in: session.workspace.id).contains { $0.themeKey == "temperature" && $0.comments == 1 })
    }
}

@Suite struct ProposedThemeTests {
    @Test func replacingProposalsKeepsEverythingElse() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let store = session.store, workspace = session.workspace.id
        try await store.save(Theme(key: "discovered.seat_broken", name: "seat", status: .proposed), in: workspace)
        try await store.save(Theme(key: "discovered.kept", name: "kept", status: .active), in: workspace)
        try await store.save(Theme(key: "xdiscovered.other", name: "other", status: .proposed), in: workspace)
        try await store.deleteThemes(withStatus: .proposed, keyPrefix: "discovered.", in: workspace)
        #expect(try await store.themes(in: workspace).map(\.key) == ["discovered.kept", "xdiscovered.other"])
    }
}

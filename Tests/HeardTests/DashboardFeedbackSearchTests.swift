import Foundation
import HeardModel
import HeardStore
import Testing

/// The feedback search behind the verbatim explorer, written against the `Store` protocol so
/// every store implementation must pass it.
@Suite struct DashboardFeedbackSearchTests {
    struct Sample {
        var store: any Store
        var workspace: WorkspaceID
        var feedback: [Feedback]
        /// External id → theme keys mentioned and overall label.
        var themes: [String: [String]]
        var labels: [String: String]
        var personaID: Int64
        var personaCustomers: Set<String>
    }

    static func sample(_ kind: StoreKind, _ scratch: Scratch) async throws -> Sample {
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "search", createIfMissing: true)).id
        var feedback = StoreConformanceTests.sampleFeedback(count: 120, seed: 11)
        for index in feedback.indices { feedback[index].touchpoint = index % 4 == 0 ? "checkout" : "delivery" }
        // Two comments at the same instant, so the row id must break the tie.
        feedback[1].occurredAt = feedback[0].occurredAt
        feedback[5].text = nil
        let customers = (0..<40).map { Customer(externalID: "c\($0)", attributes: ["tier": $0 % 2 == 0 ? "gold" : "basic"]) }
        _ = try await store.write(ImportBatch(feedback: feedback, customers: customers), into: workspace)
        let persona = try await store.save(Persona(name: "Gold", description: "", rule: PersonaRule([.init(attribute: "tier", op: .equals, values: ["gold"])])), in: workspace)
        let gold = customers.filter { $0.attributes["tier"] == "gold" }.map(\.externalID)
        try await store.assignPersonas(gold.map { ($0, persona.id) }, in: workspace)

        var themes: [String: [String]] = [:]
        var labels: [String: String] = [:]
        let pending = try await store.pendingEnrichment(in: workspace, version: "v", afterRowID: 0, limit: 1_000)
        let byText = Dictionary(feedback.compactMap { f in f.text.map { ($0, f.externalID) } }, uniquingKeysWith: { a, _ in a })
        var enrichments: [FeedbackEnrichment] = []
        for row in pending {
            guard let text = row.text, let id = byText[text] else { continue }
            let number = Int(id.dropFirst())!
            let label = ["negative", "neutral", "positive"][number % 3]
            var mentions: [FeedbackEnrichment.Mention] = []
            if number % 2 == 0 { mentions.append(.init(themeKey: "price", span: 0..<7, sentimentScore: -0.5, sentimentLabel: "negative")) }
            if number % 5 == 0 { mentions.append(.init(themeKey: "staff", span: 8..<text.utf8.count, sentimentScore: 0.4, sentimentLabel: "positive")) }
            themes[id] = mentions.map(\.themeKey)
            labels[id] = label
            enrichments.append(FeedbackEnrichment(feedbackRowID: row.feedbackRowID, contentHash: row.contentHash, version: "v",
                                                  sentimentScore: 0, sentimentLabel: label, mentions: mentions))
        }
        try await store.save(enrichments)
        return Sample(store: store, workspace: workspace, feedback: feedback, themes: themes, labels: labels,
                      personaID: persona.id!, personaCustomers: Set(gold))
    }

    /// Every page of a search, following the cursors.
    static func all(_ search: FeedbackSearch, _ sample: Sample) async throws -> [FeedbackSearchHit] {
        var search = search
        var out: [FeedbackSearchHit] = []
        for _ in 0..<1_000 {
            let page = try await sample.store.searchFeedback(search, in: sample.workspace)
            #expect(page.hits.count <= search.limit)
            out += page.hits
            guard let next = page.next else { return out }
            search.after = next
        }
        Issue.record("pagination did not end")
        return out
    }

    @Test(arguments: StoreKind.allCases) func pagesCoverEveryCommentOnceNewestFirst(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let sample = try await Self.sample(kind, scratch)
        let hits = try await Self.all(FeedbackSearch(limit: 7), sample)
        let withText = sample.feedback.filter { $0.text != nil }
        #expect(hits.count == withText.count)
        #expect(Set(hits.map(\.externalID)) == Set(withText.map(\.externalID)))
        for (earlier, later) in zip(hits, hits.dropFirst()) {
            #expect(earlier.occurredAt > later.occurredAt || (earlier.occurredAt == later.occurredAt && earlier.rowID > later.rowID))
        }
        let everything = try await Self.all(FeedbackSearch(withTextOnly: false, limit: 50), sample)
        #expect(everything.count == sample.feedback.count)
    }

    @Test(arguments: StoreKind.allCases) func filtersCombineWithAnd(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let sample = try await Self.sample(kind, scratch)
        let search = FeedbackSearch(from: CalendarDay(year: 2024, month: 2, day: 1), until: CalendarDay(year: 2024, month: 6, day: 1),
                                    segment: "enterprise", personaID: sample.personaID, channel: "web", touchpoint: "delivery",
                                    themeKey: "price", sentiment: "neutral", limit: 10)
        let hits = try await Self.all(search, sample)
        let expected = sample.feedback.filter { f in
            let day = CalendarDay(f.occurredAt)
            return f.text != nil && day >= CalendarDay(year: 2024, month: 2, day: 1) && day < CalendarDay(year: 2024, month: 6, day: 1)
                && f.segment == "enterprise" && f.channel == "web" && f.touchpoint == "delivery"
                && sample.personaCustomers.contains(f.customerID ?? "")
                && (sample.themes[f.externalID] ?? []).contains("price") && sample.labels[f.externalID] == "neutral"
        }
        #expect(expected.count >= 3)
        #expect(Set(hits.map(\.externalID)) == Set(expected.map(\.externalID)))
        for hit in hits {
            #expect(hit.personaName == "Gold")
            #expect(hit.mentions.contains { $0.themeKey == "price" && $0.span == 0..<7 })
        }
        // Each condition alone narrows the list; with all of them it is the intersection above.
        let webOnly = try await Self.all(FeedbackSearch(channel: "web", limit: 100), sample)
        #expect(webOnly.count == sample.feedback.filter { $0.channel == "web" && $0.text != nil }.count)
        let staff = try await Self.all(FeedbackSearch(themeKey: "staff", limit: 100), sample)
        #expect(Set(staff.map(\.externalID)) == Set(sample.themes.filter { $0.value.contains("staff") }.keys))
    }

    @Test(arguments: StoreKind.allCases) func restrictionTextAndHostileValues(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let sample = try await Self.sample(kind, scratch)
        let restricted = try await Self.all(FeedbackSearch(restrictToThemes: ["staff"], limit: 100), sample)
        #expect(!restricted.isEmpty)
        #expect(restricted.allSatisfy { $0.mentions.contains { $0.themeKey == "staff" } })
        let none = try await Self.all(FeedbackSearch(restrictToThemes: [], limit: 100), sample)
        #expect(none.isEmpty)
        let text = try await Self.all(FeedbackSearch(textContains: "COMMENT 11", limit: 100), sample)
        #expect(Set(text.map(\.externalID)) == ["f11", "f110", "f111", "f112", "f113", "f114", "f115", "f116", "f117", "f118", "f119"])
        for hostile in ["' OR 1=1 --", "\"; DROP TABLE feedback; --", "%", "_"] {
            let hits = try await Self.all(FeedbackSearch(segment: hostile, limit: 100), sample)
            #expect(hits.isEmpty)
        }
        #expect(try await sample.store.feedbackCount(in: sample.workspace) == sample.feedback.count)
        #expect(FeedbackCursor(token: FeedbackCursor(occurredAt: 1.5, rowID: 9).description) == FeedbackCursor(occurredAt: 1.5, rowID: 9))
        #expect(FeedbackCursor(token: "x_1") == nil)
    }

    @Test(arguments: StoreKind.allCases) func versionMovesWithFeedbackAndEnrichment(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "v", createIfMissing: true)).id
        let other = try #require(try await store.workspace(named: "other", createIfMissing: true)).id
        let empty = try await store.feedbackVersion(in: workspace)
        #expect(empty == FeedbackVersion(feedback: 0, lastRowID: 0, enriched: 0, lastEnrichedRowID: 0))
        _ = try await store.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 10, seed: 3)), into: workspace)
        let written = try await store.feedbackVersion(in: workspace)
        #expect(written.feedback == 10 && written.lastRowID > 0 && written.enriched == 0)
        let pending = try await store.pendingEnrichment(in: workspace, version: "v", afterRowID: 0, limit: 3)
        try await store.save(pending.map { FeedbackEnrichment(feedbackRowID: $0.feedbackRowID, contentHash: $0.contentHash, version: "v",
                                                              sentimentScore: 0, sentimentLabel: "neutral", mentions: []) })
        let enriched = try await store.feedbackVersion(in: workspace)
        #expect(enriched.enriched == 3 && enriched != written)
        // Another workspace's writes leave this one's version alone.
        _ = try await store.write(ImportBatch(feedback: StoreConformanceTests.sampleFeedback(count: 5, seed: 4)), into: other)
        #expect(try await store.feedbackVersion(in: workspace) == enriched)
    }
}

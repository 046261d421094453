import Foundation
import HeardModel
import HeardStats
import HeardStore
import Testing

/// Written against the `Store` protocol only. Every store implementation is added to
/// `StoreKind` and must pass all of it.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }

    func make(in scratch: Scratch) throws -> any Store {
        switch self {
        case .sqlite: try SQLiteStore(path: scratch.path("conformance.sqlite"))
        }
    }
}

@Suite struct StoreConformanceTests {
    static func day(_ text: String) -> Date { CalendarDay(iso: text)!.date.addingTimeInterval(3600) }

    /// A seeded mix of feedback across segments, channels, plans, weeks and months.
    static func sampleFeedback(count: Int, seed: UInt64) -> [Feedback] {
        var generator = SeededGenerator(seed: seed)
        let segments = ["smb", "enterprise", "consumer"]
        let channels = ["email", "web", "app"]
        return (0..<count).map { index in
            let dayOffset = Int.random(in: 0..<200, using: &generator)
            let date = CalendarDay(year: 2024, month: 1, day: 1).adding(days: dayOffset).date.addingTimeInterval(Double(index % 86_400))
            let roll = Int.random(in: 0..<10, using: &generator)
            return Feedback(
                externalID: "f\(index)", source: .survey, channel: channels[index % 3], occurredAt: date,
                text: "comment \(index)",
                nps: roll < 8 ? Int.random(in: 0...10, using: &generator) : nil,
                csat: roll % 2 == 0 ? Int.random(in: 1...5, using: &generator) : nil,
                ces: roll % 3 == 0 ? Int.random(in: 1...7, using: &generator) : nil,
                stars: roll == 9 ? Int.random(in: 1...5, using: &generator) : nil,
                customerID: "c\(index % 40)", segment: segments[index % 3],
                metadata: ["plan": index % 4 == 0 ? "pro" : "free"])
        }
    }

    @Test(arguments: StoreKind.allCases) func workspacesAreCreatedOnceAndKeptApart(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        #expect(try await store.workspace(named: "acme", createIfMissing: false) == nil)
        let acme = try #require(try await store.workspace(named: "acme", createIfMissing: true))
        let again = try #require(try await store.workspace(named: "acme", createIfMissing: true))
        #expect(acme.id == again.id)
        let other = try #require(try await store.workspace(named: "globex", createIfMissing: true))
        _ = try await store.write(ImportBatch(feedback: Self.sampleFeedback(count: 10, seed: 1)), into: acme.id)
        #expect(try await store.feedbackCount(in: acme.id) == 10)
        #expect(try await store.feedbackCount(in: other.id) == 0)
        #expect(try await store.tallies(TallyQuery(), in: other.id).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func upsertCountsAndRoundTrip(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        var batch = Self.sampleFeedback(count: 50, seed: 2)
        #expect(try await store.write(ImportBatch(feedback: batch), into: workspace) == UpsertCounts(inserted: 50))
        #expect(try await store.write(ImportBatch(feedback: batch), into: workspace) == UpsertCounts(unchanged: 50))
        batch[3].text = "changed"
        batch[7].nps = batch[7].nps == 10 ? 0 : 10
        #expect(try await store.write(ImportBatch(feedback: batch), into: workspace) == UpsertCounts(updated: 2, unchanged: 48))
        let stored = try #require(try await store.feedback(externalID: "f3", in: workspace))
        #expect(stored == batch[3])
        // Aggregates follow updates: moving feedback to another day and channel moves its tally.
        batch[5].channel = "moved"
        batch[5].occurredAt = Self.day("2025-01-01")
        #expect(try await store.write(ImportBatch(feedback: batch), into: workspace) == UpsertCounts(updated: 1, unchanged: 49))
        var expected: [String: ScoreTally] = [:]
        for item in batch { expected[item.channel!, default: ScoreTally()].add(nps: item.nps, csat: item.csat, ces: item.ces, stars: item.stars) }
        var actual: [String: ScoreTally] = [:]
        for row in try await store.tallies(TallyQuery(breakdown: .channel), in: workspace) { actual[row.group!] = row.tally }
        #expect(actual == expected)
        let january = try await store.tallies(TallyQuery(period: .month, filter: FeedbackFilter(from: CalendarDay(iso: "2025-01-01"))), in: workspace)
        #expect(january.map(\.tally.feedback) == [1])
        #expect(try await store.feedback(externalID: "missing", in: workspace) == nil)
    }

    @Test(arguments: StoreKind.allCases) func talliesMatchTheReferenceForEveryBreakdownAndPeriod(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        let feedback = Self.sampleFeedback(count: 600, seed: 3)
        let customers = (0..<40).map { Customer(externalID: "c\($0)", attributes: ["region": $0 % 2 == 0 ? "north" : "south"]) }
        _ = try await store.write(ImportBatch(feedback: feedback, customers: customers), into: workspace)

        let cases: [(Breakdown?, Period?, (Feedback) -> String?)] = [
            (nil, nil, { _ in nil }),
            (.segment, .month, { $0.segment }),
            (.channel, .week, { $0.channel }),
            (.metadata("plan"), .quarter, { $0.metadata["plan"] }),
            (.customerAttribute("region"), .day, { Int($0.customerID!.dropFirst())! % 2 == 0 ? "north" : "south" }),
            (.source, nil, { $0.source?.rawValue }),
        ]
        for (breakdown, period, key) in cases {
            var expected: [String: ScoreTally] = [:]
            for item in feedback {
                let start = period.map { $0.start(of: CalendarDay(item.occurredAt)).description } ?? "-"
                expected["\(key(item) ?? "nil")|\(start)", default: ScoreTally()].add(nps: item.nps, csat: item.csat, ces: item.ces, stars: item.stars)
            }
            let rows = try await store.tallies(TallyQuery(breakdown: breakdown, period: period), in: workspace)
            var actual: [String: ScoreTally] = [:]
            for row in rows { actual["\(row.group ?? "nil")|\(row.periodStart?.description ?? "-")"] = row.tally }
            #expect(actual == expected, "breakdown \(String(describing: breakdown)) period \(String(describing: period))")
        }
    }

    @Test(arguments: StoreKind.allCases) func filtersAndPersonas(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        let feedback = Self.sampleFeedback(count: 300, seed: 4)
        _ = try await store.write(ImportBatch(feedback: feedback, customers: [Customer(externalID: "c1", attributes: ["tier": "gold"])]), into: workspace)
        let filter = FeedbackFilter(from: CalendarDay(year: 2024, month: 3, day: 1), until: CalendarDay(year: 2024, month: 4, day: 1), channels: ["web"])
        let rows = try await store.tallies(TallyQuery(filter: filter), in: workspace)
        let expected = feedback.filter {
            let day = CalendarDay($0.occurredAt)
            return day.month == 3 && $0.channel == "web"
        }.count
        #expect(rows.first?.tally.feedback == expected)

        let gold = try await store.save(Persona(name: "Gold", description: "Top tier", pictureURL: "https://example.com/g.png",
                                                 rule: PersonaRule([.init(attribute: "tier", op: .equals, values: ["gold"])])), in: workspace)
        let goldID = try #require(gold.id)
        try await store.assignPersonas([("c1", goldID)], in: workspace)
        #expect(try await store.customer(externalID: "c1", in: workspace)?.personaID == goldID)
        let byPersona = try await store.tallies(TallyQuery(breakdown: .persona), in: workspace)
        #expect(byPersona.first { $0.group == "Gold" }?.tally.feedback == feedback.filter { $0.customerID == "c1" }.count)
        #expect(try await store.personas(in: workspace).map(\.name) == ["Gold"])
    }

    @Test(arguments: StoreKind.allCases) func customersMergeAttributesAndPage(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        _ = try await store.write(ImportBatch(feedback: [], customers: [Customer(externalID: "a", attributes: ["plan": "pro", "region": "eu"])]), into: workspace)
        _ = try await store.write(ImportBatch(feedback: [], customers: [Customer(externalID: "a", attributes: ["plan": "team"]), Customer(externalID: "b")]), into: workspace)
        #expect(try await store.customer(externalID: "a", in: workspace)?.attributes == ["plan": "team", "region": "eu"])
        #expect(try await store.customerCount(in: workspace) == 2)
        let page = try await store.customers(in: workspace, after: "a", limit: 10)
        #expect(page.map(\.externalID) == ["b"])
    }

    @Test(arguments: StoreKind.allCases) func loopEntitiesRoundTrip(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        let team = try await store.save(Team(name: "Billing", contact: "billing@example.com"), in: workspace)
        #expect(team.id != nil)
        #expect(try await store.teams(in: workspace) == [team])
        let theme = Theme(key: "billing.refunds", name: "Refunds", parentKey: "billing", ownerTeam: "Billing", phrases: ["refund"], examples: ["Where is my refund?"])
        try await store.save(theme, in: workspace)
        #expect(try await store.themes(in: workspace) == [theme])
        let event = InteractionEvent(customerID: "c1", occurredAt: Self.day("2024-03-01"), touchpoint: "checkout", channel: "web", event: "purchase", outcome: "success", value: 49.5)
        try await store.append([event], in: workspace)
        #expect(try await store.interactions(customerID: "c1", in: workspace) == [event])
        let metric = OperationalMetricValue(name: "first_contact_resolution", periodStart: CalendarDay(iso: "2024-03-04")!.date, period: .week, dimension: "team", dimensionValue: "Billing", value: 0.71)
        try await store.upsert([metric], in: workspace)
        var changed = metric
        changed.value = 0.75
        try await store.upsert([changed], in: workspace)
        #expect(try await store.operationalMetrics(named: "first_contact_resolution", in: workspace) == [changed])
        var feedbackCase = try await store.save(FeedbackCase(feedbackExternalID: "survey:1", customerID: "c1", ownerTeam: "Billing", openedAt: Self.day("2024-03-02")), in: workspace)
        feedbackCase.status = .closed
        feedbackCase.closedAt = Self.day("2024-03-03")
        feedbackCase = try await store.save(feedbackCase, in: workspace)
        #expect(try await store.cases(in: workspace) == [feedbackCase])
        let action = try await store.save(ImprovementAction(title: "Refunds in 3 days", themeKey: "billing.refunds", ownerTeam: "Billing", status: .inProgress, startedAt: Self.day("2024-03-05")), in: workspace)
        #expect(try await store.actions(in: workspace) == [action])
    }

    @Test(arguments: StoreKind.allCases) func importRunsAndIntegrity(kind: StoreKind) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        var run = try await store.beginImport(file: "/data/a.csv", in: workspace)
        #expect(try await store.lastImport(file: "/data/a.csv", in: workspace)?.status == .running)
        run.status = .completed
        run.read = 5
        run.counts = UpsertCounts(inserted: 3, updated: 1, unchanged: 0)
        run.rejected = 1
        try await store.finishImport(run)
        let last = try #require(try await store.lastImport(file: "/data/a.csv", in: workspace))
        #expect(last.status == .completed && last.read == 5 && last.counts.inserted == 3 && last.rejected == 1)
        #expect(try await store.integrityProblems().isEmpty)
    }
}


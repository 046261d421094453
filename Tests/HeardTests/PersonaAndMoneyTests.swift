import Foundation
import Testing
@testable import HeardEngine
import HeardModel
import HeardStats
import HeardStore

@Suite("Personas and revenue at risk")
struct PersonaAndMoneyTests {
    @Test func rulesParseAndPrintBack() throws {
        let rule = try PersonaRule(parsing: "segment = enterprise and plan in (pro, \"max plus\") and revenue >= 10000")
        #expect(rule.conditions.count == 3)
        #expect(rule.conditions[1].op == .oneOf && rule.conditions[1].values == ["pro", "max plus"])
        #expect(rule.conditions[2].op == .atLeast && rule.conditions[2].values == ["10000"])
        #expect(rule.matches(["segment": "Enterprise", "plan": "max plus", "revenue": "12000"]))
        #expect(!rule.matches(["segment": "enterprise", "plan": "pro", "revenue": "9000"]))
        #expect(try PersonaRule(parsing: rule.text) == rule)
        #expect(throws: PersonaRuleError.noOperator("segment enterprise")) { try PersonaRule(parsing: "segment enterprise") }
        #expect(throws: PersonaRuleError.notANumber("revenue > lots")) { try PersonaRule(parsing: "revenue > lots") }
    }

    @Test func personaFileErrorsNameThePersonaAndField() throws {
        let good = try PersonaFile.parse("""
            personas:
              - name: Big spenders
                description: Top accounts
                picture: https://example.com/a.png
                rule: revenue >= 20000
              - name: Everyone else
                rule: revenue < 20000
            """, file: "p.yaml")
        #expect(good.map(\.name) == ["Big spenders", "Everyone else"])
        #expect(good.map(\.priority) == [1, 2])
        #expect(throws: ImportError(file: "p.yaml", line: nil, field: "X.picture", reason: "picture must be an http(s) URL or a relative path")) {
            try PersonaFile.parse("personas:\n  - name: X\n    rule: a = b\n    picture: javascript:alert(1)\n", file: "p.yaml")
        }
        #expect(throws: ImportError.self) { try PersonaFile.parse("personas:\n  - name: X\n    rule: nonsense\n", file: "p.yaml") }
    }

    @Test func suggestionsSeparateTheSegmentsAndSayWhy() async throws {
        let fixture = try await PlantedFixture.get()
        let report = try await PersonaSuggestions(session: fixture.session).suggest(k: 3, sampleSize: 1_500, seed: 3)
        #expect(report.k == 3)
        #expect(report.suggestions.reduce(0) { $0 + $1.customers } == report.customersSampled)
        // Value differs by segment by a factor of ten: each segment should come out on its own.
        let rules = report.suggestions.compactMap { $0.rule?.text }
        for segment in ["consumer", "smb", "enterprise"] {
            #expect(rules.contains { $0.contains("segment = \(segment)") }, "\(segment) in \(rules)")
        }
        for suggestion in report.suggestions where suggestion.rule != nil {
            #expect((suggestion.rulePrecision ?? 0) >= 0.9)
        }
        // The low and high value segments say so; the middle one sits at the median.
        #expect(report.suggestions.filter { $0.traits.contains { $0.feature == "revenue" } }.count >= 2)
        let again = try await PersonaSuggestions(session: fixture.session).suggest(k: 3, sampleSize: 1_500, seed: 3)
        #expect(again.suggestions.map(\.customers) == report.suggestions.map(\.customers))
    }

    @Test func revenueAtRiskByHand() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let store = session.store, workspace = session.workspace.id
        _ = try await store.write(ImportBatch(feedback: [], customers: [
            Customer(externalID: "a", attributes: ["revenue": "1000"]), Customer(externalID: "b", attributes: ["revenue": "300"]),
            Customer(externalID: "c", attributes: ["revenue": "600"]), Customer(externalID: "d", attributes: [:]),
        ]), into: workspace)
        let day = CalendarDay(year: 2025, month: 5, day: 1).date
        _ = try await store.write(ImportBatch(feedback: [
            Feedback(externalID: "1", occurredAt: day, text: "billing", nps: 3, customerID: "a"),   // detractor, billing
            Feedback(externalID: "2", occurredAt: day, text: "billing", nps: 9, customerID: "b"),   // promoter, negative mention
            Feedback(externalID: "3", occurredAt: day, text: "billing", nps: 10, customerID: "c"),  // promoter, positive mention
            Feedback(externalID: "4", occurredAt: day, text: "staff", nps: 2, customerID: "d"),     // detractor, no value
        ]), into: workspace)
        try await store.save(Theme(key: "billing", name: "Billing"), in: workspace)
        let pending = try await store.pendingEnrichment(in: workspace, version: "v", afterRowID: 0, limit: 10)
        let labels = ["1": "neutral", "2": "negative", "3": "positive", "4": "negative"]
        var enrichments: [FeedbackEnrichment] = []
        for (row, id) in zip(pending, ["1", "2", "3", "4"]) {
            let theme = id == "4" ? "staff" : "billing"
            enrichments.append(FeedbackEnrichment(feedbackRowID: row.feedbackRowID, contentHash: row.contentHash, version: "v",
                                                  sentimentScore: 0, sentimentLabel: labels[id]!,
                                                  mentions: [.init(themeKey: theme, span: 0..<5, sentimentScore: labels[id] == "negative" ? -0.8 : 0.3, sentimentLabel: labels[id]!)]))
        }
        try await store.save(enrichments)
        try await store.append([
            InteractionEvent(customerID: "a", occurredAt: day, touchpoint: "account", event: "renewal", outcome: "churned", value: 0),
            InteractionEvent(customerID: "b", occurredAt: day, touchpoint: "account", event: "renewal", outcome: "renewed", value: 300),
            InteractionEvent(customerID: "c", occurredAt: day, touchpoint: "account", event: "renewal", outcome: "renewed", value: 600),
        ], in: workspace)

        let report = try await RevenueAtRisk(session: session).report()
        #expect(report.totalCustomers == 4)
        #expect(report.totalValue == 1900)
        #expect(report.customersWithValue == 3)
        let billing = try #require(report.themes.first { $0.themeKey == "billing" })
        #expect(billing.customers == 3)
        #expect(billing.atRiskCustomers == 2, "a is a detractor, b mentioned billing negatively")
        #expect(billing.atRiskValue == 1300)
        #expect(abs(billing.atRiskShare! - 100 * 1300 / 1900) < 1e-9)
        let staff = try #require(report.themes.first { $0.themeKey == "staff" })
        #expect(staff.atRiskCustomers == 1 && staff.atRiskValue == 0)

        let churnByBand = report.outcomesByBand.filter { $0.outcome == "churned" }
        #expect(churnByBand.first { $0.cell == "detractor" }.map { ($0.customers, $0.withOutcome) }! == (2, 1))
        #expect(churnByBand.first { $0.cell == "promoter" }.map { ($0.customers, $0.withOutcome) }! == (2, 0))
        let renewedBilling = try #require(report.outcomesByTheme.first { $0.cell == "billing" && $0.outcome == "renewed" })
        #expect(renewedBilling.withOutcome == 2 && renewedBilling.value == 900)
        #expect(abs(renewedBilling.rate!.value - 200.0 / 3) < 1e-9)
    }
}

import Foundation
import Testing
@testable import HeardDashboard
@testable import HeardEngine
import HeardModel
import HeardStore

/// The pages for analyses the first dashboard did not show: revenue at risk, inside-out links,
/// and similar comments from the verbatim explorer.
@Suite struct DashboardInsightPagesTests {
    @Test func revenuePageShowsTheEngineNumbersAndRefusesABadAttribute() async throws {
        let fixture = try await DashboardFixture.get()
        let report = try await RevenueAtRisk(session: fixture.session).report(valueAttribute: "revenue")
        let page = await fixture.get("/revenue")
        #expect(page.status == 200)
        #expect(page.html.contains("\(NumberText.count(report.totalAtRiskCustomers)) customers, \(NumberText.count(Int(report.totalAtRiskValue.rounded())))"))
        let top = try #require(report.themes.first)
        #expect(page.html.contains("<th scope=\"row\">\(HTML.escape(top.themeName))</th>"))
        #expect(page.html.contains("Every rate with its 95% interval"))
        #expect(await fixture.get("/revenue", query: ["value": "a\"b"]).status == 400)
        let unknown = await fixture.get("/revenue", query: ["value": "arr"])
        #expect(unknown.html.contains("No customer has a numeric “arr”"))
        // A team member's page keeps to the themes their teams own.
        let member = await fixture.get("/revenue", viewer: DashboardFixture.viewer(.teamMember, teams: ["product"]))
        #expect(!member.html.contains("Planted theme 0<") && !member.html.contains("Planted theme 2<"))
        #expect(member.html.contains("Showing the themes owned by your teams"))
    }

    @Test func insideOutPageShowsLinksWithLagAndP() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        try await PlantedWorkspace(comments: 3_000, themes: 4, weeks: 30, customers: 300, spike: nil,
                                   operationalEffect: (metric: "wait_minutes", lag: 2, pointsPerSD: -6)).write(into: session)
        let report = try await InsideOutAnalysis(session: session).report(InsideOutRequest())
        let link = try #require(report.links.first { $0.metric == "wait_minutes" })
        let best = try #require(link.best)
        let response = await DashboardSite(session: session).respond(to: DashboardRequest(
            method: "GET", path: "/inside-out", query: [:], form: [:], viewer: DashboardFixture.viewer(.viewer)))
        let html = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 200)
        #expect(html.contains("<th scope=\"row\">wait_minutes</th>"))
        #expect(html.contains(">\(best.lag) week"))
        #expect(html.contains(NumberText.fixed(best.correlation?.r ?? 0, decimals: 2, signed: true)))
        #expect(html.contains(HTML.escape(NumberText.pValue(try #require(link.adjustedPValue)))))
        #expect(html.contains("class=\"chart bar-chart\""))
        let start = try #require(html.range(of: "<svg"))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        #expect(XMLWellFormed.check(String(html[start.lowerBound..<end.upperBound])))
    }

    /// A search over the fixture's comments with a word-hash encoder, as the server would offer.
    static func search(_ session: WorkspaceSession, scratch: Scratch) -> SimilarCommentSearch {
        let encoder = WordHashEncoder(dimensions: 24)
        return SimilarCommentSearch(isAvailable: { true }, search: { text, limit in
            _ = try await FeedbackVectorizer(session: session, encoder: encoder).run()
            let url = SimilarFeedback.indexURL(databasePath: scratch.path("heard.sqlite"), workspace: session.workspace, encoder: encoder.identifier)
            return try await SimilarFeedback(session: session, encoder: encoder, indexURL: url).search(text, limit: limit)
        })
    }

    @Test func similarCommentsLinkFromVerbatimsWhenVectorsExist() async throws {
        let fixture = try await DashboardFixture.get()
        let site = DashboardSite(session: fixture.session, similar: Self.search(fixture.session, scratch: fixture.scratch))
        func get(_ path: String, _ query: [String: String], _ viewer: DashboardViewer = DashboardFixture.viewer()) async -> (Int, String) {
            let response = await site.respond(to: DashboardRequest(method: "GET", path: path, query: query, form: [:], viewer: viewer))
            return (response.status, String(decoding: response.body, as: UTF8.self))
        }
        let (_, verbatims) = await get("/verbatims", ["theme": DashboardFixture.hostileKey])
        let link = try #require(verbatims.range(of: "href=\"/verbatims/similar?row="))
        let row = String(verbatims[link.upperBound...].prefix { $0.isNumber })
        let (status, similar) = await get("/verbatims/similar", ["row": row])
        #expect(status == 200)
        #expect(similar.components(separatedBy: "<li><div class=\"verbatim\">").count - 1 == SimilarPage.shown)
        // The other hostile comments are the closest: same words. Escaped like everywhere.
        #expect(similar.contains("similarity 1.00"))
        #expect(unescapedHostileText(in: similar).isEmpty)
        #expect(await get("/verbatims/similar", ["row": "abc"]).0 == 400)
        #expect(await get("/verbatims/similar", ["row": "999999999"]).0 == 404)
        #expect(await get("/verbatims/similar", ["row": row], DashboardFixture.viewer(.viewer, hideFreeText: true)).0 == 403)

        // A team member sees only comments on their teams' themes, and not the source comment of another team.
        let member = DashboardFixture.viewer(.teamMember, teams: ["product"])
        #expect(await get("/verbatims/similar", ["row": row], member).0 == 404)
        let (_, ownPage) = await get("/verbatims", [:], member)
        let ownLink = try #require(ownPage.range(of: "href=\"/verbatims/similar?row="))
        let ownRow = String(ownPage[ownLink.upperBound...].prefix { $0.isNumber })
        let (ownStatus, ownSimilar) = await get("/verbatims/similar", ["row": ownRow], member)
        #expect(ownStatus == 200)
        let rows = ownSimilar.components(separatedBy: "/verbatims/similar?row=").dropFirst().compactMap { Int64($0.prefix { $0.isNumber }) }
        #expect(!rows.isEmpty)
        let allowed = Set(try await fixture.session.store.themes(in: fixture.session.workspace.id).filter { $0.ownerTeam == "product" }.map(\.key))
        let mentioned = try await fixture.session.store.mentionedThemes(ofFeedbackRowIDs: rows, in: fixture.session.workspace.id)
        #expect(rows.allSatisfy { !(mentioned[$0] ?? []).isDisjoint(with: allowed) })
    }

    @Test func withoutAVectorModelTheExplorerOffersNoSimilarSearch() async throws {
        let fixture = try await DashboardFixture.get()
        let verbatims = await fixture.get("/verbatims")
        #expect(verbatims.status == 200)
        #expect(!verbatims.html.contains("/verbatims/similar"))
        let row = try #require(try await fixture.session.store.searchFeedback(FeedbackSearch(limit: 1), in: fixture.session.workspace.id).hits.first?.rowID)
        let page = await fixture.get("/verbatims/similar", query: ["row": String(row)])
        #expect(page.status == 200)
        #expect(page.html.contains("run `heard models fetch`"))
    }
}

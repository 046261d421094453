import Foundation
import Testing
@testable import HeardDashboard
import HeardEngine
import HeardModel
import HeardStore

@Suite struct DashboardTaxonomyTests {
    func post(_ site: DashboardSite, _ path: String, _ form: [String: String], role: DashboardRole = .analyst) async -> DashboardResponse {
        await site.respond(to: DashboardRequest(method: "POST", path: path, query: [:], form: form,
                                                viewer: DashboardFixture.viewer(role)))
    }

    @Test func editsChangeTheTaxonomyAndRedirect() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let workspace = session.workspace.id
        try await session.store.save(Theme(key: "discovered.fees", name: "fees charge", status: .proposed, examples: ["the fees <b>again</b>"]), in: workspace)
        try await session.store.save(Theme(key: "delays", name: "Delays", ownerTeam: "ops"), in: workspace)
        _ = try await session.store.save(Team(name: "billing"), in: workspace)
        let site = DashboardSite(session: session)

        let page = await site.respond(to: DashboardRequest(method: "GET", path: "/taxonomy", query: [:], form: [:], viewer: DashboardFixture.viewer(.admin)))
        let html = String(decoding: page.body, as: UTF8.self)
        let forms = html.components(separatedBy: "<form method=\"post\"").count - 1
        #expect(forms == 5)  // accept + rename + owner for the proposal, rename + owner for the active theme
        #expect(html.components(separatedBy: "<input type=\"hidden\" name=\"csrf\" value=\"tok-123\">").count - 1 == forms)
        #expect(html.contains("the fees &lt;b&gt;again&lt;/b&gt;"))
        #expect(html.contains("<datalist id=\"teams\"><option value=\"billing\">"))

        let renamed = await post(site, "/taxonomy/rename", ["key": "discovered.fees", "name": "  Fees <and> charges "])
        #expect(renamed.status == 303)
        #expect(renamed.location == "/taxonomy?saved=renamed")
        let owner = await post(site, "/taxonomy/owner", ["key": "discovered.fees", "team": "billing"])
        #expect(owner.status == 303)
        let accepted = await post(site, "/taxonomy/accept", ["key": "discovered.fees"])
        #expect(accepted.location == "/taxonomy?saved=accepted")
        let themes = try await session.store.themes(in: workspace)
        let fees = try #require(themes.first { $0.key == "discovered.fees" })
        #expect(fees.name == "Fees <and> charges")
        #expect(fees.ownerTeam == "billing")
        #expect(fees.status == .active)
        let cleared = await post(site, "/taxonomy/owner", ["key": "delays", "team": ""])
        #expect(cleared.status == 303)
        #expect(try await session.store.themes(in: workspace).first { $0.key == "delays" }?.ownerTeam == nil)

        let after = await site.respond(to: DashboardRequest(method: "GET", path: "/taxonomy", query: ["saved": "accepted"], form: [:], viewer: DashboardFixture.viewer(.admin)))
        let afterHTML = String(decoding: after.body, as: UTF8.self)
        #expect(afterHTML.contains("Theme accepted"))
        #expect(afterHTML.contains("Fees &lt;and&gt; charges"))
        let odd = await site.respond(to: DashboardRequest(method: "GET", path: "/taxonomy", query: ["saved": "<script>"], form: [:], viewer: DashboardFixture.viewer(.admin)))
        #expect(!String(decoding: odd.body, as: UTF8.self).contains("<script>"))
    }

    @Test func onlyAdminsAndAnalystsEditAndBadInputIsRefused() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        try await session.store.save(Theme(key: "delays", name: "Delays", status: .proposed), in: session.workspace.id)
        let site = DashboardSite(session: session)
        for role in [DashboardRole.viewer, .teamMember] {
            let response = await post(site, "/taxonomy/accept", ["key": "delays"], role: role)
            #expect(response.status == 403)
            let page = await site.respond(to: DashboardRequest(method: "GET", path: "/taxonomy", query: [:], form: [:], viewer: DashboardFixture.viewer(role)))
            #expect(!String(decoding: page.body, as: UTF8.self).contains("<form method=\"post\""))
        }
        #expect(try await session.store.themes(in: session.workspace.id).first?.status == .proposed)
        #expect(await post(site, "/taxonomy/rename", ["key": "delays", "name": "   "]).status == 400)
        #expect(await post(site, "/taxonomy/rename", ["key": "delays", "name": String(repeating: "x", count: 121)]).status == 400)
        #expect(await post(site, "/taxonomy/accept", ["key": "nope"]).status == 404)
        #expect(await post(site, "/taxonomy/accept", [:]).status == 400)
        #expect(await post(site, "/taxonomy/delete", ["key": "delays"]).status == 404)
        #expect(await post(site, "/themes", [:]).status == 405)
        #expect(try await session.store.themes(in: session.workspace.id).first?.name == "Delays")
    }
}

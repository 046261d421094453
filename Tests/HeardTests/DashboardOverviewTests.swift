import Foundation
import Testing
@testable import HeardDashboard
import HeardEngine
import HeardModel

@Suite struct DashboardOverviewTests {
    @Test func overviewShowsTilesWithIntervalsAndTrendCharts() async throws {
        let fixture = try await DashboardFixture.get()
        let (status, html) = await fixture.get("/")
        #expect(status == 200)
        #expect(html.contains("<h2 id=\"tile-nps\">NPS</h2>"))
        #expect(html.contains("95% CI ["))
        #expect(html.contains("n="))
        #expect(html.contains("<svg"))
        #expect(html.contains("<title id=\"chart-nps-title\">"))
        #expect(html.contains("<table class=\"data\">"))
        #expect(unescapedHostileText(in: html).isEmpty)
        #expect(html.contains("Ann &lt;script&gt;"))
    }

    @Test func weeklyPeriodIsHonouredAndUnknownPeriodFallsBackToMonth() async throws {
        let fixture = try await DashboardFixture.get()
        let weekly = await fixture.get("/", query: ["period": "week"])
        #expect(weekly.html.contains("NPS by week"))
        let odd = await fixture.get("/", query: ["period": "<b>"])
        #expect(odd.html.contains("NPS by month"))
    }

    @Test func emptyWorkspaceSaysSoInsteadOfDrawing() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let response = await DashboardSite(session: session).respond(to: DashboardRequest(
            method: "GET", path: "/", query: [:], form: [:], viewer: DashboardFixture.viewer()))
        let html = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 200)
        #expect(html.contains("no feedback yet"))
        #expect(!html.contains("<svg"))
    }

    @Test func everyPageOfAnEmptyWorkspaceSaysSoWithoutCharts() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let site = DashboardSite(session: session)
        let expected = ["/": "no feedback yet", "/themes": "no themes to map", "/drivers": "No enriched comments",
                        "/emerging": "no feedback yet", "/verbatims": "No comments match", "/personas": "No personas yet",
                        "/taxonomy": "The taxonomy has no themes yet"]
        for (path, sentence) in expected {
            let response = await site.respond(to: DashboardRequest(method: "GET", path: path, query: [:], form: [:], viewer: DashboardFixture.viewer()))
            let html = String(decoding: response.body, as: UTF8.self)
            #expect(response.status == 200, "\(path)")
            #expect(html.contains(sentence), "\(path)")
            #expect(!html.contains("<svg"), "\(path)")
        }
    }

    @Test func staticAssetsAreServedAndOthersAreNot() async throws {
        let fixture = try await DashboardFixture.get()
        let site = DashboardSite(session: fixture.session)
        let css = await site.respond(to: DashboardRequest(method: "GET", path: "/static/heard.css", query: [:], form: [:], viewer: DashboardFixture.viewer()))
        #expect(css.status == 200)
        #expect(css.contentType.hasPrefix("text/css"))
        #expect(String(decoding: css.body, as: UTF8.self).contains("@media print"))
        let js = await site.respond(to: DashboardRequest(method: "GET", path: "/static/heard.js", query: [:], form: [:], viewer: DashboardFixture.viewer()))
        #expect(js.status == 200)
        let icon = await site.respond(to: DashboardRequest(method: "GET", path: "/static/favicon.svg", query: [:], form: [:], viewer: DashboardFixture.viewer()))
        #expect(icon.status == 200)
        #expect(icon.contentType == "image/svg+xml")
        #expect(XMLWellFormed.check(String(decoding: icon.body, as: UTF8.self)))
        let escape = await site.respond(to: DashboardRequest(method: "GET", path: "/static/../Package.swift", query: [:], form: [:], viewer: DashboardFixture.viewer()))
        #expect(escape.status == 404)
        #expect(DashboardSite.handles(path: "/"))
        #expect(DashboardSite.handles(path: "/personas/3"))
        #expect(!DashboardSite.handles(path: "/api/v1/metrics"))
        #expect(!DashboardSite.handles(path: "/login"))
    }

    @Test func pageChromeEscapesAndHasSkipLink() {
        let html = DashboardSite.page(title: "<x>", viewer: nil, body: "<p>ok</p>")
        #expect(html.contains("&lt;x&gt;"))
        #expect(html.contains("class=\"skip-link\" href=\"#main\""))
        #expect(html.contains("<p>ok</p>"))
        #expect(DashboardSite.escape("\"'<>&") == "&quot;&#39;&lt;&gt;&amp;")
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import HeardDashboard
import HeardEngine
import HeardModel
import HeardStore

@Suite struct DashboardPagesTests {
    static let pages = ["/", "/themes", "/drivers", "/emerging", "/verbatims", "/personas", "/revenue", "/inside-out", "/taxonomy"]

    func allPages(_ fixture: DashboardFixture) -> [String] { Self.pages + ["/personas/\(fixture.personaID)", "/verbatims?theme"] }

    func get(_ fixture: DashboardFixture, _ target: String, viewer: DashboardViewer = DashboardFixture.viewer()) async -> (status: Int, html: String) {
        if target == "/verbatims?theme" {
            return await fixture.get("/verbatims", query: ["theme": DashboardFixture.hostileKey], viewer: viewer)
        }
        return await fixture.get(target, viewer: viewer)
    }

    @Test func everyPageAnswersWithItsContent() async throws {
        let fixture = try await DashboardFixture.get()
        let expected: [String: [String]] = [
            "/themes": ["<svg", "Theme volume and sentiment", "Planted theme 0", "<table class=\"data\">"],
            "/drivers": ["Importance × performance", "Fix first", "Theme impact", "Planted theme 3", "fix first"],
            "/emerging": ["theme-weeks examined", "Planted theme 2", "Rising:", "<blockquote>", "<mark title=\"Planted theme 2"],
            "/verbatims": ["<mark", "<label for=\"f-segment\">Segment</label>", "<label for=\"f-theme\">Theme</label>", "rel=\"next\""],
            "/personas": ["/personas/\(fixture.personaID)", "Shopper &lt;script&gt;"],
            "/taxonomy": ["Proposed themes", "Active themes", "name=\"csrf\" value=\"tok-123\""],
            "/revenue": ["Value at risk by theme", "<svg", "Outcome rates by NPS band", "renewed", "<label for=\"value\">"],
            "/inside-out": ["No operational metrics yet", "<label for=\"target\">"],
        ]
        for page in allPages(fixture) {
            let (status, html) = await get(fixture, page)
            #expect(status == 200, "\(page)")
            #expect(html.hasPrefix("<!DOCTYPE html>"), "\(page)")
            #expect(html.contains("<main id=\"main\""), "\(page)")
            for text in expected[page] ?? [] { #expect(html.contains(text), "\(page) lacks \(text)") }
        }
        let persona = await fixture.get("/personas/\(fixture.personaID)")
        #expect(persona.html.contains("NPS by month"))
        #expect(persona.html.contains("What they talk about most"))
        #expect(!persona.html.contains("<img"))
        #expect(await fixture.get("/personas/99999").status == 404)
        #expect(await fixture.get("/personas/abc").status == 404)
        #expect(await fixture.get("/nowhere").status == 404)
        // An explicit window and period; a date that is not one is refused.
        let window = await fixture.get("/emerging", query: ["since": "2025-01-06", "period": "month"])
        #expect(window.status == 200)
        #expect(window.html.contains("value=\"2025-01-06\""))
        #expect(window.html.contains("<option value=\"month\" selected>"))
        #expect(await fixture.get("/emerging", query: ["since": "soon"]).status == 400)
    }

    @Test func hostileTextIsEscapedOnEveryPageForEveryRole() async throws {
        let fixture = try await DashboardFixture.get()
        for role in DashboardRole.allCases {
            let viewer = DashboardFixture.viewer(role, teams: ["product", DashboardFixture.imageTag])
            for page in allPages(fixture) {
                let (status, html) = await get(fixture, page, viewer: viewer)
                #expect(status == 200 || (role == .teamMember && status == 403), "\(page) as \(role)")
                #expect(unescapedHostileText(in: html).isEmpty, "\(page) as \(role) shows \(unescapedHostileText(in: html))")
            }
        }
        // The hostile comments are on the first page of their theme, escaped and marked.
        let (_, html) = await fixture.get("/verbatims", query: ["theme": DashboardFixture.hostileKey])
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("<mark title=\"&lt;script&gt;alert(1)&lt;/script&gt; (negative)\">&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func viewerWithHiddenFreeTextSeesCountsOnly() async throws {
        let fixture = try await DashboardFixture.get()
        let viewer = DashboardFixture.viewer(.viewer, hideFreeText: true)
        for page in allPages(fixture) {
            let (status, html) = await get(fixture, page, viewer: viewer)
            #expect(status == 200, "\(page)")
            #expect(!html.contains("crashed the checkout"), "\(page) shows customer text")
            #expect(!html.contains("<blockquote"), "\(page) shows a verbatim")
        }
        let verbatims = await fixture.get("/verbatims", viewer: viewer)
        #expect(verbatims.html.contains("Comment text is hidden"))
        #expect(verbatims.html.contains("Themes mentioned on this page"))
        // Analysts in the same workspace still read the text.
        let analyst = await fixture.get("/verbatims", query: ["theme": DashboardFixture.hostileKey],
                                        viewer: DashboardFixture.viewer(.analyst, hideFreeText: true))
        #expect(analyst.html.contains("crashed the checkout"))
    }

    @Test func teamMemberSeesOnlyOwnTeamsThemes() async throws {
        let fixture = try await DashboardFixture.get()
        // Planted themes alternate owners: even indexes "ops", odd "product".
        let viewer = DashboardFixture.viewer(.teamMember, teams: ["product"])
        for page in ["/themes", "/taxonomy", "/drivers"] {
            let (status, html) = await fixture.get(page, viewer: viewer)
            #expect(status == 200)
            #expect(html.contains("Planted theme 1"), "\(page)")
            #expect(!html.contains("Planted theme 0<") && !html.contains("Planted theme 2<") && !html.contains("Planted theme 4<"), "\(page) shows another team's theme")
            #expect(html.contains("Showing the themes owned by your teams"))
        }
        let verbatims = await fixture.get("/verbatims", viewer: viewer)
        #expect(!verbatims.html.contains("title=\"Planted theme 0"))
        #expect(verbatims.html.contains("title=\"Planted theme 1") || verbatims.html.contains("title=\"Planted theme 3") || verbatims.html.contains("title=\"Planted theme 5"))
        let foreign = await fixture.get("/verbatims", query: ["theme": PlantedWorkspace.themeKey(0)], viewer: viewer)
        #expect(foreign.status == 403)
        let taxonomy = await fixture.get("/taxonomy", viewer: viewer)
        #expect(!taxonomy.html.contains("<form method=\"post\""))
    }

    @Test func verbatimFiltersAndPagesCombine() async throws {
        let fixture = try await DashboardFixture.get()
        let first = await fixture.get("/verbatims", query: ["touchpoint": "web", "sentiment": "negative", "segment": "consumer"])
        #expect(first.status == 200)
        #expect(first.html.contains("<option value=\"web\" selected>web</option>"))
        #expect(first.html.contains("<option value=\"negative\" selected>negative</option>"))
        let next = try #require(first.html.range(of: "href=\"/verbatims?")).upperBound
        let link = first.html[next...].prefix { $0 != "\"" }
        #expect(link.contains("touchpoint=web"))
        #expect(link.contains("after="))
        #expect(await fixture.get("/verbatims", query: ["from": "yesterday"]).status == 400)
        #expect(await fixture.get("/verbatims", query: ["after": "nope"]).status == 400)
        #expect(await fixture.get("/verbatims", query: ["sentiment": "angry"]).status == 400)
        let none = await fixture.get("/verbatims", query: ["from": "2030-01-01"])
        #expect(none.html.contains("No comments match these filters."))
        // Every control of the filter form has a label.
        for name in ["from", "to", "segment", "persona", "channel", "touchpoint", "theme", "sentiment"] {
            #expect(first.html.contains("<label for=\"f-\(name)\""), "\(name)")
            #expect(first.html.contains("id=\"f-\(name)\""), "\(name)")
        }
    }

    @Test func svgChartsAreWellFormedAndDescribed() async throws {
        let fixture = try await DashboardFixture.get()
        var charts = 0
        for page in allPages(fixture) {
            let (_, html) = await get(fixture, page)
            var rest = html[...]
            while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
                let svg = String(rest[start.lowerBound..<end.upperBound])
                #expect(XMLWellFormed.check(svg), "\(page): \(svg.prefix(200))")
                #expect(svg.contains("<title id=") && svg.contains("<desc id="), "\(page)")
                #expect(svg.contains("role=\"img\""))
                charts += 1
                rest = rest[end.upperBound...]
            }
        }
        #expect(charts >= 4)
    }
}

/// Parses a fragment with Foundation's XML parser: true when it is well-formed XML.
enum XMLWellFormed {
    static func check(_ text: String) -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        return parser.parse()
    }
}

import Foundation
import HeardModel
import Testing
@testable import HeardDashboard

@Suite struct DashboardRenderingTests {
    @Test func highlightCutsAtByteSpansAndEscapesEachPiece() {
        let text = "Café <b>slow</b> & \"cold\" — ok"
        let bytes = Array(text.utf8)
        let start = bytes.firstIndex(of: UInt8(ascii: "<"))!
        let end = start + "<b>slow</b>".utf8.count
        let html = Highlight.html(text, spans: [MarkedSpan(span: start..<end, label: "speed <x>", sentiment: "negative")])
        #expect(html.hasPrefix("Café <mark title=\"speed &lt;x&gt; (negative)\">&lt;b&gt;slow&lt;/b&gt;"))
        #expect(html.hasSuffix(" &amp; &quot;cold&quot; — ok"))
        // A span inside a multi-byte character, overlapping or out of range, never breaks the text.
        let odd = Highlight.html(text, spans: [MarkedSpan(span: 4..<9, label: "a", sentiment: nil),
                                               MarkedSpan(span: 6..<8, label: "b", sentiment: nil),
                                               MarkedSpan(span: 500..<600, label: "c", sentiment: nil)])
        #expect(odd.contains("Caf<mark title=\"a\">é &lt;b"))
        #expect(!odd.contains("title=\"b\"") && !odd.contains("title=\"c\""))
        #expect(!odd.contains("\u{FFFD}"))
    }

    @Test func pictureURLsAreLimitedToWebAndRelative() {
        #expect(HTML.safeImageURL("https://example.com/a.png") == "https://example.com/a.png")
        #expect(HTML.safeImageURL("/static/p.png") == "/static/p.png")
        #expect(HTML.safeImageURL("img/p.png") == "img/p.png")
        for bad in ["javascript:alert(1)", " JavaScript:alert(1)", "data:image/png;base64,AA", "//evil.example/x.png",
                    "java\tscript:alert(1)", "vbscript:x", "https://", "http://exa mple.com/x"] {
            #expect(HTML.safeImageURL(bad) == nil, "\(bad)")
        }
    }

    @Test func numbersAreWrittenLikeTheCLI() {
        #expect(MetricKind.nps.format(12.4) == "+12")
        #expect(MetricKind.nps.format(-0.2) == "0")
        #expect(MetricKind.csat.format(81.6) == "82%")
        #expect(MetricKind.ces.format(5.256) == "5.26")
        #expect(NumberText.count(1234567) == "1,234,567")
        #expect(NumberText.pValue(0.0001) == "p < 0.001")
        #expect(LinearScale(domain: -100...100, range: 0...1, inverted: false).ticks(count: 4) == [-100, -50, 0, 50, 100])
        #expect(LinearScale(domain: -60.4...21.4, range: 0...1, inverted: false).ticks(count: 4) == [-60, -40, -20, 0, 20])
        #expect(LinearScale(domain: 4.3...5.3, range: 0...1, inverted: false).ticks(count: 4).count >= 3)
    }

    @Test func personaPicturesComeFromTheWorkspaceFolderOnly() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        try FileManager.default.createDirectory(atPath: scratch.path("personas"), withIntermediateDirectories: true)
        try scratch.write("personas/a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try scratch.write("secret.txt", "not a picture")
        let rule = PersonaRule([.init(attribute: "segment", op: .equals, values: ["x"])])
        var ids: [String: Int64] = [:]
        for (name, picture) in [("local", "personas/a.svg"), ("web", "https://example.com/p.png"), ("script", "javascript:alert(1)"),
                                ("escape", "../secret.svg"), ("text", "secret.txt"), ("missing", "personas/none.png")] {
            ids[name] = try await session.store.save(Persona(name: name, description: "", pictureURL: picture, rule: rule), in: session.workspace.id).id
        }
        let site = DashboardSite(session: session)
        func get(_ path: String) async -> DashboardResponse {
            await site.respond(to: DashboardRequest(method: "GET", path: path, query: [:], form: [:], viewer: DashboardFixture.viewer()))
        }
        let list = String(decoding: await get("/personas").body, as: UTF8.self)
        #expect(list.contains("<img src=\"/personas/\(ids["local"]!)/picture\""))
        #expect(list.contains("<img src=\"https://example.com/p.png\""))
        #expect(list.components(separatedBy: "<img ").count - 1 == 2)
        let picture = await get("/personas/\(ids["local"]!)/picture")
        #expect(picture.status == 200)
        #expect(picture.contentType == "image/svg+xml")
        for name in ["web", "script", "escape", "text", "missing"] {
            #expect(await get("/personas/\(ids[name]!)/picture").status == 404, "\(name)")
        }
    }
}

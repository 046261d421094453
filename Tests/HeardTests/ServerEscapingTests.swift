import Foundation
import HeardEngine
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Server: customer text is escaped on every page")
struct ServerEscapingTests {
    static func unescaped(_ html: String) -> [String] { ServerFixture.hostile.filter { html.contains($0) } }

    @Test("dashboard pages served for each role show hostile feedback, theme and owner text escaped")
    func dashboardPages() async throws {
        let fixture = try await ServerFixture.shared.value
        let personas = try await fixture.session.store.personas(in: fixture.session.workspace.id)
        let hostileRow = try #require(try await fixture.session.store.searchFeedback(
            FeedbackSearch(themeKey: nil, textContains: ServerFixture.script, withTextOnly: true, limit: 1), in: fixture.session.workspace.id).hits.first?.rowID)
        let paths = ["/", "/themes", "/drivers", "/emerging", "/verbatims", "/verbatims?theme=xss.theme", "/personas", "/taxonomy",
                     "/revenue", "/revenue?value=\(ServerFixture.imageTag.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                     "/inside-out", "/inside-out?target=csat", "/verbatims/similar?row=\(hostileRow)",
                     "/verbatims?q=\(ServerFixture.script.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"]
            + personas.compactMap { $0.id.map { "/personas/\($0)" } }
        try await fixture.app().test(.router) { client in
            for role in ["admin", "analyst", "viewer", "team_member"] {
                let browser = try #require(try await BrowserSession.signIn(client, name: role))
                for path in paths {
                    let page = try await client.execute(uri: path, method: .get, headers: browser.headers)
                    // A team member asking for another team's theme or comment is refused, a value attribute that
                    // cannot be one is a bad request, and those pages must be escaped too.
                    let refused = role == "team_member" && path.contains("theme=xss.theme")
                    let expected: HTTPResponse.Status = refused ? .forbidden : path.hasPrefix("/revenue?") ? .badRequest : .ok
                    // The hostile comment is on a theme the team member's team may not own: hidden from them (404).
                    let mayBeHidden = role == "team_member" && path.contains("similar")
                    #expect(page.status == expected || (mayBeHidden && page.status == .notFound), "\(role) \(path)")
                    #expect(Self.unescaped(page.text).isEmpty, "\(role) \(path): \(Self.unescaped(page.text))")
                    #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                }
            }
            let verbatims = try await client.execute(uri: "/verbatims?theme=xss.theme",
                                                     method: .get, headers: try #require(try await BrowserSession.signIn(client, name: "admin")).headers)
            #expect(verbatims.text.contains("&lt;script&gt;"))
        }
    }

    @Test("survey pages escape survey text, thank-you text and hidden fields from the link")
    func surveyPages() async throws {
        let fixture = try await ServerFixture.build(comments: 20)
        let hostileQuery = ServerFixture.imageTag.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await fixture.app().test(.router) { client in
            let page = try await client.execute(uri: "/s/onboarding?customer=\(hostileQuery)&touchpoint=\(hostileQuery)", method: .get)
            #expect(page.status == .ok)
            #expect(Self.unescaped(page.text).isEmpty, "\(Self.unescaped(page.text))")
            let clicked = try await client.execute(uri: "/s/onboarding/2?customer=\(hostileQuery)", method: .get)
            #expect(Self.unescaped(clicked.text).isEmpty)
            let thanks = try await client.execute(uri: "/s/onboarding", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "response=abcdefghijklmnop1234&score=1&comment=\(hostileQuery)&customer=\(hostileQuery)"))
            #expect(thanks.status == .ok)
            #expect(Self.unescaped(thanks.text).isEmpty)
            #expect(thanks.text.contains("Sorry &lt;script&gt;"))
            let login = try await client.execute(uri: "/login?next=\(hostileQuery)", method: .get)
            #expect(Self.unescaped(login.text).isEmpty)
            let missing = try await client.execute(uri: "/s/\(hostileQuery)", method: .get)
            #expect(Self.unescaped(missing.text).isEmpty)
        }
    }
}

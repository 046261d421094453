import Foundation
import HeardEngine
import HeardModel
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A team member (team "ops") sees the themes "ops" owns, and the comments on them, and nothing
/// of the other teams' themes, on every page and every API route that names themes.
@Suite("Server: team members see only their teams' themes")
struct ServerTeamVisibilityTests {
    @Test("dashboard pages name none of the other teams' themes")
    func dashboard() async throws {
        let fixture = try await ServerFixture.build(comments: 600)
        let (ops, others) = try await fixture.splitMentionedThemes()
        let themes = try await fixture.session.store.themes(in: fixture.session.workspace.id)
        let othersNames = themes.filter { others.contains($0.key) && $0.key != "xss.theme" }.map(\.name)
        let ownNames = themes.filter { ops.contains($0.key) }.map(\.name)
        let personas = try await fixture.session.store.personas(in: fixture.session.workspace.id)
        let paths = ["/", "/themes", "/drivers", "/drivers?target=csat", "/emerging", "/emerging?period=month", "/verbatims",
                     "/verbatims?sentiment=negative", "/personas", "/revenue", "/inside-out", "/taxonomy"]
            + personas.compactMap { $0.id.map { "/personas/\($0)" } }
        try await fixture.app().test(.router) { client in
            let member = try #require(try await BrowserSession.signIn(client, name: "team_member"))
            var seenOwn = false
            for path in paths {
                let page = try await client.execute(uri: path, method: .get, headers: member.headers)
                #expect(page.status == .ok, "\(path)")
                // As element text, a title or a query value: one name or key may be the start of another.
                let leaked = othersNames.filter { page.text.contains(">\($0)<") || page.text.contains("title=\"\($0)") }
                    + others.filter { page.text.contains("=\($0)\"") || page.text.contains(">\($0)<") }
                #expect(leaked.isEmpty, "\(path) shows \(leaked)")
                seenOwn = seenOwn || ownNames.contains { page.text.contains("title=\"\($0)") }
            }
            // Their own themes are marked in the verbatims they read.
            #expect(seenOwn)
            let otherTheme = try await client.execute(uri: "/verbatims?theme=\(try #require(others.sorted().first))", method: .get, headers: member.headers)
            #expect(otherTheme.status == .forbidden)
            // The analyst's pages do show them: the test would catch a page that never names themes.
            let analyst = try #require(try await BrowserSession.signIn(client, name: "analyst"))
            let themesPage = try await client.execute(uri: "/themes", method: .get, headers: analyst.headers)
            #expect(othersNames.allSatisfy { themesPage.text.contains(">\($0)<") })
        }
    }

    @Test("API answers name none of the other teams' themes, and list only comments on the team's themes")
    func api() async throws {
        let fixture = try await ServerFixture.build(comments: 600)
        let store = fixture.session.store, workspace = fixture.session.workspace.id
        let (ops, others) = try await fixture.splitMentionedThemes()
        #expect(!ops.isEmpty && !others.isEmpty)
        let othersNames = try await store.themes(in: workspace).filter { others.contains($0.key) }.map(\.name)
        let otherKey = try #require(others.sorted().first)
        try await fixture.app().test(.router) { client in
            let member = try #require(try await BrowserSession.signIn(client, name: "team_member"))
            for uri in ["/api/v1/themes?limit=200", "/api/v1/trends", "/api/v1/drivers", "/api/v1/emerging", "/api/v1/revenue",
                        "/api/v1/personas", "/api/v1/feedback?limit=200", "/api/v1/similar?text=refund%20late&limit=50",
                        "/api/v1/trends?theme=\(otherKey)", "/api/v1/feedback?theme=\(otherKey)"] {
                let response = try await client.execute(uri: uri, method: .get, headers: member.headers)
                #expect(response.status == .ok, "\(uri)")
                // Quoted, as JSON strings: one key may be the start of another.
                let leaked = (others.map { "\"\($0)\"" } + othersNames.map { "\"\($0)\"" }).filter { response.text.contains($0) }
                #expect(leaked.isEmpty, "\(uri) names \(leaked)")
            }
            let feedback = try #require(try await client.execute(uri: "/api/v1/feedback?limit=200", method: .get, headers: member.headers).json)
            let items = try #require(feedback["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            for item in items {
                let themes = Set((item["mentions"] as? [[String: Any]] ?? []).compactMap { $0["theme"] as? String })
                #expect(!themes.isEmpty && themes.isSubset(of: ops), "\(item["id"] ?? "") mentions \(themes)")
            }
            let forbidden = try await client.execute(uri: "/api/v1/themes/\(otherKey)", method: .patch, headers: [.cookie: member.cookie, .init("X-CSRF-Token")!: member.csrf, .contentType: "application/json"],
                                                     body: ByteBuffer(string: "{\"name\": \"Mine now\"}"))
            #expect(forbidden.status == .forbidden)
        }
    }
}

import Foundation
import HeardEngine
import HeardModel
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Server: JSON API")
struct ServerAPITests {
    @Test("every route but the OpenAPI document answers 401 with a JSON error when nobody is signed in")
    func authenticationRequired() async throws {
        let fixture = try await ServerFixture.shared.value
        try await fixture.app().test(.router) { client in
            for route in RouteTable.routes {
                let response = try await client.execute(uri: route.samplePath(), method: route.method)
                if route.permission == .public {
                    #expect(response.status == .ok, "\(route.method) \(route.fullPath)")
                } else {
                    #expect(response.status == .unauthorized, "\(route.method) \(route.fullPath)")
                    #expect(response.errorCode == "unauthenticated", "\(route.method) \(route.fullPath)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            let wrongKey = try await client.execute(uri: "/api/v1/metrics", method: .get, headers: ServerFixture.bearer("heard_not-a-key"))
            #expect(wrongKey.status == .unauthorized)
        }
    }

    @Test("each role gets 403 exactly on the routes its permissions exclude")
    func roleChecks() async throws {
        let fixture = try await ServerFixture.shared.value
        try await fixture.app().test(.router) { client in
            for route in RouteTable.routes where route.permission != .public {
                for (role, key) in fixture.keys {
                    // Bodiless writes stop at validation (400/404) after the permission check, so nothing changes.
                    let response = try await client.execute(uri: route.samplePath(), method: route.method, headers: ServerFixture.bearer(key))
                    if role.allows(route.permission) {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(role) \(route.method) \(route.fullPath)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) \(route.method) \(route.fullPath)")
                        #expect(response.errorCode == "forbidden")
                    }
                }
            }
        }
    }

    @Test("the OpenAPI document lists exactly the registered routes, and every listed route is served")
    func openAPIMatchesRoutes() async throws {
        let fixture = try await ServerFixture.shared.value
        try await fixture.app().test(.router) { client in
            let document = try #require(try await client.execute(uri: "/api/v1/openapi.json", method: .get).json)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys { documented.insert(method.uppercased() + " " + path) }
            }
            let registered = Set(RouteTable.routes.map { $0.method.rawValue + " " + $0.fullPath })
            #expect(documented == registered)
            for entry in documented {
                let parts = entry.split(separator: " ")
                let path = String(parts[1]).replacingOccurrences(of: "{key}", with: "x").replacingOccurrences(of: "{name}", with: "x")
                let response = try await client.execute(uri: path, method: .init(rawValue: String(parts[0]))!)
                #expect(response.status != .notFound, "\(entry) is documented but not served")
            }
            let missing = try await client.execute(uri: "/api/v1/no-such-thing", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test("listings page with limit and cursor, and refuse a limit over the maximum")
    func pagination() async throws {
        let fixture = try await ServerFixture.shared.value
        let key = ServerFixture.bearer(fixture.keys[.analyst])
        try await fixture.app().test(.router) { client in
            let all = try #require(try await client.execute(uri: "/api/v1/themes?limit=200", method: .get, headers: key).json)
            let everyID = (all["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(everyID.count >= 6)
            var paged: [String] = []
            var cursor: String? = nil
            repeat {
                let uri = "/api/v1/themes?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try #require(try await client.execute(uri: uri, method: .get, headers: key).json)
                let items = page["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 2)
                paged += items.compactMap { $0["id"] as? String }
                cursor = page["next_cursor"] as? String
            } while cursor != nil
            #expect(paged == everyID)

            var seen: Set<String> = []
            var feedbackCursor: String? = nil
            for _ in 0..<3 {
                let uri = "/api/v1/feedback?limit=50" + (feedbackCursor.map { "&cursor=\($0)" } ?? "")
                let page = try #require(try await client.execute(uri: uri, method: .get, headers: key).json)
                let ids = (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.count == 50)
                #expect(seen.isDisjoint(with: ids))
                seen.formUnion(ids)
                feedbackCursor = try #require(page["next_cursor"] as? String)
            }

            for uri in ["/api/v1/themes?limit=201", "/api/v1/feedback?limit=501", "/api/v1/themes?limit=0"] {
                let response = try await client.execute(uri: uri, method: .get, headers: key)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorField == "limit")
            }
            let badCursor = try await client.execute(uri: "/api/v1/feedback?cursor=nonsense", method: .get, headers: key)
            #expect(badCursor.errorField == "cursor")
        }
    }

    @Test("bad parameters are 400 naming the parameter")
    func validationErrors() async throws {
        let fixture = try await ServerFixture.shared.value
        let key = ServerFixture.bearer(fixture.keys[.analyst])
        let cases: [(String, String)] = [
            ("/api/v1/metrics?period=fortnight", "period"), ("/api/v1/metrics?from=2024-13-01", "from"),
            ("/api/v1/metrics?by=shoe-size", "by"), ("/api/v1/metrics?source=pigeon", "source"),
            ("/api/v1/drivers?target=happiness", "target"), ("/api/v1/trends?alpha=2", "alpha"),
            ("/api/v1/feedback?sentiment=angry", "sentiment"), ("/api/v1/export?format=xml", "format"),
            ("/api/v1/themes?status=maybe", "status"), ("/api/v1/emerging?since=yesterday", "since"),
            ("/api/v1/revenue?value=a%22b", "value"), ("/api/v1/inside-out?max_lag=99", "max_lag"),
        ]
        try await fixture.app().test(.router) { client in
            for (uri, field) in cases {
                let response = try await client.execute(uri: uri, method: .get, headers: key)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorCode == "invalid", "\(uri)")
                #expect(response.errorField == field, "\(uri)")
            }
        }
    }

    @Test("reports answer with the CLI's records")
    func reports() async throws {
        let fixture = try await ServerFixture.shared.value
        let key = ServerFixture.bearer(fixture.keys[.viewer])
        try await fixture.app().test(.router) { client in
            let overview = try #require(try await client.execute(uri: "/api/v1/overview?period=month", method: .get, headers: key).json)
            #expect(overview["feedback"] as? Int == 1_203)
            let nps = try #require(((overview["all_time"] as? [String: Any])?["nps"] as? [String: Any])?["estimate"] as? [String: Any])
            #expect(nps["n"] as? Int == 1_203)
            let metrics = try await client.execute(uri: "/api/v1/metrics?period=month&by=segment", method: .get, headers: key)
            let rows = try #require((try? JSONSerialization.jsonObject(with: Data(buffer: metrics.body))) as? [[String: Any]])
            #expect(!rows.isEmpty)
            #expect(Set(rows.compactMap { $0["group"] as? String }).isSuperset(of: ["consumer", "smb", "enterprise"]))
            let csv = try await client.execute(uri: "/api/v1/metrics?format=csv", method: .get, headers: key)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let revenue = try await client.execute(uri: "/api/v1/revenue", method: .get, headers: key)
            #expect(revenue.status == .ok)
            let revenueJSON = try #require(revenue.json)
            #expect(revenueJSON["value_attribute"] as? String == "revenue")
            #expect(revenueJSON["themes"] is [Any])
            let insideOut = try await client.execute(uri: "/api/v1/inside-out?max_lag=2&format=csv", method: .get, headers: key)
            #expect(insideOut.status == .ok)
            #expect(insideOut.headers[.contentType]?.hasPrefix("text/csv") == true)
        }
    }

    @Test("API keys: accepted as Bearer, stored only as a SHA-256 hash, revocable")
    func apiKeys() async throws {
        let fixture = try await ServerFixture.build(comments: 50)
        let key = try #require(fixture.keys[.viewer])
        let stored = try await fixture.session.store.apiKeys(in: fixture.session.workspace.id)
        #expect(stored.allSatisfy { $0.keyHash.count == 64 && !key.contains($0.keyHash) })
        #expect(try await fixture.session.store.apiKey(hash: Secrets.sha256(key), in: fixture.session.workspace.id)?.role == "viewer")
        try await fixture.app().test(.router) { client in
            let before = try await client.execute(uri: "/api/v1/metrics", method: .get, headers: ServerFixture.bearer(key))
            #expect(before.status == .ok)
            let revoked = try await fixture.session.store.deleteAPIKey(named: "key-viewer", in: fixture.session.workspace.id)
            #expect(revoked)
            let after = try await client.execute(uri: "/api/v1/metrics", method: .get, headers: ServerFixture.bearer(key))
            #expect(after.status == .unauthorized)
        }
    }

    @Test("team members see only their teams' themes; viewers see no free text when the workspace hides it")
    func visibility() async throws {
        let fixture = try await ServerFixture.build(comments: 300)
        try await fixture.app().test(.router) { client in
            let member = try #require(try await BrowserSession.signIn(client, name: "team_member"))
            let themes = try #require(try await client.execute(uri: "/api/v1/themes?limit=200", method: .get, headers: member.headers).json)
            let owners = (themes["items"] as? [[String: Any]] ?? []).map { $0["owner"] as? String }
            #expect(!owners.isEmpty)
            #expect(owners.allSatisfy { $0 == "ops" })

            let viewerKey = ServerFixture.bearer(fixture.keys[.viewer])
            let before = try #require(try await client.execute(uri: "/api/v1/feedback?limit=5", method: .get, headers: viewerKey).json)
            #expect((before["items"] as? [[String: Any]] ?? []).contains { $0["text"] is String })
            let headers = ServerFixture.json(fixture.keys[.admin])
            let changed = try await client.execute(uri: "/api/v1/settings", method: .patch, headers: headers, body: ByteBuffer(string: "{\"hide_free_text\": true}"))
            #expect(changed.json?["hide_free_text"] as? Bool == true)
            let after = try #require(try await client.execute(uri: "/api/v1/feedback?limit=5", method: .get, headers: viewerKey).json)
            let items = after["items"] as? [[String: Any]] ?? []
            #expect(!items.isEmpty)
            #expect(items.allSatisfy { $0["text"] is NSNull })
            let themesAsViewer = try await client.execute(uri: "/api/v1/themes", method: .get, headers: viewerKey)
            #expect(!themesAsViewer.text.contains("\"verbatims\""))
            let analyst = try #require(try await client.execute(uri: "/api/v1/feedback?limit=5", method: .get, headers: ServerFixture.bearer(fixture.keys[.analyst])).json)
            #expect((analyst["items"] as? [[String: Any]] ?? []).contains { $0["text"] is String })
        }
    }

    @Test("taxonomy edits: rename and owner by PATCH, accept a proposed theme")
    func themeEdits() async throws {
        let fixture = try await ServerFixture.build(comments: 50)
        let headers = ServerFixture.json(fixture.keys[.analyst])
        try await fixture.app().test(.router) { client in
            let renamed = try await client.execute(uri: "/api/v1/themes/planted.t01", method: .patch, headers: headers,
                                                   body: ByteBuffer(string: "{\"name\": \"Refunds\", \"owner\": \"billing\"}"))
            #expect(renamed.status == .ok)
            let accepted = try await client.execute(uri: "/api/v1/themes/xss.theme/accept", method: .post, headers: headers)
            #expect(accepted.json?["status"] as? String == "active")
            let unknownField = try await client.execute(uri: "/api/v1/themes/planted.t01", method: .patch, headers: headers,
                                                        body: ByteBuffer(string: "{\"colour\": \"red\"}"))
            #expect(unknownField.errorField == "colour")
            let missing = try await client.execute(uri: "/api/v1/themes/no.such/accept", method: .post, headers: headers)
            #expect(missing.status == .notFound)
        }
        let themes = try await fixture.session.store.themes(in: fixture.session.workspace.id)
        #expect(themes.first { $0.key == "planted.t01" }?.name == "Refunds")
        #expect(themes.first { $0.key == "planted.t01" }?.ownerTeam == "billing")
        #expect(themes.first { $0.key == "xss.theme" }?.status == .active)
    }

    @Test("export streams every row as CSV or JSON Lines, formula-looking cells neutralised")
    func export() async throws {
        let fixture = try await ServerFixture.build(comments: 120)
        _ = try await fixture.session.store.write(ImportBatch(feedback: [
            Feedback(externalID: "F1", occurredAt: Date(timeIntervalSince1970: 1_700_000_000), text: "=HYPERLINK(\"http://x\")", nps: 5),
        ]), into: fixture.session.workspace.id)
        let key = ServerFixture.bearer(fixture.keys[.analyst])
        try await fixture.app().test(.router) { client in
            let csv = try await client.execute(uri: "/api/v1/export", method: .get, headers: key)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 1 + 124)
            #expect(csv.text.contains("'=HYPERLINK"))
            let jsonl = try await client.execute(uri: "/api/v1/export?format=jsonl", method: .get, headers: key)
            let records = jsonl.text.split(separator: "\n")
            #expect(records.count == 124)
            #expect(records.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
            let viewer = try await client.execute(uri: "/api/v1/export", method: .get, headers: ServerFixture.bearer(fixture.keys[.viewer]))
            #expect(viewer.status == .forbidden)
        }
    }
}

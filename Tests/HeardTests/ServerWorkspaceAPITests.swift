import Foundation
import HeardEngine
import HeardModel
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The routes that bring the rest of the CLI to the API: similar comments, operational metrics,
/// personas, taxonomy building, users and status.
@Suite("Server: workspace API beyond reports")
struct ServerWorkspaceAPITests {
    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func headers(_ key: String?, contentType: String) -> HTTPFields {
        var fields = ServerFixture.bearer(key)
        fields[.contentType] = contentType
        return fields
    }

    @Test("similar comments: ranked pages, validation, and a 503 naming `heard models fetch` without a model")
    func similar() async throws {
        let fixture = try await ServerFixture.build(comments: 200)
        let key = ServerFixture.bearer(fixture.keys[.analyst])
        try await fixture.app().test(.router) { client in
            let first = try #require(try await client.execute(uri: "/api/v1/similar?text=the%20checkout%20crashed&limit=3", method: .get, headers: key).json)
            let items = try #require(first["items"] as? [[String: Any]])
            #expect(items.count == 3)
            let scores = items.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >))
            #expect(items.allSatisfy { $0["text"] is String && $0["id"] is String })
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try #require(try await client.execute(uri: "/api/v1/similar?text=the%20checkout%20crashed&limit=3&cursor=\(cursor)", method: .get, headers: key).json)
            let secondIDs = Set((second["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            #expect(secondIDs.count == 3)
            #expect(secondIDs.isDisjoint(with: items.compactMap { $0["id"] as? String }))
            // The hostile comments are the nearest to their own words.
            let own = try #require(try await client.execute(uri: "/api/v1/similar?text=\(ServerFixture.hostileText.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&limit=1",
                                                            method: .get, headers: key).json)
            #expect(((own["items"] as? [[String: Any]])?.first?["id"] as? String)?.hasPrefix("X") == true)

            for (uri, field) in [("/api/v1/similar", "text"), ("/api/v1/similar?text=%20", "text"), ("/api/v1/similar?text=a&limit=101", "limit"),
                                 ("/api/v1/similar?text=a&probes=0", "probes"), ("/api/v1/similar?text=a&cursor=o995", "cursor"),
                                 ("/api/v1/similar?text=" + String(repeating: "a", count: 2001), "text")] {
                let response = try await client.execute(uri: uri, method: .get, headers: key)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorField == field, "\(uri)")
            }
        }
        try await fixture.appWithoutVectorModel().test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/similar?text=refund", method: .get, headers: key)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "no_vector_model")
            #expect((response.json?["error"] as? [String: Any])?["message"] as? String ?? "" == "no sentence encoder model at /nowhere. Run `heard models fetch` to get it.")
        }
    }

    @Test("similar comments respect team visibility and hidden free text")
    func similarVisibility() async throws {
        let fixture = try await ServerFixture.build(comments: 300)
        let store = fixture.session.store, workspace = fixture.session.workspace.id
        let opsThemes = Array(try await fixture.splitMentionedThemes().ops)
        #expect(!opsThemes.isEmpty)
        var visible: Set<String> = []
        var after: FeedbackCursor?
        repeat {
            let page = try await store.searchFeedback(FeedbackSearch(restrictToThemes: opsThemes, withTextOnly: false, after: after, limit: 500), in: workspace)
            visible.formUnion(page.hits.map(\.externalID))
            after = page.next
        } while after != nil
        let visibleIDs = visible
        try await fixture.app().test(.router) { client in
            let member = try #require(try await BrowserSession.signIn(client, name: "team_member"))
            let answer = try #require(try await client.execute(uri: "/api/v1/similar?text=late%20delivery%20refund&limit=20", method: .get, headers: member.headers).json)
            let ids = (answer["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(!ids.isEmpty)
            #expect(Set(ids).isSubset(of: visibleIDs))
            let admin = try #require(try await client.execute(uri: "/api/v1/similar?text=late%20delivery%20refund&limit=20", method: .get,
                                                              headers: ServerFixture.bearer(fixture.keys[.admin])).json)
            #expect(!Set((admin["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }).isSubset(of: visibleIDs))

            try await store.setSetting(WorkspaceSettings.hideFreeText, to: "true", in: workspace)
            let viewer = try await client.execute(uri: "/api/v1/similar?text=refund", method: .get, headers: ServerFixture.bearer(fixture.keys[.viewer]))
            #expect(viewer.status == .forbidden)
            #expect(viewer.errorField == "text")
        }
    }

    @Test("operational metrics: CSV in, counts and rejected rows out; re-import updates; feeds inside-out")
    func operationalMetrics() async throws {
        let fixture = try await ServerFixture.build(comments: 50)
        let headers = Self.headers(fixture.keys[.analyst], contentType: "text/csv")
        let csv = """
            metric,period_start,touchpoint,value
            wait_minutes,2025-03-03,phone,12.5
            wait_minutes,2025-03-10,phone,9
            wait_minutes,2025-03-17,phone,lots
            wait_minutes,,phone,3
            resolution_rate,2025-03-03,chat,0.8

            """
        try await fixture.app().test(.router) { client in
            let first = try #require(try await client.execute(uri: "/api/v1/operational-metrics?period=week", method: .post, headers: headers, body: Self.body(csv)).json)
            #expect(first["read"] as? Int == 5)
            #expect(first["inserted"] as? Int == 3)
            #expect(first["updated"] as? Int == 0)
            #expect(first["rejected"] as? Int == 2)
            let errors = try #require(first["errors"] as? [[String: Any]])
            #expect(errors.map { $0["line"] as? Int } == [4, 5])
            #expect(errors.map { $0["field"] as? String } == ["value", "period_start"])
            #expect(errors.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
            #expect(first["metrics"] as? [String] == ["resolution_rate", "wait_minutes"])

            let again = try #require(try await client.execute(uri: "/api/v1/operational-metrics", method: .post, headers: headers, body: Self.body(csv)).json)
            #expect(again["inserted"] as? Int == 0)
            #expect(again["updated"] as? Int == 3)

            let noValue = try await client.execute(uri: "/api/v1/operational-metrics", method: .post, headers: headers, body: Self.body("metric,period_start\nx,2025-01-01\n"))
            #expect(noValue.status == .badRequest)
            #expect(noValue.errorCode == "invalid")
            #expect((noValue.json?["error"] as? [String: Any])?["message"] as? String ?? "" == "request body:1: no value column: expected a header named value")
            let badPeriod = try await client.execute(uri: "/api/v1/operational-metrics?period=fortnight", method: .post, headers: headers, body: Self.body(csv))
            #expect(badPeriod.errorField == "period")

            var viewerHeaders = ServerFixture.bearer(fixture.keys[.viewer])
            viewerHeaders[.contentType] = "text/csv"
            let viewer = try await client.execute(uri: "/api/v1/operational-metrics", method: .post, headers: viewerHeaders, body: Self.body(csv))
            #expect(viewer.status == .forbidden)
        }
        let stored = try await fixture.session.store.operationalMetrics(named: nil, in: fixture.session.workspace.id)
        #expect(stored.count == 3)
        #expect(stored.contains { $0.name == "wait_minutes" && $0.dimension == "touchpoint" && $0.dimensionValue == "phone" && $0.value == 9 })
    }

    @Test("personas: load definitions (YAML or JSON) and re-assign customers; suggest segments")
    func personas() async throws {
        let fixture = try await ServerFixture.build(comments: 400)
        let headers = Self.headers(fixture.keys[.analyst], contentType: "application/yaml")
        let yaml = """
            personas:
              - name: Enterprise buyer
                description: Buys for many staff.
                rule: segment = enterprise
                priority: 1
              - name: Everyone else
                rule: segment != enterprise
                priority: 2

            """
        try await fixture.app().test(.router) { client in
            let loaded = try #require(try await client.execute(uri: "/api/v1/personas", method: .post, headers: headers, body: Self.body(yaml)).json)
            #expect(loaded["loaded"] as? Int == 2)
            let customers = try #require(loaded["customers"] as? [String: Int])
            #expect(customers.values.reduce(0, +) == (try await fixture.session.store.customerCount(in: fixture.session.workspace.id)))
            #expect(customers["Everyone else", default: 0] > 0)

            let list = try await client.execute(uri: "/api/v1/personas", method: .get, headers: headers)
            #expect(list.text.contains("Enterprise buyer"))

            let badRule = try await client.execute(uri: "/api/v1/personas", method: .post, headers: headers,
                                                   body: Self.body("{\"personas\": [{\"name\": \"Odd\", \"rule\": \"segment ~ x\"}]}"))
            #expect(badRule.status == .badRequest)
            #expect(badRule.errorField == "Odd.rule")
            let notAList = try await client.execute(uri: "/api/v1/personas", method: .post, headers: headers, body: Self.body("people: []"))
            #expect(notAList.errorField == "personas")

            let suggestions = try #require(try await client.execute(uri: "/api/v1/personas/suggestions?k=3&sample=200", method: .get, headers: headers).json)
            #expect(suggestions["k"] as? Int == 3)
            #expect((suggestions["suggestions"] as? [[String: Any]])?.count == 3)
            for (uri, field) in [("/api/v1/personas/suggestions?k=1", "k"), ("/api/v1/personas/suggestions?sample=10", "sample"),
                                 ("/api/v1/personas/suggestions?seed=-1", "seed")] {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(response.errorField == field, "\(uri)")
            }
        }
        #expect(try await fixture.session.store.personas(in: fixture.session.workspace.id).map(\.name).sorted() == ["Enterprise buyer", "Everyone else"])
    }

    @Test("taxonomy: create a theme with rules and parent, change rules and parent, load a taxonomy, discover, re-analyse")
    func taxonomy() async throws {
        let fixture = try await ServerFixture.build(comments: 200)
        let headers = ServerFixture.json(fixture.keys[.analyst])
        let store = fixture.session.store, workspace = fixture.session.workspace.id
        try await fixture.app().test(.router) { client in
            let created = try await client.execute(uri: "/api/v1/themes", method: .post, headers: headers, body: Self.body("""
                {"id": "checkout.crash", "name": "Checkout crashes", "parent": "planted.t01", "owner": "web",
                 "phrases": ["checkout crashed", "crash at checkout"], "exclusions": ["no crash"]}
                """))
            #expect(created.status == .created)
            #expect(created.json?["parent"] as? String == "planted.t01")
            #expect(created.json?["phrases"] as? [String] == ["checkout crashed", "crash at checkout"])

            let cases: [(String, String, HTTPResponse.Status, String?)] = [
                ("{\"id\": \"checkout.crash\", \"name\": \"Again\"}", "exists", .conflict, "id"),
                ("{\"id\": \"Bad Id\", \"name\": \"x\"}", "invalid", .badRequest, "id"),
                ("{\"id\": \"ok.id\"}", "invalid", .badRequest, "name"),
                ("{\"id\": \"ok.id\", \"name\": \"x\", \"parent\": \"no.such\"}", "invalid", .badRequest, "parent"),
                ("{\"id\": \"ok.id\", \"name\": \"x\", \"phrases\": \"refund\"}", "invalid", .badRequest, "phrases"),
                ("{\"id\": \"ok.id\", \"name\": \"x\", \"colour\": \"red\"}", "invalid", .badRequest, "colour"),
            ]
            for (json, code, status, field) in cases {
                let response = try await client.execute(uri: "/api/v1/themes", method: .post, headers: headers, body: Self.body(json))
                #expect(response.status == status, "\(json)")
                #expect(response.errorCode == code, "\(json)")
                #expect(response.errorField == field, "\(json)")
            }

            let changed = try await client.execute(uri: "/api/v1/themes/checkout.crash", method: .patch, headers: headers,
                                                   body: Self.body("{\"phrases\": [\"payment crashed\"], \"parent\": null}"))
            #expect(changed.status == .ok)
            #expect(changed.json?["phrases"] as? [String] == ["payment crashed"])
            #expect(changed.json?["parent"] is NSNull)
            #expect(changed.json?["owner"] as? String == "web")
            // planted.t01 under its own child would be a cycle.
            _ = try await client.execute(uri: "/api/v1/themes/checkout.crash", method: .patch, headers: headers, body: Self.body("{\"parent\": \"planted.t01\"}"))
            let cycle = try await client.execute(uri: "/api/v1/themes/planted.t01", method: .patch, headers: headers, body: Self.body("{\"parent\": \"checkout.crash\"}"))
            #expect(cycle.status == .badRequest)
            #expect(cycle.errorField == "parent")
            let emptyName = try await client.execute(uri: "/api/v1/themes/planted.t01", method: .patch, headers: headers, body: Self.body("{\"name\": \" \"}"))
            #expect(emptyName.errorField == "name")

            let discovered = try await client.execute(uri: "/api/v1/themes/discover", method: .post, headers: headers, body: Self.body("{\"vectors\": \"none\"}"))
            #expect(discovered.status == .ok)
            #expect(discovered.json?["method"] as? String == "terms")
            #expect(discovered.json?["items"] is [Any])
            let badVectors = try await client.execute(uri: "/api/v1/themes/discover", method: .post, headers: headers, body: Self.body("{\"vectors\": \"magic\"}"))
            #expect(badVectors.errorField == "vectors")

            let analysed = try await client.execute(uri: "/api/v1/analyze", method: .post, headers: headers, body: Self.body("{\"wait\": true}"))
            #expect(analysed.json?["status"] as? String == "done")
            #expect(analysed.json?["analysed"] is Int)
            let started = try await client.execute(uri: "/api/v1/analyze", method: .post, headers: headers, body: Self.body("{}"))
            #expect(started.status == .accepted)
            let badWait = try await client.execute(uri: "/api/v1/analyze", method: .post, headers: headers, body: Self.body("{\"wait\": \"yes\"}"))
            #expect(badWait.errorField == "wait")

            var yamlHeaders = ServerFixture.bearer(fixture.keys[.analyst])
            yamlHeaders[.contentType] = "application/yaml"
            let taxonomy = """
                themes:
                  - id: delivery
                    name: Delivery
                    owner: ops
                    phrases: [late delivery, parcel]
                    children:
                      - id: delivery.damaged
                        name: Damaged parcel
                        phrases: [damaged, broken]

                """
            let loaded = try await client.execute(uri: "/api/v1/taxonomy", method: .put, headers: yamlHeaders, body: Self.body(taxonomy))
            #expect(loaded.json?["loaded"] as? Int == 2)
            let missingName = try await client.execute(uri: "/api/v1/taxonomy", method: .put, headers: yamlHeaders, body: Self.body("themes:\n  - id: x\n"))
            #expect(missingName.errorField == "x.name")
            let empty = try await client.execute(uri: "/api/v1/taxonomy", method: .put, headers: yamlHeaders, body: Self.body("themes: []\n"))
            #expect(empty.errorField == "themes")
        }
        let themes = try await store.themes(in: workspace)
        #expect(themes.first { $0.key == "delivery.damaged" }?.parentKey == "delivery")
        #expect(themes.first { $0.key == "planted.t01" }?.status == .retired)
        #expect(themes.first { $0.key == "checkout.crash" }?.status == .retired)
        #expect(themes.filter { $0.status == .active }.map(\.key).sorted() == ["delivery", "delivery.damaged"])
    }

    @Test("users: admins create, change and remove users; the last admin stays; sign-in follows")
    func users() async throws {
        let fixture = try await ServerFixture.build(comments: 30)
        let headers = ServerFixture.json(fixture.keys[.admin])
        try await fixture.app().test(.router) { client in
            let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers,
                                                   body: Self.body("{\"name\": \"maria\", \"role\": \"viewer\", \"password\": \"a long password\"}"))
            #expect(created.status == .created)
            #expect(created.json?["role"] as? String == "viewer")
            let maria = try #require(try await BrowserSession.signIn(client, name: "maria", password: "a long password"))
            let asViewer = try await client.execute(uri: "/api/v1/users", method: .get, headers: maria.headers)
            #expect(asViewer.status == .forbidden)

            let cases: [(String, String, String)] = [
                ("{\"name\": \"maria\", \"role\": \"viewer\", \"password\": \"a long password\"}", "exists", "name"),
                ("{\"name\": \"ops2\", \"role\": \"team_member\", \"password\": \"a long password\"}", "invalid", "team"),
                ("{\"name\": \"ops2\", \"role\": \"ingest\", \"password\": \"a long password\"}", "invalid", "role"),
                ("{\"name\": \"ops2\", \"role\": \"viewer\", \"password\": \"short\"}", "invalid", "password"),
                ("{\"name\": \"<b>\", \"role\": \"viewer\", \"password\": \"a long password\"}", "invalid", "name"),
                ("{\"name\": \"ops2\", \"role\": \"viewer\"}", "invalid", "password"),
                ("{\"name\": \"ops2\", \"role\": \"viewer\", \"password\": \"a long password\", \"teams\": \"ops\"}", "invalid", "teams"),
            ]
            for (json, code, field) in cases {
                let response = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: Self.body(json))
                #expect(response.errorCode == code, "\(json)")
                #expect(response.errorField == field, "\(json)")
            }

            // A role change applies to the signed-in session at once.
            let promoted = try await client.execute(uri: "/api/v1/users/maria", method: .patch, headers: headers,
                                                    body: Self.body("{\"role\": \"team_member\", \"teams\": [\"ops\"]}"))
            #expect(promoted.json?["teams"] as? [String] == ["ops"])
            let changed = try await client.execute(uri: "/api/v1/users/maria", method: .patch, headers: headers, body: Self.body("{\"role\": \"admin\"}"))
            #expect(changed.json?["role"] as? String == "admin")
            let asAdmin = try await client.execute(uri: "/api/v1/users?limit=2", method: .get, headers: maria.headers)
            #expect(asAdmin.status == .ok)
            #expect((asAdmin.json?["items"] as? [Any])?.count == 2)
            #expect(asAdmin.json?["next_cursor"] as? String == "o2")

            let missing = try await client.execute(uri: "/api/v1/users/nobody", method: .patch, headers: headers, body: Self.body("{\"role\": \"viewer\"}"))
            #expect(missing.status == .notFound)

            let removed = try await client.execute(uri: "/api/v1/users/maria", method: .delete, headers: headers)
            #expect(removed.status == .noContent)
            let afterRemoval = try await client.execute(uri: "/api/v1/status", method: .get, headers: maria.headers)
            #expect(afterRemoval.status == .unauthorized)

            // "admin" is now the only admin.
            let lastDelete = try await client.execute(uri: "/api/v1/users/admin", method: .delete, headers: headers)
            #expect(lastDelete.status == .conflict)
            #expect(lastDelete.errorCode == "last_admin")
            let lastDemote = try await client.execute(uri: "/api/v1/users/admin", method: .patch, headers: headers, body: Self.body("{\"role\": \"viewer\"}"))
            #expect(lastDemote.errorCode == "last_admin")
        }
        #expect(try await fixture.session.store.user(named: "maria", in: fixture.session.workspace.id) == nil)
    }

    @Test("API keys are revoked by name; status counts what the workspace holds")
    func revokeAndStatus() async throws {
        let fixture = try await ServerFixture.build(comments: 40)
        let admin = ServerFixture.bearer(fixture.keys[.admin])
        let viewer = ServerFixture.bearer(fixture.keys[.viewer])
        try await fixture.app().test(.router) { client in
            let status = try #require(try await client.execute(uri: "/api/v1/status", method: .get, headers: viewer).json)
            #expect(status["feedback"] as? Int == (try await fixture.session.store.feedbackCount(in: fixture.session.workspace.id)))
            #expect(status["customers"] as? Int == (try await fixture.session.store.customerCount(in: fixture.session.workspace.id)))
            #expect(status["from"] is String)

            let keys = try #require(try await client.execute(uri: "/api/v1/api-keys?limit=2", method: .get, headers: admin).json)
            #expect((keys["items"] as? [Any])?.count == 2)
            #expect(keys["next_cursor"] as? String == "o2")
            let revoked = try await client.execute(uri: "/api/v1/api-keys/key-viewer", method: .delete, headers: admin)
            #expect(revoked.status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/status", method: .get, headers: viewer).status == .unauthorized)
            let again = try await client.execute(uri: "/api/v1/api-keys/key-viewer", method: .delete, headers: admin)
            #expect(again.status == .notFound)
            #expect(again.errorField == "name")
        }
    }

    @Test("the session lifetime is the server's setting")
    func sessionLifetime() async throws {
        let fixture = try await ServerFixture.build(comments: 10)
        var configuration = fixture.configuration()
        configuration.sessionSeconds = 900
        try await fixture.app(configuration).test(.router) { client in
            let form = try await client.execute(uri: "/login", method: .get)
            let loginCookie = try #require(BrowserSession.cookieValue(form, "heard_login"))
            let token = try #require(BrowserSession.hiddenField(form.text, "csrf"))
            let answer = try await client.execute(uri: "/login", method: .post,
                                                  headers: [.cookie: "heard_login=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
                                                  body: Self.body("csrf=\(token)&name=viewer&password=correct%20horse%20battery&next=%2F"))
            let cookie = answer.headers[values: .setCookie].first { $0.hasPrefix("heard_session=") } ?? ""
            #expect(cookie.contains("Max-Age=900"))
        }
    }
}

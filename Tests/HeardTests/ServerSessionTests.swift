import Foundation
import HeardEngine
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Server: sign-in, sessions and CSRF")
struct ServerSessionTests {
    @Test("sign in sets an HttpOnly SameSite=Lax cookie holding a token stored only hashed; sign out ends it")
    func loginAndLogout() async throws {
        let fixture = try await ServerFixture.build(comments: 30)
        try await fixture.app().test(.router) { client in
            let unsigned = try await client.execute(uri: "/themes", method: .get)
            #expect(unsigned.status == .seeOther)
            #expect(unsigned.headers[.location] == "/login?next=/themes")

            let form = try await client.execute(uri: "/login", method: .get)
            let loginCookie = try #require(BrowserSession.cookieValue(form, "heard_login"))
            let token = try #require(BrowserSession.hiddenField(form.text, "csrf"))
            let headers: HTTPFields = [.cookie: "heard_login=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"]
            let wrong = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                 body: ByteBuffer(string: "csrf=\(token)&name=admin&password=wrong-password"))
            #expect(wrong.status == .unauthorized)
            #expect(BrowserSession.cookieValue(wrong, "heard_session") == nil)
            let nobody = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                  body: ByteBuffer(string: "csrf=\(token)&name=nobody&password=wrong-password"))
            #expect(nobody.status == .unauthorized)

            let right = try await client.execute(uri: "/login", method: .post, headers: headers,
                                                 body: ByteBuffer(string: "csrf=\(token)&name=admin&password=correct+horse+battery&next=%2Fthemes"))
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/themes")
            let setCookie = try #require(right.headers[values: .setCookie].first { $0.hasPrefix("heard_session=") })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(!setCookie.contains("Secure"))
            let sessionToken = try #require(BrowserSession.cookieValue(right, "heard_session"))
            let store = fixture.session.store, workspace = fixture.session.workspace.id
            #expect(try await store.session(tokenHash: sessionToken, at: Date(), in: workspace) == nil)
            #expect(try await store.session(tokenHash: Secrets.sha256(sessionToken), at: Date(), in: workspace)?.1.name == "admin")

            let cookie: HTTPFields = [.cookie: "heard_session=\(sessionToken)"]
            #expect(try await client.execute(uri: "/themes", method: .get, headers: cookie).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/metrics", method: .get, headers: cookie).status == .ok)

            let logoutPage = try await client.execute(uri: "/logout", method: .get, headers: cookie)
            let csrf = try #require(BrowserSession.hiddenField(logoutPage.text, "csrf"))
            var logoutHeaders = cookie
            logoutHeaders[.contentType] = "application/x-www-form-urlencoded"
            let forged = try await client.execute(uri: "/logout", method: .post, headers: logoutHeaders, body: ByteBuffer(string: "csrf=forged"))
            #expect(forged.status == .forbidden)
            let loggedOut = try await client.execute(uri: "/logout", method: .post, headers: logoutHeaders, body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(loggedOut.status == .seeOther)
            #expect(try await client.execute(uri: "/themes", method: .get, headers: cookie).status == .seeOther)
        }
    }

    @Test("the session cookie is Secure with --secure-cookies; an off-site next is ignored")
    func secureCookieAndNext() async throws {
        let fixture = try await ServerFixture.build(comments: 30)
        try await fixture.app(ServerConfiguration(secureCookies: true)).test(.router) { client in
            let form = try await client.execute(uri: "/login", method: .get)
            let loginCookie = try #require(BrowserSession.cookieValue(form, "heard_login"))
            let token = try #require(BrowserSession.hiddenField(form.text, "csrf"))
            let right = try await client.execute(uri: "/login", method: .post,
                                                 headers: [.cookie: "heard_login=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "csrf=\(token)&name=viewer&password=correct+horse+battery&next=%2F%2Fevil.example"))
            #expect(right.headers[.location] == "/")
            #expect(right.headers[values: .setCookie].first { $0.hasPrefix("heard_session=") }?.contains("Secure") == true)
        }
    }

    @Test("CSRF: login without the login token, dashboard POST and cookie API writes without the session token are refused")
    func csrf() async throws {
        let fixture = try await ServerFixture.build(comments: 30)
        try await fixture.app().test(.router) { client in
            let noToken = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(string: "name=admin&password=correct+horse+battery"))
            #expect(noToken.status == .forbidden)
            #expect(BrowserSession.cookieValue(noToken, "heard_session") == nil)

            let browser = try #require(try await BrowserSession.signIn(client, name: "analyst"))
            var form = browser.headers
            form[.contentType] = "application/x-www-form-urlencoded"
            let forged = try await client.execute(uri: "/taxonomy/planted.t01", method: .post, headers: form, body: ByteBuffer(string: "name=Hacked"))
            #expect(forged.status == .forbidden)
            let wrong = try await client.execute(uri: "/taxonomy/planted.t01", method: .post, headers: form, body: ByteBuffer(string: "name=Hacked&csrf=nope"))
            #expect(wrong.status == .forbidden)
            let themes = try await fixture.session.store.themes(in: fixture.session.workspace.id)
            #expect(themes.first { $0.key == "planted.t01" }?.name != "Hacked")

            var json = browser.headers
            json[.contentType] = "application/json"
            let apiForged = try await client.execute(uri: "/api/v1/themes/planted.t01", method: .patch, headers: json,
                                                     body: ByteBuffer(string: "{\"name\": \"Hacked\"}"))
            #expect(apiForged.status == .forbidden)
            #expect(apiForged.errorCode == "csrf")
            json[RouteTable.csrfHeader] = browser.csrf
            let apiAllowed = try await client.execute(uri: "/api/v1/themes/planted.t01", method: .patch, headers: json,
                                                      body: ByteBuffer(string: "{\"name\": \"Renamed\"}"))
            #expect(apiAllowed.status == .ok)
        }
    }

    @Test("passwords are bcrypt hashes; short passwords and team members without a team are refused")
    func accounts() async throws {
        let fixture = try await ServerFixture.build(comments: 10)
        let users = try await fixture.session.store.users(in: fixture.session.workspace.id)
        #expect(users.count == 4)
        #expect(users.allSatisfy { $0.passwordHash.hasPrefix("$2") && !$0.passwordHash.contains(ServerFixture.password) })
        let accounts = Accounts(session: fixture.session)
        await #expect(throws: APIError.self) { try await accounts.addUser(name: "x", role: .viewer, teams: [], password: "short", bcryptCost: 4) }
        await #expect(throws: APIError.self) { try await accounts.addUser(name: "y", role: .teamMember, teams: [], password: "long enough pw", bcryptCost: 4) }
        await #expect(throws: APIError.self) { try await accounts.addUser(name: "<b>", role: .viewer, teams: [], password: "long enough pw", bcryptCost: 4) }
    }
}

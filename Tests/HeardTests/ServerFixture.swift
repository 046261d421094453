import Foundation
@testable import HeardEngine
import HeardML
import HeardModel
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A planted workspace with hostile text, one user and one API key per role, and a survey,
/// served by the real application through Hummingbird's router test client.
final class ServerFixture: Sendable {
    static let password = "correct horse battery"
    static let script = "<script>alert(1)</script>"
    static let imageTag = "\"><img src=x onerror=alert(1)>"
    static let hostileText = "The checkout crashed: \(script) and \(imageTag)"
    static let hostile = [script, imageTag, "<img src=x", "onerror=alert(1)>"]

    let scratch: Scratch
    let session: WorkspaceSession
    /// API key per role.
    let keys: [Role: String]

    private init(scratch: Scratch, session: WorkspaceSession, keys: [Role: String]) {
        self.scratch = scratch
        self.session = session
        self.keys = keys
    }

    /// Read-only tests share one; tests that change the workspace build their own.
    static let shared = Task<ServerFixture, any Error> { try await build() }

    static func build(comments: Int = 1_200) async throws -> ServerFixture {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let store = session.store, workspace = session.workspace.id
        try await PlantedWorkspace(comments: comments, themes: 6, weeks: 20, customers: 300, operationalEffect: nil).write(into: session)
        try await store.save(Theme(key: "xss.theme", name: script, ownerTeam: imageTag, status: .proposed, examples: [hostileText]), in: workspace)
        _ = try await store.write(ImportBatch(feedback: (0..<3).map { index in
            Feedback(externalID: "X\(index)", source: .survey, channel: imageTag, touchpoint: "web",
                     occurredAt: CalendarDay(year: 2025, month: 5, day: 10 + index).date, text: hostileText, nps: 2,
                     customerID: PlantedWorkspace.customerID(index), segment: "consumer")
        }), into: workspace)
        _ = try await FeedbackEnricher.standard(session: session).run()
        let accounts = Accounts(session: session)
        for role in Role.userRoles {
            _ = try await accounts.addUser(name: role.rawValue, role: role, teams: role == .teamMember ? ["ops"] : [],
                                           password: password, bcryptCost: 4)
        }
        var keys: [Role: String] = [:]
        for role in Role.allCases where role != .teamMember {
            keys[role] = try await accounts.createAPIKey(name: "key-\(role.rawValue)", role: role).key
        }
        _ = try await store.save(Survey(key: "onboarding", scale: .nps, question: "How likely \(script)?", followUpQuestion: "Why \(imageTag)?",
                                        thankYou: [.low: "Sorry \(script)", .high: "Thanks!"], touchpoint: "onboarding"), in: workspace)
        return ServerFixture(scratch: scratch, session: session, keys: keys)
    }

    /// The similar-comment index next to the fixture's database, and a small word-hash encoder in
    /// place of the sentence model (which tests do not download), unless `encoder` says otherwise.
    func configuration(encoder: (@Sendable () throws -> any SentenceEncoder)? = nil) -> ServerConfiguration {
        ServerConfiguration(databasePath: scratch.path("heard.sqlite"), vectorEncoder: encoder ?? { WordHashEncoder(dimensions: 24) })
    }

    func app(_ configuration: ServerConfiguration? = nil) -> Application<RouterResponder<HeardContext>> {
        HeardServer.makeApplication(session: session, configuration: configuration ?? self.configuration())
    }

    /// The planted themes with their mentions (which the fixture's analysis replaced), owned
    /// alternately by "ops" (the team member's team) and "product". Returns the ops and the other keys.
    func splitMentionedThemes() async throws -> (ops: Set<String>, others: Set<String>) {
        let store = session.store, workspace = session.workspace.id
        // The analysis matched no planted theme (they have no phrases): put the planted mentions back.
        try await PlantedWorkspace(comments: 0).enrich(session)
        let mentioned = Set(try await store.themeVolumes(in: workspace).filter { $0.comments > 0 }.map(\.themeKey))
        let opsKeys = Set(mentioned.sorted().enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        var ops: Set<String> = [], others: Set<String> = []
        for var theme in try await store.themes(in: workspace) {
            let mine = opsKeys.contains(theme.key)
            theme.ownerTeam = mine ? "ops" : "product"
            try await store.save(theme, in: workspace)
            if mine { ops.insert(theme.key) } else { others.insert(theme.key) }
        }
        return (ops, others)
    }

    /// A server whose sentence model is missing, as on a machine that never ran `heard models fetch`.
    func appWithoutVectorModel() -> Application<RouterResponder<HeardContext>> {
        app(configuration(encoder: { throw EncoderModel.MissingModel(description: "no sentence encoder model at /nowhere. Run `heard models fetch` to get it.") }))
    }

    static func json(_ key: String?) -> HTTPFields {
        var headers = bearer(key)
        headers[.contentType] = "application/json"
        return headers
    }

    static func bearer(_ key: String?) -> HTTPFields {
        guard let key else { return [:] }
        return [.authorization: "Bearer \(key)"]
    }
}

/// A signed-in browser: its cookie and the session's CSRF token.
struct BrowserSession {
    var cookie: String
    var csrf: String

    var headers: HTTPFields { [.cookie: cookie] }

    /// Signs in through the real form: GET /login (login cookie + hidden token), POST /login.
    static func signIn(_ client: some TestClientProtocol, name: String, password: String = ServerFixture.password) async throws -> BrowserSession? {
        let form = try await client.execute(uri: "/login", method: .get)
        guard let loginCookie = cookieValue(form, "heard_login"), let token = hiddenField(String(buffer: form.body), "csrf") else { return nil }
        let body = "csrf=\(token)&name=\(name)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&next=%2F"
        let answer = try await client.execute(uri: "/login", method: .post,
                                              headers: [.cookie: "heard_login=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
                                              body: ByteBuffer(string: body))
        guard answer.status == .seeOther, let session = cookieValue(answer, "heard_session") else { return nil }
        let cookie = "heard_session=\(session)"
        let logoutPage = try await client.execute(uri: "/logout", method: .get, headers: [.cookie: cookie])
        guard let csrf = hiddenField(String(buffer: logoutPage.body), "csrf") else { return nil }
        return BrowserSession(cookie: cookie, csrf: csrf)
    }

    static func cookieValue(_ response: TestResponse, _ name: String) -> String? {
        for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func hiddenField(_ html: String, _ name: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] }
    var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json?["error"] as? [String: Any])?["field"] as? String }
}

extension APIRoute {
    /// The path with every `{parameter}` filled in.
    func samplePath(_ value: String = "x") -> String {
        var path = fullPath
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            path.replaceSubrange(open...close, with: value)
        }
        return path
    }
}

import Foundation
import HeardDashboard
import Hummingbird

/// Hands dashboard paths to HeardDashboard: sign-in required (else a redirect to /login), the
/// CSRF token checked on every POST, and the viewer built from the signed-in user. The
/// dashboard's static files are public (the sign-in page uses them too).
struct DashboardMiddleware: RouterMiddleware {
    typealias Context = HeardContext
    let environment: ServerEnvironment

    func handle(_ request: Request, context: HeardContext, next: (Request, HeardContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard DashboardSite.handles(path: path) else { return try await next(request, context) }
        let method = request.method == .head ? "GET" : request.method.rawValue
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where query[String(key)] == nil { query[String(key)] = String(value) }
        if path.hasPrefix("/static/") {
            let anonymous = DashboardViewer(userName: "", role: .viewer, teams: [], csrfToken: "", hideFreeText: true)
            return Self.response(await environment.dashboard.respond(to: DashboardRequest(method: method, path: path, query: query, form: [:], viewer: anonymous)))
        }
        guard let identity = context.identity, let csrf = identity.csrfToken,
              let role = DashboardRole(rawValue: identity.role.rawValue)
        else {
            let target = request.uri.query.map { path + "?" + $0 } ?? path
            return Responses.redirect(to: "/login?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_.~"))) ?? "/"))
        }
        var form: [String: String] = [:]
        if request.method == .post {
            form = try await FormBody.read(request, context: context)
            guard Secrets.constantTimeEqual(form["csrf"] ?? "", csrf) else { throw APIError.csrf }
        }
        let viewer = DashboardViewer(userName: identity.name, role: role, teams: identity.teams, csrfToken: csrf,
                                     hideFreeText: try await environment.hideFreeText())
        let answer = await environment.dashboard.respond(to: DashboardRequest(method: method, path: path, query: query, form: form, viewer: viewer))
        if request.method == .post && answer.status == 303 { await environment.enrichment.themesChanged() }
        return Self.response(answer)
    }

    static func response(_ answer: DashboardResponse) -> Response {
        var headers = Responses.html("").headers
        headers[.contentType] = answer.contentType
        headers[.contentLength] = nil
        if let location = answer.location { headers[.location] = location }
        if let seconds = answer.cacheSeconds { headers[.cacheControl] = "public, max-age=\(seconds)" }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

import Foundation
import HeardEngine
import Hummingbird

/// Finds out who is calling: an API key (`Authorization: Bearer …`) or a browser session
/// cookie. It only identifies; each route checks the permission it needs.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = HeardContext
    let environment: ServerEnvironment

    static let sessionCookie = "heard_session"

    func handle(_ request: Request, context: HeardContext, next: (Request, HeardContext) async throws -> Response) async throws -> Response {
        var context = context
        let path = request.uri.path
        // Public survey pages and static files never look at credentials: cheaper, and a stale cookie cannot break them.
        if !path.hasPrefix("/s/") && !path.hasPrefix("/static/") {
            context.identity = try await identify(request)
        }
        return try await next(request, context)
    }

    func identify(_ request: Request) async throws -> Identity? {
        let store = environment.session.store, workspace = environment.session.workspace.id
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer "), authorization.count > 7 else {
                throw APIError(.unauthorized, code: "unauthenticated", message: "send an API key as Authorization: Bearer KEY")
            }
            let key = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let record = try await store.apiKey(hash: Secrets.sha256(key), in: workspace), let role = Role(rawValue: record.role) else {
                throw APIError(.unauthorized, code: "unauthenticated", message: "this API key is not valid (revoked or mistyped)")
            }
            return Identity(name: record.name, role: role, teams: [], credential: .apiKey)
        }
        if let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty {
            let hash = Secrets.sha256(token)
            if let (session, user) = try await store.session(tokenHash: hash, at: Date(), in: workspace), let role = Role(rawValue: user.role) {
                return Identity(name: user.name, role: role, teams: user.teams, credential: .session(tokenHash: hash, csrfToken: session.csrfToken))
            }
        }
        return nil
    }
}

extension HeardContext {
    /// The identity, if it has `permission`; otherwise 401 (nobody signed in) or 403.
    func require(_ permission: Permission) throws -> Identity? {
        guard permission != .public else { return identity }
        guard let identity else { throw APIError.unauthenticated }
        guard identity.role.allows(permission) else { throw APIError.forbidden(permission) }
        return identity
    }
}

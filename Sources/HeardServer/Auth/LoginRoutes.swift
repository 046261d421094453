import Dispatch
import Foundation
import Hummingbird

/// Password sign-in at /login (a form), sign-out at /logout. Sessions are random tokens in an
/// HttpOnly, SameSite=Lax cookie (Secure over https); only their SHA-256 is stored.
struct LoginRoutes {
    let environment: ServerEnvironment

    /// Before sign-in there is no session to tie a CSRF token to, so the login form uses a
    /// double-submit token: a cookie and a hidden field that must match.
    static let loginCookie = "heard_login"

    /// Verified when the user does not exist, so that a wrong name takes as long as a wrong password.
    private static let decoyHash = Secrets.hashPassword(Secrets.token(), cost: 12)

    func register(on router: Router<HeardContext>) {
        router.get("/login") { request, context in
            if context.identity != nil { return Responses.redirect(to: "/") }
            let token = Secrets.token()
            var response = Responses.html(Pages.login(error: nil, next: safeNext(QueryReader(request).string("next")), loginCSRF: token))
            response.setCookie(cookie(Self.loginCookie, token, request: request, maxAge: 3600))
            return response
        }
        router.post("/login") { request, context in
            if let seconds = environment.publicRateLimit.retryAfter(client: "login " + environment.clientAddress(request, context)) {
                throw APIError.rateLimited(retryAfter: seconds)
            }
            let form = try await FormBody.read(request, context: context)
            guard let cookieToken = request.cookies[Self.loginCookie]?.value, let formToken = form["csrf"],
                  Secrets.constantTimeEqual(cookieToken, formToken)
            else { throw APIError.csrf }
            let next = safeNext(form["next"])
            let name = form["name"] ?? "", password = form["password"] ?? ""
            let user = try await environment.session.store.user(named: name, in: environment.session.workspace.id)
            let verified = await Self.verify(password, hash: user?.passwordHash ?? Self.decoyHash)
            guard let user, let userID = user.id, verified else {
                var response = Responses.html(Pages.login(error: "That user name and password do not match.", next: next, loginCSRF: cookieToken),
                                              status: .unauthorized)
                response.setCookie(cookie(Self.loginCookie, cookieToken, request: request, maxAge: 3600))
                return response
            }
            let token = Secrets.token()
            let now = Date()
            try await environment.session.store.createSession(
                .init(tokenHash: Secrets.sha256(token), userID: userID, csrfToken: Secrets.token(), createdAt: now,
                      expiresAt: now.addingTimeInterval(environment.configuration.sessionSeconds)),
                in: environment.session.workspace.id)
            var response = Responses.redirect(to: next)
            response.setCookie(cookie(IdentityMiddleware.sessionCookie, token, request: request, maxAge: Int(environment.configuration.sessionSeconds)))
            response.setCookie(cookie(Self.loginCookie, "", request: request, maxAge: 0))
            return response
        }
        router.get("/logout") { _, context in
            guard let csrf = context.identity?.csrfToken else { return Responses.redirect(to: "/login") }
            return Responses.html(Pages.logout(csrf: csrf))
        }
        router.post("/logout") { request, context in
            guard let identity = context.identity, case let .session(tokenHash, csrf) = identity.credential else {
                return Responses.redirect(to: "/login")
            }
            let form = try await FormBody.read(request, context: context)
            guard Secrets.constantTimeEqual(form["csrf"] ?? "", csrf) else { throw APIError.csrf }
            try await environment.session.store.deleteSession(tokenHash: tokenHash)
            var response = Responses.redirect(to: "/login")
            response.setCookie(cookie(IdentityMiddleware.sessionCookie, "", request: request, maxAge: 0))
            return response
        }
    }

    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/",
               secure: environment.configuration.secureCookies || request.uri.scheme == .https, httpOnly: true, sameSite: .lax)
    }

    /// Only paths on this site, so the login form cannot be used to send people elsewhere.
    func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }

    /// bcrypt takes a quarter of a second; it runs on a Dispatch thread, off the request tasks.
    static func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: Secrets.verifyPassword(password, hash: hash)) }
        }
    }
}

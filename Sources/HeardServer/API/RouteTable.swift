import HeardEngine
import HTTPTypes
import Hummingbird

/// Every JSON API route, in the order the OpenAPI document lists them.
enum RouteTable {
    static var routes: [APIRoute] {
        [openAPIRoute] + ReportAPI.routes + OperationalMetricsAPI.routes + ThemeAPI.routes + TaxonomyAPI.routes + PersonaAPI.routes
            + FeedbackAPI.routes + SimilarAPI.routes + ExportAPI.routes + AdminAPI.routes + UserAPI.routes
    }

    static let openAPIRoute = APIRoute(
        method: .get, path: "/openapi.json", operationID: "openAPI", tag: "meta",
        summary: "This document.", permission: .public, handler: { _, _, _ in Responses.json(OpenAPIDocument.build(routes)) })

    /// Registers each route with its permission check; cookie-authenticated writes must also
    /// carry the session's CSRF token in X-CSRF-Token (API keys are not sent by browsers on their own).
    static func register(_ routes: [APIRoute], on router: Router<HeardContext>, environment: ServerEnvironment) {
        for route in routes {
            router.on(RouterPath(route.fullPath), method: route.method) { (request: Request, context: HeardContext) -> Response in
                let identity = try context.require(route.permission)
                if let csrf = identity?.csrfToken, route.method != .get, route.method != .head,
                   !Secrets.constantTimeEqual(request.headers[csrfHeader] ?? "", csrf) {
                    throw APIError.csrf
                }
                guard route.cached, let identity else { return try await route.handler(request, context, environment) }
                // Callers who see the same things share answers: role and teams decide visibility.
                let key = "\(identity.role.rawValue)|\(identity.teams.sorted().joined(separator: ","))|\(request.uri.path)?\(request.uri.query ?? "")"
                return try await environment.reportCache.answer(for: key) { try await route.handler(request, context, environment) }
            }
        }
    }

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
}

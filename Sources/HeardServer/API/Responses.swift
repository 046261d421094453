import HeardEngine
import Hummingbird

/// Building responses: JSON documents, HTML pages and redirects, with the headers every
/// response carries so browsers never sniff customer text into something executable.
enum Responses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        json(text: value.rendered() + "\n", status: status)
    }

    /// Already-rendered JSON (the engine's report records).
    static func json(text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers(contentType: "application/json; charset=utf-8"),
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var fields = headers(contentType: "text/html; charset=utf-8")
        // Pages load only their own CSS, script and images: injected markup could not fetch or run anything else.
        fields[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    static func redirect(to location: String) -> Response {
        var fields = headers(contentType: "text/plain; charset=utf-8")
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }

    static func headers(contentType: String) -> HTTPFields {
        [.contentType: contentType, .xContentTypeOptions: "nosniff", .init("Referrer-Policy")!: "same-origin"]
    }
}

/// Turns every error into the response its path calls for: JSON under /api/, a page elsewhere.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = HeardContext

    func handle(_ request: Request, context: HeardContext, next: (Request, HeardContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.status == .internalServerError {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/") {
                response = Responses.json(apiError.json, status: apiError.status)
                if apiError.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            } else {
                response = Responses.html(Pages.message(title: apiError.status.reasonPhrase, text: apiError.message), status: apiError.status)
            }
            if let seconds = apiError.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge: return .tooLarge(limit: BodyLimits.batch)
            case .notFound: return .notFound("no such page or endpoint")
            case .methodNotAllowed: return APIError(.methodNotAllowed, code: "method_not_allowed", message: "this path does not take that method")
            default: return APIError(error.status, code: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
            }
        default:
            return APIError(.internalServerError, code: "internal", message: "the server could not complete the request; the log says why")
        }
    }
}

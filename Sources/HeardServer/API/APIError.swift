import HeardEngine
import Hummingbird

/// An error the client can act on, sent as `{"error":{"code":…,"message":…,"field":…}}`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// The query parameter, path parameter or body field at fault.
    public var field: String?
    public var retryAfterSeconds: Int?

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func invalid(_ field: String?, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid", message: message, field: field)
    }

    /// A file sent as the body (CSV, a persona or taxonomy file) that the importer refused.
    public static func invalid(_ error: ImportError) -> APIError {
        invalid(error.field, error.description)
    }

    public static let unauthenticated = APIError(
        .unauthorized, code: "unauthenticated", message: "sign in, or send an API key as Authorization: Bearer KEY")

    public static func forbidden(_ permission: Permission) -> APIError {
        APIError(.forbidden, code: "forbidden", message:
            "this needs the \(permission.rawValue) permission (roles: \(permission.roles.map(\.rawValue).joined(separator: ", ")))")
    }

    public static func notFound(_ what: String, field: String? = nil) -> APIError {
        APIError(.notFound, code: "not_found", message: what, field: field)
    }

    public static func tooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "too_large", message: "the request body is larger than \(limit / 1024) KiB")
    }

    public static func rateLimited(retryAfter: Int) -> APIError {
        APIError(.tooManyRequests, code: "rate_limited", message: "too many requests; try again in \(retryAfter) s",
                 retryAfterSeconds: retryAfter)
    }

    public static let csrf = APIError(.forbidden, code: "csrf", message: "the form's CSRF token is missing or does not match this session")

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if let field { fields.append(("field", .string(field))) }
        return .object([("error", .object(fields))])
    }
}

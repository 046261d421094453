import HeardEngine
import HeardModel
import Hummingbird

/// One endpoint of the JSON API. The same table registers the routes and writes the OpenAPI
/// document, so the two cannot drift apart.
struct APIRoute: Sendable {
    struct Parameter: Sendable {
        enum Location: String, Sendable { case query, path }
        enum Kind: String, Sendable { case string, integer, number, boolean }

        var name: String
        var location: Location = .query
        var kind: Kind = .string
        var description: String
        var required = false
        var allowed: [String]? = nil
        var repeatable = false
    }

    struct Body: Sendable {
        var contentType: String
        var description: String
        var maximumBytes: Int
        /// JSON Schema of the body, for the document.
        var schema: JSONValue
    }

    typealias Handler = @Sendable (Request, HeardContext, ServerEnvironment) async throws -> Response

    var method: HTTPRequest.Method
    /// Under /api/v1, with `{name}` for path parameters.
    var path: String
    var operationID: String
    var tag: String
    var summary: String
    var permission: Permission
    var parameters: [Parameter] = []
    var body: Body? = nil
    /// Content type of a successful answer.
    var produces: String = "application/json"
    var successStatus: Int = 200
    /// Answers besides success, 400, 401, 403 and 413, for the document: status → when.
    var otherResponses: [(status: Int, description: String)] = []
    /// Reports whose answer may be shared for a moment between callers who see the same things.
    var cached = false
    var handler: Handler

    var fullPath: String { "/api/v1" + path }
}

/// The parameters many listings and reports share.
extension APIRoute.Parameter {
    static let limit = Self(name: "limit", kind: .integer, description: "Items per page (at most the route's maximum).")
    static let cursor = Self(name: "cursor", description: "Where the page starts: `next_cursor` of the previous page.")
    static let from = Self(name: "from", description: "First day to include (YYYY-MM-DD).")
    static let until = Self(name: "until", description: "First day to exclude (YYYY-MM-DD).")
    static let source = Self(name: "source", description: "Only this source (repeatable).", repeatable: true)
    static let channel = Self(name: "channel", description: "Only this channel (repeatable).", repeatable: true)
    static let period = Self(name: "period", description: "Bucket by period.", allowed: Period.allCases.map(\.rawValue))
    static let by = Self(name: "by", description: "Break down by segment, persona, channel, source, touchpoint, stage, language, meta.KEY or customer.KEY.")
    static let format = Self(name: "format", description: "json (default) or csv.", allowed: ["json", "csv"])
    static let slice: [Self] = [.from, .until, .source, .channel]
}

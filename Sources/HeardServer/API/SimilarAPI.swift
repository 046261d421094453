import Foundation
import HeardEngine
import HeardModel
import Hummingbird

/// Comments closest in meaning to a text (`heard similar`).
enum SimilarAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .get, path: "/similar", operationID: "similarFeedback", tag: "feedback",
                     summary: "Comments closest in meaning to a text, best first (`heard similar`). Needs a sentence vector model: without one the answer is 503 `no_vector_model`, naming `heard models fetch`.",
                     permission: .read,
                     parameters: [text, .init(name: "limit", kind: .integer, description: "Items per page (1–\(maximumLimit), default 10)."),
                                  .cursor, probes],
                     otherResponses: [(503, "No sentence vector model is installed; the message names `heard models fetch`.")],
                     handler: similar),
        ]
    }

    static let text = APIRoute.Parameter(name: "text", description: "The text to find similar comments to (at most \(maximumTextLength) characters).", required: true)
    static let probes = APIRoute.Parameter(name: "probes", kind: .integer, description: "Index lists scanned (1–256, default \(SimilarFeedback.defaultProbes)); more is slower and finds more of the true nearest.")
    static let maximumLimit = 100
    /// Pages reach this deep at most: a ranked search, not a listing of the workspace.
    static let maximumDepth = 1000
    static let maximumTextLength = 2000
    /// Team members see only comments on their themes: the search asks for more and filters.
    static let oversampling = 5

    @Sendable static func similar(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        guard let text = query.string("text")?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw APIError.invalid("text", "text is required: the comment to find similar ones to")
        }
        guard text.count <= maximumTextLength else { throw APIError.invalid("text", "text is longer than \(maximumTextLength) characters") }
        let limit = try query.integer("limit", default: 10, range: 1...maximumLimit)
        let offset = try query.offsetCursor()
        guard offset + limit <= maximumDepth else { throw APIError.invalid("cursor", "similar comments page at most \(maximumDepth) deep") }
        let probes = try query.integer("probes", default: SimilarFeedback.defaultProbes, range: 1...256)
        let visibility = try await Visibility.of(context.identity, environment: environment)
        guard visibility.mayReadFreeText else {
            throw APIError(.forbidden, code: "forbidden", message: "this workspace hides customer text from viewers", field: "text")
        }
        let hits = try await visibleHits(text, wanted: offset + limit + 1, probes: probes, visibility: visibility, environment: environment)
        let page = OffsetPage(hits, offset: offset, limit: limit)
        let formatter = ISO8601DateFormatter()
        return Responses.json(.object([
            ("items", .array(page.items.map { hit in
                .object([("score", .number(Double(hit.score))), ("id", .string(hit.feedback.externalID)),
                         ("time", .string(formatter.string(from: hit.feedback.occurredAt))),
                         ("source", hit.feedback.source.map { .string($0) } ?? .null), ("text", .string(hit.feedback.text))])
            })),
            ("next_cursor", page.nextCursor.map { .string($0) } ?? .null),
        ]))
    }

    /// The best `wanted` hits this caller may see: a team member's are those mentioning a theme their teams own.
    static func visibleHits(_ text: String, wanted: Int, probes: Int, visibility: Visibility,
                            environment: ServerEnvironment) async throws -> [SimilarFeedback.Hit] {
        guard let themeKeys = visibility.themeKeys else {
            return try await environment.similar.search(text, limit: wanted, probes: probes)
        }
        guard !themeKeys.isEmpty else { return [] }
        let hits = try await environment.similar.search(text, limit: min(wanted * oversampling, maximumDepth * oversampling), probes: probes)
        let mentioned = try await environment.session.store.mentionedThemes(ofFeedbackRowIDs: hits.map(\.feedback.feedbackRowID),
                                                                            in: environment.session.workspace.id)
        return Array(hits.filter { !(mentioned[$0.feedback.feedbackRowID] ?? []).isDisjoint(with: themeKeys) }.prefix(wanted))
    }
}

import Foundation
import HeardEngine
import HeardModel
import HeardStore
import Hummingbird

/// Sending feedback (one or a batch, through the importer's validation and redaction) and
/// finding it again (search and filter, newest first, keyset pages).
enum FeedbackAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .post, path: "/feedback", operationID: "ingestFeedback", tag: "feedback",
                     summary: "Send one piece of feedback. Same fields, validation, id rules and PII redaction as `heard import`; enriched within a second.",
                     permission: .ingest,
                     body: .init(contentType: "application/json", description: "One feedback object.", maximumBytes: BodyLimits.single, schema: feedbackSchema),
                     successStatus: 201, handler: ingestOne),
            APIRoute(method: .post, path: "/feedback/batch", operationID: "ingestFeedbackBatch", tag: "feedback",
                     summary: "Send up to 10,000 pieces of feedback in one transaction; items that fail validation are reported by index and field, the rest are stored.",
                     permission: .ingest,
                     body: .init(contentType: "application/json", description: "An array of feedback objects, or {\"items\": [...]}.",
                                 maximumBytes: BodyLimits.batch,
                                 schema: .object([("oneOf", .array([
                                     .object([("type", .string("array")), ("items", feedbackSchema)]),
                                     .object([("type", .string("object")), ("properties", .object([("items", .object([("type", .string("array")), ("items", feedbackSchema)]))]))]),
                                 ]))])),
                     handler: ingestBatch),
            APIRoute(method: .get, path: "/feedback", operationID: "searchFeedback", tag: "feedback",
                     summary: "Search and filter feedback, newest first, with theme mentions (byte spans into the text).",
                     permission: .read, parameters: searchParameters, handler: search),
        ]
    }

    static let searchParameters: [APIRoute.Parameter] = [
        .from, .until,
        .init(name: "segment", description: "Only this segment."),
        .init(name: "persona", kind: .integer, description: "Only customers of this persona id."),
        .init(name: "channel", description: "Only this channel."),
        .init(name: "touchpoint", description: "Only this touchpoint."),
        .init(name: "theme", description: "Only comments mentioning this theme key."),
        .init(name: "sentiment", description: "Overall sentiment of the comment.", allowed: ["negative", "neutral", "positive"]),
        .init(name: "q", description: "Text contains (case-insensitive)."),
        .limit, .cursor,
    ]

    static let feedbackSchema: JSONValue = {
        let string: JSONValue = .object([("type", .string("string"))])
        var properties: [(String, JSONValue)] = [
            ("id", .object([("type", .string("string")), ("description", .string("Your id; sending it again updates instead of duplicating."))])),
            ("text", string),
            ("time", .object([("type", .string("string")), ("description", .string("When it was given (ISO 8601); default: when it arrives."))])),
            ("customer", string),
        ]
        properties += ScoreScale.allCases.map { scale in
            (scale.rawValue, .object([("type", .string("integer")), ("minimum", .int(scale.range.lowerBound)), ("maximum", .int(scale.range.upperBound))]))
        }
        properties += [
            ("source", .object([("type", .string("string")), ("enum", .array(FeedbackSource.allCases.map { .string($0.rawValue) }))])),
            ("channel", string), ("touchpoint", string), ("stage", string), ("segment", string), ("language", string),
            ("meta", .object([("type", .string("object")), ("description", .string("Anything else to keep (meta.KEY)."))])),
        ]
        return .object([("type", .string("object")), ("properties", .object(properties)),
                        ("description", .string("Keys meta.KEY and customer.KEY (customer attributes) are accepted too; any other key is an error."))])
    }()

    @Sendable static func ingestOne(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let result = try await ingest(request, environment: environment, limit: BodyLimits.single)
        guard result.received == 1 else { throw APIError.invalid(nil, "send one object here; batches go to /api/v1/feedback/batch") }
        if let rejection = result.rejections.first { throw APIError.invalid(rejection.field, rejection.reason) }
        let status = result.counts.inserted == 1 ? "inserted" : result.counts.updated == 1 ? "updated" : "unchanged"
        return Responses.json(.object([("id", .string(result.externalIDs.first ?? "")), ("status", .string(status))]),
                              status: result.counts.inserted == 1 ? .created : .ok)
    }

    @Sendable static func ingestBatch(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let result = try await ingest(request, environment: environment, limit: BodyLimits.batch)
        return Responses.json(.object([
            ("received", .int(result.received)), ("inserted", .int(result.counts.inserted)), ("updated", .int(result.counts.updated)),
            ("unchanged", .int(result.counts.unchanged)), ("rejected", .int(result.rejections.count)),
            ("errors", .array(result.rejections.map { rejection in
                .object([("index", .int(rejection.index)), ("field", rejection.field.map { .string($0) } ?? .null),
                         ("message", .string(rejection.reason))])
            })),
        ]))
    }

    static func ingest(_ request: Request, environment: ServerEnvironment, limit: Int) async throws -> IngestResult {
        let buffer = try await FormBody.collect(request, limit: limit)
        let prepared: PreparedIngest
        do {
            prepared = try environment.ingest.prepare(json: Array(buffer: buffer), receivedAt: Date())
        } catch {
            throw APIError.invalid(nil, error.description)
        }
        let result = try await environment.session.write(prepared)
        await environment.enrichment.enqueue(result.externalIDs)
        return result
    }

    @Sendable static func search(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        var search = FeedbackSearch(from: try query.day("from"), until: try query.day("until"), segment: query.string("segment"),
                                    channel: query.string("channel"), touchpoint: query.string("touchpoint"), themeKey: query.string("theme"),
                                    textContains: query.string("q"), withTextOnly: false,
                                    limit: try query.limit(default: 25, maximum: FeedbackSearch.maximumLimit))
        if let persona = query.string("persona") {
            guard let id = Int64(persona) else { throw APIError.invalid("persona", "persona must be a persona id (a number)") }
            search.personaID = id
        }
        search.sentiment = try query.string("sentiment").map { _ in try query.choice("sentiment", of: ["negative", "neutral", "positive"], default: "") }
        if let cursor = query.string("cursor") {
            guard let parsed = FeedbackCursor(token: cursor) else { throw APIError.invalid("cursor", "cursor must be a next_cursor this API returned") }
            search.after = parsed
        }
        let visibility = try await Visibility.of(context.identity, environment: environment)
        if let keys = visibility.themeKeys { search.restrictToThemes = keys.sorted() }
        if !visibility.mayReadFreeText && search.textContains != nil {
            throw APIError(.forbidden, code: "forbidden", message: "this workspace hides customer text from viewers", field: "q")
        }
        let page = try await environment.session.store.searchFeedback(search, in: environment.session.workspace.id)
        return Responses.json(.object([
            ("items", .array(page.hits.map { hit in
                // A comment a team member may read can also mention other teams' themes: those stay unnamed.
                var visible = hit
                visible.mentions.removeAll { !visibility.allows(themeKey: $0.themeKey) }
                return hitJSON(visible, freeText: visibility.mayReadFreeText)
            })),
            ("next_cursor", page.next.map { .string($0.description) } ?? .null),
        ]))
    }

    static func hitJSON(_ hit: FeedbackSearchHit, freeText: Bool) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
        func optional(_ number: Int?) -> JSONValue { number.map { .int($0) } ?? .null }
        return .object([
            ("id", .string(hit.externalID)), ("time", .string(ISO8601DateFormatter().string(from: hit.occurredAt))),
            ("source", optional(hit.source)), ("channel", optional(hit.channel)), ("touchpoint", optional(hit.touchpoint)),
            ("segment", optional(hit.segment)), ("customer", optional(hit.customerID)), ("persona", optional(hit.personaName)),
            ("text", freeText ? optional(hit.text) : .null),
            ("nps", optional(hit.nps)), ("csat", optional(hit.csat)), ("ces", optional(hit.ces)), ("stars", optional(hit.stars)),
            ("sentiment", hit.sentimentScore.map { .number($0) } ?? .null), ("sentiment_label", optional(hit.sentimentLabel)),
            ("mentions", .array(hit.mentions.map { mention in
                .object([("theme", .string(mention.themeKey)),
                         ("span", freeText ? .array([.int(mention.span.lowerBound), .int(mention.span.upperBound)]) : .null),
                         ("sentiment", .number(mention.sentimentScore)), ("sentiment_label", .string(mention.sentimentLabel))])
            })),
        ])
    }
}

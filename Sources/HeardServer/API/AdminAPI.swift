import Foundation
import HeardEngine
import HeardModel
import Hummingbird

/// Surveys, API keys, users and workspace settings: admin only (surveys are listed to readers).
enum AdminAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .get, path: "/surveys", operationID: "listSurveys", tag: "surveys",
                     summary: "Hosted surveys with their public links.", permission: .read, parameters: [.limit, .cursor], handler: listSurveys),
            APIRoute(method: .post, path: "/surveys", operationID: "saveSurvey", tag: "surveys",
                     summary: "Define (or redefine, same key) an NPS, CSAT or CES survey with its follow-up question and thank-you texts.",
                     permission: .administer,
                     body: .init(contentType: "application/json", description: "The survey definition.", maximumBytes: BodyLimits.single, schema: surveySchema),
                     successStatus: 201, handler: saveSurvey),
            APIRoute(method: .get, path: "/api-keys", operationID: "listAPIKeys", tag: "admin",
                     summary: "API keys (name, role, prefix; never the key).", permission: .administer, parameters: [.limit, .cursor], handler: listKeys),
            APIRoute(method: .post, path: "/api-keys", operationID: "createAPIKey", tag: "admin",
                     summary: "Create an API key; the answer holds the key, shown this once.", permission: .administer,
                     body: .init(contentType: "application/json", description: "name and role.", maximumBytes: BodyLimits.single,
                                 schema: .object([("type", .string("object")), ("required", .array([.string("name"), .string("role")])),
                                                  ("properties", .object([("name", .object([("type", .string("string"))])),
                                                                          ("role", .object([("type", .string("string")), ("enum", .array(Role.allCases.map { .string($0.rawValue) }))]))]))])),
                     successStatus: 201, handler: createKey),
            APIRoute(method: .delete, path: "/api-keys/{name}", operationID: "revokeAPIKey", tag: "admin",
                     summary: "Revoke an API key (`heard api-keys revoke`); programs using it get 401 from then on.", permission: .administer,
                     parameters: [.init(name: "name", location: .path, description: "The key's name.", required: true)],
                     successStatus: 204, otherResponses: [(404, "No key with this name.")], handler: revokeKey),
            APIRoute(method: .get, path: "/settings", operationID: "getSettings", tag: "admin",
                     summary: "Workspace settings.", permission: .administer, handler: getSettings),
            APIRoute(method: .patch, path: "/settings", operationID: "updateSettings", tag: "admin",
                     summary: "Change workspace settings: hide_free_text hides customer text from viewers everywhere.", permission: .administer,
                     body: .init(contentType: "application/json", description: "Settings to change.", maximumBytes: BodyLimits.single,
                                 schema: .object([("type", .string("object")), ("properties", .object([(WorkspaceSettings.hideFreeText, .object([("type", .string("boolean"))]))]))])),
                     handler: updateSettings),
        ]
    }

    static let surveySchema: JSONValue = {
        let string: JSONValue = .object([("type", .string("string"))])
        return .object([
            ("type", .string("object")), ("required", .array([.string("key"), .string("scale")])),
            ("properties", .object([
                ("key", .object([("type", .string("string")), ("pattern", .string("^[a-z0-9][a-z0-9-]{0,63}$"))])),
                ("scale", .object([("type", .string("string")), ("enum", .array(Survey.scales.map { .string($0.rawValue) }))])),
                ("question", string), ("follow_up", string), ("touchpoint", string), ("channel", string),
                ("thank_you", .object([("type", .string("object")), ("properties", .object(Survey.Band.allCases.map { ($0.rawValue, string) }))])),
            ])),
        ])
    }()

    static func surveyJSON(_ survey: Survey) -> JSONValue {
        let links = SurveyDefinition.links(survey)
        return .object([
            ("key", .string(survey.key)), ("scale", .string(survey.scale.rawValue)), ("question", .string(survey.question)),
            ("follow_up", .string(survey.followUpQuestion)),
            ("thank_you", .object(Survey.Band.allCases.compactMap { band in survey.thankYou[band].map { (band.rawValue, .string($0)) } })),
            ("touchpoint", survey.touchpoint.map { .string($0) } ?? .null), ("channel", survey.channel.map { .string($0) } ?? .null),
            ("page", .string(links.page)), ("one_click", .string(links.oneClick)),
        ])
    }

    @Sendable static func listSurveys(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let page = OffsetPage(try await environment.session.store.surveys(in: environment.session.workspace.id),
                              offset: try query.offsetCursor(), limit: try query.limit(maximum: 200))
        return Responses.json(.object([("items", .array(page.items.map(surveyJSON))), ("next_cursor", page.nextCursor.map { .string($0) } ?? .null)]))
    }

    @Sendable static func saveSurvey(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let body = try await JSONObjectBody.read(request, allowed: ["key", "scale", "question", "follow_up", "thank_you", "touchpoint", "channel"])
        var thankYou: [Survey.Band: String] = [:]
        if let raw = body.values["thank_you"] {
            guard let object = raw as? [String: Any] else { throw APIError.invalid("thank_you", "thank_you must be an object with low, middle and high") }
            for (name, value) in object {
                guard let band = Survey.Band(rawValue: name) else { throw APIError.invalid("thank_you.\(name)", "bands are low, middle and high") }
                guard let text = value as? String else { throw APIError.invalid("thank_you.\(name)", "thank-you text must be a string") }
                thankYou[band] = text
            }
        }
        let survey = try SurveyDefinition.make(
            key: try body.string("key", required: true)!, scale: try body.string("scale", required: true)!,
            question: try body.string("question", maximumLength: 300), followUp: try body.string("follow_up", maximumLength: 300),
            thankYou: thankYou, touchpoint: try body.string("touchpoint"), channel: try body.string("channel"))
        return Responses.json(surveyJSON(try await environment.surveys.save(survey)), status: .created)
    }

    @Sendable static func listKeys(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let page = OffsetPage(try await environment.session.store.apiKeys(in: environment.session.workspace.id),
                              offset: try query.offsetCursor(), limit: try query.limit(maximum: 200))
        return Responses.json(.object([("items", .array(page.items.map { key in
            .object([("name", .string(key.name)), ("role", .string(key.role)), ("prefix", .string(key.prefix)),
                     ("created", .string(ISO8601DateFormatter().string(from: key.createdAt)))])
        })), ("next_cursor", page.nextCursor.map { .string($0) } ?? .null)]))
    }

    @Sendable static func revokeKey(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard try await environment.session.store.deleteAPIKey(named: name, in: environment.session.workspace.id) else {
            throw APIError.notFound("no API key named \(name)", field: "name")
        }
        return Response(status: .noContent, headers: Responses.headers(contentType: "application/json; charset=utf-8"))
    }

    @Sendable static func createKey(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let body = try await JSONObjectBody.read(request, allowed: ["name", "role"])
        let roleName = try body.string("role", required: true)!
        guard let role = Role(rawValue: roleName) else {
            throw APIError.invalid("role", "role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let created = try await Accounts(session: environment.session).createAPIKey(name: try body.string("name", required: true)!, role: role)
        return Responses.json(.object([("name", .string(created.record.name)), ("role", .string(created.record.role)),
                                       ("key", .string(created.key))]), status: .created)
    }

    @Sendable static func getSettings(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        Responses.json(.object([(WorkspaceSettings.hideFreeText, .bool(try await environment.hideFreeText()))]))
    }

    @Sendable static func updateSettings(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let body = try await JSONObjectBody.read(request, allowed: [WorkspaceSettings.hideFreeText])
        if let hide = try body.bool(WorkspaceSettings.hideFreeText) {
            try await environment.session.store.setSetting(WorkspaceSettings.hideFreeText, to: hide ? "true" : nil, in: environment.session.workspace.id)
        }
        return try await getSettings(request, context, environment)
    }
}

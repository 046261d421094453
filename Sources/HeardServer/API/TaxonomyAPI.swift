import Foundation
import HeardEngine
import HeardML
import HeardModel
import Hummingbird

/// Building the taxonomy beyond accept and rename: new themes with their match rules, a whole
/// taxonomy file (`heard analyze --taxonomy`), discovery (`heard themes --discover`) and
/// re-analysis (`heard analyze`).
enum TaxonomyAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .post, path: "/themes", operationID: "createTheme", tag: "themes",
                     summary: "Add a theme with its match rules (phrases, exclusions, examples), parent and owner team; comments are re-analysed in the background.",
                     permission: .curate,
                     body: .init(contentType: "application/json", description: "The theme, with the fields of a taxonomy file entry plus `parent`.",
                                 maximumBytes: BodyLimits.single, schema: themeSchema(required: ["id", "name"])),
                     successStatus: 201, otherResponses: [(409, "A theme with this id exists.")], handler: create),
            APIRoute(method: .put, path: "/taxonomy", operationID: "loadTaxonomy", tag: "themes",
                     summary: "Make a taxonomy file (YAML or JSON: `themes:` with id, name, owner, phrases, exclusions, examples, children) the workspace's taxonomy, as `heard analyze --taxonomy`: listed themes are added or updated, active themes it leaves out are retired; comments are re-analysed in the background.",
                     permission: .curate,
                     body: .init(contentType: "application/yaml", description: "The taxonomy file (YAML, or JSON).", maximumBytes: BodyLimits.single,
                                 schema: .object([("type", .string("object")), ("required", .array([.string("themes")]))])),
                     handler: loadTaxonomy),
            APIRoute(method: .post, path: "/themes/discover", operationID: "discoverThemes", tag: "themes",
                     summary: "Mine the comments no theme covers for proposed themes (`heard themes --discover`); accept them with /themes/{key}/accept. Takes as long as the CLI's discovery.",
                     permission: .curate,
                     body: .init(contentType: "application/json", description: "Options; `{}` for the defaults.", maximumBytes: BodyLimits.single,
                                 schema: .object([("type", .string("object")), ("properties", .object([
                                     ("vectors", .object([("type", .string("string")), ("enum", .array(VectorPath.allCases.map { .string($0.rawValue) })),
                                                          ("description", .string("What discovery clusters: static (default; terms when no table has been distilled), transformer, or none (terms)."))])),
                                 ]))])),
                     otherResponses: [(503, "vectors transformer was asked for and no sentence encoder is installed.")],
                     handler: discover),
            APIRoute(method: .post, path: "/analyze", operationID: "analyze", tag: "themes",
                     summary: "Re-analyse (sentiment and themes) every comment that needs it (`heard analyze`): in the background, or `wait` for it.",
                     permission: .curate,
                     body: .init(contentType: "application/json", description: "Options; `{}` for the defaults.", maximumBytes: BodyLimits.single,
                                 schema: .object([("type", .string("object")), ("properties", .object([
                                     ("wait", .object([("type", .string("boolean")), ("description", .string("Answer when the run is done, with its count."))])),
                                 ]))])),
                     otherResponses: [(202, "The run started in the background (without `wait`).")],
                     handler: analyze),
        ]
    }

    static func themeSchema(required: [String]) -> JSONValue {
        let string: JSONValue = .object([("type", .string("string"))])
        let strings: JSONValue = .object([("type", .string("array")), ("items", string)])
        let nullableString: JSONValue = .object([("type", .array([.string("string"), .string("null")]))])
        return .object([
            ("type", .string("object")), ("required", .array(required.map { .string($0) })), ("additionalProperties", .bool(false)),
            ("properties", .object([
                ("id", .object([("type", .string("string")), ("pattern", .string("^[a-z0-9._-]{1,100}$"))])),
                ("name", string), ("owner", nullableString), ("parent", nullableString),
                ("status", .object([("type", .string("string")), ("enum", .array(Theme.Status.allCases.map { .string($0.rawValue) }))])),
                ("phrases", strings), ("exclusions", strings), ("examples", strings),
            ].filter { name, _ in name != "id" || required.contains("id") })),
        ])
    }

    static let ruleFields: Set<String> = ["phrases", "exclusions", "examples"]

    /// A theme from a JSON object, checked as a taxonomy file entry is (the same parser), so an
    /// API-made theme obeys the file's rules. Errors name the body field.
    static func parseTheme(_ values: [String: Any]) throws -> Theme {
        // null means "not set" here; the file parser would read it as text.
        var entry = values.filter { !($0.value is NSNull) }
        entry["parent"] = nil
        let document = try JSONSerialization.data(withJSONObject: ["themes": [entry]])
        do {
            return try TaxonomyFile.parse(String(decoding: document, as: UTF8.self), file: "request body")[0]
        } catch let error as ImportError {
            // The parser names "theme 1.colour" or "ID.name"; the caller sent just the field.
            let field = error.field.map { String($0.split(separator: ".").last ?? Substring($0)) }
            throw APIError.invalid(field, error.reason)
        }
    }

    /// A parent must exist, and a theme cannot sit under itself or its own descendants.
    static func checkParent(_ parent: String?, of key: String, themes: [Theme]) throws {
        guard let parent else { return }
        let byKey = Dictionary(themes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        guard byKey[parent] != nil else { throw APIError.invalid("parent", "no theme with id \(parent)") }
        var current: String? = parent
        var steps = 0
        while let step = current, steps <= byKey.count {
            if step == key { throw APIError.invalid("parent", "\(parent) is \(key) or one of its children; a theme cannot sit under itself") }
            current = byKey[step]?.parentKey
            steps += 1
        }
    }

    static func taxonomyChanged(_ environment: ServerEnvironment) async {
        await environment.enrichment.themesChanged()
        await environment.enrichment.reanalyseAll()
        await environment.reportCache.clear()
    }

    @Sendable static func create(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let body = try await JSONObjectBody.read(request, allowed: ["id", "name", "owner", "parent", "status", "phrases", "exclusions", "examples"])
        var theme = try parseTheme(body.values)
        theme.parentKey = try body.string("parent", maximumLength: 100)
        let themes = try await environment.session.store.themes(in: environment.session.workspace.id)
        guard !themes.contains(where: { $0.key == theme.key }) else {
            throw APIError(.conflict, code: "exists", message: "a theme with id \(theme.key) exists; change it with PATCH /api/v1/themes/\(theme.key)", field: "id")
        }
        try checkParent(theme.parentKey, of: theme.key, themes: themes)
        try await environment.session.store.save(theme, in: environment.session.workspace.id)
        await taxonomyChanged(environment)
        return Responses.json(ThemeAPI.themeJSON(theme), status: .created)
    }

    @Sendable static func loadTaxonomy(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let themes: [Theme]
        do { themes = try TaxonomyFile.parse(try await FormBody.text(request, limit: BodyLimits.single), file: "request body") } catch let error as ImportError {
            throw APIError.invalid(error)
        }
        guard !themes.isEmpty else { throw APIError.invalid("themes", "the taxonomy lists no themes; it would retire every active theme") }
        try await environment.session.load(taxonomy: themes)
        await taxonomyChanged(environment)
        return Responses.json(.object([("loaded", .int(themes.count))]))
    }

    @Sendable static func discover(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let body = try await JSONObjectBody.read(request, allowed: ["vectors"])
        let name = try body.string("vectors") ?? VectorPath.static.rawValue
        guard let path = VectorPath(rawValue: name) else { throw APIError.invalid("vectors", "vectors is static, transformer or none") }
        var encoder: (any SentenceEncoder)?
        do {
            encoder = try path.loadEncoder().map { ContentTextEncoder($0) }
        } catch let error as EncoderModel.MissingModel {
            // As the CLI: without a static table discovery falls back to terms; a missing transformer is an error.
            guard path == .static else { throw APIError(.serviceUnavailable, code: "no_vector_model", message: error.description, field: "vectors") }
        }
        _ = try await environment.enrichment.analyse()
        let proposed = try await ThemeReporting.discover(session: environment.session, encoder: encoder)
        await taxonomyChanged(environment)
        return Responses.json(.object([
            ("method", .string(encoder == nil ? "terms" : path.rawValue)),
            ("items", .array(proposed.map { candidate in
                .object([("id", .string(candidate.theme.key)), ("name", .string(candidate.theme.name)), ("status", .string(candidate.theme.status.rawValue)),
                         ("comments", .int(candidate.volume)), ("share", .number(candidate.share)), ("sentiment", .number(candidate.meanSentiment)),
                         ("examples", .array(candidate.theme.examples.prefix(3).map { .string($0) }))])
            })),
        ]))
    }

    @Sendable static func analyze(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let body = try await JSONObjectBody.read(request, allowed: ["wait"])
        guard try body.bool("wait") == true else {
            await environment.enrichment.reanalyseAll()
            return Responses.json(.object([("status", .string("started"))]), status: .accepted)
        }
        let summary = try await environment.enrichment.analyse()
        await environment.reportCache.clear()
        return Responses.json(.object([("status", .string("done")), ("analysed", .int(summary.enriched)), ("version", .string(summary.version))]))
    }
}

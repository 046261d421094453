import Foundation
import HeardEngine
import HeardModel
import Hummingbird

/// The taxonomy: list themes with volume and sentiment, accept proposed ones, rename, set owner teams.
enum ThemeAPI {
    static let keyParameter = APIRoute.Parameter(name: "key", location: .path, description: "The theme id, e.g. billing.refunds.", required: true)

    static var routes: [APIRoute] {
        [
            APIRoute(method: .get, path: "/themes", operationID: "listThemes", tag: "themes",
                     summary: "Themes with comments, share, sentiment and verbatims (`heard themes`), a page at a time.",
                     permission: .read, parameters: [.limit, .cursor, status], handler: list),
            APIRoute(method: .patch, path: "/themes/{key}", operationID: "updateTheme", tag: "themes",
                     summary: "Change a theme: rename it, set (null: clear) its owner team or parent, replace its match rules (phrases, exclusions, examples) or status. Changed rules re-analyse comments in the background.",
                     permission: .curate, parameters: [keyParameter],
                     body: .init(contentType: "application/json", description: "The fields to change.", maximumBytes: BodyLimits.single,
                                 schema: TaxonomyAPI.themeSchema(required: [])),
                     handler: update),
            APIRoute(method: .post, path: "/themes/{key}/accept", operationID: "acceptTheme", tag: "themes",
                     summary: "Accept a proposed theme into the taxonomy (`heard themes accept`); comments are re-analysed in the background.",
                     permission: .curate, parameters: [keyParameter], handler: accept),
        ]
    }

    static let status = APIRoute.Parameter(name: "status", description: "Only themes with this status.", allowed: Theme.Status.allCases.map(\.rawValue))
    static let maximumLimit = 200

    @Sendable static func list(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let limit = try query.limit(maximum: maximumLimit), offset = try query.offsetCursor()
        let status = try query.string("status").map { raw in
            guard let status = Theme.Status(rawValue: raw) else { throw APIError.invalid("status", "status must be active, proposed or retired") }
            return status
        }
        let visibility = try await Visibility.of(context.identity, environment: environment)
        let report = try await ThemeReporting.report(session: environment.session, verbatims: 3)
        let rows = report.rows.filter { visibility.allows(themeKey: $0.theme.key) && (status == nil || $0.theme.status == status) }
        let page = OffsetPage(rows, offset: offset, limit: limit)
        return Responses.json(.object([
            ("comments_with_text", .int(report.coverage.withText)), ("analysed", .int(report.coverage.enriched)),
            ("coverage", .number(report.themeCoverage)),
            ("items", .array(page.items.map { ThemeReport.json($0, freeText: visibility.mayReadFreeText) })),
            ("next_cursor", page.nextCursor.map { .string($0) } ?? .null),
        ]))
    }

    static func theme(_ context: HeardContext, _ environment: ServerEnvironment) async throws -> Theme {
        let key = context.parameters.get("key") ?? ""
        guard let theme = try await environment.session.store.themes(in: environment.session.workspace.id).first(where: { $0.key == key }) else {
            throw APIError.notFound("no theme with id \(key)", field: "key")
        }
        return theme
    }

    @Sendable static func update(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        var theme = try await theme(context, environment)
        let body = try await JSONObjectBody.read(request, allowed: Set(["name", "owner", "parent", "status"]).union(TaxonomyAPI.ruleFields))
        // The changed theme is checked as a whole, by the taxonomy file's rules.
        var entry: [String: Any] = ["id": theme.key, "name": theme.name, "status": theme.status.rawValue,
                                    "phrases": theme.phrases, "exclusions": theme.exclusions, "examples": theme.examples]
        for field in Set(["name", "status"]).union(TaxonomyAPI.ruleFields) where body.has(field) { entry[field] = body.values[field] }
        let checked = try TaxonomyAPI.parseTheme(entry)
        let rulesChanged = checked.phrases != theme.phrases || checked.exclusions != theme.exclusions || checked.status != theme.status
        theme.name = checked.name.trimmingCharacters(in: .whitespacesAndNewlines)
        theme.status = checked.status
        theme.phrases = checked.phrases
        theme.exclusions = checked.exclusions
        theme.examples = checked.examples
        if body.has("owner") { theme.ownerTeam = try body.string("owner") }
        if body.has("parent") {
            let parent = try body.string("parent", maximumLength: 100)
            try TaxonomyAPI.checkParent(parent, of: theme.key, themes: try await environment.session.store.themes(in: environment.session.workspace.id))
            theme.parentKey = parent
        }
        try await environment.session.store.save(theme, in: environment.session.workspace.id)
        if rulesChanged {
            await TaxonomyAPI.taxonomyChanged(environment)
        } else {
            await environment.enrichment.themesChanged()
        }
        return Responses.json(themeJSON(theme))
    }

    @Sendable static func accept(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        _ = try await theme(context, environment)
        let theme = try await ThemeReporting.accept(context.parameters.get("key") ?? "", session: environment.session)
        await environment.enrichment.themesChanged()
        await environment.enrichment.reanalyseAll()
        return Responses.json(themeJSON(theme))
    }

    static func themeJSON(_ theme: Theme) -> JSONValue {
        .object([("id", .string(theme.key)), ("name", .string(theme.name)), ("owner", theme.ownerTeam.map { .string($0) } ?? .null),
                 ("parent", theme.parentKey.map { .string($0) } ?? .null), ("status", .string(theme.status.rawValue)),
                 ("phrases", .array(theme.phrases.map { .string($0) })), ("exclusions", .array(theme.exclusions.map { .string($0) })),
                 ("examples", .array(theme.examples.map { .string($0) }))])
    }
}

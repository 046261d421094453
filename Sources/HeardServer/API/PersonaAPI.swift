import HeardEngine
import HeardModel
import Hummingbird

/// Persona definitions in (`heard personas load`) and suggested segments (`heard personas suggest`).
enum PersonaAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .post, path: "/personas", operationID: "loadPersonas", tag: "personas",
                     summary: "Create or update personas from the YAML or JSON `heard personas load` takes (a top-level `personas:` list of name, description, picture, rule, priority), then re-assign every customer. Answers with the customers each persona now has.",
                     permission: .curate,
                     body: .init(contentType: "application/yaml", description: "The persona file (YAML, or JSON with Content-Type application/json).",
                                 maximumBytes: BodyLimits.single, schema: definitionsSchema),
                     handler: load),
            APIRoute(method: .get, path: "/personas/suggestions", operationID: "suggestPersonas", tag: "personas",
                     summary: "Propose segments by clustering a sample of customers on attributes and theme profiles (`heard personas suggest`), each with a rule to paste into a persona file when attributes separate it.",
                     permission: .curate, parameters: [k, sample, seed], handler: suggest),
        ]
    }

    static let k = APIRoute.Parameter(name: "k", kind: .integer, description: "Number of segments, 2–12 (default: chosen by the silhouette, 2–6).")
    static let sample = APIRoute.Parameter(name: "sample", kind: .integer, description: "Customers sampled, 50–50000 (default 4000).")
    static let seed = APIRoute.Parameter(name: "seed", kind: .integer, description: "Seed of the sample and the clustering (default 1).")

    static let definitionsSchema: JSONValue = {
        let string: JSONValue = .object([("type", .string("string"))])
        return .object([
            ("type", .string("object")), ("required", .array([.string("personas")])),
            ("properties", .object([("personas", .object([
                ("type", .string("array")),
                ("items", .object([
                    ("type", .string("object")), ("required", .array([.string("name"), .string("rule")])),
                    ("properties", .object([("name", string), ("description", string), ("picture", string),
                                            ("rule", .object([("type", .string("string")), ("description", .string("e.g. segment = enterprise and revenue >= 20000"))])),
                                            ("priority", .object([("type", .string("integer"))]))])),
                ])),
            ]))])),
        ])
    }()

    @Sendable static func load(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let personas: [Persona]
        do { personas = try PersonaFile.parse(try await FormBody.text(request, limit: BodyLimits.single), file: "request body") } catch let error as ImportError {
            throw APIError.invalid(error)
        }
        let counts = try await environment.session.load(personas: personas)
        await environment.reportCache.clear()
        return Responses.json(.object([
            ("loaded", .int(personas.count)),
            ("customers", .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ]))
    }

    @Sendable static func suggest(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let k = try query.string("k").map { _ in try query.integer("k", default: 0, range: 2...12) }
        let sample = try query.integer("sample", default: 4_000, range: 50...50_000)
        let seed = try query.integer("seed", default: 1, range: 0...Int.max)
        let report = try await PersonaSuggestions(session: environment.session).suggest(k: k, sampleSize: sample, seed: UInt64(seed))
        return Responses.json(report.json())
    }
}

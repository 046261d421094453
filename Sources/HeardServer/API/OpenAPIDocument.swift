import HeardEngine
import HeardModel

/// The OpenAPI 3.1 description of the JSON API, written from the route table.
enum OpenAPIDocument {
    static func build(_ routes: [APIRoute]) -> JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for route in routes {
            let operation = self.operation(route)
            if let index = paths.firstIndex(where: { $0.0 == route.fullPath }) {
                paths[index].1.append((route.method.rawValue.lowercased(), operation))
            } else {
                paths.append((route.fullPath, [(route.method.rawValue.lowercased(), operation)]))
            }
        }
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([
                ("title", .string("Heard API")), ("version", .string("1")),
                ("description", .string("Customer feedback in, insight out. Authenticate with an API key (Authorization: Bearer KEY) or a signed-in browser session; cookie-authenticated writes also send X-CSRF-Token.")),
            ])),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
            ("components", .object([
                ("securitySchemes", .object([
                    ("apiKey", .object([("type", .string("http")), ("scheme", .string("bearer"))])),
                    ("session", .object([("type", .string("apiKey")), ("in", .string("cookie")), ("name", .string(IdentityMiddleware.sessionCookie))])),
                ])),
                ("schemas", .object([("Error", errorSchema)])),
            ])),
        ])
    }

    static let errorSchema: JSONValue = .object([
        ("type", .string("object")), ("required", .array([.string("error")])),
        ("properties", .object([("error", .object([
            ("type", .string("object")), ("required", .array([.string("code"), .string("message")])),
            ("properties", .object([
                ("code", .object([("type", .string("string"))])), ("message", .object([("type", .string("string"))])),
                ("field", .object([("type", .string("string")), ("description", .string("The parameter or body field at fault."))])),
            ])),
        ]))])),
    ])

    static func operation(_ route: APIRoute) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("operationId", .string(route.operationID)), ("tags", .array([.string(route.tag)])), ("summary", .string(route.summary)),
            ("x-heard-roles", .array(route.permission.roles.map { .string($0.rawValue) })),
        ]
        if route.permission == .public {
            fields.append(("security", .array([])))
        } else {
            fields.append(("security", .array([.object([("apiKey", .array([]))]), .object([("session", .array([]))])])))
        }
        if !route.parameters.isEmpty {
            fields.append(("parameters", .array(route.parameters.map(parameter))))
        }
        if let body = route.body {
            fields.append(("requestBody", .object([
                ("required", .bool(true)), ("description", .string(body.description + " At most \(body.maximumBytes / 1024) KiB.")),
                ("content", .object([(body.contentType, .object([("schema", body.schema)]))])),
            ])))
        }
        var responses: [(String, JSONValue)] = [
            (String(route.successStatus), .object([("description", .string("Success.")),
                                                   ("content", .object([(route.produces, .object([]))]))])),
            ("400", errorResponse("A parameter or body field is invalid; `field` names it.")),
        ]
        if route.permission != .public {
            responses.append(("401", errorResponse("No valid API key or session.")))
            responses.append(("403", errorResponse("The caller's role lacks the permission.")))
        }
        if let body = route.body { responses.append(("413", errorResponse("The body is larger than \(body.maximumBytes / 1024) KiB."))) }
        for other in route.otherResponses {
            responses.append((String(other.status), other.status < 300 ? .object([("description", .string(other.description))])
                                                                       : errorResponse(other.description)))
        }
        fields.append(("responses", .object(responses)))
        return .object(fields)
    }

    static func errorResponse(_ description: String) -> JSONValue {
        .object([("description", .string(description)),
                 ("content", .object([("application/json", .object([("schema", .object([("$ref", .string("#/components/schemas/Error"))]))]))]))])
    }

    static func parameter(_ parameter: APIRoute.Parameter) -> JSONValue {
        var schema: [(String, JSONValue)] = [("type", .string(parameter.kind.rawValue))]
        if let allowed = parameter.allowed { schema.append(("enum", .array(allowed.map { .string($0) }))) }
        let finalSchema: JSONValue = parameter.repeatable ? .object([("type", .string("array")), ("items", .object(schema))]) : .object(schema)
        return .object([
            ("name", .string(parameter.name)), ("in", .string(parameter.location.rawValue)),
            ("required", .bool(parameter.location == .path || parameter.required)), ("description", .string(parameter.description)),
            ("schema", finalSchema),
        ] + (parameter.repeatable ? [("explode", .bool(true))] : []))
    }
}

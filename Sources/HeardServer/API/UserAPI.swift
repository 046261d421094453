import Foundation
import HeardEngine
import HeardStore
import Hummingbird

/// People who sign in (`heard users`): admins add them, change their role, teams or password,
/// and remove them. The last admin cannot be removed or demoted, so the workspace always has one.
enum UserAPI {
    static let nameParameter = APIRoute.Parameter(name: "name", location: .path, description: "The user name.", required: true)

    static var routes: [APIRoute] {
        [
            APIRoute(method: .get, path: "/users", operationID: "listUsers", tag: "admin",
                     summary: "Users with role and teams.", permission: .administer, parameters: [.limit, .cursor], handler: list),
            APIRoute(method: .post, path: "/users", operationID: "createUser", tag: "admin",
                     summary: "Add a user who signs in with a password (`heard users add`).", permission: .administer,
                     body: .init(contentType: "application/json", description: "name, role, password and (for team members) teams.",
                                 maximumBytes: BodyLimits.single, schema: userSchema(required: ["name", "role", "password"])),
                     successStatus: 201, otherResponses: [(409, "A user with this name exists.")], handler: create),
            APIRoute(method: .patch, path: "/users/{name}", operationID: "updateUser", tag: "admin",
                     summary: "Change a user's role, teams or password; signed-in sessions take the change at once.", permission: .administer,
                     parameters: [nameParameter],
                     body: .init(contentType: "application/json", description: "The fields to change.", maximumBytes: BodyLimits.single,
                                 schema: userSchema(required: [])),
                     otherResponses: [(404, "No such user."), (409, "The change would leave the workspace without an admin.")],
                     handler: update),
            APIRoute(method: .delete, path: "/users/{name}", operationID: "deleteUser", tag: "admin",
                     summary: "Remove a user and end their sessions.", permission: .administer, parameters: [nameParameter], otherResponses: [(404, "No such user."), (409, "This is the only admin.")], handler: delete),
        ]
    }

    static func userSchema(required: [String]) -> JSONValue {
        let string: JSONValue = .object([("type", .string("string"))])
        return .object([
            ("type", .string("object")), ("required", .array(required.map { .string($0) })), ("additionalProperties", .bool(false)),
            ("properties", .object([
                ("name", string),
                ("role", .object([("type", .string("string")), ("enum", .array(Role.userRoles.map { .string($0.rawValue) }))])),
                ("teams", .object([("type", .string("array")), ("items", string)])),
                ("password", .object([("type", .string("string")), ("minLength", .int(Secrets.minimumPasswordLength))])),
            ].filter { name, _ in name != "name" || required.contains("name") })),
        ])
    }

    static func userJSON(_ user: WebUser) -> JSONValue {
        .object([("name", .string(user.name)), ("role", .string(user.role)), ("teams", .array(user.teams.map { .string($0) })),
                 ("created", .string(ISO8601DateFormatter().string(from: user.createdAt)))])
    }

    @Sendable static func list(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let page = OffsetPage(try await environment.session.store.users(in: environment.session.workspace.id),
                              offset: try query.offsetCursor(), limit: try query.limit(maximum: 200))
        return Responses.json(.object([("items", .array(page.items.map(userJSON))), ("next_cursor", page.nextCursor.map { .string($0) } ?? .null)]))
    }

    static func role(_ body: JSONObjectBody, required: Bool) throws -> Role? {
        guard let name = try body.string("role", required: required) else { return nil }
        guard let role = Role(rawValue: name), Role.userRoles.contains(role) else {
            throw APIError.invalid("role", "role must be one of \(Role.userRoles.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }

    static func teams(_ body: JSONObjectBody) throws -> [String]? {
        guard let raw = body.values["teams"] else { return nil }
        guard let list = raw as? [Any], list.count <= 100 else { throw APIError.invalid("teams", "teams must be a list of team names (at most 100)") }
        return try list.map { item in
            guard let team = item as? String else { throw APIError.invalid("teams", "each team is a string") }
            return team.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Passwords are not trimmed: spaces at either end are part of them.
    static func password(_ body: JSONObjectBody, required: Bool) throws -> String? {
        guard let raw = body.values["password"], !(raw is NSNull) else {
            if required { throw APIError.invalid("password", "password is required") }
            return nil
        }
        guard let password = raw as? String else { throw APIError.invalid("password", "password must be a string") }
        return password
    }

    @Sendable static func create(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let body = try await JSONObjectBody.read(request, allowed: ["name", "role", "teams", "password"])
        let name = try body.string("name", required: true, maximumLength: 64)!
        let role = try role(body, required: true)!
        let teams = try teams(body) ?? []
        let password = try password(body, required: true)!
        if try await environment.session.store.user(named: name, in: environment.session.workspace.id) != nil {
            throw APIError(.conflict, code: "exists", message: "a user named \(name) exists; change them with PATCH /api/v1/users/\(name)", field: "name")
        }
        let user = try await Accounts(session: environment.session).addUser(name: name, role: role, teams: teams, password: password)
        return Responses.json(userJSON(user), status: .created)
    }

    static func existing(_ context: HeardContext, _ environment: ServerEnvironment) async throws -> WebUser {
        let name = context.parameters.get("name") ?? ""
        guard let user = try await environment.session.store.user(named: name, in: environment.session.workspace.id) else {
            throw APIError.notFound("no user named \(name)", field: "name")
        }
        return user
    }

    /// Refuses to leave the workspace without an admin.
    static func keepAnAdmin(losing user: WebUser, _ environment: ServerEnvironment) async throws {
        guard user.role == Role.admin.rawValue else { return }
        let admins = try await environment.session.store.users(in: environment.session.workspace.id).filter { $0.role == Role.admin.rawValue }
        if admins.count <= 1 {
            throw APIError(.conflict, code: "last_admin", message: "\(user.name) is the only admin; make another user admin first", field: "name")
        }
    }

    @Sendable static func update(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let user = try await existing(context, environment)
        let body = try await JSONObjectBody.read(request, allowed: ["role", "teams", "password"])
        let role = try role(body, required: false)
        if let role, role != .admin { try await keepAnAdmin(losing: user, environment) }
        let updated = try await Accounts(session: environment.session)
            .updateUser(user, role: role, teams: try teams(body), password: try password(body, required: false))
        return Responses.json(userJSON(updated))
    }

    @Sendable static func delete(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let user = try await existing(context, environment)
        try await keepAnAdmin(losing: user, environment)
        _ = try await environment.session.store.deleteUser(named: user.name, in: environment.session.workspace.id)
        return Response(status: .noContent, headers: Responses.headers(contentType: "application/json; charset=utf-8"))
    }
}

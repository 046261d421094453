import Foundation
import HeardEngine
import HeardStore

/// Creating users and API keys, shared by the CLI (`heard users`, `heard api-keys`) and the API.
public struct Accounts: Sendable {
    public let session: WorkspaceSession

    public init(session: WorkspaceSession) {
        self.session = session
    }

    public func addUser(name: String, role: Role, teams: [String], password: String, bcryptCost: UInt8 = 12) async throws -> WebUser {
        guard Self.isValidName(name) else {
            throw APIError.invalid("name", "a user name is 1–64 letters, digits, dots, dashes, underscores or @")
        }
        try Self.check(role: role, teams: teams)
        let hash = try Self.hash(password, cost: bcryptCost)
        return try await session.store.save(WebUser(name: name, role: role.rawValue, teams: teams, passwordHash: hash), in: session.workspace.id)
    }

    /// Changes an existing user's role, teams or password (nil: keep). Their sessions stay and
    /// take the new role at once (each request reads the user).
    public func updateUser(_ user: WebUser, role: Role?, teams: [String]?, password: String?, bcryptCost: UInt8 = 12) async throws -> WebUser {
        var changed = user
        if let role { changed.role = role.rawValue }
        if let teams { changed.teams = teams }
        guard let newRole = Role(rawValue: changed.role) else { throw APIError.invalid("role", "unknown role \(changed.role)") }
        try Self.check(role: newRole, teams: changed.teams)
        if let password { changed.passwordHash = try Self.hash(password, cost: bcryptCost) }
        return try await session.store.save(changed, in: session.workspace.id)
    }

    static func check(role: Role, teams: [String]) throws {
        guard Role.userRoles.contains(role) else {
            throw APIError.invalid("role", "a person's role is one of \(Role.userRoles.map(\.rawValue).joined(separator: ", "))")
        }
        if role == .teamMember && teams.isEmpty {
            throw APIError.invalid("team", "a team member needs at least one team (the owner team of the themes they see)")
        }
        if teams.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.count > 64 }) {
            throw APIError.invalid("team", "a team name is 1–64 characters")
        }
    }

    static func hash(_ password: String, cost: UInt8) throws -> String {
        guard password.count >= Secrets.minimumPasswordLength else {
            throw APIError.invalid("password", "the password needs at least \(Secrets.minimumPasswordLength) characters")
        }
        guard password.utf8.count <= 72 else {
            // bcrypt reads 72 bytes; a longer password would be cut without anyone knowing.
            throw APIError.invalid("password", "the password is longer than 72 bytes")
        }
        return Secrets.hashPassword(password, cost: cost)
    }

    /// Returns the stored record and the key itself, which is shown once and never stored.
    public func createAPIKey(name: String, role: Role) async throws -> (record: APIKeyRecord, key: String) {
        guard Self.isValidName(name) else {
            throw APIError.invalid("name", "a key name is 1–64 letters, digits, dots, dashes, underscores or @")
        }
        if try await session.store.apiKeys(in: session.workspace.id).contains(where: { $0.name == name }) {
            throw APIError(.conflict, code: "exists", message: "an API key named \(name) exists; revoke it first", field: "name")
        }
        let key = "heard_" + Secrets.token()
        let record = APIKeyRecord(name: name, role: role.rawValue, prefix: String(key.prefix(12)), keyHash: Secrets.sha256(key))
        return (try await session.store.save(record, in: session.workspace.id), key)
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_@".unicodeScalars.contains(scalar)
        }
    }
}

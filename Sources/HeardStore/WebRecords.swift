import Foundation
import HeardModel

/// A person who signs in to the web dashboard. `role` and `teams` decide what they see.
public struct WebUser: Sendable, Hashable {
    public var id: Int64?
    public var name: String
    /// admin, analyst, team_member or viewer; the server owns their meaning.
    public var role: String
    /// Teams a team member belongs to (names as themes' owner teams).
    public var teams: [String]
    /// A bcrypt hash (salt and cost inside); never the password.
    public var passwordHash: String
    public var createdAt: Date

    public init(id: Int64? = nil, name: String, role: String, teams: [String] = [], passwordHash: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.role = role
        self.teams = teams
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A signed-in browser. The cookie holds a random token; only its SHA-256 is stored.
public struct WebSessionRecord: Sendable, Hashable {
    public var tokenHash: String
    public var userID: Int64
    /// Embedded in every form the session sees and checked on every POST.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userID: Int64, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A key for programs (ingestion, exports). Only the SHA-256 of the key is stored; `prefix`
/// (the first characters) lets people tell their keys apart.
public struct APIKeyRecord: Sendable, Hashable {
    public var id: Int64?
    public var name: String
    public var role: String
    public var prefix: String
    public var keyHash: String
    public var createdAt: Date

    public init(id: Int64? = nil, name: String, role: String, prefix: String, keyHash: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.keyHash = keyHash
        self.createdAt = createdAt
    }
}

/// A stored feedback row with its position, for listings and exports that walk the table.
public struct StoredFeedback: Sendable, Hashable {
    public var rowID: Int64
    public var feedback: Feedback

    public init(rowID: Int64, feedback: Feedback) {
        self.rowID = rowID
        self.feedback = feedback
    }
}

/// Who may do what. People have one of the first four roles; API keys may also have `ingest`,
/// which can only send feedback.
public enum Role: String, Sendable, CaseIterable {
    case admin, analyst, teamMember = "team_member", viewer, ingest

    public static let userRoles: [Role] = [.admin, .analyst, .teamMember, .viewer]

    public func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (_, .public), (.admin, _): true
        case (.analyst, .read), (.analyst, .ingest), (.analyst, .curate), (.analyst, .export): true
        case (.teamMember, .read), (.viewer, .read): true
        case (.ingest, .ingest): true
        default: false
        }
    }
}

/// What a route needs. Routes name one; `Role.allows` decides.
public enum Permission: String, Sendable {
    /// No sign-in (the OpenAPI document, health, public survey pages).
    case `public`
    /// Read reports, themes and feedback (team members see only their teams' themes).
    case read
    /// Send feedback.
    case ingest
    /// Change what analyses run on: the taxonomy (accept, rename, owners, rules, discovery,
    /// re-analysis), persona definitions and operational metrics.
    case curate
    /// Bulk export of feedback.
    case export
    /// Users, API keys, surveys and workspace settings.
    case administer

    /// Roles that have it, for the OpenAPI document.
    public var roles: [Role] { Role.allCases.filter { $0.allows(self) } }
}

/// The signed-in person or program behind a request.
public struct Identity: Sendable {
    public enum Credential: Sendable {
        /// A browser session; cookie-authenticated writes must carry this CSRF token.
        case session(tokenHash: String, csrfToken: String)
        case apiKey
    }

    public var name: String
    public var role: Role
    public var teams: [String]
    public var credential: Credential

    public var csrfToken: String? {
        if case let .session(_, token) = credential { token } else { nil }
    }
}

import Foundation

/// What a signed-in person may do on the dashboard.
public enum DashboardRole: String, Sendable, Codable, CaseIterable {
    case admin, analyst, teamMember = "team_member", viewer

    /// Admins and analysts edit the taxonomy; team members and viewers read.
    public var mayEditTaxonomy: Bool { self == .admin || self == .analyst }
}

/// Who is looking, as the server established it (login, session, CSRF token, workspace settings).
public struct DashboardViewer: Sendable {
    public var userName: String
    public var role: DashboardRole
    /// Team keys a team member belongs to; they see the themes those teams own.
    public var teams: [String]
    /// Embedded as hidden field "csrf" in every POST form the dashboard renders.
    public var csrfToken: String
    /// Workspace setting; with role viewer it means no customer free text on any page.
    public var hideFreeText: Bool

    public init(userName: String, role: DashboardRole, teams: [String], csrfToken: String, hideFreeText: Bool) {
        self.userName = userName
        self.role = role
        self.teams = teams
        self.csrfToken = csrfToken
        self.hideFreeText = hideFreeText
    }

    /// Customer text (verbatims, example comments) may be shown to this viewer.
    public var mayReadFreeText: Bool { !(hideFreeText && role == .viewer) }
}

public struct DashboardRequest: Sendable {
    public var method: String
    public var path: String
    /// Decoded query parameters.
    public var query: [String: String]
    /// Decoded form body of a POST; the server has already checked its CSRF token.
    public var form: [String: String]
    public var viewer: DashboardViewer

    public init(method: String, path: String, query: [String: String], form: [String: String], viewer: DashboardViewer) {
        self.method = method
        self.path = path
        self.query = query
        self.form = form
        self.viewer = viewer
    }
}

public struct DashboardResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Where a 303 sends the browser.
    public var location: String?
    /// How long a static asset may be cached.
    public var cacheSeconds: Int?

    public init(status: Int, contentType: String, body: [UInt8], location: String? = nil, cacheSeconds: Int? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.location = location
        self.cacheSeconds = cacheSeconds
    }

    static func html(_ text: String, status: Int = 200) -> DashboardResponse {
        DashboardResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
    }

    static func redirect(to location: String) -> DashboardResponse {
        DashboardResponse(status: 303, contentType: "text/plain; charset=utf-8", body: Array("See \(location)\n".utf8), location: location)
    }
}

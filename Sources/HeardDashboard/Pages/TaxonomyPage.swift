import Foundation
import HeardEngine
import HeardModel
import HeardStore

/// `/taxonomy`: the themes with their status, volume and owner team. Admins and analysts accept
/// or rename proposed themes and set owners (POST forms carrying the CSRF token, answered with a
/// 303 back here); everyone else reads.
struct TaxonomyPage {
    let session: WorkspaceSession
    let cache: ResultCache
    let request: DashboardRequest

    static let maximumNameLength = 120
    static let maximumTeamLength = 80
    /// The only messages a redirect can ask for, so the query string cannot put text on the page.
    static let savedMessages = ["accepted": "Theme accepted: the next `heard analyze` matches it.",
                                "renamed": "Theme renamed.", "owner": "Owner team saved."]

    func render() async throws -> String {
        let store = session.store, workspace = session.workspace.id
        let themes = try await store.themes(in: workspace)
        let visibility = ThemeVisibility(viewer: request.viewer, themes: themes)
        let visible = themes.filter { visibility.allows($0.key) }
        // Comment counts per theme aggregate every mention: cached per data version.
        let version = try await DataVersion.of(session)
        let volumes = try await cache.value(for: "volumes|\(version)") {
            Dictionary(try await store.themeVolumes(in: workspace).map { ($0.themeKey, $0.comments) }, uniquingKeysWith: { a, _ in a })
        }
        let teams = try await store.teams(in: workspace).map(\.name)
        let editable = request.viewer.role.mayEditTaxonomy
        var body = visibility.note(request.viewer)
        if let code = request.query["saved"], let message = Self.savedMessages[code] {
            body += "<p class=\"notice\" role=\"status\">\(HTML.escape(message))</p>"
        }
        if !editable { body += "<p class=\"fineprint\">You can read the taxonomy; admins and analysts edit it.</p>" }
        guard !visible.isEmpty else {
            body += PageChrome.notice(visibility.isRestricted ? "None of the themes is owned by your teams." : "The taxonomy has no themes yet. Analyse with the starter taxonomy (`heard analyze`) or propose themes with `heard themes --discover`.")
            return PageChrome.page(title: "Taxonomy", viewer: request.viewer, current: "/taxonomy", body: body)
        }
        if editable && !teams.isEmpty {
            body += "<datalist id=\"teams\">" + teams.map { "<option value=\"\(HTML.escape($0))\"></option>" }.joined() + "</datalist>"
        }
        let order: [Theme.Status] = [.proposed, .active, .retired]
        for status in order {
            let group = visible.filter { $0.status == status }.sorted { (volumes[$0.key] ?? 0, $1.name) > (volumes[$1.key] ?? 0, $0.name) }
            guard !group.isEmpty else { continue }
            body += "<section aria-labelledby=\"status-\(status.rawValue)\"><h2 id=\"status-\(status.rawValue)\">\(heading(status)) (\(group.count))</h2>"
            body += "<table class=\"data\"><caption class=\"visually-hidden\">\(heading(status))</caption><thead><tr><th scope=\"col\">Theme</th><th scope=\"col\">Id</th><th scope=\"col\" class=\"num\">Comments</th><th scope=\"col\">Owner team</th>"
            if editable { body += "<th scope=\"col\">Edit</th>" }
            body += "</tr></thead><tbody>"
            for theme in group { body += row(theme, comments: volumes[theme.key] ?? 0, editable: editable, hasTeams: !teams.isEmpty) }
            body += "</tbody></table></section>"
        }
        return PageChrome.page(title: "Taxonomy", viewer: request.viewer, current: "/taxonomy", body: body)
    }

    private func heading(_ status: Theme.Status) -> String {
        switch status {
        case .proposed: "Proposed themes"
        case .active: "Active themes"
        case .retired: "Retired themes"
        }
    }

    private func row(_ theme: Theme, comments: Int, editable: Bool, hasTeams: Bool) -> String {
        let id = "t-" + HTML.percentEncode(theme.key).replacingOccurrences(of: "%", with: "_")
        var out = "<tr><th scope=\"row\"><span class=\"status \(theme.status.rawValue)\">\(theme.status.rawValue)</span> \(HTML.escape(theme.name))"
        if theme.status == .proposed, request.viewer.mayReadFreeText, let example = theme.examples.first {
            out += "<p class=\"fineprint\">e.g. “\(HTML.escape(String(example.prefix(160))))”</p>"
        }
        out += "</th><td><code>\(HTML.escape(theme.key))</code></td><td class=\"num\">\(NumberText.count(comments))</td><td>\(HTML.escape(theme.ownerTeam ?? "–"))</td>"
        guard editable else { return out + "</tr>" }
        let key = "<input type=\"hidden\" name=\"key\" value=\"\(HTML.escape(theme.key))\">" + csrf()
        out += "<td class=\"edit-row\">"
        if theme.status != .active {
            out += "<form method=\"post\" action=\"/taxonomy/accept\">\(key)<button type=\"submit\">Accept<span class=\"visually-hidden\"> \(HTML.escape(theme.name))</span></button></form>"
        }
        out += "<form method=\"post\" action=\"/taxonomy/rename\">\(key)<label for=\"\(id)-name\" class=\"visually-hidden\">New name for \(HTML.escape(theme.name))</label>"
        out += "<input id=\"\(id)-name\" name=\"name\" value=\"\(HTML.escape(theme.name))\" maxlength=\"\(Self.maximumNameLength)\" required>"
        out += "<button type=\"submit\" class=\"secondary\">Rename</button></form>"
        out += "<form method=\"post\" action=\"/taxonomy/owner\">\(key)<label for=\"\(id)-owner\" class=\"visually-hidden\">Owner team of \(HTML.escape(theme.name))</label>"
        out += "<input id=\"\(id)-owner\" name=\"team\" value=\"\(HTML.escape(theme.ownerTeam ?? ""))\" maxlength=\"\(Self.maximumTeamLength)\"\(hasTeams ? " list=\"teams\"" : "") placeholder=\"team\">"
        out += "<button type=\"submit\" class=\"secondary\">Set owner</button></form></td></tr>"
        return out
    }

    private func csrf() -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(request.viewer.csrfToken))\">"
    }

    /// POST /taxonomy/accept | /taxonomy/rename | /taxonomy/owner. The server has checked the
    /// CSRF token; the role and the theme's team are checked here.
    func handlePost() async throws -> DashboardResponse {
        guard request.viewer.role.mayEditTaxonomy else {
            throw DashboardError(status: 403, message: "Only admins and analysts edit the taxonomy.")
        }
        let store = session.store, workspace = session.workspace.id
        guard let key = request.form["key"], !key.isEmpty else { throw DashboardError(status: 400, message: "The form did not say which theme.") }
        guard var theme = try await store.themes(in: workspace).first(where: { $0.key == key }) else {
            throw DashboardError(status: 404, message: "There is no theme with that id.")
        }
        let saved: String
        switch request.path {
        case "/taxonomy/accept":
            _ = try await ThemeReporting.accept(key, session: session)
            saved = "accepted"
        case "/taxonomy/rename":
            let name = (request.form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= Self.maximumNameLength else {
                throw DashboardError(status: 400, message: "A theme name is 1 to \(Self.maximumNameLength) characters.")
            }
            theme.name = name
            try await store.save(theme, in: workspace)
            saved = "renamed"
        case "/taxonomy/owner":
            let team = (request.form["team"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard team.count <= Self.maximumTeamLength else {
                throw DashboardError(status: 400, message: "A team name is at most \(Self.maximumTeamLength) characters.")
            }
            theme.ownerTeam = team.isEmpty ? nil : team
            try await store.save(theme, in: workspace)
            saved = "owner"
        default:
            throw DashboardError(status: 404, message: "There is no such taxonomy action.")
        }
        return .redirect(to: "/taxonomy?saved=\(saved)")
    }
}

import Foundation
import HeardModel

/// Which themes a viewer sees: everyone sees all of them except team members, who see the
/// themes their teams own.
struct ThemeVisibility: Sendable {
    /// nil means no restriction.
    let allowedKeys: Set<String>?

    init(viewer: DashboardViewer, themes: [Theme]) {
        guard viewer.role == .teamMember else { allowedKeys = nil; return }
        let teams = Set(viewer.teams.map { $0.lowercased() })
        allowedKeys = Set(themes.filter { theme in theme.ownerTeam.map { teams.contains($0.lowercased()) } ?? false }.map(\.key))
    }

    func allows(_ key: String) -> Bool { allowedKeys?.contains(key) ?? true }

    var isRestricted: Bool { allowedKeys != nil }

    /// A sentence for restricted pages so nobody mistakes a team view for the whole workspace.
    func note(_ viewer: DashboardViewer) -> String {
        guard isRestricted else { return "" }
        let teams = viewer.teams.isEmpty ? "no team" : viewer.teams.joined(separator: ", ")
        return "<p class=\"fineprint\">Showing the themes owned by your teams (\(HTML.escape(teams))).</p>"
    }
}

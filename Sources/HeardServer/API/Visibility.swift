import HeardEngine
import HeardModel

/// What one caller may see: team members see the themes their teams own; viewers see no
/// customer free text when the workspace hides it.
struct Visibility: Sendable {
    /// nil: every theme.
    let themeKeys: Set<String>?
    let mayReadFreeText: Bool

    static func of(_ identity: Identity?, environment: ServerEnvironment) async throws -> Visibility {
        var keys: Set<String>? = nil
        if let identity, identity.role == .teamMember {
            let teams = Set(identity.teams.map { $0.lowercased() })
            let themes = try await environment.session.store.themes(in: environment.session.workspace.id)
            keys = Set(themes.filter { $0.ownerTeam.map { teams.contains($0.lowercased()) } ?? false }.map(\.key))
        }
        let hidesText = identity?.role == .viewer ? try await environment.hideFreeText() : false
        return Visibility(themeKeys: keys, mayReadFreeText: !hidesText)
    }

    func allows(themeKey: String) -> Bool { themeKeys?.contains(themeKey) ?? true }
}

import Foundation
import HeardEngine
import HeardModel
import HeardStore

/// A cheap fingerprint of what a workspace holds: feedback, enrichment and the taxonomy. Heavy
/// pages cache their result under it (for a short time), so new data shows at once and a reload
/// costs nothing.
enum DataVersion {
    static func of(_ session: WorkspaceSession) async throws -> String {
        let store = session.store, workspace = session.workspace.id
        let version = try await store.feedbackVersion(in: workspace)
        let themes = try await store.themes(in: workspace)
        var hasher = StableHasher()
        for theme in themes.sorted(by: { $0.key < $1.key }) {
            hasher.combine(theme.key)
            hasher.combine(theme.name)
            hasher.combine(theme.status.rawValue)
            hasher.combine(theme.ownerTeam ?? "")
            for phrase in theme.phrases { hasher.combine(phrase) }
        }
        let personas = try await store.personas(in: workspace)
        for persona in personas { hasher.combine(persona.name); hasher.combine(persona.rule.text) }
        return "\(workspace):\(version):\(hasher.value)"
    }
}

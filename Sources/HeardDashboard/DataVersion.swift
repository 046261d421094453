import Foundation
import HeardEngine
import HeardStore

/// A cheap fingerprint of what a workspace holds: feedback, enrichment and the taxonomy. Heavy
/// pages cache their result under it, so new data shows at once and a reload costs nothing.
enum DataVersion {
    static func of(_ session: WorkspaceSession) async throws -> String {
        let store = session.store, workspace = session.workspace.id
        let feedback = try await store.feedbackCount(in: workspace)
        let coverage = try await store.enrichmentCoverage(in: workspace)
        let themes = try await store.themes(in: workspace)
        let range = try await store.feedbackDayRange(in: workspace)
        var hasher = Hasher()
        for theme in themes { hasher.combine(theme) }
        return "\(workspace):\(feedback):\(coverage.enriched):\(coverage.withTheme):\(range.map { "\($0.lowerBound)-\($0.upperBound)" } ?? ""):\(themes.count):\(hasher.finalize())"
    }
}

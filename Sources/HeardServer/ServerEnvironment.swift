import Foundation
import HeardDashboard
import HeardEngine
import HeardModel
import Hummingbird
import Logging
import Synchronization

/// What every route shares: the workspace, the dashboard, the background enrichment, the
/// survey writer and the public rate limit.
public struct ServerEnvironment: Sendable {
    public let session: WorkspaceSession
    public let configuration: ServerConfiguration
    let dashboard: DashboardSite
    let enrichment: LiveEnrichment
    let surveyWriter: GroupedWriter
    let surveys: SurveyCatalog
    let publicRateLimit: RateLimiter
    let ingest: FeedbackIngest
    let reportCache: ReportCache
    let similar: SimilarSearch

    init(session: WorkspaceSession, configuration: ServerConfiguration, logger: Logger) {
        self.session = session
        self.configuration = configuration
        let similar = SimilarSearch(session: session, configuration: configuration)
        self.similar = similar
        dashboard = DashboardSite(session: session, similar: SimilarCommentSearch(
            isAvailable: { await similar.isAvailable() }, search: { text, limit in try await similar.search(text, limit: limit) }))
        enrichment = LiveEnrichment(session: session, logger: logger)
        surveyWriter = GroupedWriter(session: session, enrichment: enrichment)
        surveys = SurveyCatalog(session: session)
        publicRateLimit = RateLimiter(perSecond: configuration.publicRequestsPerSecond, burst: configuration.publicBurst)
        ingest = FeedbackIngest()
        reportCache = ReportCache(lifetime: configuration.reportCacheSeconds)
    }

    /// The client a rate limit applies to: the socket's peer, or with `trustForwardedFor` (behind
    /// a reverse proxy) the address the proxy reports.
    func clientAddress(_ request: Request, _ context: HeardContext) -> String {
        if configuration.trustForwardedFor, let forwarded = request.headers[.init("X-Forwarded-For")!] {
            let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !first.isEmpty { return first }
        }
        return context.peerAddress ?? "local"
    }

    func hideFreeText() async throws -> Bool {
        try await session.store.settings(of: session.workspace.id)[WorkspaceSettings.hideFreeText] == "true"
    }
}

public enum WorkspaceSettings {
    /// "true": viewers never see customer free text, in the API or on pages.
    public static let hideFreeText = "hide_free_text"
}

/// Surveys by key, read once and kept: the public pages answer from memory.
final class SurveyCatalog: Sendable {
    private let session: WorkspaceSession
    private let loaded = Mutex<[String: Survey]?>(nil)

    init(session: WorkspaceSession) {
        self.session = session
    }

    func survey(key: String) async throws -> Survey? {
        if let surveys = loaded.withLock({ $0 }) { return surveys[key] }
        let all = try await session.store.surveys(in: session.workspace.id)
        let byKey = Dictionary(all.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        loaded.withLock { $0 = byKey }
        return byKey[key]
    }

    func save(_ survey: Survey) async throws -> Survey {
        let saved = try await session.store.save(survey, in: session.workspace.id)
        loaded.withLock { $0 = nil }
        return saved
    }
}

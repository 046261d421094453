import Foundation
import HeardEngine
import HeardML

/// Similar-comment search for the API and the dashboard: the encoder is loaded once (on first
/// use, so a server without vector models starts and answers everything else), and searches
/// run one at a time so two requests never build the same index twice.
///
/// Comments that lack a vector get one (as `heard similar` does), but not on every request:
/// finding them is a scan of the whole feedback table against its vectors, which took about
/// 2 s at 1M comments on the 2-core VM, against a 50 ms budget for the search itself. So the
/// first search waits for every comment to have a vector; after that a refresh starts in the
/// background at most once per `refreshInterval`, and searches use the vectors stored so far.
/// New comments therefore show up in results within about that interval.
actor SimilarSearch {
    static let refreshInterval: Duration = .seconds(30)

    private let session: WorkspaceSession
    /// The index files sit next to this path (DB.similar/), as the CLI keeps them, so both share one index.
    private let databasePath: String
    private let loadEncoder: @Sendable () throws -> any SentenceEncoder
    private let refreshInterval: Duration
    private var encoder: (any SentenceEncoder)?
    private var queue: Task<Void, Never>?
    /// The refresh that runs or ran last; nil before the first search.
    private var refresh: Task<Void, any Error>?
    private var refreshStarted: ContinuousClock.Instant?
    private var hasRefreshed = false

    init(session: WorkspaceSession, configuration: ServerConfiguration, refreshInterval: Duration = SimilarSearch.refreshInterval) {
        self.session = session
        databasePath = configuration.databasePath ?? NSTemporaryDirectory() + "heard-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        loadEncoder = configuration.vectorEncoder
        self.refreshInterval = refreshInterval
    }

    /// Whether a vector model is there (loading it if need be); the dashboard offers the search only then.
    func isAvailable() -> Bool {
        (try? currentEncoder()) != nil
    }

    /// The comments closest in meaning to `text`, best first; a missing model is an `APIError`
    /// naming the command that fetches it.
    func search(_ text: String, limit: Int, probes: Int = SimilarFeedback.defaultProbes) async throws -> [SimilarFeedback.Hit] {
        let encoder = try currentEncoder()
        let indexURL = SimilarFeedback.indexURL(databasePath: databasePath, workspace: session.workspace, encoder: encoder.identifier)
        let pendingRefresh = refreshForSearch(encoder: encoder)
        // Chained behind the previous search: the actor alone would let a second one in while the first awaits.
        let previous = queue
        let run = Task { [session] in
            await previous?.value
            try await pendingRefresh?.value
            var search = SimilarFeedback(session: session, encoder: encoder, indexURL: indexURL)
            search.probes = probes
            return try await search.search(text, limit: limit)
        }
        queue = Task { _ = try? await run.value }
        return try await run.value
    }

    /// Starts a refresh when none has started yet, the last one failed, or the last one started
    /// `refreshInterval` ago or more (one waits for the other, so they never overlap). Returns
    /// the refresh a search must wait for: until one has finished, comments may have no vectors
    /// at all; after that, none.
    private func refreshForSearch(encoder: any SentenceEncoder) -> Task<Void, any Error>? {
        let now = ContinuousClock.now
        if refreshStarted.map({ $0.duration(to: now) >= refreshInterval }) ?? true {
            let previous = refresh
            let started = Task { [session] in
                _ = try? await previous?.value
                _ = try await FeedbackVectorizer(session: session, encoder: encoder).run()
            }
            refresh = started
            refreshStarted = now
            Task { [weak self] in
                let succeeded = (try? await started.value) != nil
                await self?.refreshEnded(started, succeeded: succeeded)
            }
        }
        return hasRefreshed ? nil : refresh
    }

    /// Waits for the refresh that runs now, if any (tests use it to see its effect).
    func waitForRefresh() async throws {
        try await refresh?.value
    }

    private func refreshEnded(_ task: Task<Void, any Error>, succeeded: Bool) {
        if succeeded {
            hasRefreshed = true
        } else if refresh == task {
            refreshStarted = nil   // the next search tries again
        }
    }

    private func currentEncoder() throws -> any SentenceEncoder {
        if let encoder { return encoder }
        do {
            let loaded = try loadEncoder()
            encoder = loaded
            return loaded
        } catch let error as EncoderModel.MissingModel {
            throw APIError(.serviceUnavailable, code: "no_vector_model", message: error.description)
        }
    }
}

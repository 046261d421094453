import HeardEngine
import Logging

/// Enriches feedback the server has just accepted (API ingestion, survey responses) in the
/// background, so callers are answered at once and the comment has its sentiment and themes
/// well within a second. Ids queue up while a run is going; the next run takes them all,
/// so under load the runs get larger rather than more frequent.
actor LiveEnrichment {
    private let session: WorkspaceSession
    private let logger: Logger
    private var enricher: FeedbackEnricher?
    private var queued: [String] = []
    private var running: Task<Void, Never>?
    private var fullRun: Task<Void, Never>?

    init(session: WorkspaceSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    func enqueue(_ externalIDs: [String]) {
        guard !externalIDs.isEmpty else { return }
        queued += externalIDs
        if running == nil { running = Task { await drain() } }
    }

    /// The taxonomy changed: the next run builds its matcher from the themes as they are now.
    func themesChanged() {
        enricher = nil
    }

    /// After an accepted theme every comment may match differently: a full incremental run,
    /// in the background, one at a time.
    func reanalyseAll() {
        let previous = fullRun
        fullRun = Task { [session, logger] in
            await previous?.value
            do {
                _ = try await FeedbackEnricher.standard(session: session).run()
            } catch {
                logger.error("re-analysing the workspace failed: \(error); run `heard analyze`")
            }
        }
    }

    /// A full incremental run the caller waits for, queued behind any full run under way.
    func analyse() async throws -> EnrichmentSummary {
        let previous = fullRun
        let run = Task { [session] in
            await previous?.value
            return try await FeedbackEnricher.standard(session: session).run()
        }
        fullRun = Task { _ = try? await run.value }
        return try await run.value
    }

    /// Waits until everything queued so far is enriched (tests, shutdown).
    func settle() async {
        while let running { await running.value }
        await fullRun?.value
    }

    private func drain() async {
        while !queued.isEmpty {
            let batch = queued
            queued.removeAll()
            do {
                if enricher == nil { enricher = try await FeedbackEnricher.standard(session: session) }
                _ = try await enricher!.run(externalIDs: batch)
            } catch {
                logger.error("enriching \(batch.count) new comments failed: \(error); `heard analyze` will pick them up")
            }
        }
        running = nil
    }
}

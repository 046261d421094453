import Foundation
import HeardEngine
import HeardML

/// Similar-comment search for the API and the dashboard: the encoder is loaded once (on first
/// use, so a server without vector models starts and answers everything else), comments that
/// lack a vector get one first (as `heard similar` does), and searches run one at a time so two
/// requests never build the same index twice.
actor SimilarSearch {
    private let session: WorkspaceSession
    /// The index files sit next to this path (DB.similar/), as the CLI keeps them, so both share one index.
    private let databasePath: String
    private let loadEncoder: @Sendable () throws -> any SentenceEncoder
    private var encoder: (any SentenceEncoder)?
    private var queue: Task<Void, Never>?

    init(session: WorkspaceSession, configuration: ServerConfiguration) {
        self.session = session
        databasePath = configuration.databasePath ?? NSTemporaryDirectory() + "heard-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        loadEncoder = configuration.vectorEncoder
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
        // Chained behind the previous search: the actor alone would let a second one in while the first awaits.
        let previous = queue
        let run = Task { [session] in
            await previous?.value
            _ = try await FeedbackVectorizer(session: session, encoder: encoder).run()
            var search = SimilarFeedback(session: session, encoder: encoder, indexURL: indexURL)
            search.probes = probes
            return try await search.search(text, limit: limit)
        }
        queue = Task { _ = try? await run.value }
        return try await run.value
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

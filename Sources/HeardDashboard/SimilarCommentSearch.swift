import HeardEngine

/// Similar-comment search as the server offers it (the encoder and index live there); the
/// dashboard links to it only when `isAvailable` says a vector model is there.
public struct SimilarCommentSearch: Sendable {
    public var isAvailable: @Sendable () async -> Bool
    /// The comments closest in meaning to a text, best first.
    public var search: @Sendable (_ text: String, _ limit: Int) async throws -> [SimilarFeedback.Hit]

    public init(isAvailable: @escaping @Sendable () async -> Bool,
                search: @escaping @Sendable (_ text: String, _ limit: Int) async throws -> [SimilarFeedback.Hit]) {
        self.isAvailable = isAvailable
        self.search = search
    }
}

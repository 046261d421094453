/// Turns texts into fixed-length vectors whose dot products measure closeness in meaning
/// (rows are L2-normalised, so the dot product is the cosine).
public protocol SentenceEncoder: Sendable {
    /// Names the model and its version; stored next to every vector it made, so that
    /// re-analysis can tell which vectors are stale.
    var identifier: String { get }
    var dimensions: Int { get }
    /// One row per text, in the order given.
    func embed(_ texts: [String]) -> EmbeddingMatrix
}

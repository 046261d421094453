import Foundation

/// Vectors already computed in this process, by content hash, so that a text seen again
/// (a re-import, a repeated complaint) is not encoded again. Bounded by `capacity` rows;
/// once full it keeps what it has and stops adding.
public final class EmbeddingCache: @unchecked Sendable {
    public let dimensions: Int
    public let capacity: Int
    private let lock = NSLock()
    private var rows: [ContentHash: Int] = [:]
    private var vectors: EmbeddingMatrix

    public init(dimensions: Int, capacity: Int = 250_000) {
        self.dimensions = dimensions
        self.capacity = capacity
        vectors = EmbeddingMatrix(dimensions: dimensions)
    }

    public var count: Int { lock.withLock { rows.count } }

    public func vector(for key: ContentHash) -> ArraySlice<Float>? {
        lock.withLock { rows[key].map { vectors[$0] } }
    }

    public func store<Row: Collection<Float>>(_ vector: Row, for key: ContentHash) {
        lock.withLock {
            guard rows[key] == nil, rows.count < capacity else { return }
            rows[key] = vectors.count
            vectors.append(vector)
        }
    }

    public func removeAll() {
        lock.withLock {
            rows = [:]
            vectors = EmbeddingMatrix(dimensions: dimensions)
        }
    }
}

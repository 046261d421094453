/// k-means on the unit sphere: rows and centroids are unit vectors and closeness is the cosine,
/// so a centroid is its members' normalised sum. Seeded k-means++ starts and several restarts
/// (the tightest kept) make the result depend on the seed alone. Similarities of many rows to
/// the centroids are one matrix product, taken in blocks so memory stays bounded.
public struct SphericalKMeans: Sendable {
    public var centroids: EmbeddingMatrix
    public var assignment: [Int]
    /// Each row's cosine to its own centroid.
    public var similarity: [Float]
    /// Mean of `similarity`: how tight the groups are.
    public var cohesion: Double

    public init(_ rows: EmbeddingMatrix, k: Int, seed: UInt64, restarts: Int = 2, iterations: Int = 30) {
        precondition(rows.count > 0 && k > 0, "k-means needs rows and k ≥ 1")
        var generator = SplitMix(seed: seed)
        var best: SphericalKMeans?
        for _ in 0..<max(1, restarts) {
            let fitted = SphericalKMeans(rows, start: Self.plusPlusStart(rows, k: min(k, rows.count), generator: &generator), iterations: iterations)
            if best == nil || fitted.cohesion > best!.cohesion { best = fitted }
        }
        self = best!
    }

    /// Lloyd iterations from the given centroids, without restarts: refines centroids found on a
    /// subsample of `rows`, which start close to where a fit on all of them ends.
    public init(_ rows: EmbeddingMatrix, start: EmbeddingMatrix, iterations: Int = 30) {
        precondition(rows.count > 0 && start.count > 0, "k-means needs rows and k ≥ 1")
        var centroids = start
        var nearest = Self.nearest(rows, centroids)
        for _ in 0..<iterations {
            let updated = Self.means(rows, assignment: nearest.map(\.index), previous: centroids)
            let next = Self.nearest(rows, updated)
            centroids = updated
            let changed = zip(next, nearest).contains { $0.index != $1.index }
            nearest = next
            if !changed { break }
        }
        let cohesion = nearest.reduce(0.0) { $0 + Double($1.similarity) } / Double(rows.count)
        self.init(centroids: centroids, assignment: nearest.map(\.index), similarity: nearest.map(\.similarity), cohesion: cohesion)
    }

    init(centroids: EmbeddingMatrix, assignment: [Int], similarity: [Float], cohesion: Double) {
        self.centroids = centroids
        self.assignment = assignment
        self.similarity = similarity
        self.cohesion = cohesion
    }

    /// For each row, its most similar centroid and the cosine (ties go to the lower index).
    public static func nearest(_ rows: EmbeddingMatrix, _ centroids: EmbeddingMatrix, block: Int = 4096) -> [(index: Int, similarity: Float)] {
        precondition(rows.dimensions == centroids.dimensions, "rows and centroids differ in length")
        let k = centroids.count, d = rows.dimensions
        guard k > 0 else { return Array(repeating: (-1, -1), count: rows.count) }
        var result = [(index: Int, similarity: Float)](repeating: (0, 0), count: rows.count)
        var scores = [Float](repeating: 0, count: min(block, rows.count) * k)
        rows.withUnsafeBufferPointer { x in
            centroids.withUnsafeBufferPointer { c in
                scores.withUnsafeMutableBufferPointer { s in
                    var start = 0
                    while start < rows.count {
                        let m = min(block, rows.count - start)
                        BLAS.multiplyByTransposed(m: m, n: k, k: d, a: x.baseAddress! + start * d, b: c.baseAddress!, c: s.baseAddress!)
                        for row in 0..<m {
                            var bestIndex = 0
                            var bestScore = s[row * k]
                            for column in 1..<k where s[row * k + column] > bestScore {
                                bestScore = s[row * k + column]
                                bestIndex = column
                            }
                            result[start + row] = (bestIndex, bestScore)
                        }
                        start += m
                    }
                }
            }
        }
        return result
    }

    /// Every row's dot product with every column row: rows.count × columns.count, row-major.
    public static func products(_ rows: EmbeddingMatrix, _ columns: EmbeddingMatrix) -> [Float] {
        var scores = [Float](repeating: 0, count: rows.count * columns.count)
        guard !scores.isEmpty else { return scores }
        rows.withUnsafeBufferPointer { x in
            columns.withUnsafeBufferPointer { c in
                scores.withUnsafeMutableBufferPointer { s in
                    BLAS.multiplyByTransposed(m: rows.count, n: columns.count, k: rows.dimensions, a: x.baseAddress!, b: c.baseAddress!, c: s.baseAddress!)
                }
            }
        }
        return scores
    }

    /// Each group's normalised sum; a group left empty keeps its previous centroid.
    public static func means(_ rows: EmbeddingMatrix, assignment: [Int], previous: EmbeddingMatrix) -> EmbeddingMatrix {
        let d = rows.dimensions
        var sums = [Float](repeating: 0, count: previous.count * d)
        var sizes = [Int](repeating: 0, count: previous.count)
        rows.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for (row, group) in assignment.enumerated() where group >= 0 {
                    sizes[group] += 1
                    let source = x.baseAddress! + row * d, target = s.baseAddress! + group * d
                    for column in 0..<d { target[column] += source[column] }
                }
            }
        }
        var output = EmbeddingMatrix(dimensions: d)
        for group in 0..<previous.count {
            if sizes[group] == 0 {
                output.append(previous[group])
            } else {
                output.append(normalised(sums[group * d ..< (group + 1) * d]))
            }
        }
        return output
    }

    public static func normalised<Values: Collection<Float>>(_ values: Values) -> [Float] {
        let norm = values.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? values.map { $0 / norm } : Array(values)
    }

    /// k-means++: each next start is drawn with probability proportional to its distance (1 − cosine) from the nearest start so far.
    static func plusPlusStart(_ rows: EmbeddingMatrix, k: Int, generator: inout SplitMix) -> EmbeddingMatrix {
        var centroids = EmbeddingMatrix(dimensions: rows.dimensions)
        centroids.append(rows[Int(generator.next() % UInt64(rows.count))])
        var distance = [Float](repeating: .infinity, count: rows.count)
        var similarity = [Float](repeating: 0, count: rows.count)
        while centroids.count < k {
            let latest = Array(centroids[centroids.count - 1])
            rows.withUnsafeBufferPointer { x in
                similarity.withUnsafeMutableBufferPointer { y in BLAS.multiply(m: rows.count, n: rows.dimensions, a: x.baseAddress!, x: latest, y: y.baseAddress!) }
            }
            for row in 0..<rows.count { distance[row] = min(distance[row], max(0, 1 - similarity[row])) }
            let total = distance.reduce(0.0) { $0 + Double($1) }
            guard total > 0 else { break }
            var target = Double(generator.next() >> 11) / Double(1 << 53) * total
            var chosen = rows.count - 1
            for (row, value) in distance.enumerated() {
                target -= Double(value)
                if target < 0 {
                    chosen = row
                    break
                }
            }
            centroids.append(rows[chosen])
        }
        return centroids
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator, the same numbers on every platform.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

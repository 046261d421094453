import Foundation
import HeardStats

/// Dense vectors for terms learned from the comments themselves: each term's positive pointwise
/// mutual information with every other term (co-occurrence in one comment), randomly projected
/// to a few hundred dimensions. A comment's vector is the weighted sum of its terms' vectors.
/// Terms that keep the same company end up close, which short comments need to be grouped.
struct TermEmbedding {
    let dimensions: Int
    private var termVectors: [[Float]]

    init(vectors: [SparseVector], dimensions vocabularySize: Int, seed: UInt64, projectedDimensions: Int = 192) {
        dimensions = projectedDimensions
        var documentFrequency = [Float](repeating: 0, count: vocabularySize)
        var cooccurrence = [[Int32: Float]](repeating: [:], count: vocabularySize)
        for vector in vectors {
            for entry in vector {
                documentFrequency[Int(entry.term)] += 1
                for other in vector where other.term != entry.term { cooccurrence[Int(entry.term)][other.term, default: 0] += 1 }
            }
        }
        let total = Float(max(vectors.count, 1))
        // A fixed random ±1 projection per (term, dimension), from the seed: the same on every run.
        var projection = [Float](repeating: 0, count: vocabularySize * projectedDimensions)
        var generator = SeededGenerator(seed: seed ^ 0x7E57)
        for index in projection.indices { projection[index] = generator.next() & 1 == 0 ? -1 : 1 }

        termVectors = (0..<vocabularySize).map { term in
            var dense = [Float](repeating: 0, count: projectedDimensions)
            // The term itself, so a term seen alone still has a direction.
            let selfWeight: Float = 3
            for dimension in 0..<projectedDimensions { dense[dimension] += selfWeight * projection[term * projectedDimensions + dimension] }
            for (other, count) in cooccurrence[term] {
                let pmi = (count * total / (documentFrequency[term] * documentFrequency[Int(other)])).logarithm
                guard pmi > 0 else { continue }
                let base = Int(other) * projectedDimensions
                for dimension in 0..<projectedDimensions { dense[dimension] += pmi * projection[base + dimension] }
            }
            return DenseKMeans.normalised(dense)
        }
    }

    func embed(_ vector: SparseVector) -> [Float] {
        guard !vector.isEmpty else { return [] }
        var dense = [Float](repeating: 0, count: dimensions)
        for entry in vector {
            let termVector = termVectors[Int(entry.term)]
            for dimension in 0..<dimensions { dense[dimension] += entry.weight * termVector[dimension] }
        }
        return DenseKMeans.normalised(dense)
    }
}

private extension Float {
    var logarithm: Float { Float(log(Double(self))) }
}

/// k-means on the unit sphere (cosine similarity) over dense vectors, k-means++ seeded.
enum DenseKMeans {
    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return -1 }
        var sum: Float = 0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    static func nearest(_ vector: [Float], _ centroids: [[Float]]) -> Int {
        var best = 0
        var bestSimilarity = -Float.infinity
        for (index, centroid) in centroids.enumerated() {
            let similarity = dot(vector, centroid)
            if similarity > bestSimilarity {
                best = index
                bestSimilarity = similarity
            }
        }
        return best
    }

    static func mean(_ vectors: [[Float]]) -> [Float] {
        guard let first = vectors.first else { return [] }
        var sum = [Float](repeating: 0, count: first.count)
        for vector in vectors { for index in vector.indices { sum[index] += vector[index] } }
        return normalised(sum)
    }

    static func initialCentroids(_ vectors: [[Float]], count: Int, generator: inout SeededGenerator) -> [[Float]] {
        var centroids = [vectors[Int.random(in: 0..<vectors.count, using: &generator)]]
        var distance = vectors.map { 1 - dot($0, centroids[0]) }
        while centroids.count < count {
            let total = distance.reduce(0) { $0 + max($1, 0) }
            guard total > 0 else { break }
            var target = Float.random(in: 0..<total, using: &generator)
            var chosen = vectors.count - 1
            for (index, value) in distance.enumerated() {
                target -= max(value, 0)
                if target < 0 {
                    chosen = index
                    break
                }
            }
            centroids.append(vectors[chosen])
            for index in vectors.indices { distance[index] = min(distance[index], 1 - dot(vectors[index], vectors[chosen])) }
        }
        return centroids
    }

    static func centroids(of vectors: [[Float]], members: [Int], previous: [[Float]]) -> [[Float]] {
        var sums = previous.map { [Float](repeating: 0, count: $0.count) }
        var sizes = [Int](repeating: 0, count: previous.count)
        for (vector, group) in zip(vectors, members) {
            sizes[group] += 1
            for index in vector.indices { sums[group][index] += vector[index] }
        }
        return sums.indices.map { sizes[$0] > 0 ? normalised(sums[$0]) : previous[$0] }
    }
}

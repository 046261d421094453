import Foundation

/// k-means on dense rows with k-means++ seeding and several restarts, and the silhouette score
/// to choose k. Deterministic for a given seed.
public struct EuclideanKMeans: Sendable {
    public var centroids: [[Double]]
    public var assignments: [Int]
    /// Sum of squared distances to the assigned centroid.
    public var inertia: Double

    public init(rows: [[Double]], k: Int, seed: UInt64, restarts: Int = 8, iterations: Int = 100) {
        precondition(k >= 1 && k <= rows.count, "k must be between 1 and the number of rows")
        var generator = SeededGenerator(seed: seed)
        var best: (centroids: [[Double]], assignments: [Int], inertia: Double)?
        for _ in 0..<max(1, restarts) {
            var centroids = Self.seedCentroids(rows, k: k, generator: &generator)
            var assignments = [Int](repeating: -1, count: rows.count)
            for _ in 0..<iterations {
                var changed = false
                for (index, row) in rows.enumerated() {
                    let nearest = Self.nearest(row, centroids).index
                    if nearest != assignments[index] { assignments[index] = nearest; changed = true }
                }
                guard changed else { break }
                centroids = Self.means(rows, assignments, k: k, previous: centroids)
            }
            let inertia = zip(rows, assignments).reduce(0) { $0 + Self.squaredDistance($1.0, centroids[$1.1]) }
            if best == nil || inertia < best!.inertia { best = (centroids, assignments, inertia) }
        }
        centroids = best!.centroids
        assignments = best!.assignments
        inertia = best!.inertia
    }

    static func seedCentroids(_ rows: [[Double]], k: Int, generator: inout SeededGenerator) -> [[Double]] {
        var centroids = [rows[Int.random(in: 0..<rows.count, using: &generator)]]
        var distances = rows.map { squaredDistance($0, centroids[0]) }
        while centroids.count < k {
            let total = distances.reduce(0, +)
            var pick = 0
            if total > 0 {
                var target = Double.random(in: 0..<total, using: &generator)
                for (index, distance) in distances.enumerated() {
                    target -= distance
                    if target < 0 { pick = index; break }
                }
            } else {
                pick = Int.random(in: 0..<rows.count, using: &generator)
            }
            centroids.append(rows[pick])
            for index in rows.indices { distances[index] = min(distances[index], squaredDistance(rows[index], rows[pick])) }
        }
        return centroids
    }

    static func means(_ rows: [[Double]], _ assignments: [Int], k: Int, previous: [[Double]]) -> [[Double]] {
        let width = rows.first?.count ?? 0
        var sums = [[Double]](repeating: [Double](repeating: 0, count: width), count: k)
        var counts = [Int](repeating: 0, count: k)
        for (row, cluster) in zip(rows, assignments) {
            counts[cluster] += 1
            for column in 0..<width { sums[cluster][column] += row[column] }
        }
        // An emptied cluster keeps its old centre rather than collapsing to the origin.
        return (0..<k).map { cluster in counts[cluster] == 0 ? previous[cluster] : sums[cluster].map { $0 / Double(counts[cluster]) } }
    }

    public static func nearest(_ row: [Double], _ centroids: [[Double]]) -> (index: Int, distance: Double) {
        var best = (index: 0, distance: Double.infinity)
        for (index, centroid) in centroids.enumerated() {
            let distance = squaredDistance(row, centroid)
            if distance < best.distance { best = (index, distance) }
        }
        return best
    }

    public static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for index in a.indices {
            let difference = a[index] - b[index]
            sum += difference * difference
        }
        return sum
    }

    /// Mean silhouette (Rousseeuw 1987) of the clustering: near 1 when clusters are tight and
    /// apart, near 0 when they overlap. Quadratic in the rows, so callers pass a sample.
    public static func silhouette(rows: [[Double]], assignments: [Int], k: Int) -> Double {
        guard k >= 2, rows.count > k else { return 0 }
        var total = 0.0
        for (index, row) in rows.enumerated() {
            var sums = [Double](repeating: 0, count: k)
            var counts = [Int](repeating: 0, count: k)
            for (other, cluster) in zip(rows.indices, assignments) where other != index {
                sums[cluster] += squaredDistance(row, rows[other]).squareRoot()
                counts[cluster] += 1
            }
            let own = assignments[index]
            guard counts[own] > 0 else { continue }
            let a = sums[own] / Double(counts[own])
            let b = (0..<k).filter { $0 != own && counts[$0] > 0 }.map { sums[$0] / Double(counts[$0]) }.min() ?? 0
            let denominator = max(a, b)
            total += denominator > 0 ? (b - a) / denominator : 0
        }
        return total / Double(rows.count)
    }
}

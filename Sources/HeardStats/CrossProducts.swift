import Foundation

/// Sufficient statistics of p variables for anything built on their covariances (correlations,
/// regressions, relative weights): the total row weight, each variable's sum and every
/// cross-product Σ w·xᵢ·xⱼ. They add up, so a million rows become one small value that can be
/// merged across batches, groups or bootstrap blocks.
///
/// Accuracy: plain doubles suffice. With unit weights and the values Heard feeds in (0–10
/// ratings, 0/1 theme indicators) every sum and product is an integer below 2⁵³, so a million
/// rows (cross-products up to 10⁸) are summed exactly. Otherwise each addition loses at most
/// one part in 10¹⁶, so even a worst case of 10⁶ rows stays near 10⁻¹⁰ relative. The covariance
/// Σxy − ΣxΣy/W loses about log₁₀(mean²/variance) digits to cancellation: for a 0–10 rating
/// with a standard deviation of 0.1 that is 4 of the 16, far below sampling error.
public struct CrossProducts: Sendable, Hashable {
    public let variableCount: Int
    /// Sum of row weights: the number of rows when every weight is 1.
    public private(set) var count: Double = 0
    public private(set) var sums: [Double]
    /// Σ w·xᵢ·xⱼ for i ≤ j at [i·p + j]; the lower triangle stays zero (see `crossProduct`).
    private var products: [Double]

    public init(variableCount: Int) {
        precondition(variableCount > 0)
        self.variableCount = variableCount
        sums = [Double](repeating: 0, count: variableCount)
        products = [Double](repeating: 0, count: variableCount * variableCount)
    }

    /// Σ w·xᵢ·xⱼ over all rows added.
    public func crossProduct(_ i: Int, _ j: Int) -> Double {
        products[min(i, j) * variableCount + max(i, j)]
    }

    public var means: [Double] { sums.map { count > 0 ? $0 / count : .nan } }

    /// Adds one row holding a value for every variable. Zeros cost nothing.
    public mutating func add(_ row: [Double], weight: Double = 1) {
        let p = variableCount
        precondition(row.count == p, "row must hold one value per variable")
        count += weight
        products.withUnsafeMutableBufferPointer { products in
            row.withUnsafeBufferPointer { row in
                for i in 0..<p where row[i] != 0 {
                    let weighted = weight * row[i]
                    sums[i] += weighted
                    let target = products.baseAddress! + i * p
                    for j in i..<p { target[j] += weighted * row[j] }
                }
            }
        }
    }

    /// Adds one row given by its nonzero entries (distinct variable indices, any order); every
    /// other variable is zero in this row. Costs O(k²) for k entries, not O(p²), which is what
    /// makes theme indicators (one to three of a hundred set per comment) cheap.
    public mutating func add(indices: [Int], values: [Double], weight: Double = 1) {
        precondition(indices.count == values.count, "one value per index")
        let p = variableCount
        count += weight
        for a in indices.indices {
            let i = indices[a]
            let weighted = weight * values[a]
            sums[i] += weighted
            for b in indices.indices {
                let j = indices[b]
                assert(a == b || i != j, "indices must be distinct")
                if i <= j { products[i * p + j] += weighted * values[b] }
            }
        }
    }

    /// Adds another set of statistics as if each of its rows had been added `weight` times.
    public mutating func merge(_ other: CrossProducts, weight: Double = 1) {
        let p = variableCount
        precondition(other.variableCount == p, "variable counts differ")
        count += weight * other.count
        for i in 0..<p { sums[i] += weight * other.sums[i] }
        products.withUnsafeMutableBufferPointer { products in
            other.products.withUnsafeBufferPointer { source in
                // Upper triangle only: half the work, and the lower half is never read.
                for i in 0..<p {
                    let target = products.baseAddress! + i * p
                    let from = source.baseAddress! + i * p
                    for j in i..<p { target[j] += weight * from[j] }
                }
            }
        }
    }

    /// Sample covariances (denominator W − 1, i.e. weights read as frequencies), row-major
    /// p × p; nil below a total weight of 2.
    public func covarianceMatrix() -> [Double]? {
        guard count > 1 else { return nil }
        let p = variableCount
        var covariance = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in i..<p {
                let value = (products[i * p + j] - sums[i] * sums[j] / count) / (count - 1)
                covariance[i * p + j] = value
                covariance[j * p + i] = value
            }
        }
        for i in 0..<p { covariance[i * p + i] = max(0, covariance[i * p + i]) }
        return covariance
    }

    /// Whether a variable is constant, allowing for the rounding left in Σx² − (Σx)²/W: a
    /// variance below 10⁻¹⁰ of the mean square is read as zero.
    public func isConstant(_ i: Int) -> Bool {
        guard count > 0 else { return true }
        let meanSquare = products[i * variableCount + i] / count
        let mean = sums[i] / count
        let variance = meanSquare - mean * mean
        return variance <= 1e-10 * meanSquare
    }

    /// Pearson correlations, row-major p × p; nil below a total weight of 2. A constant variable
    /// has no correlation: its whole row and column, diagonal included, are 0 rather than NaN,
    /// which `RelativeWeights` reads as "leave this predictor out".
    public func correlationMatrix() -> [Double]? {
        guard var covariance = covarianceMatrix() else { return nil }
        let p = variableCount
        let inverseDeviation = (0..<p).map { i -> Double in
            isConstant(i) ? 0 : 1 / covariance[i * p + i].squareRoot()
        }
        for i in 0..<p {
            for j in 0..<p {
                covariance[i * p + j] *= inverseDeviation[i] * inverseDeviation[j]
            }
            if inverseDeviation[i] != 0 { covariance[i * p + i] = 1 }
        }
        return covariance
    }
}

/// Cross-products kept in K blocks for a block bootstrap.
///
/// The caller assigns each row to a block uniformly at random (a seeded generator keeps that
/// reproducible). Blocks are then independent, identically distributed random subsets of the
/// rows (exactly so but for the fixed total), and every covariance-based statistic is a smooth
/// function of the sum of the blocks' statistics. Resampling K blocks with replacement and
/// summing them is therefore the ordinary nonparametric bootstrap of that smooth statistic, with
/// blocks in place of rows; it needs K large enough for the bootstrap of a mean of K values
/// (a few hundred), and with few rows each row can simply be its own block. The gain: a replicate
/// costs K merges of p² numbers instead of a pass over every row.
public struct BlockedCrossProducts: Sendable, Hashable {
    public let variableCount: Int
    public private(set) var blocks: [CrossProducts]

    public init(variableCount: Int, blockCount: Int) {
        precondition(blockCount > 0)
        self.variableCount = variableCount
        blocks = Array(repeating: CrossProducts(variableCount: variableCount), count: blockCount)
    }

    public var blockCount: Int { blocks.count }

    /// A uniformly random block for the next row.
    public func randomBlock(using generator: inout some RandomNumberGenerator) -> Int {
        Int.random(in: 0..<blocks.count, using: &generator)
    }

    public mutating func add(_ row: [Double], weight: Double = 1, toBlock block: Int) {
        blocks[block].add(row, weight: weight)
    }

    public mutating func add(indices: [Int], values: [Double], weight: Double = 1, toBlock block: Int) {
        blocks[block].add(indices: indices, values: values, weight: weight)
    }

    /// All rows together.
    public var total: CrossProducts {
        var total = CrossProducts(variableCount: variableCount)
        for block in blocks { total.merge(block) }
        return total
    }

    /// One bootstrap replicate: K blocks drawn with replacement, summed.
    public func resampledTotal(using generator: inout some RandomNumberGenerator) -> CrossProducts {
        var draws = [Int](repeating: 0, count: blocks.count)
        for _ in blocks.indices { draws[Int.random(in: 0..<blocks.count, using: &generator)] += 1 }
        var total = CrossProducts(variableCount: variableCount)
        for (block, times) in zip(blocks, draws) where times > 0 {
            total.merge(block, weight: Double(times))
        }
        return total
    }
}

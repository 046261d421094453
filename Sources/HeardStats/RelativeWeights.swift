import Foundation

/// Which way a driver moves the outcome, from the sign of its multiple-regression coefficient.
public enum DriverDirection: String, Sendable, Hashable, Codable {
    case positive, negative, none
}

/// Johnson's (2000) relative weights: R² of a linear regression split among correlated
/// predictors. The predictors are replaced by their closest orthonormal counterparts
/// Z = X Rxx^(−1/2); the target is regressed on Z (β* = Λ½⁻¹ rxy, with Λ½ = V Λ^(1/2) Vᵀ =
/// Rxx^(1/2) holding the correlations between X and Z), and each predictor is credited with
/// its squared correlations to the Z's times their squared coefficients:
/// εⱼ = Σₖ Λ½ⱼₖ² β*ₖ². The εⱼ sum to R² and come close to the Shapley (dominance) split at a
/// fraction of its cost.
///
/// Predictors that are constant (a zero diagonal in the correlation matrix, as
/// `CrossProducts.correlationMatrix()` writes them, or NaN entries) get weight 0 and stay out of
/// the decomposition. When predictors are (near) collinear, Rxx is (near) singular; rounding
/// can then leave tiny negative eigenvalues, which are clamped to 0, and eigenvalues below
/// 10⁻¹⁰ of the largest are treated as 0 when inverting (a pseudo-inverse). Exact duplicates then
/// share their weight equally instead of blowing up.
public struct RelativeWeights: Sendable, Hashable {
    /// Variable indices of the predictors, in the order of every array below.
    public var predictors: [Int]
    /// εⱼ, in units of R²; 0 for left-out predictors.
    public var raw: [Double]
    /// Standardised multiple-regression coefficients β solving Rxx β = rxy (pseudo-inverse when
    /// Rxx is singular); 0 for left-out predictors.
    public var coefficients: [Double]
    /// Predictors left out because they are constant.
    public var isConstant: [Bool]
    /// Σ εⱼ: the R² of the regression of the target on all predictors.
    public var rSquared: Double

    /// Each εⱼ as a percentage of R²; all 0 when R² is 0.
    public var rescaled: [Double] {
        raw.map { rSquared > 0 ? 100 * $0 / rSquared : 0 }
    }

    public var directions: [DriverDirection] {
        coefficients.map { $0 > 0 ? .positive : $0 < 0 ? .negative : .none }
    }

    /// Relative weights of `predictors` (variable indices, all but the target when nil) for
    /// `target`, from a row-major `size` × `size` correlation matrix over all variables. nil when
    /// the target is constant (its diagonal is not 1), for then there is nothing to explain.
    public init?(correlations: [Double], size: Int, target: Int, predictors: [Int]? = nil) {
        precondition(correlations.count == size * size, "correlations must hold size × size values")
        precondition(target >= 0 && target < size, "target out of range")
        let predictors = predictors ?? (0..<size).filter { $0 != target }
        precondition(!predictors.contains(target), "the target cannot also be a predictor")
        func entry(_ i: Int, _ j: Int) -> Double { correlations[i * size + j] }
        func isUsable(_ i: Int) -> Bool {
            entry(i, i) > 0.5 && (0..<size).allSatisfy { entry(i, $0).isFinite }
        }
        guard isUsable(target) else { return nil }
        self.predictors = predictors
        isConstant = predictors.map { !isUsable($0) }
        raw = Array(repeating: 0, count: predictors.count)
        coefficients = Array(repeating: 0, count: predictors.count)
        rSquared = 0

        let kept = predictors.indices.filter { !isConstant[$0] }
        let q = kept.count
        guard q > 0 else { return }
        var rxx = [Double](repeating: 0, count: q * q)
        var rxy = [Double](repeating: 0, count: q)
        for (a, i) in kept.enumerated() {
            rxy[a] = entry(predictors[i], target)
            for (b, j) in kept.enumerated() {
                rxx[a * q + b] = a == b ? 1 : entry(predictors[i], predictors[j])
            }
        }
        let weights = Self.johnson(rxx: rxx, rxy: rxy, size: q)
        for (a, i) in kept.enumerated() {
            raw[i] = weights.raw[a]
            coefficients[i] = weights.coefficients[a]
        }
        rSquared = weights.raw.reduce(0, +)
    }

    /// The decomposition itself, on the predictors that vary.
    private static func johnson(rxx: [Double], rxy: [Double], size q: Int) -> (raw: [Double], coefficients: [Double]) {
        let eigen = SymmetricEigen(symmetric: rxx, size: q)
        let largest = max(eigen.values.last ?? 0, 0)
        let negligible = 1e-10 * largest
        var roots = [Double](repeating: 0, count: q)
        var inverseRoots = [Double](repeating: 0, count: q)
        var inverses = [Double](repeating: 0, count: q)
        for k in 0..<q {
            let value = max(eigen.values[k], 0)
            roots[k] = value.squareRoot()
            if value > negligible {
                inverseRoots[k] = 1 / roots[k]
                inverses[k] = 1 / value
            }
        }
        // β* = V Λ^(−1/2) Vᵀ rxy and β = V Λ^(−1) Vᵀ rxy, both through the projections Vᵀ rxy.
        var orthogonalWeights = [Double](repeating: 0, count: q)
        var coefficients = [Double](repeating: 0, count: q)
        var halfRoot = [Double](repeating: 0, count: q * q)
        eigen.vectors.withUnsafeBufferPointer { vectors in
            for k in 0..<q {
                let vector = vectors.baseAddress! + k * q
                var projection = 0.0
                for i in 0..<q { projection += vector[i] * rxy[i] }
                for i in 0..<q {
                    orthogonalWeights[i] += vector[i] * inverseRoots[k] * projection
                    coefficients[i] += vector[i] * inverses[k] * projection
                }
            }
            // Λ½ = Σₖ √λₖ vₖ vₖᵀ, upper triangle, as rank-one updates over contiguous rows.
            halfRoot.withUnsafeMutableBufferPointer { halfRoot in
                for k in 0..<q where roots[k] > 0 {
                    let vector = vectors.baseAddress! + k * q
                    for i in 0..<q {
                        let scaled = roots[k] * vector[i]
                        let row = halfRoot.baseAddress! + i * q
                        for j in i..<q { row[j] += scaled * vector[j] }
                    }
                }
            }
        }
        var raw = [Double](repeating: 0, count: q)
        let squaredWeights = orthogonalWeights.map { $0 * $0 }
        for i in 0..<q {
            let squared = halfRoot[i * q + i] * halfRoot[i * q + i]
            raw[i] += squared * squaredWeights[i]
            for j in (i + 1)..<q {
                let squared = halfRoot[i * q + j] * halfRoot[i * q + j]
                raw[i] += squared * squaredWeights[j]
                raw[j] += squared * squaredWeights[i]
            }
        }
        return (raw, coefficients)
    }
}

extension RelativeWeights {
    /// Relative weights straight from sufficient statistics; nil when there are fewer than two
    /// rows or the target is constant.
    public init?(_ statistics: CrossProducts, target: Int, predictors: [Int]? = nil) {
        guard let correlations = statistics.correlationMatrix() else { return nil }
        self.init(correlations: correlations, size: statistics.variableCount, target: target, predictors: predictors)
    }
}

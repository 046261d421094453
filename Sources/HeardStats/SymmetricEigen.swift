import Foundation

/// Eigen-decomposition A = V Λ Vᵀ of a real symmetric matrix: Householder reduction to a
/// tridiagonal matrix, then the implicit QL algorithm with Wilkinson shifts (the EISPACK
/// tred2/tql2 route). Both steps are orthogonal transformations, so the eigenvectors come out
/// orthonormal to rounding error even when eigenvalues repeat.
///
/// Key-driver bootstraps decompose a ~100×100 correlation matrix hundreds of times, so the
/// inner loops run over contiguous memory: eigenvectors are kept as rows, which turns every
/// Givens rotation of QL into a pass over two adjacent rows.
public struct SymmetricEigen: Sendable, Hashable {
    public let size: Int
    /// Eigenvalues in ascending order, as `numpy.linalg.eigh` and LAPACK report them.
    public let values: [Double]
    /// Unit eigenvectors, one per row: `vectors[k * size + i]` is component i of the
    /// eigenvector of `values[k]`. In A = V Λ Vᵀ this is Vᵀ, row-major. Each vector's sign is
    /// arbitrary.
    public let vectors: [Double]

    /// `matrix` is row-major, `size` × `size`, and must be symmetric; only its upper triangle
    /// is read.
    public init(symmetric matrix: [Double], size n: Int) {
        precondition(n >= 0 && matrix.count == n * n, "matrix must hold size × size values")
        size = n
        guard n > 0 else {
            values = []
            vectors = []
            return
        }
        var work = matrix
        for i in 0..<n {
            for j in 0..<i { work[i * n + j] = work[j * n + i] }
        }
        var diagonal = [Double](repeating: 0, count: n)
        var offDiagonal = [Double](repeating: 0, count: n)
        var rotations = [Double](repeating: 0, count: n * n)
        work.withUnsafeMutableBufferPointer { a in
            rotations.withUnsafeMutableBufferPointer { q in
                Self.tridiagonalize(a, n: n, diagonal: &diagonal, offDiagonal: &offDiagonal, transformTransposed: q)
                Self.diagonalize(n: n, diagonal: &diagonal, offDiagonal: &offDiagonal, vectorRows: q)
            }
        }
        Self.sortAscending(n: n, values: &diagonal, vectorRows: &rotations)
        values = diagonal
        vectors = rotations
    }

    /// The eigenvector of `values[k]`.
    public func vector(_ k: Int) -> [Double] {
        Array(vectors[(k * size)..<((k + 1) * size)])
    }

    /// Householder reduction: T = Qᵀ A Q with Q = H₀ H₁ … H₍ₙ₋₃₎, each Hₖ = I − βₖ vₖ vₖᵀ zeroing
    /// row (and column) k beyond the first off-diagonal entry. On return `transformTransposed`
    /// holds Qᵀ row-major, so its rows are the columns of Q: exactly the layout in which QL
    /// rotates eigenvector rows. `a` is destroyed; row k beyond the diagonal keeps vₖ.
    private static func tridiagonalize(
        _ a: UnsafeMutableBufferPointer<Double>, n: Int,
        diagonal: inout [Double], offDiagonal: inout [Double],
        transformTransposed q: UnsafeMutableBufferPointer<Double>
    ) {
        var betas = [Double](repeating: 0, count: n)
        var p = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        if n >= 3 {
            for k in 0..<(n - 2) {
                let first = k + 1
                let v = a.baseAddress! + k * n  // row k; v[first..<n] is the column below the diagonal
                var scale = 0.0
                for i in first..<n { scale = max(scale, abs(v[i])) }
                diagonal[k] = v[k]
                guard scale > 0 else {
                    // Already tridiagonal here: the identity reflection.
                    offDiagonal[k] = 0
                    betas[k] = 0
                    continue
                }
                // Scaling keeps the sum of squares clear of overflow and underflow.
                var sumOfSquares = 0.0
                for i in first..<n {
                    let scaled = v[i] / scale
                    sumOfSquares += scaled * scaled
                }
                let norm = scale * sumOfSquares.squareRoot()
                // α takes the sign opposite to x₀ so that x₀ − α does not cancel.
                let alpha = v[first] > 0 ? -norm : norm
                v[first] -= alpha
                var vNormSquared = 0.0
                for i in first..<n { vNormSquared += v[i] * v[i] }
                let beta = 2 / vNormSquared
                betas[k] = beta
                offDiagonal[k] = alpha
                // B ← H B H on the trailing block B = a[first..., first...], as the rank-two
                // update B − v wᵀ − w vᵀ with p = β B v and w = p − (β pᵀv / 2) v.
                var pDotV = 0.0
                for i in first..<n {
                    let row = a.baseAddress! + i * n
                    var sum = 0.0
                    for j in first..<n { sum += row[j] * v[j] }
                    p[i] = beta * sum
                    pDotV += p[i] * v[i]
                }
                let half = beta * pDotV / 2
                for i in first..<n { w[i] = p[i] - half * v[i] }
                w.withUnsafeBufferPointer { w in
                    for i in first..<n {
                        let row = a.baseAddress! + i * n
                        let vi = v[i], wi = w[i]
                        for j in first..<n { row[j] -= vi * w[j] + wi * v[j] }
                    }
                }
            }
        }
        if n >= 2 {
            diagonal[n - 2] = a[(n - 2) * n + n - 2]
            offDiagonal[n - 2] = a[(n - 2) * n + n - 1]
        }
        diagonal[n - 1] = a[(n - 1) * n + n - 1]
        offDiagonal[n - 1] = 0

        // Q = H₀ (H₁ (… (H₍ₙ₋₃₎ I))), built backwards because Hₖ only touches rows and columns
        // after k, where the partial product is still the identity everywhere else.
        for i in 0..<n { q[i * n + i] = 1 }
        if n >= 3 {
            var u = [Double](repeating: 0, count: n)
            for k in stride(from: n - 3, through: 0, by: -1) where betas[k] != 0 {
                let first = k + 1
                let v = a.baseAddress! + k * n
                for j in first..<n { u[j] = 0 }
                for i in first..<n {
                    let row = q.baseAddress! + i * n
                    let vi = v[i]
                    for j in first..<n { u[j] += vi * row[j] }
                }
                let beta = betas[k]
                u.withUnsafeBufferPointer { u in
                    for i in first..<n {
                        let row = q.baseAddress! + i * n
                        let scaled = beta * v[i]
                        for j in first..<n { row[j] -= scaled * u[j] }
                    }
                }
            }
        }
        // Transpose in place: rows of Qᵀ are the columns of Q.
        for i in 0..<n {
            for j in (i + 1)..<n {
                let upper = q[i * n + j]
                q[i * n + j] = q[j * n + i]
                q[j * n + i] = upper
            }
        }
    }

    /// Implicit QL with shifts on the tridiagonal matrix (diagonal d, off-diagonal e with e[i]
    /// coupling i and i + 1). Each sweep chases a bulge up from the bottom of the unreduced block
    /// with Givens rotations, which are applied to the rows of `vectorRows` as they happen.
    private static func diagonalize(
        n: Int, diagonal d: inout [Double], offDiagonal e: inout [Double],
        vectorRows z: UnsafeMutableBufferPointer<Double>
    ) {
        for l in 0..<n {
            var iterations = 0
            while true {
                // The first negligible off-diagonal entry at or after l splits the matrix.
                var m = l
                while m < n - 1 {
                    let scale = abs(d[m]) + abs(d[m + 1])
                    if abs(e[m]) <= Double.ulpOfOne * scale { break }
                    m += 1
                }
                if m == l { break }
                iterations += 1
                // 30 sweeps per eigenvalue is far beyond what converging input needs (typically
                // under two); stopping keeps NaN input from looping forever.
                if iterations > 30 { e[l] = 0; break }
                // Wilkinson shift: the eigenvalue of the leading 2×2 block nearer d[l].
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = (g * g + 1).squareRoot()
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var underflowed = false
                while i >= l {
                    let f = s * e[i]
                    let b = c * e[i]
                    r = hypot(f, g)
                    e[i + 1] = r
                    if r == 0 {
                        // The bulge vanished: deflate and start the sweep again.
                        d[i + 1] -= p
                        e[m] = 0
                        underflowed = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    let lower = z.baseAddress! + i * n
                    let upper = lower + n
                    for k in 0..<n {
                        let f = upper[k]
                        upper[k] = s * lower[k] + c * f
                        lower[k] = c * lower[k] - s * f
                    }
                    i -= 1
                }
                if underflowed { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
    }

    private static func sortAscending(n: Int, values: inout [Double], vectorRows: inout [Double]) {
        for i in 0..<n {
            var smallest = i
            for j in (i + 1)..<n where values[j] < values[smallest] { smallest = j }
            guard smallest != i else { continue }
            values.swapAt(i, smallest)
            for k in 0..<n { vectorRows.swapAt(i * n + k, smallest * n + k) }
        }
    }
}

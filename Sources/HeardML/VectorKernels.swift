/// The element-wise parts of the encoder, vectorised: LayerNorm, GELU, softmax, bias and residual
/// adds. Each works in place on rows of a row-major matrix. 8 lanes match one AVX2 register
/// (the target this module is compiled for); widths that are not a multiple of 8 finish in scalar code.
enum VectorKernels {
    typealias Vector = SIMD8<Float>
    static let lanes = Vector.scalarCount

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }

    /// Each row := (row − mean) / √(variance + ε) · γ + β, with the mean and variance of that row.
    static func layerNorm(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int,
                          gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float) {
        let vectorWidth = width - width % lanes
        for row in 0..<rowCount {
            let x = rows + row * width
            var sum = Vector()
            var index = 0
            while index < vectorWidth { sum += load(x + index); index += lanes }
            var total = sum.sum()
            for tail in vectorWidth..<width { total += x[tail] }
            let mean = total / Float(width)
            // Two passes (mean, then squared deviations) keep the variance accurate for rows with a large mean.
            var squares = Vector()
            index = 0
            while index < vectorWidth {
                let deviation = load(x + index) - mean
                squares.addProduct(deviation, deviation)
                index += lanes
            }
            var squareTotal = squares.sum()
            for tail in vectorWidth..<width { squareTotal += (x[tail] - mean) * (x[tail] - mean) }
            let inverse = 1 / (squareTotal / Float(width) + epsilon).squareRoot()
            index = 0
            while index < vectorWidth {
                let scaled = (load(x + index) - mean) * inverse
                store(scaled * load(gamma + index) + load(beta + index), x + index)
                index += lanes
            }
            for tail in vectorWidth..<width { x[tail] = (x[tail] - mean) * inverse * gamma[tail] + beta[tail] }
        }
    }

    /// x := x · Φ(x) = x/2 · (1 + erf(x/√2)), the exact GELU that Hugging Face's BERT uses.
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let vectorCount = count - count % lanes
        var index = 0
        while index < vectorCount {
            let x = load(values + index)
            store(0.5 * x * (1 + erf(x * 0.707_106_77)), values + index)
            index += lanes
        }
        for tail in vectorCount..<count {
            let x = values[tail]
            values[tail] = 0.5 * x * (1 + erf(Vector(repeating: x * 0.707_106_77))[0])
        }
    }

    /// Each row of `width` values (rows `stride` apart) := softmax(row).
    static func softmax(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int) {
        let vectorWidth = width - width % lanes
        for row in 0..<rowCount {
            let x = rows + row * stride
            var largest = -Float.infinity
            for index in 0..<width { largest = max(largest, x[index]) }
            var sum = Vector()
            var index = 0
            while index < vectorWidth {
                let e = exp(load(x + index) - largest)
                store(e, x + index)
                sum += e
                index += lanes
            }
            var total = sum.sum()
            if vectorWidth < width {
                var rest = Vector(repeating: -Float.infinity)
                for tail in vectorWidth..<width { rest[tail - vectorWidth] = x[tail] - largest }
                let e = exp(rest)
                for tail in vectorWidth..<width { x[tail] = e[tail - vectorWidth]; total += e[tail - vectorWidth] }
            }
            let inverse = 1 / total
            index = 0
            while index < vectorWidth { store(load(x + index) * inverse, x + index); index += lanes }
            for tail in vectorWidth..<width { x[tail] *= inverse }
        }
    }

    /// Each row := row + bias (the bias of the product that BLAS will add on top with β = 1).
    static func addBias(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, bias: UnsafePointer<Float>) {
        let vectorWidth = width - width % lanes
        for row in 0..<rowCount {
            let x = rows + row * width
            var index = 0
            while index < vectorWidth { store(load(x + index) + load(bias + index), x + index); index += lanes }
            for tail in vectorWidth..<width { x[tail] += bias[tail] }
        }
    }

    /// Each row := bias.
    static func fillWithBias(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, bias: UnsafePointer<Float>) {
        for row in 0..<rowCount { (rows + row * width).update(from: bias, count: width) }
    }

    /// Written with comparisons because the standard library's `clamped` is not inlined here,
    /// which cost more than the polynomials it guards.
    @inline(__always)
    static func clamp(_ x: Vector, _ lower: Float, _ upper: Float) -> Vector {
        x.replacing(with: lower, where: x .< lower).replacing(with: upper, where: x .> upper)
    }

    /// c + a·b in one fused multiply-add per lane (Swift does not contract `a * b + c` by itself).
    @inline(__always)
    static func fma(_ a: Vector, _ b: Vector, _ c: Float) -> Vector {
        Vector(repeating: c).addingProduct(a, b)
    }

    /// e^x for each lane: Cephes' expf (range reduction by ln 2, degree-5 polynomial), about 1 ulp.
    /// Lanes below −87.3 (including −∞) give 0.
    @inline(__always)
    static func exp(_ input: Vector) -> Vector {
        let x = clamp(input, -87.3, 88.7)
        // Adding 1.5·2²³ rounds x·log₂e to the nearest integer n and leaves n in the low mantissa bits.
        let shifted = fma(x, Vector(repeating: 1.442_695_04), 12_582_912)
        let n = shifted - 12_582_912
        let r = x.addingProduct(n, Vector(repeating: -0.693_359_375)).addingProduct(n, Vector(repeating: 2.121_944_4e-4))
        var p = fma(Vector(repeating: 1.987_569_15e-4), r, 1.398_199_95e-3)
        p = fma(p, r, 8.333_451_9e-3)
        p = fma(p, r, 4.166_579_59e-2)
        p = fma(p, r, 1.666_666_55e-1)
        p = fma(p, r, 5.000_000_12e-1)
        let y = (r + 1).addingProduct(p, r * r)
        let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((exponent &+ 127) &<< 23, to: Vector.self)
        return (y * scale).replacing(with: 0, where: input .< -87.3)
    }

    /// erf for each lane: the rational approximation Eigen and XLA use for float
    /// (odd degree-13 numerator over even degree-8 denominator on [−4, 4], where erf reaches ±1 in float).
    @inline(__always)
    static func erf(_ input: Vector) -> Vector {
        let x = clamp(input, -4, 4)
        let x2 = x * x
        var p = fma(Vector(repeating: -2.726_142_25e-10), x2, 2.770_681_42e-08)
        p = fma(p, x2, -2.101_024_02e-06)
        p = fma(p, x2, -5.692_506_39e-05)
        p = fma(p, x2, -7.349_906_30e-04)
        p = fma(p, x2, -2.954_599_80e-03)
        p = fma(p, x2, -1.609_603_33e-02)
        p *= x
        var q = fma(Vector(repeating: -1.456_607_18e-05), x2, -2.133_740_55e-04)
        q = fma(q, x2, -1.682_826_97e-03)
        q = fma(q, x2, -7.373_329_17e-03)
        q = fma(q, x2, -1.426_473_90e-02)
        return p / q
    }
}

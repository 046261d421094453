/// The single-precision matrix-product speed this machine reaches through BLAS, measured on a
/// product shaped like the encoder's feed-forward layer, as the yardstick for the encoder's
/// achieved GFLOP/s.
public enum MatrixProductPeak {
    /// GFLOP/s of the best of `rounds` timed rounds of C (rows×outputs) = A (rows×inputs) · Bᵀ.
    public static func measure(rows: Int = 2048, inputs: Int = 384, outputs: Int = 1536,
                               rounds: Int = 5, secondsPerRound: Double = 0.4) -> Double {
        // Any values do; these avoid denormals and zeros (which some kernels may shortcut).
        let a = (0..<rows * inputs).map { Float($0 % 97) / 97 - 0.5 }
        let b = (0..<outputs * inputs).map { Float($0 % 89) / 89 - 0.5 }
        var c = [Float](repeating: 0, count: rows * outputs)
        let flops = 2.0 * Double(rows) * Double(inputs) * Double(outputs)
        let clock = ContinuousClock()
        var best = 0.0
        for _ in 0..<rounds {
            var products = 0
            let started = clock.now
            var elapsed = 0.0
            repeat {
                c.withUnsafeMutableBufferPointer { out in
                    BLAS.multiplyByTransposed(m: rows, n: outputs, k: inputs, a: a, lda: inputs, b: b, ldb: inputs,
                                              beta: 0, c: out.baseAddress!, ldc: outputs)
                }
                products += 1
                elapsed = (clock.now - started).seconds
            } while elapsed < secondsPerRound
            best = max(best, flops * Double(products) / elapsed / 1e9)
        }
        return best
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

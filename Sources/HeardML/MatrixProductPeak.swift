import Dispatch
import Foundation

/// The single-precision matrix-product speed this machine reaches through BLAS, measured on a
/// product shaped like the encoder's feed-forward layer, as the yardstick for the encoder's
/// achieved GFLOP/s.
public enum MatrixProductPeak {
    /// GFLOP/s of C (rows×outputs) = A (rows×inputs) · Bᵀ, summed over `concurrent` threads
    /// multiplying at the same time (as the encoder's workers do); the best of `rounds` rounds.
    public static func measure(rows: Int = 2048, inputs: Int = 384, outputs: Int = 1536, concurrent: Int = 1,
                               rounds: Int = 3, secondsPerRound: Double = 0.5) -> Double {
        // Any values do; these avoid denormals and zeros (which some kernels may shortcut).
        let a = (0..<rows * inputs).map { Float($0 % 97) / 97 - 0.5 }
        let b = (0..<outputs * inputs).map { Float($0 % 89) / 89 - 0.5 }
        let flops = 2.0 * Double(rows) * Double(inputs) * Double(outputs)
        let threads = max(1, concurrent)
        var best = 0.0
        for _ in 0..<rounds {
            let rates = RateTally()
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                var c = [Float](repeating: 0, count: rows * outputs)
                let clock = ContinuousClock()
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
                rates.add(flops * Double(products) / elapsed / 1e9)
            }
            best = max(best, rates.total)
        }
        return best
    }
}

private final class RateTally: @unchecked Sendable {
    private let lock = NSLock()
    private var sum = 0.0

    func add(_ rate: Double) { lock.withLock { sum += rate } }
    var total: Double { lock.withLock { sum } }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

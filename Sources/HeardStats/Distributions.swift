import Foundation

/// The few distribution functions Heard's tests and intervals need. Written out here because
/// Foundation has `erfc` and `lgamma` but no Student t.
public enum Distributions {
    /// Standard normal cumulative distribution.
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// Two-sided p-value of a standard normal statistic.
    public static func normalTwoSidedP(_ z: Double) -> Double {
        guard z.isFinite else { return z.isNaN ? .nan : 0 }
        return erfc(abs(z) / 2.0.squareRoot())
    }

    /// Two-sided p-value of a Student t statistic with `df` degrees of freedom:
    /// P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2).
    public static func studentTTwoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        guard df > 0, t.isFinite else { return t.isNaN || df <= 0 ? .nan : 0 }
        return regularizedIncompleteBeta(x: df / (df + t * t), a: df / 2, b: 0.5)
    }

    /// Student t cumulative distribution.
    public static func studentTCDF(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let tail = studentTTwoSidedP(t, degreesOfFreedom: df) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// The t value with `probability` of the distribution below it, found by bisection on the
    /// CDF (monotone, so 200 halvings pin it to machine precision).
    public static func studentTQuantile(_ probability: Double, degreesOfFreedom df: Double) -> Double {
        precondition(probability > 0 && probability < 1, "probability must be in (0, 1)")
        if probability == 0.5 { return 0 }
        if probability < 0.5 { return -studentTQuantile(1 - probability, degreesOfFreedom: df) }
        var low = 0.0
        var high = 1.0
        while studentTCDF(high, degreesOfFreedom: df) < probability { high *= 2 }
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if studentTCDF(mid, degreesOfFreedom: df) < probability { low = mid } else { high = mid }
            let width = high - low
            if width < 1e-13 * max(1.0, high) { break }
        }
        return (low + high) / 2
    }

    /// Regularised incomplete beta I_x(a, b), by the continued fraction with modified Lentz
    /// iteration, using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where it converges faster.
    public static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logGammas + logPowers
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...500 {
            let m = Double(m)
            let evenStep = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + evenStep * d
            if abs(d) < tiny { d = tiny }
            c = 1 + evenStep / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let oddStep = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + oddStep * d
            if abs(d) < tiny { d = tiny }
            c = 1 + oddStep / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }
}

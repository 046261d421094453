import Foundation
import HeardModel

/// The outcome of comparing two groups on one metric.
public struct Comparison: Sendable, Hashable, Codable {
    /// First minus second, in the metric's own unit (NPS points, CSAT percentage points, CES points).
    public var difference: Double
    /// 95% interval of the difference.
    public var low: Double
    public var high: Double
    public var statistic: Double
    public var pValue: Double

    public func isSignificant(alpha: Double = 0.05) -> Bool { pValue.isFinite && pValue < alpha }
}

/// Two-group tests on the metrics Heard reports. Each returns nil when either side has too
/// few answers for the test to mean anything, which callers show as "no test", not as "no change".
public enum SignificanceTests {
    /// Difference of two NPS values. The standard error combines the adjusted-Wald variances of
    /// each side (Rocks 2016), so it behaves at small n and at extreme scores; the z statistic
    /// is the raw difference over that standard error.
    public static func nps(_ a: NPS, _ b: NPS) -> Comparison? {
        guard a.n >= 1, b.n >= 1, let scoreA = a.score, let scoreB = b.score else { return nil }
        let adjustedA = a.adjusted, adjustedB = b.adjusted
        let standardError = 100 * (adjustedA.variance + adjustedB.variance).squareRoot()
        let difference = scoreA - scoreB
        let adjustedDifference = 100 * ((adjustedA.promoters - adjustedA.detractors) - (adjustedB.promoters - adjustedB.detractors))
        let z = difference / standardError
        return Comparison(
            difference: difference,
            low: adjustedDifference - z95 * standardError,
            high: adjustedDifference + z95 * standardError,
            statistic: z,
            pValue: Distributions.normalTwoSidedP(z)
        )
    }

    /// Two-proportion z test with the pooled standard error for the statistic and the unpooled
    /// one for the interval (the usual pairing). Differences are in percentage points.
    public static func proportions(_ a: Proportion, _ b: Proportion) -> Comparison? {
        guard a.n >= 1, b.n >= 1, let pa = a.value, let pb = b.value else { return nil }
        let pooled = Double(a.successes + b.successes) / Double(a.n + b.n)
        let pooledSE = (pooled * (1 - pooled) * (1 / Double(a.n) + 1 / Double(b.n))).squareRoot()
        let unpooledSE = (pa * (1 - pa) / Double(a.n) + pb * (1 - pb) / Double(b.n)).squareRoot()
        let difference = pa - pb
        let z: Double = pooledSE > 0 ? difference / pooledSE : (difference == 0 ? 0 : .infinity)
        return Comparison(
            difference: 100 * difference,
            low: 100 * (difference - z95 * unpooledSE),
            high: 100 * (difference + z95 * unpooledSE),
            statistic: z,
            pValue: Distributions.normalTwoSidedP(z)
        )
    }

    /// Welch's t test for two means (no equal-variance assumption), with Welch–Satterthwaite
    /// degrees of freedom.
    public static func means(_ a: Mean, _ b: Mean) -> Comparison? {
        guard let ma = a.value, let mb = b.value, let va = a.variance, let vb = b.variance else { return nil }
        let sa = va / Double(a.n), sb = vb / Double(b.n)
        let standardError = (sa + sb).squareRoot()
        let difference = ma - mb
        guard standardError > 0 else {
            return Comparison(difference: difference, low: difference, high: difference,
                              statistic: difference == 0 ? 0 : .infinity, pValue: difference == 0 ? 1 : 0)
        }
        let df = (sa + sb) * (sa + sb) / (sa * sa / Double(a.n - 1) + sb * sb / Double(b.n - 1))
        let t = difference / standardError
        let critical = Distributions.studentTQuantile(0.975, degreesOfFreedom: df)
        return Comparison(
            difference: difference,
            low: difference - critical * standardError,
            high: difference + critical * standardError,
            statistic: t,
            pValue: Distributions.studentTTwoSidedP(t, degreesOfFreedom: df)
        )
    }
}

/// All metric comparisons between two tallies (a period and the one before, or a group and
/// the rest of the same period).
public struct TallyComparison: Sendable, Hashable {
    public var nps: Comparison?
    public var csat: Comparison?
    public var ces: Comparison?
    public var stars: Comparison?

    public init(_ a: ScoreTally, versus b: ScoreTally) {
        nps = SignificanceTests.nps(NPS(a), NPS(b))
        csat = SignificanceTests.proportions(
            Proportion(successes: a.csatSatisfied, n: a.csatCount),
            Proportion(successes: b.csatSatisfied, n: b.csatCount))
        ces = SignificanceTests.means(
            Mean(n: a.cesCount, sum: Double(a.cesSum), sumOfSquares: Double(a.cesSumOfSquares)),
            Mean(n: b.cesCount, sum: Double(b.cesSum), sumOfSquares: Double(b.cesSumOfSquares)))
        stars = SignificanceTests.means(
            Mean(n: a.starsCount, sum: Double(a.starsSum), sumOfSquares: Double(a.starsSumOfSquares)),
            Mean(n: b.starsCount, sum: Double(b.starsSum), sumOfSquares: Double(b.starsSumOfSquares)))
    }
}

import Foundation
import HeardModel

/// z for a two-sided 95% interval.
public let z95 = 1.959963984540054

/// A point estimate with its 95% interval and the number of answers behind it.
public struct Estimate: Sendable, Hashable, Codable {
    public var value: Double
    public var low: Double
    public var high: Double
    public var n: Int

    public init(value: Double, low: Double, high: Double, n: Int) {
        self.value = value
        self.low = low
        self.high = high
        self.n = n
    }
}

/// Net Promoter Score from a tally: raw 100·(p − d) with the adjusted-Wald interval of
/// Rocks (2016): n' = n + 3, p' = (P + ¾)/n', d' = (D + ¾)/n',
/// 100·[(p' − d') ± z·√((p' + d' − (p' − d')²)/n')]. The interval is centred on the adjusted
/// value, so it can sit slightly off the raw score; that is what makes it honest at small n.
public struct NPS: Sendable, Hashable {
    public var n: Int
    public var promoters: Int
    public var detractors: Int

    public init(n: Int, promoters: Int, detractors: Int) {
        precondition(promoters >= 0 && detractors >= 0 && promoters + detractors <= n)
        self.n = n
        self.promoters = promoters
        self.detractors = detractors
    }

    public init(_ tally: ScoreTally) {
        self.init(n: tally.npsCount, promoters: tally.promoters, detractors: tally.detractors)
    }

    public var passives: Int { n - promoters - detractors }

    /// nil when nobody answered.
    public var score: Double? {
        n == 0 ? nil : 100 * Double(promoters - detractors) / Double(n)
    }

    /// Adjusted proportions and the variance of their difference (per answer, unscaled).
    var adjusted: (promoters: Double, detractors: Double, variance: Double, n: Double) {
        let nAdjusted = Double(n) + 3
        let p = (Double(promoters) + 0.75) / nAdjusted
        let d = (Double(detractors) + 0.75) / nAdjusted
        let variance = (p + d - (p - d) * (p - d)) / nAdjusted
        return (p, d, variance, nAdjusted)
    }

    public var interval: (low: Double, high: Double)? {
        guard n > 0 else { return nil }
        let a = adjusted
        let centre = a.promoters - a.detractors
        let half = z95 * a.variance.squareRoot()
        return (100 * max(-1, centre - half), 100 * min(1, centre + half))
    }

    public var estimate: Estimate? {
        guard let score, let interval else { return nil }
        return Estimate(value: score, low: interval.low, high: interval.high, n: n)
    }
}

/// Share of a yes/no outcome with the Wilson score interval, which stays inside [0, 1] and
/// keeps its coverage near 0% and 100%, where the textbook Wald interval fails.
public struct Proportion: Sendable, Hashable {
    public var successes: Int
    public var n: Int

    public init(successes: Int, n: Int) {
        precondition(successes >= 0 && successes <= n)
        self.successes = successes
        self.n = n
    }

    public var value: Double? { n == 0 ? nil : Double(successes) / Double(n) }

    public var wilson: (low: Double, high: Double)? {
        guard n > 0 else { return nil }
        let nn = Double(n)
        let p = Double(successes) / nn
        let z2 = z95 * z95
        let denominator = 1 + z2 / nn
        let centre = (p + z2 / (2 * nn)) / denominator
        let half = z95 * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denominator
        return (max(0, centre - half), min(1, centre + half))
    }

    /// As a percentage estimate.
    public var percentEstimate: Estimate? {
        guard let value, let wilson else { return nil }
        return Estimate(value: 100 * value, low: 100 * wilson.low, high: 100 * wilson.high, n: n)
    }
}

/// A mean from count, sum and sum of squares, with the Student t interval.
public struct Mean: Sendable, Hashable {
    public var n: Int
    public var sum: Double
    public var sumOfSquares: Double

    public init(n: Int, sum: Double, sumOfSquares: Double) {
        self.n = n
        self.sum = sum
        self.sumOfSquares = sumOfSquares
    }

    public init(_ values: [Double]) {
        self.init(n: values.count, sum: values.reduce(0, +), sumOfSquares: values.reduce(0) { $0 + $1 * $1 })
    }

    public var value: Double? { n == 0 ? nil : sum / Double(n) }

    /// Sample variance (n − 1 in the denominator); nil below two answers.
    public var variance: Double? {
        guard n >= 2 else { return nil }
        let nn = Double(n)
        return max(0, (sumOfSquares - sum * sum / nn) / (nn - 1))
    }

    public var standardError: Double? { variance.map { ($0 / Double(n)).squareRoot() } }

    /// nil below two answers: one answer says nothing about spread.
    public var interval: (low: Double, high: Double)? {
        guard let value, let standardError else { return nil }
        let t = Distributions.studentTQuantile(0.975, degreesOfFreedom: Double(n - 1))
        return (value - t * standardError, value + t * standardError)
    }

    public var estimate: Estimate? {
        guard let value else { return nil }
        let interval = interval ?? (value, value)
        return Estimate(value: value, low: interval.low, high: interval.high, n: n)
    }
}

/// Every metric Heard reports for one group, computed from its tally.
public struct ScoreSummary: Sendable, Hashable {
    /// A mean cannot leave its scale, so neither may its interval; at n = 2 the t interval
    /// easily would (CES 4.0 [−8.7, 16.7]).
    static func clamped(_ estimate: Estimate, to range: ClosedRange<Int>) -> Estimate {
        var out = estimate
        out.low = max(Double(range.lowerBound), estimate.low)
        out.high = min(Double(range.upperBound), estimate.high)
        return out
    }

    public var feedback: Int
    public var nps: Estimate?
    public var npsBreakdown: NPS
    public var csat: Estimate?
    public var ces: Estimate?
    /// Share of CES answers 5–7, in percent.
    public var cesAgree: Estimate?
    public var stars: Estimate?

    public init(_ tally: ScoreTally) {
        feedback = tally.feedback
        npsBreakdown = NPS(tally)
        nps = npsBreakdown.estimate
        csat = Proportion(successes: tally.csatSatisfied, n: tally.csatCount).percentEstimate
        let cesMean = Mean(n: tally.cesCount, sum: Double(tally.cesSum), sumOfSquares: Double(tally.cesSumOfSquares))
        ces = cesMean.estimate.map { Self.clamped($0, to: ScoreScale.ces.range) }
        cesAgree = Proportion(successes: tally.cesAgree, n: tally.cesCount).percentEstimate
        stars = Mean(n: tally.starsCount, sum: Double(tally.starsSum), sumOfSquares: Double(tally.starsSumOfSquares)).estimate
            .map { Self.clamped($0, to: ScoreScale.stars.range) }
    }
}

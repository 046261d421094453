import Foundation

/// A Pearson correlation with its two-sided p-value and Fisher-z 95% interval.
public struct Correlation: Sendable, Hashable, Codable {
    public var r: Double
    /// Pairs behind it.
    public var n: Int
    /// Degrees of freedom of the t test: n − 2, less one per variable partialled out.
    public var degreesOfFreedom: Int
    public var pValue: Double
    public var low: Double
    public var high: Double

    public func isSignificant(alpha: Double = 0.05) -> Bool { pValue.isFinite && pValue < alpha }

    /// Pearson's r of two equally long series. nil below 4 pairs (the Fisher interval needs
    /// n − 3 > 0) or when either series is constant: not testable, which is not "no relation".
    public init?(_ x: [Double], _ y: [Double]) {
        precondition(x.count == y.count, "x and y must pair up")
        let n = Double(x.count)
        guard x.count >= 4 else { return nil }
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - meanX) * (b - meanY)
            sxx += (a - meanX) * (a - meanX)
            syy += (b - meanY) * (b - meanY)
        }
        self.init(sxy: sxy, sxx: sxx, syy: syy, n: x.count, partialledOut: 0)
    }

    /// From centred sums of products. `partialledOut` counts variables already removed from both
    /// series (group means, say): each costs the t test and the Fisher interval one degree of
    /// freedom, as for a partial correlation. nil when too few pairs remain or a series is constant.
    public init?(sxy: Double, sxx: Double, syy: Double, n: Int, partialledOut: Int) {
        let degreesOfFreedom = n - 2 - partialledOut
        // Fisher's standard error 1/√(n − 3 − k) needs at least one degree of freedom to spare.
        guard n >= 4, degreesOfFreedom >= 2, sxx > 0, syy > 0 else { return nil }
        let r = max(-1, min(1, sxy / (sxx * syy).squareRoot()))
        self.r = r
        self.n = n
        self.degreesOfFreedom = degreesOfFreedom
        let df = Double(degreesOfFreedom)
        let t = r * (df / max(1 - r * r, 0)).squareRoot()
        pValue = Distributions.studentTTwoSidedP(t, degreesOfFreedom: df)
        let z = atanh(r)
        let halfWidth = z95 / (df - 1).squareRoot()
        low = tanh(z - halfWidth)
        high = tanh(z + halfWidth)
    }
}

/// A metric over periods (day, week, month numbers) in several groups: teams, touchpoints,
/// regions. Periods may have gaps.
public struct PanelSeries: Sendable, Hashable {
    public var groups: [String: [Int: Double]]

    public init(_ groups: [String: [Int: Double]]) { self.groups = groups }
}

/// The correlation of an operational metric k periods earlier with a customer metric.
public struct LaggedCorrelation: Sendable, Hashable {
    public var lag: Int
    /// nil when not testable (too few pairs, or no variation within groups).
    public var correlation: Correlation?
    public var pairs: Int
    /// Groups contributing pairs (a group needs two pairs to vary about its own mean).
    public var groups: Int
}

/// Lagged cross-correlation between an operational series x (handling time, backlog, staffing)
/// and a customer series y (NPS, CSAT) over panels: for each lag k, x[t − k] is paired with y[t]
/// inside every group. Each group's pairs are centred on that group's own means before pooling
/// (fixed effects), so a team that is both slow and unhappy all along does not pass for a
/// relation over time; the test charges one degree of freedom per group for those means.
///
/// Trying several lags and keeping the strongest inflates the chance of a fluke, so the best lag
/// also carries a Bonferroni p-value: p × the number of lags that could be tested.
public struct LaggedCorrelationScan: Sendable, Hashable {
    public var lags: [LaggedCorrelation]
    /// The testable lag with the largest |r|; nil when no lag is testable.
    public var best: LaggedCorrelation?
    /// The best lag's p-value × lags tested, capped at 1.
    public var bestAdjustedPValue: Double?

    public init(operational x: PanelSeries, customer y: PanelSeries, maxLag: Int) {
        precondition(maxLag >= 0)
        // Sorted group names fix the summation order, so results repeat to the last bit.
        let names = Set(x.groups.keys).intersection(y.groups.keys).sorted()
        lags = (0...maxLag).map { lag in
            var sxy = 0.0, sxx = 0.0, syy = 0.0
            var pairs = 0, groups = 0
            for name in names {
                let xs = x.groups[name]!, ys = y.groups[name]!
                var paired: [(x: Double, y: Double)] = []
                for period in ys.keys.sorted() {
                    if let earlier = xs[period - lag], let value = ys[period] { paired.append((earlier, value)) }
                }
                guard paired.count >= 2 else { continue }
                let count = Double(paired.count)
                let meanX = paired.reduce(0) { $0 + $1.x } / count
                let meanY = paired.reduce(0) { $0 + $1.y } / count
                for pair in paired {
                    sxy += (pair.x - meanX) * (pair.y - meanY)
                    sxx += (pair.x - meanX) * (pair.x - meanX)
                    syy += (pair.y - meanY) * (pair.y - meanY)
                }
                pairs += paired.count
                groups += 1
            }
            // One group mean is the ordinary Pearson mean; each further group costs one more.
            let correlation = Correlation(sxy: sxy, sxx: sxx, syy: syy, n: pairs, partialledOut: max(groups - 1, 0))
            return LaggedCorrelation(lag: lag, correlation: correlation, pairs: pairs, groups: groups)
        }
        let testable = lags.filter { $0.correlation != nil }
        best = testable.max { abs($0.correlation!.r) < abs($1.correlation!.r) }
        bestAdjustedPValue = best.map { min(1, $0.correlation!.pValue * Double(testable.count)) }
    }
}

import Foundation

/// One period of a theme's series: comments that mention it, comments in all (the
/// denominator), and the mentions' sentiment as count, sum and sum of squares.
public struct ThemePeriodCounts: Sendable, Hashable {
    public var mentions: Int
    public var total: Int
    public var sentiment: Mean

    public init(mentions: Int, total: Int, sentiment: Mean) {
        self.mentions = mentions
        self.total = total
        self.sentiment = sentiment
    }

    public static let empty = ThemePeriodCounts(mentions: 0, total: 0, sentiment: Mean(n: 0, sum: 0, sumOfSquares: 0))
}

/// Settings of the emerging-issue detector.
public struct EmergingThresholds: Sendable, Hashable {
    /// Trailing periods that form the baseline.
    public var window: Int
    /// Fewest baseline periods with any comments before a z-score is trusted.
    public var minimumBaselinePeriods: Int
    /// z at or above which a volume rise (or at or below minus which a sentiment fall) is flagged.
    public var z: Double
    /// Fewest mentions in the period for any flag: three complaints are not an issue yet.
    public var minimumVolume: Int
    /// A baseline below this many mentions per period is a "low base".
    public var lowBase: Double
    /// From a low base, flag when the period reaches this multiple of (baseline + 1).
    public var growthFactor: Double

    public init(window: Int = 8, minimumBaselinePeriods: Int = 4, z: Double = 3, minimumVolume: Int = 10,
                lowBase: Double = 3, growthFactor: Double = 3) {
        self.window = window
        self.minimumBaselinePeriods = minimumBaselinePeriods
        self.z = z
        self.minimumVolume = minimumVolume
        self.lowBase = lowBase
        self.growthFactor = growthFactor
    }
}

/// What the detector says about one period of one series.
public struct EmergingSignal: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Volume well above what the baseline share predicts.
        case volumeSpike = "volume_spike"
        /// Volume from (nearly) nothing to a real number.
        case newFromLowBase = "new_from_low_base"
        /// Mention sentiment well below the baseline's.
        case sentimentDrop = "sentiment_drop"
    }

    public var kind: Kind
    public var period: Int
    public var mentions: Int
    /// Mentions the baseline share predicts for this period's total.
    public var expected: Double
    /// For volume: (mentions − expected) / sd; for sentiment: Welch z of the difference.
    public var z: Double
    public var baselineSentiment: Double?
    public var sentiment: Double?
}

/// Compares each period of a theme's series with its trailing baseline. Volume is judged as a
/// share of all comments, so a week with more surveys sent does not make every theme "rise".
public enum TrailingBaseline {
    /// Every flag raised in `periods` (indexes into `series`).
    public static func signals(in series: [ThemePeriodCounts], periods: Range<Int>, thresholds: EmergingThresholds) -> [EmergingSignal] {
        var out: [EmergingSignal] = []
        for period in periods.clamped(to: series.indices) {
            out += signals(at: period, in: series, thresholds: thresholds)
        }
        return out
    }

    public static func signals(at period: Int, in series: [ThemePeriodCounts], thresholds: EmergingThresholds) -> [EmergingSignal] {
        let current = series[period]
        guard current.mentions >= thresholds.minimumVolume, current.total > 0 else { return [] }
        let baseline = series[max(0, period - thresholds.window)..<period].filter { $0.total > 0 }
        guard baseline.count >= thresholds.minimumBaselinePeriods else { return [] }

        var out: [EmergingSignal] = []
        let baseMentions = baseline.reduce(0) { $0 + $1.mentions }
        let baseTotal = baseline.reduce(0) { $0 + $1.total }
        let share = Double(baseMentions) / Double(baseTotal)
        let expected = share * Double(current.total)
        let meanMentions = Double(baseMentions) / Double(baseline.count)
        var pooled = Mean(n: 0, sum: 0, sumOfSquares: 0)
        for entry in baseline {
            pooled.n += entry.sentiment.n
            pooled.sum += entry.sentiment.sum
            pooled.sumOfSquares += entry.sentiment.sumOfSquares
        }

        if meanMentions < thresholds.lowBase {
            if Double(current.mentions) >= thresholds.growthFactor * (meanMentions + 1) {
                out.append(EmergingSignal(kind: .newFromLowBase, period: period, mentions: current.mentions, expected: expected,
                                          z: volumeZ(current, expected: expected, share: share, baseline: baseline),
                                          baselineSentiment: pooled.value, sentiment: current.sentiment.value))
            }
        } else {
            let z = volumeZ(current, expected: expected, share: share, baseline: baseline)
            if z >= thresholds.z {
                out.append(EmergingSignal(kind: .volumeSpike, period: period, mentions: current.mentions, expected: expected, z: z,
                                          baselineSentiment: pooled.value, sentiment: current.sentiment.value))
            }
        }
        if let drop = SignificanceTests.means(current.sentiment, pooled), drop.statistic.isFinite, drop.statistic <= -thresholds.z {
            out.append(EmergingSignal(kind: .sentimentDrop, period: period, mentions: current.mentions, expected: expected,
                                      z: drop.statistic, baselineSentiment: pooled.value, sentiment: current.sentiment.value))
        }
        return out
    }

    /// The spread is the larger of the binomial one at the baseline share and the baseline's
    /// own scatter around its share (scaled to this period's total): weekly theme counts are
    /// usually over-dispersed, and a window of eight points under-estimates spread often
    /// enough to raise false alarms if it stood alone.
    static func volumeZ(_ current: ThemePeriodCounts, expected: Double, share: Double, baseline: [ThemePeriodCounts]) -> Double {
        let binomial = expected * (1 - share)
        var scatter = 0.0
        if baseline.count >= 2 {
            var sum = 0.0
            for entry in baseline {
                let residual = Double(entry.mentions) - share * Double(entry.total)
                sum += residual * residual / Double(entry.total)
            }
            // Variance per comment of the residual, times this period's comments.
            scatter = sum / Double(baseline.count - 1) * Double(current.total)
        }
        let variance = max(binomial, scatter, 1)
        return (Double(current.mentions) - expected) / variance.squareRoot()
    }
}

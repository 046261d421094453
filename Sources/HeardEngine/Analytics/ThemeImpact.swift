import Foundation
import HeardModel
import HeardStats
import HeardStore

/// A metric's value for one tally, in the unit people read it in: NPS points, CSAT percent,
/// CES or stars mean.
public enum TargetMetric {
    public static func value(_ scale: ScoreScale, _ tally: ScoreTally) -> Double? {
        switch scale {
        case .nps: NPS(tally).score
        case .csat: Proportion(successes: tally.csatSatisfied, n: tally.csatCount).value.map { $0 * 100 }
        case .ces: Mean(n: tally.cesCount, sum: Double(tally.cesSum), sumOfSquares: Double(tally.cesSumOfSquares)).value
        case .stars: Mean(n: tally.starsCount, sum: Double(tally.starsSum), sumOfSquares: Double(tally.starsSumOfSquares)).value
        }
    }

    public static func count(_ scale: ScoreScale, _ tally: ScoreTally) -> Int {
        switch scale {
        case .nps: tally.npsCount
        case .csat: tally.csatCount
        case .ces: tally.cesCount
        case .stars: tally.starsCount
        }
    }

    /// The test of one tally against another on that metric.
    public static func comparison(_ scale: ScoreScale, _ a: ScoreTally, _ b: ScoreTally) -> Comparison? {
        let both = TallyComparison(a, versus: b)
        switch scale {
        case .nps: return both.nps
        case .csat: return both.csat
        case .ces: return both.ces
        case .stars: return both.stars
        }
    }
}

/// What one theme does to the headline number: the metric over everyone, over the comments that
/// mention the theme, and over everyone else; the points the theme costs (negative) or adds.
public struct ThemeImpactRow: Sendable {
    public var themeKey: String
    public var themeName: String
    public var group: String?
    /// Answers on the target scale among comments mentioning the theme.
    public var n: Int
    public var overall: Double?
    public var mentioning: Double?
    public var without: Double?
    /// overall − without.
    public var impact: Double?
    /// Mentioning versus everyone else.
    public var versusRest: Comparison?
}

public enum ThemeImpact {
    /// Rows for every theme in `themeTallies`, against the group totals in `totals`.
    public static func rows(target: ScoreScale, themeTallies: [ThemeTally], totals: [String?: ScoreTally],
                            names: [String: String]) -> [ThemeImpactRow] {
        themeTallies.compactMap { entry in
            guard let total = totals[entry.group] else { return nil }
            let n = TargetMetric.count(target, entry.tally)
            guard n > 0 else { return nil }
            let rest = total - entry.tally
            let overall = TargetMetric.value(target, total)
            let without = TargetMetric.value(target, rest)
            return ThemeImpactRow(
                themeKey: entry.themeKey, themeName: names[entry.themeKey] ?? entry.themeKey, group: entry.group, n: n,
                overall: overall, mentioning: TargetMetric.value(target, entry.tally), without: without,
                impact: overall.flatMap { o in without.map { o - $0 } },
                versusRest: TargetMetric.count(target, rest) > 0 ? TargetMetric.comparison(target, entry.tally, rest) : nil)
        }
        .sorted { ($0.group ?? "", $0.impact ?? 0, $0.themeKey) < ($1.group ?? "", $1.impact ?? 0, $1.themeKey) }
    }

    /// Reads the tallies and computes the rows for a session.
    public static func compute(session: WorkspaceSession, target: ScoreScale, breakdown: Breakdown?, filter: FeedbackFilter) async throws -> [ThemeImpactRow] {
        let store = session.store, workspace = session.workspace.id
        let themeTallies = try await store.themeTallies(breakdown: breakdown, filter: filter, in: workspace)
        var totals: [String?: ScoreTally] = [:]
        for entry in try await store.tallies(TallyQuery(breakdown: breakdown, filter: filter), in: workspace) {
            totals[entry.group, default: ScoreTally()] += entry.tally
        }
        let names = Dictionary(try await store.themes(in: workspace).map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        return rows(target: target, themeTallies: themeTallies, totals: totals, names: names)
    }
}

import Foundation
import HeardModel
import HeardStats
import HeardStore

/// A theme in one group and period: how many comments mention it, what share of all comments
/// that is, how they feel about it, and whether either moved significantly since the period
/// before.
public struct ThemeTrendRow: Sendable {
    public var themeKey: String
    public var themeName: String
    public var group: String?
    public var periodStart: CalendarDay?
    public var periodLabel: String?
    public var comments: Int
    /// Enriched comments in the same group and period.
    public var totalComments: Int
    /// Percent of all comments, Wilson interval.
    public var share: Estimate?
    /// Mean mention sentiment in [-1, 1], t interval.
    public var sentiment: Estimate?
    /// Percent of mentioning comments with a negative mention.
    public var negativeShare: Double?
    public var shareChange: Comparison?
    public var sentimentChange: Comparison?
}

public struct ThemeTrendsReport: Sendable {
    public var query: TallyQuery
    public var alpha: Double
    public var rows: [ThemeTrendRow]
}

/// Volume, share and sentiment of every theme per period (and group), with intervals.
public struct ThemeTrends: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func report(_ query: TallyQuery, themeKeys: [String] = [], alpha: Double = 0.05) async throws -> ThemeTrendsReport {
        let slices = try await session.store.themeSlices(query, in: session.workspace.id)
        let themes = try await session.store.themes(in: session.workspace.id)
        let names = Dictionary(themes.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        return Self.report(slices: slices, query: query, names: names, themeKeys: Set(themeKeys), alpha: alpha)
    }

    static func report(slices: [ThemeSlice], query: TallyQuery, names: [String: String], themeKeys: Set<String>, alpha: Double) -> ThemeTrendsReport {
        struct Cell: Hashable { var group: String?; var period: CalendarDay? }
        var totals: [Cell: Int] = [:]
        for slice in slices where slice.themeKey == nil { totals[Cell(group: slice.group, period: slice.periodStart), default: 0] += slice.comments }
        struct Key: Hashable { var theme: String; var cell: Cell }
        var byKey: [Key: ThemeSlice] = [:]
        for slice in slices {
            guard let theme = slice.themeKey, themeKeys.isEmpty || themeKeys.contains(theme) else { continue }
            byKey[Key(theme: theme, cell: Cell(group: slice.group, period: slice.periodStart))] = slice
        }
        func share(_ slice: ThemeSlice?, total: Int) -> Proportion {
            Proportion(successes: min(slice?.comments ?? 0, total), n: total)
        }
        func sentiment(_ slice: ThemeSlice?) -> Mean {
            Mean(n: slice?.comments ?? 0, sum: slice?.sentimentSum ?? 0, sumOfSquares: slice?.sentimentSumOfSquares ?? 0)
        }
        var rows: [ThemeTrendRow] = []
        for (key, slice) in byKey {
            let total = totals[key.cell] ?? slice.comments
            let proportion = share(slice, total: total)
            let mean = sentiment(slice)
            var shareChange: Comparison?
            var sentimentChange: Comparison?
            if let period = query.period, let start = key.cell.period {
                let before = Cell(group: key.cell.group, period: period.start(of: start.adding(days: -1)))
                if let previousTotal = totals[before], previousTotal > 0 {
                    let previous = byKey[Key(theme: key.theme, cell: before)]
                    shareChange = SignificanceTests.proportions(proportion, share(previous, total: previousTotal))
                    sentimentChange = SignificanceTests.means(mean, sentiment(previous))
                }
            }
            rows.append(ThemeTrendRow(
                themeKey: key.theme, themeName: names[key.theme] ?? key.theme, group: key.cell.group,
                periodStart: key.cell.period, periodLabel: key.cell.period.flatMap { start in query.period.map { $0.label(forStart: start) } },
                comments: slice.comments, totalComments: total, share: proportion.percentEstimate,
                sentiment: mean.estimate.map { estimate in
                    var clamped = estimate
                    clamped.low = max(-1, estimate.low)
                    clamped.high = min(1, estimate.high)
                    return clamped
                },
                negativeShare: slice.comments > 0 ? 100 * Double(slice.negative) / Double(slice.comments) : nil,
                shareChange: shareChange, sentimentChange: sentimentChange))
        }
        rows.sort {
            ($0.periodStart?.description ?? "", $0.group ?? "", -$0.comments, $0.themeKey)
                < ($1.periodStart?.description ?? "", $1.group ?? "", -$1.comments, $1.themeKey)
        }
        return ThemeTrendsReport(query: query, alpha: alpha, rows: rows)
    }
}

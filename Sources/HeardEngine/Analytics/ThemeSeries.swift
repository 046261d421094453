import Foundation
import HeardModel
import HeardStats
import HeardStore

/// Theme slices laid out on a gap-free period axis, one series per theme and group, with the
/// matching series of all enriched comments as the denominator.
struct ThemeSeries {
    struct Key: Hashable {
        var themeKey: String
        var group: String?
    }

    let period: Period
    let starts: [CalendarDay]
    let series: [Key: [ThemePeriodCounts]]
    /// All enriched comments per group and period.
    let totals: [String?: [Int]]

    init(slices: [ThemeSlice], period: Period) {
        self.period = period
        let known = slices.compactMap(\.periodStart)
        guard let first = known.min(), let last = known.max() else {
            starts = []
            series = [:]
            totals = [:]
            return
        }
        var axis: [CalendarDay] = []
        var cursor = period.start(of: first)
        while cursor <= last {
            axis.append(cursor)
            cursor = period.next(after: cursor)
        }
        starts = axis
        let index = Dictionary(uniqueKeysWithValues: axis.enumerated().map { ($1, $0) })
        var totals: [String?: [Int]] = [:]
        for slice in slices where slice.themeKey == nil {
            guard let start = slice.periodStart, let position = index[start] else { continue }
            totals[slice.group, default: Array(repeating: 0, count: axis.count)][position] += slice.comments
        }
        var series: [Key: [ThemePeriodCounts]] = [:]
        for slice in slices {
            guard let theme = slice.themeKey, let start = slice.periodStart, let position = index[start] else { continue }
            let key = Key(themeKey: theme, group: slice.group)
            if series[key] == nil {
                let groupTotals = totals[slice.group] ?? Array(repeating: 0, count: axis.count)
                series[key] = groupTotals.map { ThemePeriodCounts(mentions: 0, total: $0, sentiment: Mean(n: 0, sum: 0, sumOfSquares: 0)) }
            }
            series[key]![position].mentions += slice.comments
            series[key]![position].sentiment = Mean(n: slice.comments, sum: slice.sentimentSum, sumOfSquares: slice.sentimentSumOfSquares)
        }
        self.series = series
        self.totals = totals
    }

    func label(_ position: Int) -> String { period.label(forStart: starts[position]) }

    /// The first position whose period starts on or after `day` (the axis length when none).
    func position(onOrAfter day: CalendarDay) -> Int {
        starts.firstIndex { $0 >= period.start(of: day) } ?? starts.count
    }
}

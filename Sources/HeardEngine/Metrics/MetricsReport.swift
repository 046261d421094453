import Foundation
import HeardModel
import HeardStats
import HeardStore

public struct MetricsRequest: Sendable {
    public var breakdown: Breakdown?
    public var period: Period?
    public var filter: FeedbackFilter
    /// A change is flagged only when its test's p-value is below this.
    public var alpha: Double

    public init(breakdown: Breakdown? = nil, period: Period? = nil, filter: FeedbackFilter = FeedbackFilter(), alpha: Double = 0.05) {
        self.breakdown = breakdown
        self.period = period
        self.filter = filter
        self.alpha = alpha
    }
}

/// One cell of the metrics table: a group in a period, its metrics, and how it compares with
/// the previous period and with the rest of the same period.
public struct MetricsRow: Sendable {
    public var group: String?
    public var periodStart: CalendarDay?
    public var periodLabel: String?
    public var tally: ScoreTally
    public var summary: ScoreSummary
    /// Against the same group's immediately preceding period (nil when that period is empty).
    public var change: TallyComparison?
    /// Against every other group in the same period.
    public var versusRest: TallyComparison?
}

public struct MetricsReport: Sendable {
    public var request: MetricsRequest
    public var rows: [MetricsRow]
    /// All groups together, one row per period (or one row when not bucketed in time).
    public var totals: [MetricsRow]

    public var alpha: Double { request.alpha }
}

public struct MetricsCalculator: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func report(_ request: MetricsRequest) async throws -> MetricsReport {
        let tallies = try await session.store.tallies(
            TallyQuery(breakdown: request.breakdown, period: request.period, filter: request.filter), in: session.workspace.id)
        return Self.report(from: tallies, request: request)
    }

    /// The pure part: from grouped tallies to rows with tests. Separate so it can be checked
    /// on hand-made tallies.
    public static func report(from tallies: [GroupedTally], request: MetricsRequest) -> MetricsReport {
        var totalsByPeriod: [CalendarDay?: ScoreTally] = [:]
        for entry in tallies { totalsByPeriod[entry.periodStart, default: ScoreTally()] += entry.tally }
        var byGroupPeriod: [String?: [CalendarDay?: ScoreTally]] = [:]
        for entry in tallies { byGroupPeriod[entry.group, default: [:]][entry.periodStart] = entry.tally }

        func label(_ start: CalendarDay?) -> String? {
            guard let start, let period = request.period else { return nil }
            return period.label(forStart: start)
        }
        func previous(_ start: CalendarDay?) -> CalendarDay? {
            guard let start, let period = request.period else { return nil }
            // The bucket before: step back a day and take the start of that bucket.
            return period.start(of: start.adding(days: -1))
        }

        let rows: [MetricsRow] = request.breakdown == nil ? [] : tallies.map { entry in
            var change: TallyComparison?
            if let before = previous(entry.periodStart), let earlier = byGroupPeriod[entry.group]?[before] {
                change = TallyComparison(entry.tally, versus: earlier)
            }
            var versusRest: TallyComparison?
            let total = totalsByPeriod[entry.periodStart] ?? entry.tally
            let rest = total - entry.tally
            if rest.feedback > 0 { versusRest = TallyComparison(entry.tally, versus: rest) }
            return MetricsRow(group: entry.group, periodStart: entry.periodStart, periodLabel: label(entry.periodStart),
                              tally: entry.tally, summary: ScoreSummary(entry.tally), change: change, versusRest: versusRest)
        }
        let totals: [MetricsRow] = totalsByPeriod.keys.sorted { ($0 ?? CalendarDay(year: 0, month: 1, day: 1)) < ($1 ?? CalendarDay(year: 0, month: 1, day: 1)) }.map { start in
            let tally = totalsByPeriod[start]!
            var change: TallyComparison?
            if let before = previous(start), let earlier = totalsByPeriod[before] { change = TallyComparison(tally, versus: earlier) }
            return MetricsRow(group: nil, periodStart: start, periodLabel: label(start), tally: tally,
                              summary: ScoreSummary(tally), change: change, versusRest: nil)
        }
        return MetricsReport(request: request, rows: rows, totals: totals)
    }
}

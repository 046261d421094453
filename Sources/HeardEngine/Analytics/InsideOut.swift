import Foundation
import HeardModel
import HeardStats
import HeardStore

public struct InsideOutRequest: Sendable {
    public var target: ScoreScale
    public var maximumLag: Int
    /// Cells (period × group) with fewer answers are left out: their metric is mostly noise.
    public var minimumAnswers: Int
    public var alpha: Double
    public var filter: FeedbackFilter

    public init(target: ScoreScale = .nps, maximumLag: Int = 4, minimumAnswers: Int = 10, alpha: Double = 0.05,
                filter: FeedbackFilter = FeedbackFilter()) {
        self.target = target
        self.maximumLag = maximumLag
        self.minimumAnswers = minimumAnswers
        self.alpha = alpha
        self.filter = filter
    }
}

/// How one operational metric relates to the customer metric of the same period and dimension.
public struct OperationalLink: Sendable {
    public var metric: String
    public var period: Period
    /// The feedback breakdown the metric was matched on; nil for workspace-wide metrics.
    public var dimension: String?
    /// Set when the dimension matches no feedback: this one group's series was related to the
    /// workspace-wide customer metric instead.
    public var group: String?
    public var scan: LaggedCorrelationScan
    /// Periods with a customer metric, groups with both series, answers behind the paired cells.
    public var periods: Int
    public var groups: Int
    public var answers: Int
    /// Why nothing could be tested, when so.
    public var note: String?

    public var best: LaggedCorrelation? { scan.best }
    public var adjustedPValue: Double? { scan.bestAdjustedPValue }

    public func isSignificant(alpha: Double) -> Bool { (adjustedPValue ?? 1) < alpha }
}

/// Relative weights of several operational metrics (each at its best lag) on the customer
/// metric, when they share a period and dimension and there are enough aligned cells.
public struct OperationalWeights: Sendable {
    public var period: Period
    public var dimension: String?
    public var metrics: [String]
    public var lags: [Int]
    public var weights: RelativeWeights
    public var cells: Int
}

public struct InsideOutReport: Sendable {
    public var request: InsideOutRequest
    public var links: [OperationalLink]
    public var weights: [OperationalWeights]
}

/// Outside-in ↔ inside-out: which internal KPI moves which customer metric, at which lag, with
/// the sample sizes that support it. Each KPI series is matched to the customer metric per period
/// and per value of its dimension (a touchpoint, channel, segment or `meta.KEY` of the feedback).
public struct InsideOutAnalysis: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func report(_ request: InsideOutRequest) async throws -> InsideOutReport {
        let store = session.store, workspace = session.workspace.id
        let values = try await store.operationalMetrics(named: nil, in: workspace)
        struct SeriesKey: Hashable { var metric: String; var period: Period; var dimension: String? }
        var operational: [SeriesKey: [String: [Int: Double]]] = [:]
        for value in values {
            let key = SeriesKey(metric: value.name, period: value.period, dimension: value.dimension)
            let group = value.dimension == nil ? "" : value.dimensionValue ?? ""
            operational[key, default: [:]][group, default: [:]][Self.index(CalendarDay(value.periodStart), value.period)] = value.value
        }
        struct CustomerKey: Hashable { var period: Period; var dimension: String? }
        var customerSeries: [CustomerKey: (series: PanelSeries, answers: [String: [Int: Int]])?] = [:]
        var links: [OperationalLink] = []
        for key in operational.keys.sorted(by: { ($0.metric, $0.period.rawValue, $0.dimension ?? "") < ($1.metric, $1.period.rawValue, $1.dimension ?? "") }) {
            let customerKey = CustomerKey(period: key.period, dimension: key.dimension)
            if customerSeries[customerKey] == nil {
                customerSeries[customerKey] = try await customer(request, period: key.period, dimension: key.dimension)
            }
            let x = PanelSeries(operational[key]!)
            if let y = customerSeries[customerKey] ?? nil, !Set(x.groups.keys).isDisjoint(with: y.series.groups.keys) {
                links.append(link(key.metric, key.period, key.dimension, group: nil, x: x, y: y, request: request))
                continue
            }
            // The dimension (a team, say) matches no feedback: relate each group's series to the
            // workspace-wide metric, one link per group, so no customer series is counted twice.
            let overallKey = CustomerKey(period: key.period, dimension: nil)
            if customerSeries[overallKey] == nil {
                customerSeries[overallKey] = try await customer(request, period: key.period, dimension: nil)
            }
            guard let overall = customerSeries[overallKey] ?? nil, let series = overall.series.groups[""] else { continue }
            for group in x.groups.keys.sorted() {
                let single = PanelSeries([group: x.groups[group]!])
                let y = (series: PanelSeries([group: series]), answers: [group: overall.answers[""] ?? [:]])
                var item = link(key.metric, key.period, key.dimension, group: group, x: single, y: y, request: request)
                if item.note == nil { item.note = "no feedback carries \(key.dimension ?? "this dimension"): related to the overall \(request.target.title)" }
                links.append(item)
            }
        }

        // Several KPIs on the same period and dimension: split the explained variance.
        var weights: [OperationalWeights] = []
        let families = Dictionary(grouping: links.filter { $0.best != nil && $0.group == nil }) { CustomerKey(period: $0.period, dimension: $0.dimension) }
        for (family, members) in families.sorted(by: { ($0.key.period.rawValue, $0.key.dimension ?? "") < ($1.key.period.rawValue, $1.key.dimension ?? "") })
        where members.count >= 2 {
            guard let y = customerSeries[family] ?? nil else { continue }
            let sorted = members.sorted { $0.metric < $1.metric }
            let xs = sorted.map { operational[SeriesKey(metric: $0.metric, period: family.period, dimension: family.dimension)]! }
            let lags = sorted.map { $0.best!.lag }
            var statistics = CrossProducts(variableCount: sorted.count + 1)
            var cells = 0
            for group in y.series.groups.keys.sorted() {
                var rows: [[Double]] = []
                for (period, value) in y.series.groups[group]!.sorted(by: { $0.key < $1.key }) {
                    let lagged = zip(xs, lags).map { $0[group]?[period - $1] }
                    guard lagged.allSatisfy({ $0 != nil }) else { continue }
                    rows.append([value] + lagged.map { $0! })
                }
                guard rows.count >= 2 else { continue }
                // Centre within the group (fixed effects), as the correlations do.
                let means = (0..<rows[0].count).map { column in rows.reduce(0) { $0 + $1[column] } / Double(rows.count) }
                for row in rows { statistics.add(zip(row, means).map { $0 - $1 }) }
                cells += rows.count
            }
            guard cells >= max(20, 10 * sorted.count), let split = RelativeWeights(statistics, target: 0) else { continue }
            weights.append(OperationalWeights(period: family.period, dimension: family.dimension, metrics: sorted.map(\.metric),
                                              lags: lags, weights: split, cells: cells))
        }
        links.sort { (abs($0.best?.correlation?.r ?? 0), $1.metric) > (abs($1.best?.correlation?.r ?? 0), $0.metric) }
        return InsideOutReport(request: request, links: links, weights: weights)
    }

    func link(_ metric: String, _ period: Period, _ dimension: String?, group: String?, x: PanelSeries,
              y: (series: PanelSeries, answers: [String: [Int: Int]]), request: InsideOutRequest) -> OperationalLink {
        let scan = LaggedCorrelationScan(operational: x, customer: y.series, maxLag: request.maximumLag)
        let shared = Set(x.groups.keys).intersection(y.series.groups.keys)
        var answers = 0
        var periods = Set<Int>()
        let lag = scan.best?.lag ?? 0
        for name in shared {
            for (index, count) in y.answers[name] ?? [:] where x.groups[name]?[index - lag] != nil {
                answers += count
                periods.insert(index)
            }
        }
        return OperationalLink(metric: metric, period: period, dimension: dimension, group: group, scan: scan, periods: periods.count,
                               groups: shared.count, answers: answers,
                               note: scan.best == nil ? "too few periods with both the metric and \(request.minimumAnswers)+ answers" : nil)
    }

    /// The customer metric per group and period index, from cells with enough answers; nil when
    /// the dimension is not a feedback breakdown.
    func customer(_ request: InsideOutRequest, period: Period, dimension: String?) async throws -> (series: PanelSeries, answers: [String: [Int: Int]])? {
        var breakdown: Breakdown?
        if let dimension {
            guard let parsed = (try? Breakdown(parsing: dimension)) ?? (try? Breakdown(parsing: "meta." + dimension)) else { return nil }
            breakdown = parsed
        }
        let tallies = try await session.store.tallies(TallyQuery(breakdown: breakdown, period: period, filter: request.filter), in: session.workspace.id)
        var groups: [String: [Int: Double]] = [:]
        var answers: [String: [Int: Int]] = [:]
        for entry in tallies {
            guard let start = entry.periodStart, TargetMetric.count(request.target, entry.tally) >= request.minimumAnswers,
                  let value = TargetMetric.value(request.target, entry.tally) else { continue }
            let group = dimension == nil ? "" : entry.group ?? ""
            guard dimension == nil || entry.group != nil else { continue }
            groups[group, default: [:]][Self.index(start, period)] = value
            answers[group, default: [:]][Self.index(start, period)] = TargetMetric.count(request.target, entry.tally)
        }
        return (PanelSeries(groups), answers)
    }

    /// Consecutive periods get consecutive numbers, so a lag is a difference of indexes.
    static func index(_ day: CalendarDay, _ period: Period) -> Int {
        let start = period.start(of: day)
        switch period {
        case .day: return start.daysSinceEpoch
        case .week: return Int((Double(start.daysSinceEpoch) / 7).rounded(.down))
        case .month: return start.year * 12 + start.month - 1
        case .quarter: return start.year * 4 + (start.month - 1) / 3
        }
    }
}

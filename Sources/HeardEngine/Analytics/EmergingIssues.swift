import Foundation
import HeardModel
import HeardStats
import HeardStore

public struct EmergingRequest: Sendable {
    public var period: Period
    /// Report runs that reach this day or later; nil means the latest period only.
    public var since: CalendarDay?
    /// Also look per group of this breakdown (segment, persona, …) where volume allows.
    public var breakdown: Breakdown?
    public var thresholds: EmergingThresholds
    public var filter: FeedbackFilter
    public var verbatimsPerItem: Int

    public init(period: Period = .week, since: CalendarDay? = nil, breakdown: Breakdown? = .segment,
                thresholds: EmergingThresholds = EmergingThresholds(), filter: FeedbackFilter = FeedbackFilter(),
                verbatimsPerItem: Int = 3) {
        self.period = period
        self.since = since
        self.breakdown = breakdown
        self.thresholds = thresholds
        self.filter = filter
        self.verbatimsPerItem = verbatimsPerItem
    }
}

/// One flagged theme-period (or theme-group-period).
public struct EmergingFlag: Sendable, Hashable {
    public var themeKey: String
    public var group: String?
    public var periodStart: CalendarDay
    public var signal: EmergingSignal
}

/// A run of consecutive flagged periods of one kind for one theme (and group): what is new or
/// rising, since when, by how much, for whom.
public struct EmergingItem: Sendable {
    public var kind: EmergingSignal.Kind
    public var themeKey: String
    public var themeName: String
    public var ownerTeam: String?
    /// The group of the request's breakdown; nil for all customers.
    public var group: String?
    public var sinceStart: CalendarDay
    public var sinceLabel: String
    /// The run's latest period.
    public var periodStart: CalendarDay
    public var periodLabel: String
    public var periods: Int
    public var mentions: Int
    public var expected: Double
    /// Mentions over expected, minus one, in percent; nil when nothing was expected.
    public var changePercent: Double?
    /// The run's strongest z (largest for volume, most negative for sentiment).
    public var z: Double
    public var sentiment: Double?
    public var baselineSentiment: Double?
    public var verbatims: [ThemeVerbatim]
}

public struct EmergingDigest: Sendable {
    public var request: EmergingRequest
    /// The periods examined, first to last.
    public var firstPeriod: CalendarDay?
    public var lastPeriod: CalendarDay?
    /// Theme-periods examined (across all groups) and how many were flagged.
    public var themePeriodsExamined: Int
    /// Ranked: strongest evidence first.
    public var items: [EmergingItem]
}

/// Emerging issues: per theme, and per group where volume allows, each period's volume share
/// and mention sentiment against a trailing baseline, plus growth from a low base.
public struct EmergingIssues: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func digest(_ request: EmergingRequest) async throws -> EmergingDigest {
        var filter = request.filter
        if let since = request.since {
            // Enough history before `since` for its baseline, and no more.
            var start = request.period.start(of: since)
            for _ in 0..<request.thresholds.window { start = request.period.start(of: start.adding(days: -1)) }
            if filter.from.map({ $0 < start }) ?? true { filter.from = start }
        }
        let store = session.store, workspace = session.workspace.id
        var slices = try await store.themeSlices(TallyQuery(period: request.period, filter: filter), in: workspace)
        if let breakdown = request.breakdown {
            slices += try await store.themeSlices(TallyQuery(breakdown: breakdown, period: request.period, filter: filter), in: workspace)
                .filter { $0.group != nil }
                .map { var tagged = $0; tagged.group = "\u{1}" + ($0.group ?? ""); return tagged }
        }
        // Groups are tagged so they never collide with the ungrouped series (group nil).
        let series = ThemeSeries(slices: slices, period: request.period)
        let sincePosition = request.since.map(series.position(onOrAfter:)) ?? max(0, series.starts.count - 1)
        let flags = Self.flags(in: series, from: sincePosition, thresholds: request.thresholds)
        let themes = Dictionary(try await store.themes(in: workspace).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        var items: [EmergingItem] = []
        for run in Self.runs(flags.flagged, series: series) where run.last >= sincePosition {
            let key = run.key
            let latest = run.signals.last!
            let strongest = latest.kind == .sentimentDrop ? run.signals.map(\.z).min()! : run.signals.map(\.z).max()!
            let group = key.group.map { String($0.dropFirst()) }
            var verbatimFilter = request.filter
            verbatimFilter.from = series.starts[run.first]
            verbatimFilter.until = request.period.next(after: series.starts[run.last])
            let verbatims = request.verbatimsPerItem > 0
                ? try await store.themeVerbatims(of: key.themeKey, filter: verbatimFilter, breakdown: group == nil ? nil : request.breakdown,
                                                 group: group, limit: request.verbatimsPerItem, in: workspace)
                : []
            let theme = themes[key.themeKey]
            items.append(EmergingItem(
                kind: latest.kind, themeKey: key.themeKey, themeName: theme?.name ?? key.themeKey, ownerTeam: theme?.ownerTeam,
                group: group, sinceStart: series.starts[run.first], sinceLabel: series.label(run.first),
                periodStart: series.starts[run.last], periodLabel: series.label(run.last), periods: run.last - run.first + 1,
                mentions: latest.mentions, expected: latest.expected,
                changePercent: latest.expected > 0 ? 100 * (Double(latest.mentions) / latest.expected - 1) : nil,
                z: strongest, sentiment: latest.sentiment, baselineSentiment: latest.baselineSentiment, verbatims: verbatims))
        }
        items.sort { (abs($0.z), $1.themeKey, $1.group ?? "") > (abs($1.z), $0.themeKey, $0.group ?? "") }
        return EmergingDigest(
            request: request,
            firstPeriod: sincePosition < series.starts.count ? series.starts[sincePosition] : nil,
            lastPeriod: series.starts.last, themePeriodsExamined: flags.examined, items: items)
    }

    /// Every flag from `position` on, and from the window before it too so a run that began
    /// earlier reports its true start.
    static func flags(in series: ThemeSeries, from position: Int, thresholds: EmergingThresholds)
        -> (flagged: [ThemeSeries.Key: [EmergingSignal]], examined: Int)
    {
        var flagged: [ThemeSeries.Key: [EmergingSignal]] = [:]
        var examined = 0
        let scanFrom = max(0, position - thresholds.window)
        for (key, counts) in series.series {
            examined += max(0, counts.count - position)
            let signals = TrailingBaseline.signals(in: counts, periods: scanFrom..<counts.count, thresholds: thresholds)
            if !signals.isEmpty { flagged[key] = signals }
        }
        return (flagged, examined)
    }

    struct Run {
        var key: ThemeSeries.Key
        var first: Int
        var last: Int
        var signals: [EmergingSignal]
    }

    /// Consecutive periods flagged with the same kind form one run.
    static func runs(_ flagged: [ThemeSeries.Key: [EmergingSignal]], series: ThemeSeries) -> [Run] {
        var runs: [Run] = []
        for (key, signals) in flagged {
            for kind in Set(signals.map(\.kind)) {
                let ofKind = signals.filter { $0.kind == kind }.sorted { $0.period < $1.period }
                var current: Run?
                for signal in ofKind {
                    if var run = current, run.last + 1 == signal.period {
                        run.last = signal.period
                        run.signals.append(signal)
                        current = run
                    } else {
                        if let run = current { runs.append(run) }
                        current = Run(key: key, first: signal.period, last: signal.period, signals: [signal])
                    }
                }
                if let run = current { runs.append(run) }
            }
        }
        return runs
    }
}

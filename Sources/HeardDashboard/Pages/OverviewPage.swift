import Foundation
import HeardEngine
import HeardModel
import HeardStats
import HeardStore

/// `/`: NPS, CSAT and CES tiles (latest period, n, 95% interval, significant change) and a trend
/// chart per metric. Everything comes from the daily rollup through the metrics engine call.
struct OverviewPage {
    let session: WorkspaceSession
    let request: DashboardRequest

    static let periods: [Period] = [.week, .month, .quarter]

    func render() async throws -> String {
        let period = Period(rawValue: request.query["period"] ?? "").flatMap { Self.periods.contains($0) ? $0 : nil } ?? .month
        let calculator = MetricsCalculator(session: session)
        let overall = try await calculator.report(MetricsRequest())
        let byPeriod = try await calculator.report(MetricsRequest(period: period))
        let title = "Overview"
        guard let all = overall.totals.first, all.tally.feedback > 0 else {
            return PageChrome.page(title: title, viewer: request.viewer, current: "/", body: PageChrome.notice(
                "This workspace has no feedback yet. Import some with `heard import FILE`, or build the demo with `heard demo`."))
        }

        var body = periodPicker(current: period)
        let metrics = MetricKind.allCases.filter { $0.estimate(all.summary) != nil }
        if metrics.isEmpty {
            body += PageChrome.notice("\(NumberText.count(all.tally.feedback)) comments, but none carries an NPS, CSAT or CES answer, so there is nothing to score yet.")
        }
        body += "<section aria-labelledby=\"tiles-heading\"><h2 id=\"tiles-heading\" class=\"visually-hidden\">Headline metrics</h2><div class=\"tiles\">"
        for metric in metrics { body += tile(metric, rows: byPeriod.totals, all: all, period: period) }
        body += "</div><p class=\"fineprint\">\(NumberText.count(all.tally.feedback)) comments in all. Intervals are 95%; ▲/▼ only when the change from the previous \(period.rawValue) is significant (p &lt; \(overall.alpha)).</p></section>"
        for metric in metrics { body += trend(metric, rows: byPeriod.totals, period: period) }
        return PageChrome.page(title: title, viewer: request.viewer, current: "/", body: body)
    }

    private func periodPicker(current: Period) -> String {
        var out = "<form class=\"filters inline\" method=\"get\" action=\"/\"><label for=\"period\">Period</label><select id=\"period\" name=\"period\">"
        for period in Self.periods {
            out += "<option value=\"\(period.rawValue)\"\(period == current ? " selected" : "")>\(period.rawValue)</option>"
        }
        return out + "</select> <button type=\"submit\">Show</button></form>"
    }

    private func tile(_ metric: MetricKind, rows: [MetricsRow], all: MetricsRow, period: Period) -> String {
        var out = "<article class=\"tile\" aria-labelledby=\"tile-\(metric.rawValue)\"><h2 id=\"tile-\(metric.rawValue)\">\(metric.title)</h2>"
        guard let latestIndex = rows.lastIndex(where: { metric.estimate($0.summary) != nil }),
              let estimate = metric.estimate(rows[latestIndex].summary) else {
            return out + "<p>No answers.</p></article>"
        }
        let row = rows[latestIndex]
        out += "<p class=\"tile-period\">Latest \(period.rawValue): \(HTML.escape(row.periodLabel ?? ""))</p>"
        out += "<p class=\"tile-value\">\(HTML.escape(metric.format(estimate.value)))</p>"
        out += "<p class=\"tile-interval\">95% CI [\(HTML.escape(metric.format(estimate.low))), \(HTML.escape(metric.format(estimate.high)))] · n=\(NumberText.count(estimate.n))</p>"
        out += "<p class=\"tile-change\">\(changeText(metric, row: row, rows: rows, period: period))</p>"
        if let overall = metric.estimate(all.summary) {
            out += "<p class=\"tile-all\">All time: \(HTML.escape(metric.formatEstimate(overall)))</p>"
        }
        if estimate.n < 30 {
            out += "<p class=\"small-n-note\">Only \(estimate.n) answers this \(period.rawValue): read with care.</p>"
        }
        return out + "<p class=\"tile-explain\">\(HTML.escape(metric.explanation))</p></article>"
    }

    private func changeText(_ metric: MetricKind, row: MetricsRow, rows: [MetricsRow], period: Period) -> String {
        guard let start = row.periodStart else { return "" }
        let previousLabel = period.label(forStart: period.start(of: start.adding(days: -1)))
        guard let test = metric.comparison(row.change) else {
            return "No answers in \(HTML.escape(previousLabel)) to compare with."
        }
        guard test.isSignificant(alpha: 0.05) else {
            return "No significant change since \(HTML.escape(previousLabel)) (\(HTML.escape(metric.formatDifference(test.difference))), \(NumberText.pValue(test.pValue)))."
        }
        let up = test.difference > 0
        // Higher is better on every scale Heard reads (CES 7 is "very easy").
        let good = up
        let arrow = up ? "▲" : "▼"
        return "<span class=\"change \(good ? "good" : "bad")\"><span aria-hidden=\"true\">\(arrow)</span> "
            + "<span class=\"visually-hidden\">Significant \(up ? "rise" : "fall"): </span>"
            + "\(HTML.escape(metric.formatDifference(test.difference))) since \(HTML.escape(previousLabel))</span> "
            + "<span class=\"p\">(\(NumberText.pValue(test.pValue)))</span>"
    }

    /// Every period from the first to the last with answers, empty ones included, so gaps show as gaps.
    private func trend(_ metric: MetricKind, rows: [MetricsRow], period: Period) -> String {
        let withData = rows.filter { metric.estimate($0.summary) != nil }
        let heading = "<section class=\"trend\" aria-labelledby=\"trend-\(metric.rawValue)\"><h2 id=\"trend-\(metric.rawValue)\">\(metric.title) by \(period.rawValue)</h2>"
        guard let first = withData.first?.periodStart, let last = withData.last?.periodStart else { return "" }
        let byStart = Dictionary(rows.compactMap { row in row.periodStart.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        var points: [TrendPoint] = []
        var starts: [CalendarDay] = []
        var start = first
        while start <= last {
            let estimate = byStart[start].flatMap { metric.estimate($0.summary) }
            points.append(TrendPoint(label: period.label(forStart: start), value: estimate?.value, low: estimate?.low,
                                     high: estimate?.high, n: estimate?.n ?? 0))
            starts.append(start)
            start = period.next(after: start)
        }
        guard withData.count >= 2 else {
            return heading + PageChrome.notice("Only one \(period.rawValue) has \(metric.title) answers, so there is no trend to draw yet.") + "</section>"
        }
        let chart = LineChart(
            id: "chart-\(metric.rawValue)",
            title: "\(metric.title) by \(period.rawValue), with 95% interval",
            description: "\(metric.title) from \(points.first!.label) to \(points.last!.label); the shaded band is the 95% interval; hollow points have fewer than 30 answers.",
            points: points, domainLimits: metric.domain,
            minimumSpan: metric == .ces ? 1 : 20,
            format: { metric.format($0) })
        var out = heading + "<figure>" + chart.svg() + "<figcaption>Shaded: 95% interval. Hollow points: fewer than 30 answers.</figcaption></figure>"
        out += "<details class=\"data-table\"><summary>\(metric.title) by \(period.rawValue) as a table</summary>"
        let tableRows = zip(points, starts).map { point, start -> [String] in
            guard let value = point.value else { return [point.label, "–", "", "0", ""] }
            let change = metric.comparison(byStart[start]?.change)
            let mark = change.map { $0.isSignificant(alpha: 0.05) ? ($0.difference > 0 ? "▲ " : "▼ ") + metric.formatDifference($0.difference) : "" } ?? ""
            return [point.label, metric.format(value), "[\(metric.format(point.low ?? value)), \(metric.format(point.high ?? value))]", NumberText.count(point.n), mark]
        }
        out += HTML.table(caption: "\(metric.title) by \(period.rawValue)", headers: [period.rawValue, metric.title, "95% CI", "n", "significant change"],
                          rows: tableRows, numericColumns: [1, 2, 3])
        return out + "</details></section>"
    }
}

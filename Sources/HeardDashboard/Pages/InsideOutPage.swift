import Foundation
import HeardEngine
import HeardModel
import HeardStats
import HeardStore

/// `/inside-out`: which operational KPI (wait time, first-contact resolution…) moves a customer
/// metric, at which lag and with what evidence (`heard inside-out`).
struct InsideOutPage {
    let session: WorkspaceSession
    let cache: ResultCache
    let request: DashboardRequest

    static let targets: [ScoreScale] = [.nps, .csat, .ces, .stars]

    func render() async throws -> String {
        let title = "Inside-out"
        let target = ScoreScale(rawValue: request.query["target"] ?? "").flatMap { Self.targets.contains($0) ? $0 : nil } ?? .nps
        let version = try await DataVersion.of(session)
        let insideOut = InsideOutRequest(target: target)
        let report = try await cache.value(for: "inside-out|\(target.rawValue)|\(version)") {
            try await InsideOutAnalysis(session: session).report(insideOut)
        }
        var body = ScorePicker.html(action: "/inside-out", label: "Customer metric", scales: Self.targets, current: target)
        guard !report.links.isEmpty else {
            body += PageChrome.notice("No operational metrics yet. Import them with `heard import-metrics FILE` (or POST a CSV to /api/v1/operational-metrics): one row per metric, period and team, touchpoint or channel.")
            return PageChrome.page(title: title, viewer: request.viewer, current: "/inside-out", body: body)
        }
        let tested = report.links.filter { $0.best?.correlation != nil }
        let significant = tested.filter { $0.isSignificant(alpha: insideOut.alpha) }
        body += "<p>\(NumberText.count(report.links.count)) metric links to \(HTML.escape(target.title)); \(NumberText.count(tested.count)) could be tested, "
            + "<strong>\(NumberText.count(significant.count)) significant</strong> after the Bonferroni correction over \(insideOut.maximumLag + 1) lags (p &lt; \(NumberText.fixed(insideOut.alpha, decimals: 2))).</p>"
        body += "<section aria-labelledby=\"links-heading\"><h2 id=\"links-heading\">KPI ↔ \(HTML.escape(target.title)) links</h2>"
        if !tested.isEmpty {
            body += "<figure>" + chart(tested, target: target, alpha: insideOut.alpha) + "<figcaption>Correlation r of each metric, at its best lag, with \(HTML.escape(target.title)) in the same group (fixed effects), with its 95% interval. Significant links are coloured: green where a higher metric goes with a higher \(HTML.escape(target.title)), red where lower; grey bars are not significant.</figcaption></figure>"
        }
        body += linkTable(report.links, alpha: insideOut.alpha)
        let notes = Set(report.links.compactMap(\.note)).sorted()
        if !notes.isEmpty {
            body += "<ul class=\"fineprint\">" + notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        body += "</section>"
        if !report.weights.isEmpty {
            body += "<section aria-labelledby=\"weights-heading\"><h2 id=\"weights-heading\">Relative weights</h2>"
            for split in report.weights {
                body += HTML.table(
                    caption: "On \(target.title) by \(split.dimension ?? "all") per \(split.period.rawValue): \(split.cells) cells, R² \(NumberText.fixed(split.weights.rSquared, decimals: 3))",
                    headers: ["Metric", "Lag", "Weight", "Direction"],
                    rows: split.metrics.enumerated().map { position, metric in
                        [metric, "\(split.lags[position]) \(split.period.rawValue)\(split.lags[position] == 1 ? "" : "s")",
                         NumberText.fixed(split.weights.rescaled[position], decimals: 1) + "%",
                         split.weights.directions[position] == .negative ? "▼ lower" : "▲ higher"]
                    },
                    numericColumns: [2])
            }
            body += "<p class=\"fineprint\">Weights: each metric's share of the explained variance (Johnson's relative weights), each at its best lag.</p></section>"
        }
        body += "<p class=\"fineprint\">Each metric is paired with \(HTML.escape(target.title)) of the same period and the same team, touchpoint or channel, k periods later (k = 0…\(insideOut.maximumLag)); cells with fewer than \(insideOut.minimumAnswers) answers are left out. Series are centred within each group, so a group that is slow and unhappy all along does not pass for a relation over time.</p>"
        return PageChrome.page(title: title, viewer: request.viewer, current: "/inside-out", body: body)
    }

    private func by(_ link: OperationalLink) -> String {
        link.group.map { "\(link.dimension ?? "group") \($0) → all" } ?? link.dimension ?? "all"
    }

    private func lag(_ link: OperationalLink, _ lag: Int) -> String {
        "\(lag) \(link.period.rawValue)\(lag == 1 ? "" : "s")"
    }

    private func chart(_ links: [OperationalLink], target: ScoreScale, alpha: Double) -> String {
        BarChart(
            id: "inside-out-links", title: "Operational metrics and \(target.title): correlation at the best lag",
            description: "One bar per metric link: r from −1 to 1 with its 95% interval.",
            items: links.compactMap { link in
                guard let best = link.best, let r = best.correlation else { return nil }
                let significant = link.isSignificant(alpha: alpha)
                return BarItem(
                    label: "\(link.metric) · \(by(link))", value: r.r, interval: r.low...r.high,
                    style: significant ? (r.r < 0 ? "negative" : "positive") : "not-significant",
                    detail: "\(link.metric) by \(by(link)): r \(NumberText.fixed(r.r, decimals: 2, signed: true)) [\(NumberText.fixed(r.low, decimals: 2)), \(NumberText.fixed(r.high, decimals: 2))] at lag \(lag(link, best.lag)); "
                        + (link.adjustedPValue.map { "adjusted " + NumberText.pValue($0) } ?? "") + (significant ? ", significant" : ", not significant"))
            },
            domain: -1...1, format: { NumberText.fixed($0, decimals: 1, signed: true) }
        ).svg()
    }

    private func linkTable(_ links: [OperationalLink], alpha: Double) -> String {
        HTML.table(
            caption: "Every metric link, strongest evidence first (◆ significant)", headers: ["Metric", "By", "Best lag", "r", "95% interval", "p (adjusted)", "Pairs", "Answers"],
            rows: links.map { link in
                guard let best = link.best, let r = best.correlation else {
                    return [link.metric, by(link), "–", "–", "–", link.note ?? "not testable", "–", NumberText.count(link.answers)]
                }
                return [link.metric, by(link), lag(link, best.lag), NumberText.fixed(r.r, decimals: 2, signed: true),
                        "\(NumberText.fixed(r.low, decimals: 2)) to \(NumberText.fixed(r.high, decimals: 2))",
                        (link.adjustedPValue.map { NumberText.pValue($0) } ?? "–") + (link.isSignificant(alpha: alpha) ? " ◆" : ""),
                        NumberText.count(best.pairs), NumberText.count(link.answers)]
            },
            numericColumns: [3, 6, 7])
    }
}

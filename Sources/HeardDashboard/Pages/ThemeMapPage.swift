import Foundation
import HeardEngine
import HeardModel
import HeardStats
import HeardStore

/// `/themes`: each theme's volume (share of comments) against its mention sentiment, with the
/// share's latest significant move, and the same as a table.
struct ThemeMapPage {
    let session: WorkspaceSession
    let cache: ResultCache
    let request: DashboardRequest

    struct Data: Sendable {
        var report: ThemeReport
        var trends: [String: ThemeTrendRow]
    }

    func render() async throws -> String {
        // Volumes and trends aggregate every mention: cached per data version.
        let version = try await DataVersion.of(session)
        let data = try await cache.value(for: "themes|\(version)") {
            Data(report: try await ThemeReporting.report(session: session, verbatims: 0), trends: try await latestTrends())
        }
        let report = data.report
        let visibility = ThemeVisibility(viewer: request.viewer, themes: report.rows.map(\.theme))
        let rows = report.rows.filter { visibility.allows($0.theme.key) }
        let title = "Theme map"
        var body = visibility.note(request.viewer)
        guard report.coverage.withText > 0 else {
            return PageChrome.page(title: title, viewer: request.viewer, current: "/themes", body: body + PageChrome.notice(
                "No comments with text yet, so there are no themes to map. Import feedback with text, then run `heard analyze`."))
        }
        guard !rows.isEmpty else {
            return PageChrome.page(title: title, viewer: request.viewer, current: "/themes", body: body + PageChrome.notice(
                visibility.isRestricted ? "None of the themes is owned by your teams." : "The taxonomy has no themes yet."))
        }
        let trends = data.trends
        let mapped = rows.filter { $0.comments > 0 && $0.meanSentiment != nil }
        body += "<p>\(NumberText.count(report.coverage.withText)) comments with text; \(NumberText.percent(report.themeCoverage)) mention at least one theme. "
            + "Each point is a theme: further right is mentioned more often, higher is more positive.</p>"
        if mapped.count < 2 {
            body += PageChrome.notice("Fewer than two themes have mentions, so there is no map to draw; see the table.")
        } else {
            body += "<figure>" + scatter(mapped, trends: trends) + "<figcaption>Labels on the \(min(mapped.count, 15)) most-mentioned themes; every theme is in the table below. Hollow: fewer than 10 comments.</figcaption></figure>"
        }
        body += table(rows, trends: trends)
        return PageChrome.page(title: title, viewer: request.viewer, current: "/themes", body: body)
    }

    /// Each theme's latest month against the month before, from the trends engine call.
    private func latestTrends() async throws -> [String: ThemeTrendRow] {
        let trends = try await ThemeTrends(session: session).report(TallyQuery(period: .month))
        guard let last = trends.rows.compactMap(\.periodStart).max() else { return [:] }
        return Dictionary(trends.rows.filter { $0.periodStart == last }.map { ($0.themeKey, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func arrow(_ comparison: Comparison?, alpha: Double = 0.05) -> (symbol: String, words: String)? {
        guard let comparison, comparison.isSignificant(alpha: alpha) else { return nil }
        return comparison.difference > 0 ? ("▲", "rising") : ("▼", "falling")
    }

    private func scatter(_ rows: [ThemeReportRow], trends: [String: ThemeTrendRow]) -> String {
        let labelled = Set(rows.sorted { $0.comments > $1.comments }.prefix(15).map(\.theme.key))
        let maxShare = rows.map(\.share).max() ?? 0
        let points = rows.map { row -> ScatterPoint in
            let sentiment = row.meanSentiment ?? 0
            var style = sentiment < -0.05 ? "negative" : sentiment > 0.05 ? "positive" : ""
            if row.comments < 10 { style += " small-n" }
            var detail = "\(row.theme.name): \(NumberText.percent(row.share, decimals: 1)) of comments (\(NumberText.count(row.comments))), sentiment \(NumberText.fixed(sentiment, decimals: 2, signed: true))"
            if let arrow = Self.arrow(trends[row.theme.key]?.shareChange) { detail += ", share \(arrow.words) significantly" }
            var label = row.theme.name
            if let arrow = Self.arrow(trends[row.theme.key]?.shareChange) { label += " " + arrow.symbol }
            return ScatterPoint(label: label, x: row.share * 100, y: sentiment, style: style, detail: detail,
                                showLabel: labelled.contains(row.theme.key))
        }
        let upper = max(1, (maxShare * 100 * 1.1).rounded(.up))
        return ScatterChart(
            id: "theme-map", title: "Theme volume and sentiment",
            description: "Scatter of \(rows.count) themes: horizontal axis is the share of comments mentioning the theme (0 to \(Int(upper))%), vertical axis the mean sentiment of its mentions from −1 to +1. ▲/▼ after a name: its share changed significantly in the latest month.",
            points: points, xTitle: "Share of comments mentioning the theme", yTitle: "Mean mention sentiment",
            xDomain: 0...upper, yDomain: -1...1, xFormat: { NumberText.fixed($0, decimals: 0) + "%" },
            yFormat: { NumberText.fixed($0, decimals: 1, signed: true) }, xReference: nil, yReference: 0, quadrantLabels: nil
        ).svg()
    }

    private func table(_ rows: [ThemeReportRow], trends: [String: ThemeTrendRow]) -> String {
        var out = "<table class=\"data\"><caption>Themes: volume, sentiment and latest month's change</caption><thead><tr>"
        for (index, header) in ["Theme", "Status", "Owner", "Comments", "Share", "Sentiment", "Negative", "Share trend", "Sentiment trend"].enumerated() {
            out += "<th scope=\"col\"\((3...6).contains(index) ? " class=\"num\"" : "")>\(header)</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            let trend = trends[row.theme.key]
            out += "<tr><th scope=\"row\"><a href=\"/verbatims\(HTML.escape(HTML.query([("theme", row.theme.key)])))\">\(HTML.escape(row.theme.name))</a></th>"
            out += "<td><span class=\"status \(row.theme.status.rawValue)\">\(row.theme.status.rawValue)</span></td>"
            out += "<td>\(HTML.escape(row.theme.ownerTeam ?? "–"))</td>"
            out += "<td class=\"num\">\(NumberText.count(row.comments))</td>"
            out += "<td class=\"num\">\(NumberText.percent(row.share, decimals: 1))</td>"
            out += "<td class=\"num\">\(row.meanSentiment.map { NumberText.fixed($0, decimals: 2, signed: true) } ?? "–")</td>"
            out += "<td class=\"num\">\(row.negativeShare.map { NumberText.percent($0) } ?? "–")</td>"
            out += "<td>\(trendCell(trend?.shareChange, trend: trend, unit: "pp"))</td>"
            out += "<td>\(trendCell(trend?.sentimentChange, trend: trend, unit: ""))</td></tr>"
        }
        return out + "</tbody></table><p class=\"fineprint\">Trends compare the latest month with the month before; ▲/▼ only when the change is significant (p &lt; 0.05).</p>"
    }

    private func trendCell(_ comparison: Comparison?, trend: ThemeTrendRow?, unit: String) -> String {
        guard let trend, let comparison else { return "–" }
        let label = HTML.escape(trend.periodLabel ?? "")
        guard let arrow = Self.arrow(comparison) else { return "no significant change (\(label))" }
        let size = unit == "pp" ? NumberText.fixed(comparison.difference, decimals: 1, signed: true) + " pp" : NumberText.fixed(comparison.difference, decimals: 2, signed: true)
        return "<span class=\"arrow \(arrow.symbol == "▲" ? "up" : "down")\" aria-hidden=\"true\">\(arrow.symbol)</span> \(arrow.words) \(size) (\(label))"
    }
}

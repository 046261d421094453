import Foundation
import HeardEngine
import HeardModel
import HeardStats
import HeardStore

/// `/drivers`: importance × performance quadrant from the key-driver engine call, with each
/// theme's impact on the headline number next to it.
struct DriversPage {
    let session: WorkspaceSession
    let cache: ResultCache
    let request: DashboardRequest

    static let targets: [ScoreScale] = [.nps, .csat, .ces, .stars]

    func render() async throws -> String {
        let target = ScoreScale(rawValue: request.query["target"] ?? "").flatMap { Self.targets.contains($0) ? $0 : nil } ?? .nps
        let version = try await DataVersion.of(session)
        let report = try await cache.value(for: "drivers|\(target.rawValue)|\(version)") {
            try await KeyDriverReporting(session: session).report(DriverRequest(target: target))
        }
        let impact = try await cache.value(for: "impact|\(target.rawValue)|\(version)") {
            try await ThemeImpact.compute(session: session, target: target, breakdown: nil, filter: FeedbackFilter())
        }
        let themes = try await session.store.themes(in: session.workspace.id)
        let visibility = ThemeVisibility(viewer: request.viewer, themes: themes)
        let title = "Key drivers"
        var body = ScorePicker.html(action: "/drivers", label: "Target", scales: Self.targets, current: target) + visibility.note(request.viewer)
        guard let group = report.groups.first else {
            body += PageChrome.notice("No enriched comments with a \(target.title) answer yet. Import feedback with scores and run `heard analyze`.")
            return PageChrome.page(title: title, viewer: request.viewer, current: "/drivers", body: body)
        }
        body += "<p>\(NumberText.count(group.comments)) comments with a \(HTML.escape(target.title)) answer; overall \(HTML.escape(target.title)) "
            + "\(group.overall.map { HTML.escape(format($0, target)) } ?? "–")."
        if group.note == nil {
            body += " The themes explain R² \(NumberText.fixed(group.rSquared, decimals: 3)) [\(NumberText.fixed(group.rSquaredLow, decimals: 3)), \(NumberText.fixed(group.rSquaredHigh, decimals: 3))] of the variation."
        }
        body += "</p>"
        if let note = group.note {
            body += PageChrome.notice("No drivers: \(note)")
        }
        let drivers = group.drivers.filter { visibility.allows($0.themeKey) }
        let impactRows = impact.filter { visibility.allows($0.themeKey) }
        body += "<div class=\"quadrant-grid\"><section aria-labelledby=\"quadrant-heading\"><h2 id=\"quadrant-heading\">Importance × performance</h2>"
        if group.note == nil && drivers.isEmpty {
            body += PageChrome.notice(visibility.isRestricted ? "None of your teams' themes is in the driver model (too few mentions)." : "No theme has enough mentions to enter the model.")
        } else if !drivers.isEmpty {
            // The same importance bar the engine uses: the mean importance of all themes in the model.
            let bar = group.drivers.isEmpty ? 0 : group.drivers.reduce(0) { $0 + $1.importance } / Double(group.drivers.count)
            body += "<figure>" + quadrant(drivers, overall: group.overall, bar: bar, target: target) + "<figcaption>Labels on significant drivers; the rest are in the table below. Right of the dashed line: comments mentioning the theme score above the overall \(HTML.escape(target.title)). Above it: importance at least the average (and beating a random variable).</figcaption></figure>"
        }
        body += "</section><section aria-labelledby=\"impact-heading\"><h2 id=\"impact-heading\">Theme impact</h2>"
        body += impactTable(impactRows, target: target)
        body += "</section></div>"
        // Full width under the chart: seven columns do not fit beside it at 1280 px.
        if !drivers.isEmpty {
            body += "<section aria-labelledby=\"driver-table-heading\"><h2 id=\"driver-table-heading\">Every driver</h2>" + driverTable(drivers, target: target) + "</section>"
        }
        body += "<p class=\"fineprint\">Importance: share of R² from Johnson's relative weights, counted only when the theme beats a random variable across \(group.replicates) bootstrap replicates (seed \(report.request.seed)). Impact: \(HTML.escape(target.title)) with all comments minus \(HTML.escape(target.title)) without the theme's comments.</p>"
        return PageChrome.page(title: title, viewer: request.viewer, current: "/drivers", body: body)
    }

    private func format(_ value: Double, _ target: ScoreScale) -> String {
        switch target {
        case .nps: MetricKind.nps.format(value)
        case .csat: MetricKind.csat.format(value)
        case .ces, .stars: NumberText.fixed(value, decimals: 2)
        }
    }

    private func difference(_ value: Double, _ target: ScoreScale) -> String {
        NumberText.fixed(value, decimals: target == .nps || target == .csat ? 1 : 2, signed: true)
    }

    private func quadrant(_ drivers: [ThemeDriver], overall: Double?, bar: Double, target: ScoreScale) -> String {
        let gaps = drivers.compactMap { driver in driver.performance.flatMap { p in overall.map { p - $0 } } }
        let reach = max(gaps.map(abs).max() ?? 1, target == .nps || target == .csat ? 5 : 0.2) * 1.15
        let topImportance = max(drivers.map(\.importance).max() ?? 0, bar, 1) * 1.15
        let labelled = Set(drivers.filter(\.isSignificant).prefix(12).map(\.themeKey))
        let points = drivers.map { driver -> ScatterPoint in
            let gap = driver.performance.flatMap { p in overall.map { p - $0 } } ?? 0
            let detail = "\(driver.themeName): \(driver.quadrant.rawValue); importance \(NumberText.fixed(driver.importance, decimals: 1))% of R²"
                + (driver.isSignificant ? "" : " (not significant)")
                + "; \(target.title) when mentioned \(driver.performance.map { format($0, target) } ?? "–") (\(difference(gap, target)) against overall); \(NumberText.count(driver.comments)) comments"
            let style = driver.quadrant == .fixFirst ? "negative" : driver.quadrant == .keepUp ? "positive" : ""
            return ScatterPoint(label: driver.themeName, x: gap, y: driver.importance, style: style, detail: detail,
                                showLabel: labelled.contains(driver.themeKey))
        }
        return ScatterChart(
            id: "driver-quadrant", title: "Key drivers of \(target.title): importance and performance",
            description: "Each point is a theme. Horizontal: \(target.title) among comments mentioning it minus the overall \(target.title). Vertical: importance as percent of explained variance. Top left fix first, top right keep up, bottom left monitor, bottom right maintain.",
            points: points, xTitle: "\(target.title) when mentioned, against overall", yTitle: "Importance (% of R²)",
            xDomain: -reach...reach, yDomain: 0...topImportance,
            xFormat: { difference($0, target) }, yFormat: { NumberText.fixed($0, decimals: 0) + "%" },
            xReference: 0, yReference: bar, quadrantLabels: ["Fix first", "Keep up", "Monitor", "Maintain"]
        ).svg()
    }

    private func driverTable(_ drivers: [ThemeDriver], target: ScoreScale) -> String {
        let rows = drivers.map { driver -> [String] in
            [driver.themeName, driver.quadrant.rawValue,
             driver.isSignificant ? NumberText.fixed(driver.importance, decimals: 1) + "%" : "0 (n.s.)",
             driver.isSignificant ? driver.via : "",
             NumberText.fixed(driver.effect, decimals: 2, signed: true) + (driver.direction == .negative ? " ▼" : driver.direction == .positive ? " ▲" : ""),
             driver.performance.map { format($0, target) } ?? "–", NumberText.count(driver.comments)]
        }
        return HTML.table(caption: "Drivers, most important first", headers: ["Theme", "Quadrant", "Importance", "Via", "Effect", "\(target.title) when mentioned", "Comments"],
                          rows: rows, numericColumns: [2, 4, 5, 6])
    }

    private func impactTable(_ rows: [ThemeImpactRow], target: ScoreScale) -> String {
        guard !rows.isEmpty else { return PageChrome.notice("No theme has comments with a \(target.title) answer.") }
        let body = rows.map { row -> [String] in
            let test = row.versusRest
            var mark = test.map { $0.isSignificant() ? NumberText.pValue($0.pValue) : "n.s." } ?? ""
            if row.n < 30 { mark += mark.isEmpty ? "n < 30" : "; n < 30" }
            return [row.themeName, row.mentioning.map { format($0, target) } ?? "–", row.without.map { format($0, target) } ?? "–",
                    row.impact.map { difference($0, target) } ?? "–", NumberText.count(row.n), mark]
        }
        let title = target.title
        return HTML.table(caption: "What each theme costs or adds (most costly first)", headers: ["Theme", "With", "Without", "Impact", "n", "vs rest"],
                          rows: body, numericColumns: [1, 2, 3, 4],
                          abbreviations: [1: "\(title) of the comments that mention the theme", 2: "\(title) of all comments but the theme's",
                                          3: "\(title) with all comments minus \(title) without the theme's comments",
                                          4: "Comments that mention the theme and have a \(title) answer",
                                          5: "Test of the theme's comments against the rest; n < 30: few answers"])
    }
}

import Foundation
import HeardEngine
import HeardModel
import HeardStats
import HeardStore

/// `/personas` and `/personas/{id}`: who each persona is, how satisfied they are (with
/// intervals and a trend) and what they talk about most.
struct PersonasPage {
    let session: WorkspaceSession
    let cache: ResultCache
    let request: DashboardRequest

    /// Counting customers per persona pages through every customer, so the result is cached.
    private func summaries() async throws -> [PersonaSummary] {
        let version = try await DataVersion.of(session)
        return try await cache.value(for: "personas|\(version)") {
            try await PersonaOverview(session: session).summaries(period: .month)
        }
    }

    func renderList() async throws -> String {
        // Without personas there is nothing to summarise: skip the pass over every customer.
        let hasPersonas = try await !session.store.personas(in: session.workspace.id).isEmpty
        let summaries = hasPersonas ? try await summaries() : []
        let title = "Personas"
        guard !summaries.isEmpty else {
            return PageChrome.page(title: title, viewer: request.viewer, current: "/personas", body: PageChrome.notice(
                "No personas yet. Load some with `heard personas load FILE`, or let `heard personas suggest` propose them."))
        }
        var body = "<ul class=\"persona-list\">"
        for summary in summaries {
            guard let id = summary.persona.id else { continue }
            body += "<li><div class=\"persona-card\">\(picture(summary.persona, alt: ""))<div>"
            body += "<h2><a href=\"/personas/\(id)\">\(HTML.escape(summary.persona.name))</a></h2>"
            body += "<p>\(HTML.escape(summary.persona.description))</p>"
            body += "<p class=\"fineprint\">\(NumberText.count(summary.customers)) customers · \(NumberText.count(summary.summary.feedback)) comments"
            if let nps = summary.summary.nps { body += " · NPS \(HTML.escape(MetricKind.nps.formatEstimate(nps)))" }
            body += "</p></div></div></li>"
        }
        body += "</ul>"
        return PageChrome.page(title: title, viewer: request.viewer, current: "/personas", body: body)
    }

    func renderDetail(id: Int64) async throws -> String? {
        let summaries = try await summaries()
        guard let summary = summaries.first(where: { $0.persona.id == id }) else { return nil }
        let persona = summary.persona
        var body = "<p><a href=\"/personas\">All personas</a></p>"
        body += "<div class=\"persona-card\">\(picture(persona, alt: "Picture of the persona \(persona.name)"))<div>"
        body += "<p>\(HTML.escape(persona.description))</p>"
        body += "<p class=\"fineprint\">Who belongs: <code>\(HTML.escape(persona.rule.text))</code> · \(NumberText.count(summary.customers)) customers · \(NumberText.count(summary.summary.feedback)) comments</p>"
        body += "<p><a href=\"/verbatims\(HTML.escape(HTML.query([("persona", String(id))])))\">Read what they say</a></p></div></div>"

        let metrics = MetricKind.allCases.compactMap { metric in metric.estimate(summary.summary).map { (metric, $0) } }
        if metrics.isEmpty {
            body += PageChrome.notice("No NPS, CSAT or CES answers from this persona yet.")
        } else {
            body += HTML.table(caption: "Satisfaction (all time)", headers: ["Metric", "Value", "95% CI", "n"], rows: metrics.map { metric, estimate in
                [metric.title, metric.format(estimate.value), "[\(metric.format(estimate.low)), \(metric.format(estimate.high))]", NumberText.count(estimate.n)]
            }, numericColumns: [1, 2, 3])
        }
        body += trend(summary)
        let visibility = ThemeVisibility(viewer: request.viewer, themes: try await session.store.themes(in: session.workspace.id))
        body += visibility.note(request.viewer) + topThemes(summary, visibility: visibility)
        return PageChrome.page(title: persona.name, viewer: request.viewer, current: "/personas", body: body)
    }

    private func picture(_ persona: Persona, alt: String) -> String {
        guard let source = PersonaPicture.source(for: persona, folder: session.folder) else { return "" }
        return "<img src=\"\(HTML.escape(source))\" alt=\"\(HTML.escape(alt))\" width=\"96\" height=\"96\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
    }

    /// GET /personas/ID/picture: the persona's picture file from the workspace folder.
    func pictureResponse(id: Int64) async throws -> DashboardResponse? {
        guard let persona = try await session.store.personas(in: session.workspace.id).first(where: { $0.id == id }) else { return nil }
        return PersonaPicture.response(for: persona, folder: session.folder)
    }

    private func trend(_ summary: PersonaSummary) -> String {
        var out = "<section aria-labelledby=\"persona-trend\"><h2 id=\"persona-trend\">NPS by month</h2>"
        let points = summary.trend.map { TrendPoint(label: $0.period, value: $0.nps?.value, low: $0.nps?.low, high: $0.nps?.high, n: $0.nps?.n ?? 0) }
        let withData = points.filter { $0.value != nil }
        guard withData.count >= 2 else {
            return out + PageChrome.notice(withData.isEmpty ? "No NPS answers from this persona yet." : "Only one month has NPS answers, so there is no trend to draw yet.") + "</section>"
        }
        let chart = LineChart(id: "persona-nps", title: "NPS of \(summary.persona.name) by month, with 95% interval",
                              description: "NPS from \(points.first!.label) to \(points.last!.label); the shaded band is the 95% interval; hollow points have fewer than 30 answers.",
                              points: points, domainLimits: MetricKind.nps.domain, minimumSpan: 20, format: { MetricKind.nps.format($0) })
        out += "<figure>" + chart.svg() + "<figcaption>Shaded: 95% interval. Hollow points: fewer than 30 answers.</figcaption></figure>"
        out += "<details class=\"data-table\"><summary>NPS by month as a table</summary>"
        out += HTML.table(caption: "NPS by month", headers: ["month", "NPS", "95% CI", "n"], rows: points.map { point in
            guard let value = point.value else { return [point.label, "–", "", "0"] }
            return [point.label, MetricKind.nps.format(value), "[\(MetricKind.nps.format(point.low ?? value)), \(MetricKind.nps.format(point.high ?? value))]", NumberText.count(point.n)]
        }, numericColumns: [1, 2, 3])
        return out + "</details></section>"
    }

    private func topThemes(_ summary: PersonaSummary, visibility: ThemeVisibility) -> String {
        let themes = summary.topThemes.filter { visibility.allows($0.key) }
        var out = "<section aria-labelledby=\"persona-themes\"><h2 id=\"persona-themes\">What they talk about most</h2>"
        guard !themes.isEmpty else { return out + PageChrome.notice("No theme mentions from this persona yet.") + "</section>" }
        out += HTML.table(caption: "Top themes by share of this persona's comments", headers: ["Theme", "Share", "Sentiment"], rows: themes.map {
            [$0.name, NumberText.percent($0.share, decimals: 1), $0.sentiment.map { NumberText.fixed($0, decimals: 2, signed: true) } ?? "–"]
        }, numericColumns: [1, 2])
        return out + "</section>"
    }
}

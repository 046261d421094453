import Foundation
import HeardEngine
import HeardModel
import HeardStats
import HeardStore

/// `/emerging`: the ranked digest of what is new or rising, per theme and segment, with the
/// most negative verbatims of each.
struct EmergingPage {
    let session: WorkspaceSession
    let cache: ResultCache
    let request: DashboardRequest

    static let periods: [Period] = [.week, .month]
    /// How many periods back the digest reaches by default.
    static let lookBack = 8

    func render() async throws -> String {
        let period = Period(rawValue: request.query["period"] ?? "").flatMap { Self.periods.contains($0) ? $0 : nil } ?? .week
        let title = "Emerging issues"
        // The newest comment, from the index the verbatim explorer walks (no scan).
        let newest = try await session.store.searchFeedback(FeedbackSearch(withTextOnly: false, limit: 1), in: session.workspace.id)
        guard let latest = newest.hits.first.map({ CalendarDay($0.occurredAt) }) else {
            return PageChrome.page(title: title, viewer: request.viewer, current: "/emerging", body: PageChrome.notice(
                "This workspace has no feedback yet, so nothing can be emerging."))
        }
        var since = period.start(of: latest)
        for _ in 1..<Self.lookBack { since = period.start(of: since.adding(days: -1)) }
        if let raw = request.query["since"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let day = CalendarDay(iso: raw.prefix(20)) else {
                throw DashboardError(status: 400, message: "since: \(raw.prefix(20)) is not a date (YYYY-MM-DD).")
            }
            since = day
        }
        let start = since
        let version = try await DataVersion.of(session)
        let digest = try await cache.value(for: "emerging|\(period.rawValue)|\(start)|\(version)") {
            try await EmergingIssues(session: session).digest(EmergingRequest(period: period, since: start, breakdown: .segment))
        }
        let themes = try await session.store.themes(in: session.workspace.id)
        let visibility = ThemeVisibility(viewer: request.viewer, themes: themes)
        let names = Dictionary(themes.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        var body = picker(period, since: start) + visibility.note(request.viewer)
        guard let last = digest.lastPeriod else {
            body += PageChrome.notice("No theme mentions yet. Run `heard analyze` after importing feedback.")
            return PageChrome.page(title: title, viewer: request.viewer, current: "/emerging", body: body)
        }
        let items = digest.items.filter { visibility.allows($0.themeKey) }
        body += "<p>Runs that reach \(HTML.escape(period.label(forStart: start))) or later, up to \(HTML.escape(period.label(forStart: last))); "
            + "\(NumberText.count(digest.themePeriodsExamined)) theme-\(period.rawValue)s examined, by all customers and by segment. "
            + "Flagged at z ≥ \(NumberText.fixed(digest.request.thresholds.z, decimals: 1)), strongest evidence first.</p>"
        guard !items.isEmpty else {
            body += PageChrome.notice("Nothing new or rising beyond z \(NumberText.fixed(digest.request.thresholds.z, decimals: 1)) in this window.")
            return PageChrome.page(title: title, viewer: request.viewer, current: "/emerging", body: body)
        }
        body += "<ol class=\"digest\">"
        for (index, item) in items.enumerated() {
            body += "<li><h2>\(index + 1). <a href=\"/verbatims\(HTML.escape(HTML.query([("theme", item.themeKey)])))\">\(HTML.escape(item.themeName))</a>"
            if let group = item.group { body += " <span class=\"p\">· segment \(HTML.escape(group))</span>" }
            body += "</h2><p><strong>\(HTML.escape(what(item)))</strong></p>"
            body += "<p class=\"fineprint\">\(HTML.escape(item.periodLabel))"
            if item.periods > 1 { body += ", since \(HTML.escape(item.sinceLabel)) (\(item.periods) \(period.rawValue)s)" }
            if let owner = item.ownerTeam { body += " · owner \(HTML.escape(owner))" }
            body += "</p>"
            body += verbatims(item, names: names)
            body += "</li>"
        }
        body += "</ol>"
        return PageChrome.page(title: title, viewer: request.viewer, current: "/emerging", body: body)
    }

    private func what(_ item: EmergingItem) -> String {
        switch item.kind {
        case .volumeSpike:
            "Rising: \(item.mentions) mentions against \(NumberText.fixed(item.expected, decimals: 1)) expected (\(item.changePercent.map { NumberText.fixed($0, decimals: 0, signed: true) + "%" } ?? "–")), z \(NumberText.fixed(item.z, decimals: 1))"
        case .newFromLowBase:
            "New: \(item.mentions) mentions from a base of \(NumberText.fixed(item.expected, decimals: 1)), z \(NumberText.fixed(item.z, decimals: 1))"
        case .sentimentDrop:
            "Sentiment down: \(item.sentiment.map { NumberText.fixed($0, decimals: 2, signed: true) } ?? "–") against \(item.baselineSentiment.map { NumberText.fixed($0, decimals: 2, signed: true) } ?? "–"), z \(NumberText.fixed(item.z, decimals: 1))"
        }
    }

    private func verbatims(_ item: EmergingItem, names: [String: String]) -> String {
        guard !item.verbatims.isEmpty else { return "" }
        guard request.viewer.mayReadFreeText else {
            return "<p class=\"fineprint\">\(item.verbatims.count) example comments (text hidden for viewers in this workspace).</p>"
        }
        var out = ""
        for verbatim in item.verbatims {
            let label = names[item.themeKey] ?? item.themeKey
            out += "<div class=\"verbatim\"><blockquote>\(Highlight.html(verbatim.text, spans: [MarkedSpan(span: verbatim.span, label: label, sentiment: NumberText.fixed(verbatim.sentimentScore, decimals: 2, signed: true))], maximumBytes: 1_200))</blockquote></div>"
        }
        return out
    }

    private func picker(_ current: Period, since: CalendarDay) -> String {
        var out = "<form class=\"filters\" method=\"get\" action=\"/emerging\"><div class=\"field\"><label for=\"period\">Period</label><select id=\"period\" name=\"period\">"
        for period in Self.periods {
            out += "<option value=\"\(period.rawValue)\"\(period == current ? " selected" : "")>\(period.rawValue)</option>"
        }
        out += "</select></div><div class=\"field\"><label for=\"since\">Since</label><input type=\"date\" id=\"since\" name=\"since\" value=\"\(HTML.escape(since.description))\"></div>"
        return out + "<div class=\"field\"><button type=\"submit\">Show</button></div></form>"
    }
}

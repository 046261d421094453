import Foundation
import HeardEngine
import HeardModel
import HeardStore

/// `/verbatims`: the comments themselves, filtered by period, segment, persona, channel,
/// touchpoint, theme and sentiment, newest first, a keyset page at a time, with theme mentions
/// marked.
struct VerbatimsPage {
    let session: WorkspaceSession
    let request: DashboardRequest
    /// A vector model is there: each comment links to the comments closest to it.
    var offersSimilar = false

    static let pageSize = 25
    static let sentiments = ["negative", "neutral", "positive"]

    func render() async throws -> String {
        let store = session.store, workspace = session.workspace.id
        let query = request.query
        func value(_ name: String) -> String? {
            guard let raw = query[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return String(raw.prefix(200))
        }
        func day(_ name: String) throws -> CalendarDay? {
            guard let raw = value(name) else { return nil }
            guard let day = CalendarDay(iso: raw) else { throw DashboardError(status: 400, message: "\(name): \(raw) is not a date (YYYY-MM-DD).") }
            return day
        }
        let themes = try await store.themes(in: workspace)
        let visibility = ThemeVisibility(viewer: request.viewer, themes: themes)
        let visibleThemes = themes.filter { visibility.allows($0.key) && $0.status != .retired }.sorted { $0.name < $1.name }
        let names = Dictionary(themes.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        let personas = try await store.personas(in: workspace)

        let from = try day("from"), until = try day("to")
        var personaID: Int64?
        if let raw = value("persona") {
            guard let id = Int64(raw) else { throw DashboardError(status: 400, message: "persona: \(raw) is not a persona id.") }
            personaID = id
        }
        let theme = value("theme")
        if let theme, !visibility.allows(theme) {
            throw DashboardError(status: 403, message: "That theme belongs to another team.")
        }
        let sentiment = value("sentiment")
        if let sentiment, !Self.sentiments.contains(sentiment) {
            throw DashboardError(status: 400, message: "sentiment: use negative, neutral or positive.")
        }
        var after: FeedbackCursor?
        if let raw = value("after") {
            guard let cursor = FeedbackCursor(token: raw) else { throw DashboardError(status: 400, message: "after: not a page position.") }
            after = cursor
        }
        let search = FeedbackSearch(
            from: from, until: until.map { $0.adding(days: 1) }, segment: value("segment"), personaID: personaID,
            channel: value("channel"), touchpoint: value("touchpoint"), themeKey: theme,
            restrictToThemes: visibility.allowedKeys.map { Array($0).sorted() }, sentiment: sentiment,
            after: after, limit: Self.pageSize)
        let page = try await store.searchFeedback(search, in: workspace)

        var body = visibility.note(request.viewer)
        body += try await filters(personas: personas, themes: visibleThemes, from: from, until: until)
        let title = "Verbatims"
        guard !page.hits.isEmpty else {
            body += PageChrome.notice(after == nil ? "No comments match these filters." : "No more comments match these filters.")
            body += pager(next: nil, isFirst: after == nil)
            return PageChrome.page(title: title, viewer: request.viewer, current: "/verbatims", body: body)
        }
        if request.viewer.mayReadFreeText {
            body += "<p class=\"fineprint\">Newest first, \(Self.pageSize) a page. Marked: theme mentions (hover or read the label for the theme).</p>"
            body += "<ol class=\"verbatim-list\">"
            for hit in page.hits { body += "<li>" + verbatim(hit, names: names, visibility: visibility) + "</li>" }
            body += "</ol>"
        } else {
            body += countsOnly(page.hits, names: names, visibility: visibility)
        }
        body += pager(next: page.next, isFirst: after == nil)
        return PageChrome.page(title: title, viewer: request.viewer, current: "/verbatims", body: body)
    }

    private func verbatim(_ hit: FeedbackSearchHit, names: [String: String], visibility: ThemeVisibility) -> String {
        let spans = hit.mentions.filter { visibility.allows($0.themeKey) }.map {
            MarkedSpan(span: $0.span, label: names[$0.themeKey] ?? $0.themeKey, sentiment: $0.sentimentLabel)
        }
        var out = "<div class=\"verbatim\"><blockquote>\(Highlight.html(hit.text ?? "", spans: spans))</blockquote><p class=\"meta\">"
        out += meta(hit).map(HTML.escape).joined(separator: " · ")
        if offersSimilar {
            out += " · <a href=\"/verbatims/similar\(HTML.escape(HTML.query([("row", String(hit.rowID))])))\">Similar comments</a>"
        }
        out += "</p></div>"
        return out
    }

    private func meta(_ hit: FeedbackSearchHit) -> [String] {
        var parts = [CalendarDay(hit.occurredAt).description]
        if let channel = hit.channel { parts.append("channel \(channel)") }
        if let touchpoint = hit.touchpoint { parts.append("touchpoint \(touchpoint)") }
        if let segment = hit.segment { parts.append("segment \(segment)") }
        if let persona = hit.personaName { parts.append("persona \(persona)") }
        if let nps = hit.nps { parts.append("NPS answer \(nps)") }
        if let csat = hit.csat { parts.append("CSAT \(csat)") }
        if let ces = hit.ces { parts.append("CES \(ces)") }
        if let stars = hit.stars { parts.append("\(stars) stars") }
        if let label = hit.sentimentLabel { parts.append(label + (hit.sentimentScore.map { " " + NumberText.fixed($0, decimals: 2, signed: true) } ?? "")) }
        return parts
    }

    /// What a viewer sees when free text is hidden: how many comments, and how many mention each theme.
    private func countsOnly(_ hits: [FeedbackSearchHit], names: [String: String], visibility: ThemeVisibility) -> String {
        var counts: [String: Int] = [:]
        var labels: [String: Int] = [:]
        for hit in hits {
            for key in Set(hit.mentions.map(\.themeKey)) where visibility.allows(key) { counts[key, default: 0] += 1 }
            labels[hit.sentimentLabel ?? "not analysed", default: 0] += 1
        }
        var out = PageChrome.notice("Comment text is hidden for viewers in this workspace. This page holds \(hits.count) matching comments.")
        let themeRows = counts.sorted { ($1.value, names[$0.key] ?? $0.key) < ($0.value, names[$1.key] ?? $1.key) }
            .map { [names[$0.key] ?? $0.key, NumberText.count($0.value)] }
        if !themeRows.isEmpty {
            out += HTML.table(caption: "Themes mentioned on this page", headers: ["Theme", "Comments"], rows: themeRows, numericColumns: [1])
        }
        out += HTML.table(caption: "Sentiment on this page", headers: ["Sentiment", "Comments"],
                          rows: labels.sorted { $0.key < $1.key }.map { [$0.key, NumberText.count($0.value)] }, numericColumns: [1])
        return out
    }

    private func filters(personas: [Persona], themes: [Theme], from: CalendarDay?, until: CalendarDay?) async throws -> String {
        let store = session.store, workspace = session.workspace.id
        // Choices come from the daily rollup: one row per day and slice, not per comment.
        func groups(_ breakdown: Breakdown) async throws -> [String] {
            Set(try await store.tallies(TallyQuery(breakdown: breakdown), in: workspace).compactMap(\.group)).sorted()
        }
        var out = "<form class=\"filters\" method=\"get\" action=\"/verbatims\" role=\"search\" aria-label=\"Filter comments\">"
        out += "<div class=\"field\"><label for=\"f-from\">From</label><input type=\"date\" id=\"f-from\" name=\"from\" value=\"\(from.map { HTML.escape($0.description) } ?? "")\"></div>"
        out += "<div class=\"field\"><label for=\"f-to\">To (inclusive)</label><input type=\"date\" id=\"f-to\" name=\"to\" value=\"\(until.map { HTML.escape($0.description) } ?? "")\"></div>"
        out += select("segment", "Segment", options: try await groups(.segment).map { ($0, $0) })
        out += select("persona", "Persona", options: personas.compactMap { persona in persona.id.map { (String($0), persona.name) } })
        out += select("channel", "Channel", options: try await groups(.channel).map { ($0, $0) })
        out += select("touchpoint", "Touchpoint", options: try await groups(.touchpoint).map { ($0, $0) })
        out += select("theme", "Theme", options: themes.map { ($0.key, $0.name) })
        out += select("sentiment", "Sentiment", options: Self.sentiments.map { ($0, $0) })
        return out + "<div class=\"field\"><button type=\"submit\">Filter</button></div><div class=\"field\"><a href=\"/verbatims\">Clear filters</a></div></form>"
    }

    private func select(_ name: String, _ label: String, options: [(value: String, label: String)]) -> String {
        let current = request.query[name] ?? ""
        var out = "<div class=\"field\"><label for=\"f-\(name)\">\(label)</label><select id=\"f-\(name)\" name=\"\(name)\"><option value=\"\">All</option>"
        for option in options {
            out += "<option value=\"\(HTML.escape(option.value))\"\(option.value == current ? " selected" : "")>\(HTML.escape(option.label))</option>"
        }
        return out + "</select></div>"
    }

    private func pager(next: FeedbackCursor?, isFirst: Bool) -> String {
        let kept = ["from", "to", "segment", "persona", "channel", "touchpoint", "theme", "sentiment"].compactMap { name in
            request.query[name].map { (name, $0) }
        }
        var out = "<nav class=\"pager\" aria-label=\"Pages\">"
        if !isFirst { out += "<a href=\"/verbatims\(HTML.escape(HTML.query(kept)))\">First page</a>" }
        if let next { out += "<a href=\"/verbatims\(HTML.escape(HTML.query(kept + [("after", next.description)])))\" rel=\"next\">Next page</a>" }
        return out + "</nav>"
    }
}

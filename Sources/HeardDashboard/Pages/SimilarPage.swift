import Foundation
import HeardEngine
import HeardModel
import HeardStore

/// `/verbatims/similar?row=N`: the comments closest in meaning to one comment of the verbatim
/// explorer (sentence vectors, as `heard similar`). Team members see only comments on their
/// teams' themes; viewers see nothing here when the workspace hides free text.
struct SimilarPage {
    let session: WorkspaceSession
    let similar: SimilarCommentSearch?
    let request: DashboardRequest

    static let shown = 20
    /// Team members see only some comments: the search asks for more and filters.
    static let oversampling = 5

    func render() async throws -> String {
        let title = "Similar comments"
        guard request.viewer.mayReadFreeText else {
            throw DashboardError(status: 403, message: "Comment text is hidden for viewers in this workspace.")
        }
        guard let raw = request.query["row"], let row = Int64(raw.prefix(20)) else {
            throw DashboardError(status: 400, message: "row: open this page from a comment in the verbatim explorer.")
        }
        let store = session.store, workspace = session.workspace.id
        let themes = try await store.themes(in: workspace)
        let visibility = ThemeVisibility(viewer: request.viewer, themes: themes)
        guard let source = try await store.feedbackSummaries(rowIDs: [row], in: workspace).first,
              try await isVisible([row], visibility).contains(row)
        else {
            throw DashboardError(status: 404, message: "There is no such comment, or it is not on your teams' themes.")
        }
        var body = visibility.note(request.viewer)
        body += "<p>Comments closest in meaning to:</p><div class=\"verbatim\"><blockquote>\(HTML.escape(source.text))</blockquote>"
            + "<p class=\"meta\">\(HTML.escape(CalendarDay(source.occurredAt).description))\(source.source.map { " · " + HTML.escape($0) } ?? "")</p></div>"
        guard let similar, await similar.isAvailable() else {
            body += PageChrome.notice("Similar-comment search needs a sentence vector model on the server: run `heard models fetch` (and `heard models distill` for the fast path), then reload.")
            return PageChrome.page(title: title, viewer: request.viewer, current: "/verbatims", body: body)
        }
        let wanted = Self.shown + 1
        let found = try await similar.search(source.text, visibility.isRestricted ? wanted * Self.oversampling : wanted)
        let visible = try await isVisible(found.map(\.feedback.feedbackRowID), visibility)
        let hits = found.filter { $0.feedback.feedbackRowID != row && visible.contains($0.feedback.feedbackRowID) }.prefix(Self.shown)
        guard !hits.isEmpty else {
            body += PageChrome.notice("No other comment is close to this one yet.")
            return PageChrome.page(title: title, viewer: request.viewer, current: "/verbatims", body: body)
        }
        body += "<ol class=\"verbatim-list\">"
        for hit in hits {
            let meta = [CalendarDay(hit.feedback.occurredAt).description, hit.feedback.source, "similarity \(NumberText.fixed(Double(hit.score), decimals: 2))"]
                .compactMap { $0 }.map(HTML.escape).joined(separator: " · ")
            body += "<li><div class=\"verbatim\"><blockquote>\(HTML.escape(hit.feedback.text))</blockquote><p class=\"meta\">\(meta) · "
                + "<a href=\"/verbatims/similar\(HTML.escape(HTML.query([("row", String(hit.feedback.feedbackRowID))])))\">Similar comments</a></p></div></li>"
        }
        body += "</ol><p class=\"fineprint\">Similarity: cosine of the sentence vectors (1 is the same meaning). <a href=\"/verbatims\">Back to the verbatims</a></p>"
        return PageChrome.page(title: title, viewer: request.viewer, current: "/verbatims", body: body)
    }

    /// The comments among `rows` this viewer may read: all of them, or for a team member those mentioning a theme their teams own.
    private func isVisible(_ rows: [Int64], _ visibility: ThemeVisibility) async throws -> Set<Int64> {
        guard let allowed = visibility.allowedKeys else { return Set(rows) }
        let mentioned = try await session.store.mentionedThemes(ofFeedbackRowIDs: rows, in: session.workspace.id)
        return Set(rows.filter { !(mentioned[$0] ?? []).isDisjoint(with: allowed) })
    }
}

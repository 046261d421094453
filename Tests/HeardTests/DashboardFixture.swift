import Foundation
@testable import HeardDashboard
@testable import HeardEngine
import HeardModel
import HeardStore

/// A small planted workspace with hostile text in feedback, theme names, owner teams and a
/// persona, shared by the dashboard tests (they only read it, except the taxonomy edits, which
/// use their own workspace).
final class DashboardFixture: Sendable {
    static let script = "<script>alert(1)</script>"
    static let imageTag = "\"><img src=x onerror=alert(1)>"
    /// What must never appear unescaped in any page.
    static let hostile = [script, imageTag, "<img src=x", "onerror=alert(1)>", "javascript:alert"]
    static let hostileText = "planted.t00 -0.90; \(script) and \(imageTag) crashed the checkout"
    static let hostileKey = "xss.theme"

    let scratch: Scratch
    let session: WorkspaceSession
    let personaID: Int64

    private init(scratch: Scratch, session: WorkspaceSession, personaID: Int64) {
        self.scratch = scratch
        self.session = session
        self.personaID = personaID
    }

    static let shared = Task<DashboardFixture, any Error> { try await build() }

    static func get() async throws -> DashboardFixture { try await shared.value }

    static func build() async throws -> DashboardFixture {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let store = session.store, workspace = session.workspace.id
        // Theme 2 spikes in week 22: inside the emerging page's default eight-week window.
        let plan = PlantedWorkspace(comments: 2_400, themes: 6, weeks: 26, customers: 400,
                                    spike: (theme: 2, week: 22, factor: 4), operationalEffect: nil)
        try await plan.write(into: session)

        try await store.save(Theme(key: hostileKey, name: script, ownerTeam: imageTag, status: .proposed,
                                   examples: [hostileText]), in: workspace)
        var hostile: [Feedback] = []
        for index in 0..<3 {
            hostile.append(Feedback(externalID: "X\(index)", source: .survey, channel: imageTag, touchpoint: "web",
                                    occurredAt: plan.firstDay.adding(days: 7 * 25 + index).date, text: hostileText, nps: 2,
                                    customerID: PlantedWorkspace.customerID(index), segment: "consumer"))
        }
        _ = try await store.write(ImportBatch(feedback: hostile), into: workspace)
        // Mentions over the hostile text itself: one on the planted theme, one on the hostile theme
        // spanning the script tag, so highlighting has to cut through markup-looking text.
        let pending = try await store.pendingEnrichment(in: workspace, version: "dashboard-test", afterRowID: 0, limit: 100_000)
        let scriptStart = hostileText.utf8.count - hostileText.drop { $0 != "<" }.utf8.count
        let enrichments = pending.filter { $0.text == hostileText }.map { row in
            FeedbackEnrichment(feedbackRowID: row.feedbackRowID, contentHash: row.contentHash, version: "planted",
                               sentimentScore: -0.9, sentimentLabel: "negative", mentions: [
                                   .init(themeKey: PlantedWorkspace.themeKey(0), span: 0..<17, sentimentScore: -0.9, sentimentLabel: "negative"),
                                   .init(themeKey: hostileKey, span: scriptStart..<(scriptStart + script.utf8.count), sentimentScore: -0.8, sentimentLabel: "negative"),
                               ])
        }
        try await store.save(enrichments)
        let persona = try await store.save(Persona(name: "Shopper \(script)", description: "Likes \(imageTag)",
                                                   pictureURL: "javascript:alert(1)",
                                                   rule: PersonaRule([.init(attribute: "segment", op: .equals, values: ["consumer"])])), in: workspace)
        try await session.assignPersonas()
        return DashboardFixture(scratch: scratch, session: session, personaID: persona.id!)
    }

    static func viewer(_ role: DashboardRole = .admin, teams: [String] = [], hideFreeText: Bool = false) -> DashboardViewer {
        DashboardViewer(userName: "Ann \(script)", role: role, teams: teams, csrfToken: "tok-123", hideFreeText: hideFreeText)
    }

    func get(_ path: String, query: [String: String] = [:], viewer: DashboardViewer = DashboardFixture.viewer()) async -> (status: Int, html: String) {
        let response = await DashboardSite(session: session).respond(to: DashboardRequest(method: "GET", path: path, query: query, form: [:], viewer: viewer))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }
}

/// Fails when any hostile string appears verbatim in the page.
func unescapedHostileText(in html: String) -> [String] {
    DashboardFixture.hostile.filter { html.contains($0) }
}

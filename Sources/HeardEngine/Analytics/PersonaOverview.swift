import Foundation
import HeardModel
import HeardStats
import HeardStore

/// Each persona with its customers, satisfaction (with intervals) and what it talks about most.
public struct PersonaSummary: Sendable {
    public var persona: Persona
    public var customers: Int
    public var summary: ScoreSummary
    /// Themes with the largest share of this persona's comments, and their mention sentiment.
    public var topThemes: [(key: String, name: String, share: Double, sentiment: Double?)]
    /// NPS per period, oldest first.
    public var trend: [(period: String, nps: Estimate?)]
}

public struct PersonaOverview: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func summaries(period: Period = .month, filter: FeedbackFilter = FeedbackFilter()) async throws -> [PersonaSummary] {
        let store = session.store, workspace = session.workspace.id
        let personas = try await store.personas(in: workspace)
        var customers: [String: Int] = [:]
        var after: String?
        let byID = Dictionary(uniqueKeysWithValues: personas.compactMap { persona in persona.id.map { ($0, persona.name) } })
        while true {
            let page = try await store.customers(in: workspace, after: after, limit: 5_000)
            guard let last = page.last else { break }
            after = last.externalID
            for customer in page { if let id = customer.personaID, let name = byID[id] { customers[name, default: 0] += 1 } }
        }
        var totals: [String: ScoreTally] = [:]
        for entry in try await store.tallies(TallyQuery(breakdown: .persona, filter: filter), in: workspace) {
            if let group = entry.group { totals[group, default: ScoreTally()] += entry.tally }
        }
        var trends: [String: [(String, Estimate?)]] = [:]
        for entry in try await store.tallies(TallyQuery(breakdown: .persona, period: period, filter: filter), in: workspace) {
            guard let group = entry.group, let start = entry.periodStart else { continue }
            trends[group, default: []].append((period.label(forStart: start), ScoreSummary(entry.tally).nps))
        }
        let slices = try await store.themeSlices(TallyQuery(breakdown: .persona, filter: filter), in: workspace)
        let names = Dictionary(try await store.themes(in: workspace).map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        var enriched: [String: Int] = [:]
        for slice in slices where slice.themeKey == nil { if let group = slice.group { enriched[group, default: 0] += slice.comments } }
        var themes: [String: [(key: String, name: String, share: Double, sentiment: Double?)]] = [:]
        for slice in slices {
            guard let key = slice.themeKey, let group = slice.group, let total = enriched[group], total > 0 else { continue }
            themes[group, default: []].append((key, names[key] ?? key, Double(slice.comments) / Double(total),
                                               slice.comments > 0 ? slice.sentimentSum / Double(slice.comments) : nil))
        }
        return personas.map { persona in
            PersonaSummary(
                persona: persona, customers: customers[persona.name] ?? 0, summary: ScoreSummary(totals[persona.name] ?? ScoreTally()),
                topThemes: Array((themes[persona.name] ?? []).sorted { ($1.share, $0.key) < ($0.share, $1.key) }.prefix(5)),
                trend: (trends[persona.name] ?? []).sorted { $0.0 < $1.0 })
        }
    }
}

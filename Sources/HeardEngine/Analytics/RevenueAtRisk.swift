import Foundation
import HeardModel
import HeardStats
import HeardStore

/// Money behind each theme: the value of customers who mention it and are unhappy (a detractor
/// answer or a negative mention), its share of all customer value, and where interaction
/// outcomes exist (churned, renewed, purchase) their rate and value per theme and score band.
public struct RevenueAtRiskReport: Sendable {
    public struct ThemeRow: Sendable {
        public var themeKey: String
        public var themeName: String
        public var ownerTeam: String?
        public var customers: Int
        public var atRiskCustomers: Int
        public var atRiskValue: Double
        /// Percent of the value of every customer who gave feedback in the slice.
        public var atRiskShare: Double?
        public var value: Double
    }

    public struct OutcomeRow: Sendable {
        /// Theme key or score band.
        public var cell: String
        public var cellName: String
        public var outcome: String
        public var customers: Int
        public var withOutcome: Int
        /// Percent with the outcome, Wilson interval.
        public var rate: Estimate?
        /// Value the outcome's interactions carried.
        public var value: Double
    }

    public var valueAttribute: String
    public var totalCustomers: Int
    public var totalAtRiskCustomers: Int
    public var totalValue: Double
    public var totalAtRiskValue: Double
    public var customersWithValue: Int
    public var themes: [ThemeRow]
    public var outcomesByTheme: [OutcomeRow]
    public var outcomesByBand: [OutcomeRow]
}

public struct RevenueAtRisk: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func report(valueAttribute: String = "revenue", filter: FeedbackFilter = FeedbackFilter()) async throws -> RevenueAtRiskReport {
        let store = session.store, workspace = session.workspace.id
        let values = try await store.themeCustomerValues(valueAttribute: valueAttribute, filter: filter, in: workspace)
        let themes = Dictionary(try await store.themes(in: workspace).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let total = values.first { $0.themeKey == nil }
        let totalValue = total?.value ?? 0
        let themeRows = values.compactMap { entry -> RevenueAtRiskReport.ThemeRow? in
            guard let key = entry.themeKey else { return nil }
            return RevenueAtRiskReport.ThemeRow(
                themeKey: key, themeName: themes[key]?.name ?? key, ownerTeam: themes[key]?.ownerTeam, customers: entry.customers,
                atRiskCustomers: entry.atRiskCustomers, atRiskValue: entry.atRiskValue,
                atRiskShare: totalValue > 0 ? 100 * entry.atRiskValue / totalValue : nil, value: entry.value)
        }.sorted { ($1.atRiskValue, $0.themeKey) < ($0.atRiskValue, $1.themeKey) }

        let byTheme = Self.outcomeRows(try await store.outcomeTallies(split: .theme, filter: filter, in: workspace)) { themes[$0]?.name ?? $0 }
        let byBand = Self.outcomeRows(try await store.outcomeTallies(split: .npsBand, filter: filter, in: workspace)) { $0 }
        return RevenueAtRiskReport(
            valueAttribute: valueAttribute, totalCustomers: total?.customers ?? 0, totalAtRiskCustomers: total?.atRiskCustomers ?? 0,
            totalValue: totalValue, totalAtRiskValue: total?.atRiskValue ?? 0, customersWithValue: total?.customersWithValue ?? 0,
            themes: themeRows, outcomesByTheme: byTheme, outcomesByBand: byBand)
    }

    /// Every (cell, outcome) pair, including outcomes a cell never had (rate 0), so rates are
    /// comparable across cells.
    static func outcomeRows(_ tallies: [OutcomeTally], name: (String) -> String) -> [RevenueAtRiskReport.OutcomeRow] {
        var bases: [String: Int] = [:]
        var hits: [String: [String: (Int, Double)]] = [:]
        var outcomes = Set<String>()
        for entry in tallies {
            if let outcome = entry.outcome {
                hits[entry.cell, default: [:]][outcome] = (entry.customers, entry.value)
                outcomes.insert(outcome)
            } else {
                bases[entry.cell] = entry.customers
            }
        }
        var rows: [RevenueAtRiskReport.OutcomeRow] = []
        for (cell, base) in bases.sorted(by: { $0.key < $1.key }) {
            for outcome in outcomes.sorted() {
                let (count, value) = hits[cell]?[outcome] ?? (0, 0)
                rows.append(RevenueAtRiskReport.OutcomeRow(
                    cell: cell, cellName: name(cell), outcome: outcome, customers: base, withOutcome: count,
                    rate: Proportion(successes: min(count, base), n: base).percentEstimate, value: value))
            }
        }
        return rows
    }
}

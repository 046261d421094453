import Foundation
import HeardEngine
import HeardModel
import HeardStore

/// `/revenue`: what each theme puts at risk (the value of its unhappy customers), and
/// how often customers churn, renew or downgrade by theme and NPS band (`heard revenue`).
struct RevenuePage {
    let session: WorkspaceSession
    let cache: ResultCache
    let request: DashboardRequest

    static let chartedThemes = 15
    static let listedOutcomes = 60

    func render() async throws -> String {
        let title = "Revenue at risk"
        let attribute = request.query["value"]?.trimmingCharacters(in: .whitespaces).prefix(64).description ?? ""
        let valueAttribute = attribute.isEmpty ? "revenue" : attribute
        guard Breakdown.isValidKey(valueAttribute) else {
            throw DashboardError(status: 400, message: "value: use 1–64 letters, digits, spaces, '_' or '-' (a customer attribute such as revenue).")
        }
        let version = try await DataVersion.of(session)
        var report = try await cache.value(for: "revenue|\(valueAttribute)|\(version)") {
            try await RevenueAtRisk(session: session).report(valueAttribute: valueAttribute)
        }
        let themes = try await session.store.themes(in: session.workspace.id)
        let visibility = ThemeVisibility(viewer: request.viewer, themes: themes)
        report.themes.removeAll { !visibility.allows($0.themeKey) }
        report.outcomesByTheme.removeAll { !visibility.allows($0.cell) }

        var body = picker(valueAttribute) + visibility.note(request.viewer)
        guard report.totalCustomers > 0 else {
            body += PageChrome.notice("No feedback from known customers yet: revenue at risk needs feedback with a customer id and a customer attribute such as \(valueAttribute).")
            return PageChrome.page(title: title, viewer: request.viewer, current: "/revenue", body: body)
        }
        body += "<p>\(NumberText.count(report.totalCustomers)) customers gave feedback; \(NumberText.count(report.customersWithValue)) have a numeric "
            + "“\(HTML.escape(valueAttribute))” worth \(money(report.totalValue)) in all. At risk: "
            + "<strong>\(NumberText.count(report.totalAtRiskCustomers)) customers, \(money(report.totalAtRiskValue))</strong>"
            + (report.totalValue > 0 ? " (\(NumberText.fixed(100 * report.totalAtRiskValue / report.totalValue, decimals: 1))% of the total)." : ".") + "</p>"
        if report.customersWithValue == 0 {
            body += PageChrome.notice("No customer has a numeric “\(valueAttribute)”: pick the attribute that holds their value above.")
        }
        body += "<section aria-labelledby=\"risk-heading\"><h2 id=\"risk-heading\">Value at risk by theme</h2>"
        let atRisk = report.themes.filter { $0.atRiskValue > 0 }
        if atRisk.isEmpty {
            body += PageChrome.notice(visibility.isRestricted ? "No customer at risk on your teams' themes has a value." : "No customer at risk on a theme has a value.")
        } else {
            body += "<figure>" + chart(Array(atRisk.prefix(Self.chartedThemes))) + "<figcaption>The \(min(atRisk.count, Self.chartedThemes)) themes with the most value at risk: the summed “\(HTML.escape(valueAttribute))” of customers at risk on the theme: a comment of theirs that mentions it is a detractor answer (NPS 0–6) or a negative mention. A customer counts once per theme, under each theme they raise.</figcaption></figure>"
        }
        body += themeTable(report.themes)
        body += "</section>"
        body += "<section aria-labelledby=\"outcome-heading\"><h2 id=\"outcome-heading\">Outcomes</h2>"
        if report.outcomesByBand.isEmpty && report.outcomesByTheme.isEmpty {
            body += PageChrome.notice("No outcomes recorded yet (interactions with an outcome such as churned or renewed).")
        } else {
            body += rateGrid(report.outcomesByBand, caption: "Outcome rates by NPS band", firstHeader: "NPS band")
            body += rateGrid(report.outcomesByTheme, caption: "Outcome rates by theme", firstHeader: "Theme")
            body += "<details class=\"data-table\"><summary>Every rate with its 95% interval and value</summary>"
            body += outcomeTable(report.outcomesByBand, caption: "Outcomes by NPS band", firstHeader: "NPS band")
            body += outcomeTable(Array(report.outcomesByTheme.prefix(Self.listedOutcomes)), caption: "Outcomes by theme", firstHeader: "Theme")
            body += "</details>"
            body += "<p class=\"fineprint\">Rate: share of the customers in the row who had the outcome (the intervals are 95% Wilson intervals). Value: what the outcome's interactions carried.</p>"
        }
        body += "</section>"
        return PageChrome.page(title: title, viewer: request.viewer, current: "/revenue", body: body)
    }

    private func money(_ value: Double) -> String { NumberText.count(Int(value.rounded())) }

    private func picker(_ attribute: String) -> String {
        "<form class=\"filters inline\" method=\"get\" action=\"/revenue\"><label for=\"value\">Customer value attribute</label>"
            + "<input id=\"value\" name=\"value\" value=\"\(HTML.escape(attribute))\" maxlength=\"64\"> <button type=\"submit\">Show</button></form>"
    }

    private func chart(_ rows: [RevenueAtRiskReport.ThemeRow]) -> String {
        let top = rows.map(\.atRiskValue).max() ?? 1
        return BarChart(
            id: "revenue-at-risk", title: "Value at risk by theme",
            description: "One bar per theme, longest first: the value of the customers at risk on it.",
            items: rows.map { row in
                BarItem(label: row.themeName, value: row.atRiskValue, interval: nil, style: "negative",
                        detail: "\(row.themeName): \(money(row.atRiskValue)) at risk from \(NumberText.count(row.atRiskCustomers)) of \(NumberText.count(row.customers)) customers")
            },
            domain: 0...(top * 1.05), format: { money($0) }
        ).svg()
    }

    private func themeTable(_ rows: [RevenueAtRiskReport.ThemeRow]) -> String {
        guard !rows.isEmpty else { return "" }
        return HTML.table(
            caption: "Every theme, most value at risk first", headers: ["Theme", "Owner", "Customers", "At risk", "Value at risk", "Share of total"],
            rows: rows.map { row in
                [row.themeName, row.ownerTeam ?? "–", NumberText.count(row.customers), NumberText.count(row.atRiskCustomers), money(row.atRiskValue),
                 row.atRiskShare.map { NumberText.fixed($0, decimals: 1) + "%" } ?? "–"]
            },
            numericColumns: [2, 3, 4, 5])
    }

    /// One row per band or theme, one column per outcome: the rates side by side.
    private func rateGrid(_ rows: [RevenueAtRiskReport.OutcomeRow], caption: String, firstHeader: String) -> String {
        guard !rows.isEmpty else { return "" }
        let outcomes = Array(Set(rows.map(\.outcome))).sorted()
        var cells: [String: [String: RevenueAtRiskReport.OutcomeRow]] = [:]
        var order: [(cell: String, name: String, customers: Int)] = []
        for row in rows {
            if cells[row.cell] == nil { order.append((row.cell, row.cellName, row.customers)) }
            cells[row.cell, default: [:]][row.outcome] = row
        }
        return HTML.table(
            caption: caption, headers: [firstHeader, "Customers"] + outcomes,
            rows: order.prefix(Self.listedOutcomes).map { entry in
                [entry.name, NumberText.count(entry.customers)] + outcomes.map { outcome in
                    cells[entry.cell]?[outcome]?.rate.map { NumberText.fixed($0.value, decimals: 1) + "%" } ?? "–"
                }
            },
            numericColumns: Set(1...(outcomes.count + 1)))
    }

    private func outcomeTable(_ rows: [RevenueAtRiskReport.OutcomeRow], caption: String, firstHeader: String) -> String {
        guard !rows.isEmpty else { return "" }
        return HTML.table(
            caption: caption, headers: [firstHeader, "Outcome", "Customers", "With outcome", "Rate", "95% interval", "Value"],
            rows: rows.map { row in
                [row.cellName, row.outcome, NumberText.count(row.customers), NumberText.count(row.withOutcome),
                 row.rate.map { NumberText.fixed($0.value, decimals: 1) + "%" } ?? "–",
                 row.rate.map { "\(NumberText.fixed($0.low, decimals: 1))–\(NumberText.fixed($0.high, decimals: 1))%" } ?? "–", money(row.value)]
            },
            numericColumns: [2, 3, 4, 5, 6])
    }
}

import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardStore

struct RevenueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revenue",
        abstract: "Revenue at risk per theme, and outcome rates (churned, renewed, …) by theme and NPS band.",
        discussion: """
            A customer is at risk for a theme when a comment of theirs that mentions it is a detractor
            answer (NPS 0–6) or a negative mention. Their value is the customer attribute named by
            --value (numbers only; customers without it count with value 0 and are reported). Each
            customer counts once per theme. Outcomes come from interaction events with an outcome
            (import them with journeys); a customer's band is that of their latest NPS answer.

            Examples:
              heard revenue
              heard revenue --value arr --from 2025-01-01 --format json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: ArgumentHelp("Customer attribute that holds their value.", valueName: "attribute"))
    var value: String = "revenue"

    func validate() throws {
        guard Breakdown.isValidKey(value) else { throw ValidationError("--value must be 1–64 letters, digits, spaces, '_' or '-'") }
    }

    func run() async throws {
        let session = try await global.open()
        let report = try await RevenueAtRisk(session: session).report(valueAttribute: value, filter: try slice.filter())
        switch slice.format {
        case "json": print(report.json().rendered())
        case "csv": print(report.csv(), terminator: "")
        default: print(render(report), terminator: "")
        }
    }

    func render(_ report: RevenueAtRiskReport) -> String {
        guard report.totalCustomers > 0 else { return "No feedback from known customers in this slice.\n" }
        var out = "Customers with feedback: \(report.totalCustomers.formatted()), \(report.customersWithValue.formatted()) with a numeric \"\(report.valueAttribute)\"; "
        out += "total \(money(report.totalValue)); at risk \(report.totalAtRiskCustomers.formatted()) customers, \(money(report.totalAtRiskValue))"
        out += report.totalValue > 0 ? " (\(Cell.number(100 * report.totalAtRiskValue / report.totalValue))%)\n\n" : "\n\n"
        var lines = [["theme", "owner", "customers", "at risk", "value at risk", "share of total"]]
        for row in report.themes.prefix(30) {
            lines.append([row.themeName, row.ownerTeam ?? "", row.customers.formatted(), row.atRiskCustomers.formatted(),
                          money(row.atRiskValue), Cell.number(row.atRiskShare) + "%"])
        }
        out += MetricsTable.layout(lines)
        if report.themes.count > 30 { out += "… \(report.themes.count - 30) more themes (use --format csv for all)\n" }
        for (title, rows) in [("By NPS band", report.outcomesByBand), ("By theme", report.outcomesByTheme)] where !rows.isEmpty {
            out += "\nOutcomes \(title.lowercased()) (customers with the outcome, 95% CI)\n"
            var table = [[title == "By NPS band" ? "band" : "theme", "outcome", "customers", "rate", "95% CI", "value"]]
            for row in rows.prefix(60) {
                table.append([row.cellName, row.outcome, row.customers.formatted(), Cell.number(row.rate?.value) + "%",
                              Cell.interval(row.rate?.low, row.rate?.high), money(row.value)])
            }
            out += MetricsTable.layout(table)
        }
        return out
    }

    func money(_ value: Double) -> String { value.rounded().formatted(.number.precision(.fractionLength(0))) }
}

import Foundation
import HeardEngine
import HeardStats

/// The human view of a metrics report: one line per group and period, only the metrics that
/// have answers, each as value [low, high] with n, and marks where a test says something moved.
struct MetricsTable {
    let report: MetricsReport

    func render() -> String {
        let all = report.rows.map { ($0, false) } + report.totals.map { ($0, true) }
        guard !all.isEmpty else { return "No feedback matches. Import some with `heard import FILE`, or try `heard demo`.\n" }
        let present = (
            nps: all.contains { $0.0.tally.npsCount > 0 }, csat: all.contains { $0.0.tally.csatCount > 0 },
            ces: all.contains { $0.0.tally.cesCount > 0 }, stars: all.contains { $0.0.tally.starsCount > 0 })
        var header = [String]()
        if report.request.period != nil { header.append("period") }
        if let breakdown = report.request.breakdown { header.append(breakdown.description) }
        header.append("n")
        if present.nps { header += ["NPS", "95% CI", ""] }
        if present.csat { header += ["CSAT", "95% CI", ""] }
        if present.ces { header += ["CES", "95% CI", "agree", ""] }
        if present.stars { header += ["stars", "95% CI", ""] }

        var lines: [[String]] = [header]
        let sorted = all.sorted { lhs, rhs in
            let l = (lhs.0.periodStart?.description ?? "", lhs.1 ? 1 : 0, lhs.0.group ?? "")
            let r = (rhs.0.periodStart?.description ?? "", rhs.1 ? 1 : 0, rhs.0.group ?? "")
            return l < r
        }
        for (row, isTotal) in sorted {
            var cells = [String]()
            if report.request.period != nil { cells.append(row.periodLabel ?? "") }
            if report.request.breakdown != nil { cells.append(isTotal ? "(all)" : row.group ?? "(none)") }
            cells.append(row.tally.feedback.formatted())
            let s = row.summary
            if present.nps {
                cells += estimateCells(s.nps, signed: true, decimals: 0) + [marks(row.change?.nps, row.versusRest?.nps)]
            }
            if present.csat { cells += estimateCells(s.csat, suffix: "%", decimals: 0) + [marks(row.change?.csat, row.versusRest?.csat)] }
            if present.ces {
                cells += estimateCells(s.ces, decimals: 2)
                cells.append(s.cesAgree.map { String(format: "%.0f%%", $0.value) } ?? "–")
                cells.append(marks(row.change?.ces, row.versusRest?.ces))
            }
            if present.stars { cells += estimateCells(s.stars, decimals: 2) + [marks(row.change?.stars, row.versusRest?.stars)] }
            lines.append(cells)
        }
        var out = Self.layout(lines)
        out += "\nIntervals are 95%. ▲/▼ significant change from the previous period, ◆ significantly different from the rest (p < \(report.alpha)).\n"
        return out
    }

    private func estimateCells(_ estimate: Estimate?, signed: Bool = false, suffix: String = "", decimals: Int) -> [String] {
        guard let estimate else { return ["–", ""] }
        func format(_ value: Double) -> String {
            let text = String(format: "%.\(decimals)f", value)
            return (signed && value >= 0.5 ? "+" : "") + (text == "-0" ? "0" : text)
        }
        return [format(estimate.value) + suffix, "[\(format(estimate.low)), \(format(estimate.high))] n=\(estimate.n)"]
    }

    private func marks(_ change: Comparison?, _ versusRest: Comparison?) -> String {
        var mark = ""
        if let change, change.isSignificant(alpha: report.alpha) { mark += change.difference > 0 ? "▲" : "▼" }
        if let versusRest, versusRest.isSignificant(alpha: report.alpha) { mark += "◆" }
        return mark
    }

    /// Left-aligns text columns, right-aligns numbers, two spaces between columns.
    static func layout(_ lines: [[String]]) -> String {
        let columns = lines.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for line in lines { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) } }
        var out = ""
        for (lineIndex, line) in lines.enumerated() {
            var text = ""
            for (index, cell) in line.enumerated() {
                let numeric = lineIndex > 0 && (cell.first.map { $0.isNumber || $0 == "+" || $0 == "-" } ?? false) && !cell.contains("[")
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                text += (numeric ? pad + cell : cell + pad) + (index + 1 < line.count ? "  " : "")
            }
            while text.last == " " { text.removeLast() }
            out += text + "\n"
        }
        return out
    }
}

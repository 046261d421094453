import Foundation
import HeardStats

/// The three headline metrics, each with its scale, how the CLI writes it, and where its
/// estimate and test live in a summary and a comparison.
enum MetricKind: String, CaseIterable, Sendable {
    case nps, csat, ces

    var title: String {
        switch self {
        case .nps: "NPS"
        case .csat: "CSAT"
        case .ces: "CES"
        }
    }

    var explanation: String {
        switch self {
        case .nps: "% promoters (9–10) minus % detractors (0–6), adjusted-Wald 95% interval"
        case .csat: "share of 4–5 answers on 1–5, Wilson 95% interval"
        case .ces: "mean ease on 1–7 (7 = very easy), t 95% interval"
        }
    }

    /// The axis a chart of this metric spans, so charts never exaggerate small moves.
    var domain: ClosedRange<Double> {
        switch self {
        case .nps: -100...100
        case .csat: 0...100
        case .ces: 1...7
        }
    }

    func estimate(_ summary: ScoreSummary) -> Estimate? {
        switch self {
        case .nps: summary.nps
        case .csat: summary.csat
        case .ces: summary.ces
        }
    }

    func comparison(_ comparison: TallyComparison?) -> Comparison? {
        switch self {
        case .nps: comparison?.nps
        case .csat: comparison?.csat
        case .ces: comparison?.ces
        }
    }

    /// A value as the CLI writes it: NPS signed whole points, CSAT whole percent, CES two decimals.
    func format(_ value: Double) -> String {
        switch self {
        case .nps: NumberText.fixed(value, decimals: 0, signed: true)
        case .csat: NumberText.fixed(value, decimals: 0) + "%"
        case .ces: NumberText.fixed(value, decimals: 2)
        }
    }

    /// A difference between two values of this metric.
    func formatDifference(_ value: Double) -> String {
        switch self {
        case .nps: NumberText.fixed(value, decimals: 1, signed: true) + " points"
        case .csat: NumberText.fixed(value, decimals: 1, signed: true) + " pp"
        case .ces: NumberText.fixed(value, decimals: 2, signed: true)
        }
    }

    /// "+12 [5, 19] n=340"
    func formatEstimate(_ estimate: Estimate) -> String {
        "\(format(estimate.value)) [\(format(estimate.low)), \(format(estimate.high))] n=\(estimate.n)"
    }
}

enum NumberText {
    static func fixed(_ value: Double, decimals: Int, signed: Bool = false) -> String {
        guard value.isFinite else { return "–" }
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-") && Double(text) == 0 { text.removeFirst() }
        if signed && !text.hasPrefix("-") && Double(text) != 0 { text = "+" + text }
        return text
    }

    /// 12,345: grouped the same way whatever the server's locale.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func percent(_ fraction: Double, decimals: Int = 0) -> String { fixed(fraction * 100, decimals: decimals) + "%" }

    static func pValue(_ p: Double) -> String { p < 0.001 ? "p < 0.001" : "p = " + String(format: "%.3f", p) }
}

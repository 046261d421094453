import Foundation
import HeardStats

/// A value in a flat, machine-readable record.
public enum RecordValue: Sendable, Equatable {
    case null
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)

    var json: String {
        switch self {
        case .null: "null"
        case let .string(text): Self.jsonQuoted(text)
        case let .int(value): String(value)
        case let .number(value): value.isFinite ? Self.rounded(value) : "null"
        case let .bool(value): value ? "true" : "false"
        }
    }

    var csv: String {
        switch self {
        case .null: ""
        case let .string(text): CSVField.quoted(text)
        case let .int(value): String(value)
        case let .number(value): value.isFinite ? Self.rounded(value) : ""
        case let .bool(value): value ? "true" : "false"
        }
    }

    /// Six decimals: enough for any percentage, free of binary-float noise.
    static func rounded(_ value: Double) -> String {
        let text = String(format: "%.6f", value)
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed = trimmed.dropLast() }
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        return trimmed == "-0" ? "0" : String(trimmed)
    }

    static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Ordered key–value records, written as JSON or CSV with the same keys in the same order.
public struct FlatRecords: Sendable {
    public var keys: [String]
    public var rows: [[RecordValue]]

    public func json() -> String {
        var out = "[\n"
        for (index, row) in rows.enumerated() {
            let fields = zip(keys, row).map { "\(RecordValue.jsonQuoted($0)): \($1.json)" }
            out += "  {" + fields.joined(separator: ", ") + "}" + (index + 1 < rows.count ? ",\n" : "\n")
        }
        return out + "]\n"
    }

    public func csv() -> String {
        var out = keys.joined(separator: ",") + "\n"
        for row in rows { out += row.map(\.csv).joined(separator: ",") + "\n" }
        return out
    }
}

extension MetricsReport {
    /// Group rows (when the report is broken down) followed by the totals; each with the metric
    /// estimates, their 95% intervals, counts and both comparisons.
    public func records() -> FlatRecords {
        var keys = ["group", "period", "period_start", "n",
                    "nps", "nps_low", "nps_high", "nps_n", "promoters", "passives", "detractors",
                    "csat", "csat_low", "csat_high", "csat_n",
                    "ces", "ces_low", "ces_high", "ces_n", "ces_agree", "ces_agree_low", "ces_agree_high",
                    "stars", "stars_low", "stars_high", "stars_n"]
        for comparison in ["change", "vs_rest"] {
            for metric in ["nps", "csat", "ces", "stars"] {
                keys += ["\(metric)_\(comparison)", "\(metric)_\(comparison)_low", "\(metric)_\(comparison)_high",
                         "\(metric)_\(comparison)_p", "\(metric)_\(comparison)_significant"]
            }
        }
        let all = rows.map { (row: $0, isTotal: false) } + totals.map { (row: $0, isTotal: true) }
        let values = all.map { row, isTotal -> [RecordValue] in
            var out: [RecordValue] = [
                .string(isTotal ? "(all)" : row.group ?? "(none)"),
                row.periodLabel.map(RecordValue.string) ?? .null,
                row.periodStart.map { .string($0.description) } ?? .null,
                .int(row.tally.feedback),
            ]
            let s = row.summary
            out += estimate(s.nps) + [.int(row.tally.npsCount), .int(row.tally.promoters), .int(row.tally.passives), .int(row.tally.detractors)]
            out += estimate(s.csat) + [.int(row.tally.csatCount)]
            out += estimate(s.ces) + [.int(row.tally.cesCount)] + estimate(s.cesAgree)
            out += estimate(s.stars) + [.int(row.tally.starsCount)]
            for comparison in [row.change, row.versusRest] {
                for test in [comparison?.nps, comparison?.csat, comparison?.ces, comparison?.stars] {
                    if let test {
                        out += [.number(test.difference), .number(test.low), .number(test.high), .number(test.pValue),
                                .bool(test.isSignificant(alpha: alpha))]
                    } else {
                        out += [.null, .null, .null, .null, .null]
                    }
                }
            }
            return out
        }
        return FlatRecords(keys: keys, rows: values)
    }

    private func estimate(_ estimate: Estimate?) -> [RecordValue] {
        guard let estimate else { return [.null, .null, .null] }
        return [.number(estimate.value), .number(estimate.low), .number(estimate.high)]
    }
}

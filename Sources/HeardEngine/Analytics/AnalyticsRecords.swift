import Foundation
import HeardModel
import HeardStats
import HeardStore

extension RecordValue {
    static func optional(_ value: Double?) -> RecordValue { value.map(RecordValue.number) ?? .null }
    static func optional(_ value: String?) -> RecordValue { value.map(RecordValue.string) ?? .null }
}

/// value, low, high of an estimate (nulls when absent).
func estimateValues(_ estimate: Estimate?) -> [RecordValue] {
    guard let estimate else { return [.null, .null, .null] }
    return [.number(estimate.value), .number(estimate.low), .number(estimate.high)]
}

/// difference, p, significant of a comparison (nulls when there was no test).
func comparisonValues(_ comparison: Comparison?, alpha: Double) -> [RecordValue] {
    guard let comparison else { return [.null, .null, .null] }
    return [.number(comparison.difference), .number(comparison.pValue), .bool(comparison.isSignificant(alpha: alpha))]
}

extension ThemeTrendsReport {
    public func records() -> FlatRecords {
        let keys = ["theme", "theme_name", "group", "period", "period_start", "comments", "total_comments",
                    "share", "share_low", "share_high", "sentiment", "sentiment_low", "sentiment_high", "negative_share",
                    "share_change", "share_change_p", "share_change_significant",
                    "sentiment_change", "sentiment_change_p", "sentiment_change_significant"]
        let values = rows.map { row -> [RecordValue] in
            [.string(row.themeKey), .string(row.themeName), .optional(row.group), .optional(row.periodLabel),
             .optional(row.periodStart?.description), .int(row.comments), .int(row.totalComments)]
                + estimateValues(row.share) + estimateValues(row.sentiment) + [.optional(row.negativeShare)]
                + comparisonValues(row.shareChange, alpha: alpha) + comparisonValues(row.sentimentChange, alpha: alpha)
        }
        return FlatRecords(keys: keys, rows: values)
    }
}

extension EmergingDigest {
    public func records() -> FlatRecords {
        let keys = ["rank", "kind", "theme", "theme_name", "owner_team", "group", "since", "since_start", "period", "period_start",
                    "periods", "mentions", "expected", "change_percent", "z", "sentiment", "baseline_sentiment", "verbatims"]
        let values = items.enumerated().map { index, item -> [RecordValue] in
            [.int(index + 1), .string(item.kind.rawValue), .string(item.themeKey), .string(item.themeName), .optional(item.ownerTeam),
             .optional(item.group), .string(item.sinceLabel), .string(item.sinceStart.description), .string(item.periodLabel),
             .string(item.periodStart.description), .int(item.periods), .int(item.mentions), .number(item.expected),
             .optional(item.changePercent), .number(item.z), .optional(item.sentiment), .optional(item.baselineSentiment),
             .string(item.verbatims.map(\.text).joined(separator: " | "))]
        }
        return FlatRecords(keys: keys, rows: values)
    }

    /// The digest as one JSON document: settings, what was examined, and the ranked items with
    /// their verbatims as a list.
    public func json() -> JSONValue {
        let t = request.thresholds
        return .object([
            ("period", .string(request.period.rawValue)),
            ("first_period", firstPeriod.map { .string($0.description) } ?? .null),
            ("last_period", lastPeriod.map { .string($0.description) } ?? .null),
            ("window", .int(t.window)), ("z", .number(t.z)), ("min_volume", .int(t.minimumVolume)),
            ("breakdown", request.breakdown.map { .string($0.description) } ?? .null),
            ("theme_periods_examined", .int(themePeriodsExamined)),
            ("items", .array(items.enumerated().map { index, item in
                .object([
                    ("rank", .int(index + 1)), ("kind", .string(item.kind.rawValue)), ("theme", .string(item.themeKey)),
                    ("theme_name", .string(item.themeName)), ("owner_team", item.ownerTeam.map(JSONValue.string) ?? .null),
                    ("group", item.group.map(JSONValue.string) ?? .null),
                    ("since", .string(item.sinceLabel)), ("since_start", .string(item.sinceStart.description)),
                    ("period", .string(item.periodLabel)), ("period_start", .string(item.periodStart.description)),
                    ("periods", .int(item.periods)), ("mentions", .int(item.mentions)), ("expected", .number(item.expected)),
                    ("change_percent", item.changePercent.map(JSONValue.number) ?? .null), ("z", .number(item.z)),
                    ("sentiment", item.sentiment.map(JSONValue.number) ?? .null),
                    ("baseline_sentiment", item.baselineSentiment.map(JSONValue.number) ?? .null),
                    ("verbatims", .array(item.verbatims.map { verbatim in
                        .object([("id", .string(verbatim.externalID)), ("text", .string(verbatim.text)),
                                 ("span_start", .int(verbatim.span.lowerBound)), ("span_end", .int(verbatim.span.upperBound)),
                                 ("sentiment", .number(verbatim.sentimentScore))])
                    })),
                ])
            })),
        ])
    }
}

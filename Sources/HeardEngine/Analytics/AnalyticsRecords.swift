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

extension RevenueAtRiskReport {
    public func themeRecords() -> FlatRecords {
        FlatRecords(
            keys: ["theme", "theme_name", "owner_team", "customers", "at_risk_customers", "at_risk_value", "at_risk_share", "value"],
            rows: themes.map {
                [.string($0.themeKey), .string($0.themeName), .optional($0.ownerTeam), .int($0.customers), .int($0.atRiskCustomers),
                 .number($0.atRiskValue), .optional($0.atRiskShare), .number($0.value)]
            })
    }

    public func outcomeRecords(_ rows: [OutcomeRow], cellKey: String) -> FlatRecords {
        FlatRecords(
            keys: [cellKey, "name", "outcome", "customers", "with_outcome", "rate", "rate_low", "rate_high", "value"],
            rows: rows.map {
                [.string($0.cell), .string($0.cellName), .string($0.outcome), .int($0.customers), .int($0.withOutcome)]
                    + estimateValues($0.rate) + [.number($0.value)]
            })
    }

    public func json() -> JSONValue {
        func array(_ records: FlatRecords) -> JSONValue {
            .array(records.rows.map { row in .object(zip(records.keys, row).map { ($0, $1.jsonValue) }) })
        }
        return .object([
            ("value_attribute", .string(valueAttribute)),
            ("customers", .int(totalCustomers)), ("at_risk_customers", .int(totalAtRiskCustomers)),
            ("value", .number(totalValue)), ("at_risk_value", .number(totalAtRiskValue)),
            ("customers_with_value", .int(customersWithValue)),
            ("themes", array(themeRecords())),
            ("outcomes_by_theme", array(outcomeRecords(outcomesByTheme, cellKey: "theme"))),
            ("outcomes_by_band", array(outcomeRecords(outcomesByBand, cellKey: "band"))),
        ])
    }

    /// One CSV: a `section` column says which table each row belongs to.
    public func csv() -> String {
        var out = "section,key,name,outcome,customers,count,value,share_or_rate,rate_low,rate_high\n"
        for row in themes {
            out += ["at_risk", CSVField.quoted(row.themeKey), CSVField.quoted(row.themeName), "", String(row.customers),
                    String(row.atRiskCustomers), RecordValue.number(row.atRiskValue).csv, RecordValue.optional(row.atRiskShare).csv, "", ""]
                .joined(separator: ",") + "\n"
        }
        for (section, rows) in [("outcome_by_theme", outcomesByTheme), ("outcome_by_band", outcomesByBand)] {
            for row in rows {
                out += [section, CSVField.quoted(row.cell), CSVField.quoted(row.cellName), CSVField.quoted(row.outcome),
                        String(row.customers), String(row.withOutcome), RecordValue.number(row.value).csv]
                    .joined(separator: ",") + "," + estimateValues(row.rate).map(\.csv).joined(separator: ",") + "\n"
            }
        }
        return out
    }
}

extension RecordValue {
    var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case let .string(text): .string(text)
        case let .int(value): .int(value)
        case let .number(value): .number(value)
        case let .bool(value): .bool(value)
        }
    }
}

extension DriverReport {
    /// One row per group and theme: importance, both predictors' weights with intervals and
    /// significance, direction, effect, quadrant and theme impact.
    public func records() -> FlatRecords {
        let keys = ["group", "group_comments", "r_squared", "r_squared_low", "r_squared_high", "noise_weight",
                    "rank", "theme", "theme_name", "owner_team", "comments", "importance", "weight", "significant", "via", "direction", "effect",
                    "mention_weight", "mention_weight_low", "mention_weight_high", "mention_significant",
                    "sentiment_weight", "sentiment_weight_low", "sentiment_weight_high", "sentiment_significant",
                    "performance", "quadrant", "overall", "without", "impact", "impact_p", "note"]
        var rows: [[RecordValue]] = []
        for group in groups {
            let head: [RecordValue] = [.optional(group.group), .int(group.comments), .number(group.rSquared), .number(group.rSquaredLow),
                                       .number(group.rSquaredHigh), .number(group.noiseWeight)]
            if group.drivers.isEmpty {
                rows.append(head + Array(repeating: .null, count: keys.count - head.count - 1) + [.optional(group.note)])
            }
            for (rank, driver) in group.drivers.enumerated() {
                rows.append(head + [
                    .int(rank + 1), .string(driver.themeKey), .string(driver.themeName), .optional(driver.ownerTeam), .int(driver.comments),
                    .number(driver.importance), .number(driver.weight), .bool(driver.isSignificant), .string(driver.via), .string(driver.direction.rawValue),
                    .number(driver.effect),
                    .number(driver.mentioned.weight), .number(driver.mentioned.low), .number(driver.mentioned.high), .bool(driver.mentioned.isSignificant),
                    .number(driver.sentiment.weight), .number(driver.sentiment.low), .number(driver.sentiment.high), .bool(driver.sentiment.isSignificant),
                    .optional(driver.performance), .string(driver.quadrant.rawValue), .optional(driver.impact?.overall),
                    .optional(driver.impact?.without), .optional(driver.impact?.impact), .optional(driver.impact?.versusRest?.pValue), .null,
                ])
            }
        }
        return FlatRecords(keys: keys, rows: rows)
    }
}

extension InsideOutReport {
    /// One row per operational metric and lag, the best lag marked.
    public func records() -> FlatRecords {
        let keys = ["metric", "period", "dimension", "group", "lag", "best", "r", "r_low", "r_high", "p", "p_adjusted", "significant",
                    "pairs", "groups", "periods", "answers", "note"]
        var rows: [[RecordValue]] = []
        for link in links {
            let head: [RecordValue] = [.string(link.metric), .string(link.period.rawValue), .optional(link.dimension), .optional(link.group)]
            let tail: [RecordValue] = [.int(link.periods), .int(link.answers), .optional(link.note)]
            if link.scan.lags.isEmpty || link.best == nil {
                rows.append(head + Array(repeating: .null, count: 9) + [.int(link.groups)] + tail)
                continue
            }
            for lag in link.scan.lags {
                let isBest = lag.lag == link.best?.lag
                rows.append(head + [
                    .int(lag.lag), .bool(isBest), .optional(lag.correlation?.r), .optional(lag.correlation?.low), .optional(lag.correlation?.high),
                    .optional(lag.correlation?.pValue), isBest ? .optional(link.adjustedPValue) : .null,
                    isBest ? .bool(link.isSignificant(alpha: request.alpha)) : .null, .int(lag.pairs), .int(lag.groups),
                ] + tail)
            }
        }
        return FlatRecords(keys: keys, rows: rows)
    }
}

extension PersonaSuggestionReport {
    public func json() -> JSONValue {
        .object([
            ("customers_sampled", .int(customersSampled)), ("customers_total", .int(customersTotal)),
            ("k", .int(k)), ("silhouette", .number(silhouette)),
            ("suggestions", .array(suggestions.map { suggestion in
                .object([
                    ("name", .string(suggestion.name)), ("customers", .int(suggestion.customers)), ("share", .number(suggestion.share)),
                    ("mean_nps_answer", suggestion.meanNPS.map(JSONValue.number) ?? .null),
                    ("overall_mean_nps_answer", suggestion.overallMeanNPS.map(JSONValue.number) ?? .null),
                    ("description", .string(suggestion.description)),
                    ("traits", .array(suggestion.traits.map { .object([("feature", .string($0.feature)), ("text", .string($0.text)), ("strength", .number($0.strength))]) })),
                    ("rule", suggestion.rule.map { JSONValue.string($0.text) } ?? .null),
                    ("rule_matches", .int(suggestion.ruleMatches)),
                    ("rule_precision", suggestion.rulePrecision.map(JSONValue.number) ?? .null),
                ])
            })),
        ])
    }

    public func records() -> FlatRecords {
        FlatRecords(
            keys: ["name", "customers", "share", "mean_nps_answer", "rule", "rule_matches", "rule_precision", "description"],
            rows: suggestions.map {
                [.string($0.name), .int($0.customers), .number($0.share), .optional($0.meanNPS), .optional($0.rule?.text),
                 .int($0.ruleMatches), .optional($0.rulePrecision), .string($0.description)]
            })
    }
}

extension Array where Element == PersonaSummary {
    public func records() -> FlatRecords {
        FlatRecords(
            keys: ["persona", "description", "picture", "rule", "priority", "customers", "feedback",
                   "nps", "nps_low", "nps_high", "nps_n", "csat", "csat_low", "csat_high", "ces", "ces_low", "ces_high",
                   "top_themes", "nps_trend"],
            rows: map { item in
                [.string(item.persona.name), .string(item.persona.description), .optional(item.persona.pictureURL),
                 .string(item.persona.rule.text), .int(item.persona.priority), .int(item.customers), .int(item.summary.feedback)]
                    + estimateValues(item.summary.nps) + [.int(item.summary.npsBreakdown.n)]
                    + estimateValues(item.summary.csat) + estimateValues(item.summary.ces)
                    + [.string(item.topThemes.map { "\($0.name) \(String(format: "%.0f", 100 * $0.share))%" }.joined(separator: "; ")),
                       .string(item.trend.map { "\($0.period) \($0.nps.map { String(format: "%.0f", $0.value) } ?? "–")" }.joined(separator: "; "))]
            })
    }
}

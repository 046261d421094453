import HeardModel

extension ThemeReport {
    /// One theme as `heard themes --format json` and the API write it. `freeText: false` leaves
    /// out verbatims and examples (viewers when the workspace hides customer text).
    public static func json(_ row: ThemeReportRow, proposed: ProposedTheme? = nil, freeText: Bool = true) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(row.theme.key)), ("name", .string(row.theme.name)),
            ("parent", row.theme.parentKey.map { .string($0) } ?? .null),
            ("owner", row.theme.ownerTeam.map { .string($0) } ?? .null),
            ("status", .string(row.theme.status.rawValue)),
            ("comments", .int(row.comments)), ("share", .number(row.share)), ("mentions", .int(row.mentions)),
            ("sentiment", row.meanSentiment.map { .number($0) } ?? .null),
            ("negative_share", row.negativeShare.map { .number($0) } ?? .null),
        ]
        if freeText {
            fields.append(("verbatims", .array(row.verbatims.map { verbatim in
                .object([("id", .string(verbatim.externalID)), ("text", .string(verbatim.text)),
                         ("span", .array([.int(verbatim.span.lowerBound), .int(verbatim.span.upperBound)])),
                         ("sentiment", .number(verbatim.sentimentScore))])
            })))
        }
        if let proposed {
            fields.append(("discovered_volume", .int(proposed.volume)))
            fields.append(("discovered_sentiment", .number(proposed.meanSentiment)))
            if freeText { fields.append(("examples", .array(row.theme.examples.map { .string($0) }))) }
        }
        return .object(fields)
    }
}

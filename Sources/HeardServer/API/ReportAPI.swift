import HeardEngine
import HeardModel
import HeardStats
import HeardStore
import Hummingbird

/// Reports, each the same Engine call as its CLI command and the same JSON (or CSV).
enum ReportAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .get, path: "/overview", operationID: "overview", tag: "reports",
                     summary: "Headline NPS, CSAT, CES and stars with n, 95% interval and the significant change from the previous period, and their trend (the dashboard's overview).",
                     permission: .read, parameters: [.period] + APIRoute.Parameter.slice, cached: true, handler: overview),
            APIRoute(method: .get, path: "/status", operationID: "status", tag: "reports",
                     summary: "What the workspace holds: feedback and its date range, customers, personas, teams, interactions and operational metrics (`heard status`).",
                     permission: .read, cached: true, handler: status),
            APIRoute(method: .get, path: "/metrics", operationID: "metrics", tag: "reports",
                     summary: "NPS, CSAT, CES and stars with 95% intervals by period and breakdown (`heard metrics`).",
                     permission: .read, parameters: [.period, .by, alpha] + APIRoute.Parameter.slice + [.format], cached: true, handler: metrics),
            APIRoute(method: .get, path: "/trends", operationID: "trends", tag: "reports",
                     summary: "Each theme's volume, share and sentiment per period (`heard trends`).",
                     permission: .read, parameters: [.period, .by, alpha, theme] + APIRoute.Parameter.slice + [.format], cached: true, handler: trends),
            APIRoute(method: .get, path: "/drivers", operationID: "drivers", tag: "reports",
                     summary: "Key drivers: which themes move a score, with importance, effect and quadrant (`heard drivers`).",
                     permission: .read, parameters: [target, .by] + APIRoute.Parameter.slice + [.format], cached: true, handler: drivers),
            APIRoute(method: .get, path: "/emerging", operationID: "emerging", tag: "reports",
                     summary: "Themes whose volume or sentiment broke from their baseline (`heard emerging`).",
                     permission: .read, parameters: [.period, since, .by, z] + APIRoute.Parameter.slice, cached: true, handler: emerging),
            APIRoute(method: .get, path: "/revenue", operationID: "revenue", tag: "reports",
                     summary: "Revenue at risk per theme, and outcome rates by theme and NPS band (`heard revenue`).",
                     permission: .read, parameters: [value] + APIRoute.Parameter.slice + [.format], cached: true, handler: revenue),
            APIRoute(method: .get, path: "/inside-out", operationID: "insideOut", tag: "reports",
                     summary: "Which operational KPI moves a customer metric, at which lag (`heard inside-out`).",
                     permission: .read, parameters: [target, maxLag, minAnswers, alpha] + APIRoute.Parameter.slice + [.format],
                     cached: true, handler: insideOut),
            APIRoute(method: .get, path: "/personas", operationID: "personas", tag: "reports",
                     summary: "Personas with customers, satisfaction, top themes and trend (`heard personas`).",
                     permission: .read, parameters: [.period] + APIRoute.Parameter.slice + [.format], cached: true, handler: personas),
        ]
    }

    static let alpha = APIRoute.Parameter(name: "alpha", kind: .number, description: "Significance level for marked changes (default 0.05).")
    static let theme = APIRoute.Parameter(name: "theme", description: "Only this theme key (repeatable).", repeatable: true)
    static let target = APIRoute.Parameter(name: "target", description: "The score to explain.", allowed: ScoreScale.allCases.map(\.rawValue))
    static let since = APIRoute.Parameter(name: "since", description: "Report runs reaching this day or later (YYYY-MM-DD).")
    static let z = APIRoute.Parameter(name: "z", kind: .number, description: "z at which a change is flagged (default 3).")
    static let value = APIRoute.Parameter(name: "value", description: "Customer attribute that holds their value (default revenue).")
    static let maxLag = APIRoute.Parameter(name: "max_lag", kind: .integer, description: "Longest lag tried, in periods (0–52, default 4).")
    static let minAnswers = APIRoute.Parameter(name: "min_answers", kind: .integer,
                                               description: "Cells with fewer answers are left out (default 10).")

    static func records(_ records: FlatRecords, format: String) -> Response {
        guard format == "csv" else { return Responses.json(text: records.json()) }
        return Response(status: .ok, headers: Responses.headers(contentType: "text/csv; charset=utf-8"),
                        body: .init(byteBuffer: ByteBuffer(string: records.csv())))
    }

    @Sendable static func overview(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let period = try query.period(default: .month)!
        let filter = try query.filter()
        let calculator = MetricsCalculator(session: environment.session)
        let totals = try await calculator.report(MetricsRequest(filter: filter))
        let trend = try await calculator.report(MetricsRequest(period: period, filter: filter))
        let latest = trend.rows.last
        func estimate(_ value: Estimate?) -> JSONValue {
            guard let value else { return .null }
            return .object([("value", .number(value.value)), ("low", .number(value.low)), ("high", .number(value.high)), ("n", .int(value.n))])
        }
        func change(_ comparison: TallyComparison?, _ scale: ScoreScale) -> JSONValue {
            let test: Comparison? = switch scale {
            case .nps: comparison?.nps
            case .csat: comparison?.csat
            case .ces: comparison?.ces
            case .stars: comparison?.stars
            }
            guard let test else { return .null }
            return .object([("difference", .number(test.difference)), ("low", .number(test.low)), ("high", .number(test.high)),
                            ("p", .number(test.pValue)), ("significant", .bool(test.isSignificant(alpha: 0.05)))])
        }
        func estimate(_ summary: ScoreSummary, _ scale: ScoreScale) -> JSONValue {
            switch scale {
            case .nps: estimate(summary.nps)
            case .csat: estimate(summary.csat)
            case .ces: estimate(summary.ces)
            case .stars: estimate(summary.stars)
            }
        }
        func tiles(_ row: MetricsRow?) -> JSONValue {
            guard let row else { return .null }
            return .object(ScoreScale.allCases.map { scale in
                (scale.rawValue, .object([("estimate", estimate(row.summary, scale)), ("change", change(row.change, scale))]))
            })
        }
        return Responses.json(.object([
            ("feedback", .int(totals.totals.first?.tally.feedback ?? 0)),
            ("all_time", tiles(totals.totals.first)),
            ("period", .string(period.rawValue)),
            ("latest_period", latest?.periodLabel.map { .string($0) } ?? .null),
            ("latest", tiles(latest)),
            ("trend", .array(trend.rows.map { row in
                .object([("period", row.periodLabel.map { .string($0) } ?? .null), ("feedback", .int(row.tally.feedback))]
                        + ScoreScale.allCases.map { ($0.rawValue, estimate(row.summary, $0)) })
            })),
        ]))
    }

    @Sendable static func status(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let store = environment.session.store, id = environment.session.workspace.id
        let range = try await store.feedbackDayRange(in: id)
        let metrics = Set(try await store.operationalMetrics(named: nil, in: id).map(\.name)).sorted()
        return Responses.json(.object([
            ("workspace", .string(environment.session.workspace.name)),
            ("feedback", .int(try await store.feedbackCount(in: id))),
            ("from", range.map { .string($0.lowerBound.description) } ?? .null), ("until", range.map { .string($0.upperBound.description) } ?? .null),
            ("customers", .int(try await store.customerCount(in: id))),
            ("personas", .array(try await store.personas(in: id).map { .string($0.name) })),
            ("teams", .array(try await store.teams(in: id).map { .string($0.name) })),
            ("interactions", .int(try await store.interactionCount(in: id))),
            ("operational_metrics", .array(metrics.map { .string($0) })),
        ]))
    }

    @Sendable static func metrics(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let metricsRequest = MetricsRequest(breakdown: try query.breakdown(), period: try query.period(), filter: try query.filter(),
                                            alpha: try query.number("alpha", default: 0.05, range: 0.0001...0.5))
        let format = try query.choice("format", of: ["json", "csv"], default: "json")
        return records(try await MetricsCalculator(session: environment.session).report(metricsRequest).records(), format: format)
    }

    @Sendable static func trends(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let tallyQuery = TallyQuery(breakdown: try query.breakdown(), period: try query.period(default: .month), filter: try query.filter())
        let format = try query.choice("format", of: ["json", "csv"], default: "json")
        let visibility = try await Visibility.of(context.identity, environment: environment)
        var report = try await ThemeTrends(session: environment.session)
            .report(tallyQuery, themeKeys: query.strings("theme"), alpha: try query.number("alpha", default: 0.05, range: 0.0001...0.5))
        report.rows.removeAll { !visibility.allows(themeKey: $0.themeKey) }
        return records(report.records(), format: format)
    }

    @Sendable static func drivers(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let driverRequest = DriverRequest(target: try query.scale("target", default: .nps), breakdown: try query.breakdown(), filter: try query.filter())
        let format = try query.choice("format", of: ["json", "csv"], default: "json")
        let visibility = try await Visibility.of(context.identity, environment: environment)
        var report = try await KeyDriverReporting(session: environment.session).report(driverRequest)
        for index in report.groups.indices { report.groups[index].drivers.removeAll { !visibility.allows(themeKey: $0.themeKey) } }
        return records(report.records(), format: format)
    }

    @Sendable static func emerging(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        var thresholds = EmergingThresholds()
        thresholds.z = try query.number("z", default: thresholds.z, range: 0.5...20)
        let emergingRequest = EmergingRequest(
            period: try query.period(default: .week)!, since: try query.day("since"),
            breakdown: query.string("by") == nil ? .segment : try query.breakdown(), thresholds: thresholds, filter: try query.filter())
        let visibility = try await Visibility.of(context.identity, environment: environment)
        var digest = try await EmergingIssues(session: environment.session).digest(emergingRequest)
        digest.items.removeAll { !visibility.allows(themeKey: $0.themeKey) }
        if !visibility.mayReadFreeText { for index in digest.items.indices { digest.items[index].verbatims = [] } }
        return Responses.json(digest.json())
    }

    @Sendable static func personas(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let format = try query.choice("format", of: ["json", "csv"], default: "json")
        let visibility = try await Visibility.of(context.identity, environment: environment)
        var summaries = try await PersonaOverview(session: environment.session).summaries(period: try query.period(default: .month)!, filter: try query.filter())
        for index in summaries.indices { summaries[index].topThemes.removeAll { !visibility.allows(themeKey: $0.key) } }
        return records(summaries.records(), format: format)
    }

    @Sendable static func revenue(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let attribute = query.string("value") ?? "revenue"
        guard Breakdown.isValidKey(attribute) else {
            throw APIError.invalid("value", "must be 1–64 letters, digits, spaces, '_' or '-'")
        }
        let format = try query.choice("format", of: ["json", "csv"], default: "json")
        let visibility = try await Visibility.of(context.identity, environment: environment)
        var report = try await RevenueAtRisk(session: environment.session).report(valueAttribute: attribute, filter: try query.filter())
        report.themes.removeAll { !visibility.allows(themeKey: $0.themeKey) }
        report.outcomesByTheme.removeAll { !visibility.allows(themeKey: $0.cell) }
        guard format == "csv" else { return Responses.json(report.json()) }
        return Response(status: .ok, headers: Responses.headers(contentType: "text/csv; charset=utf-8"),
                        body: .init(byteBuffer: ByteBuffer(string: report.csv())))
    }

    @Sendable static func insideOut(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let insideOutRequest = InsideOutRequest(
            target: try query.scale("target", default: .nps), maximumLag: try query.integer("max_lag", default: 4, range: 0...52),
            minimumAnswers: try query.integer("min_answers", default: 10, range: 1...1_000_000),
            alpha: try query.number("alpha", default: 0.05, range: 0.0001...0.5), filter: try query.filter())
        let format = try query.choice("format", of: ["json", "csv"], default: "json")
        let report = try await InsideOutAnalysis(session: environment.session).report(insideOutRequest)
        return records(report.records(), format: format)
    }
}

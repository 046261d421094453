import HeardEngine
import HeardModel
import Hummingbird

/// Inside-out metrics in (`heard import-metrics`): the same importer, reading the request body.
enum OperationalMetricsAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .post, path: "/operational-metrics", operationID: "importOperationalMetrics", tag: "reports",
                     summary: "Import operational (inside-out) metrics from CSV, as `heard import-metrics`: columns metric, period_start, value and one dimension column (or dimension, dimension_value). Re-importing replaces values. Answers with counts and every rejected row (line, field, reason).",
                     permission: .curate, parameters: [.period, dateFormat],
                     body: .init(contentType: "text/csv", description: "The CSV, header first.", maximumBytes: BodyLimits.batch,
                                 schema: .object([("type", .string("string"))])),
                     handler: importMetrics),
        ]
    }

    static let dateFormat = APIRoute.Parameter(name: "date_format", description: "Date pattern when dates are ambiguous, e.g. dd/mm/yyyy.")
    static let bodyName = "request body"

    @Sendable static func importMetrics(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let period = try query.period(default: .week)!
        let dateFormat = query.string("date_format")
        if let dateFormat, dateFormat.count > 64 { throw APIError.invalid("date_format", "date_format is longer than 64 characters") }
        let buffer = try await FormBody.collect(request, limit: BodyLimits.batch)
        let summary: OperationalImportSummary
        do {
            summary = try await OperationalMetricsImporter(session: environment.session)
                .importCSV(Array(buffer: buffer), name: bodyName, period: period, dateFormat: dateFormat)
        } catch let error as ImportError {
            throw APIError.invalid(error)
        }
        // New values change what inside-out reports say at once.
        await environment.reportCache.clear()
        return Responses.json(.object([
            ("read", .int(summary.read)), ("inserted", .int(summary.inserted)), ("updated", .int(summary.updated)),
            ("rejected", .int(summary.rejected.count)), ("metrics", .array(summary.metrics.sorted().map { .string($0) })),
            ("errors", .array(summary.rejected.map { rejected in
                .object([("line", .int(rejected.line)), ("field", rejected.field.map { .string($0) } ?? .null),
                         ("value", rejected.value.map { .string($0) } ?? .null), ("reason", .string(rejected.reason))])
            })),
        ]))
    }
}

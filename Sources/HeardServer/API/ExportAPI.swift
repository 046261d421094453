import Foundation
import HeardEngine
import HeardModel
import HeardStore
import Hummingbird

/// Bulk export, streamed a page at a time so memory stays flat however large the workspace.
enum ExportAPI {
    static var routes: [APIRoute] {
        [
            APIRoute(method: .get, path: "/export", operationID: "exportFeedback", tag: "feedback",
                     summary: "Every piece of feedback in the slice as CSV or JSON Lines, streamed in row order.",
                     permission: .export,
                     parameters: [.init(name: "format", description: "csv (default) or jsonl.", allowed: ["csv", "jsonl"])] + APIRoute.Parameter.slice,
                     produces: "text/csv", handler: export),
        ]
    }

    static let columns = ["id", "time", "source", "channel", "touchpoint", "stage", "language", "customer", "segment",
                          "nps", "csat", "ces", "stars", "text", "metadata"]
    static let pageSize = 5000

    @Sendable static func export(_ request: Request, _ context: HeardContext, _ environment: ServerEnvironment) async throws -> Response {
        let query = QueryReader(request)
        let format = try query.choice("format", of: ["csv", "jsonl"], default: "csv")
        let filter = try query.filter()
        let store = environment.session.store, workspace = environment.session.workspace.id
        var headers = Responses.headers(contentType: format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson")
        headers[.contentDisposition] = "attachment; filename=\"heard-feedback.\(format)\""
        let body = ResponseBody { writer in
            if format == "csv" { try await writer.write(ByteBuffer(string: columns.joined(separator: ",") + "\r\n")) }
            var after: Int64 = 0
            while true {
                let page = try await store.feedbackPage(filter: filter, afterRowID: after, limit: pageSize, in: workspace)
                guard let last = page.last else { break }
                after = last.rowID
                var chunk = ""
                for row in page { chunk += format == "csv" ? csvLine(row.feedback) : jsonLine(row.feedback) }
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static func cells(_ feedback: Feedback) -> [String?] {
        let metadata = feedback.metadata.isEmpty ? nil
            : (try? JSONSerialization.data(withJSONObject: feedback.metadata, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) }
        return [feedback.externalID, ISO8601DateFormatter().string(from: feedback.occurredAt), feedback.source?.rawValue, feedback.channel,
                feedback.touchpoint, feedback.journeyStage, feedback.language, feedback.customerID, feedback.segment,
                feedback.nps.map(String.init), feedback.csat.map(String.init), feedback.ces.map(String.init), feedback.stars.map(String.init),
                feedback.text, metadata]
    }

    /// Cells a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe: the
    /// export is opened in spreadsheets, and customer text must not become a formula there.
    static func csvLine(_ feedback: Feedback) -> String {
        cells(feedback).map { cell in
            guard let cell else { return "" }
            let safe = cell.first.map { "=+-@".contains($0) } == true && Double(cell) == nil ? "'" + cell : cell
            return CSVField.quoted(safe)
        }.joined(separator: ",") + "\r\n"
    }

    static func jsonLine(_ feedback: Feedback) -> String {
        var object: [String: Any] = [:]
        for (column, cell) in zip(columns, cells(feedback)) where column != "metadata" {
            guard let cell else { continue }
            object[column] = ["nps", "csat", "ces", "stars"].contains(column) ? Int(cell) as Any : cell
        }
        if !feedback.metadata.isEmpty { object["meta"] = feedback.metadata }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

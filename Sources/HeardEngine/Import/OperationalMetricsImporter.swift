import Foundation
import HeardModel
import HeardStore

/// What one `heard import-metrics` run did. `read` = `stored` + `rejected`; `stored` =
/// `inserted` (new metric, period and dimension) + `updated` (replaced a value).
public struct OperationalImportSummary: Sendable {
    public var read = 0
    public var stored = 0
    public var inserted = 0
    public var updated = 0
    public var rejected: [RejectedRecord] = []
    public var rejectsPath: String?
    public var metrics: Set<String> = []

    mutating func add(_ counts: UpsertCounts) {
        stored += counts.inserted + counts.updated
        inserted += counts.inserted
        updated += counts.updated
    }
}

/// Reads inside-out metrics (first-contact resolution, wait time, on-time delivery, handle
/// time…) from a CSV: one row per metric, period and optional dimension value. Columns:
/// `metric` (or `name`), `period_start` (or `period`, `date`, `week`, `month`), `value`, and
/// either one more column whose header names the dimension (`team`, `touchpoint`, …) or the pair
/// `dimension`, `dimension_value`. Any day inside a period stands for that period. Re-importing
/// replaces values for the same metric, period and dimension, so it is idempotent.
public struct OperationalMetricsImporter: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    static let batchSize = 5_000

    public func importFile(_ path: String, period: Period, dateFormat: String? = nil, rejectsPath: String? = nil) async throws -> OperationalImportSummary {
        let reader = try CSVReader(path: path)
        let header = reader.header.map { $0.lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let metricColumn = column(["metric", "name", "kpi"]) else {
            throw ImportError(file: path, line: 1, field: nil, reason: "no metric column: expected a header named metric (or name)")
        }
        guard let periodColumn = column(["period_start", "period", "date", "week", "month", "day"]) else {
            throw ImportError(file: path, line: 1, field: nil, reason: "no period column: expected period_start (or period, date, week, month)")
        }
        guard let valueColumn = column(["value"]) else {
            throw ImportError(file: path, line: 1, field: nil, reason: "no value column: expected a header named value")
        }
        let used: Set<Int> = [metricColumn, periodColumn, valueColumn]
        let dimensionColumn: Int?
        let dimensionValueColumn: Int?
        if let named = column(["dimension"]), let value = column(["dimension_value"]) {
            dimensionColumn = named
            dimensionValueColumn = value
        } else {
            let extra = header.indices.filter { !used.contains($0) && !header[$0].isEmpty }
            guard extra.count <= 1 else {
                throw ImportError(file: path, line: 1, field: reader.header[extra[1]],
                                  reason: "more than one dimension column (\(extra.map { reader.header[$0] }.joined(separator: ", "))); keep one, or use dimension and dimension_value")
            }
            dimensionColumn = nil
            dimensionValueColumn = extra.first
        }
        let dates = try DateParser(format: dateFormat)
        let rejects = RejectsFile(path: rejectsPath ?? path + ".rejects.csv", inputPath: path)
        var summary = OperationalImportSummary()
        var batch: [OperationalMetricValue] = []
        while let record = try reader.next() {
            summary.read += 1
            guard case let .positional(values) = record.values else { continue }
            func cell(_ index: Int?) -> String? {
                guard let index, index < values.count, let value = values[index]?.trimmingCharacters(in: .whitespaces), !value.isEmpty
                else { return nil }
                return value
            }
            func reject(_ field: String?, _ value: String?, _ reason: String) throws {
                let rejected = RejectedRecord(line: record.line, field: field, value: value, reason: reason)
                summary.rejected.append(rejected)
                try rejects.append(rejected)
            }
            if let problem = record.problem {
                try reject(problem.field, nil, problem.reason)
                continue
            }
            guard let name = cell(metricColumn) else {
                try reject(reader.header[metricColumn], nil, "metric name is empty")
                continue
            }
            guard let periodText = cell(periodColumn) else {
                try reject(reader.header[periodColumn], nil, "period is empty")
                continue
            }
            let day: CalendarDay
            if let iso = CalendarDay(iso: periodText) {
                day = iso
            } else if let month = CalendarDay(iso: periodText + "-01"), periodText.count == 7 {
                day = month
            } else {
                do { day = CalendarDay(try dates.parse(periodText)) } catch {
                    try reject(reader.header[periodColumn], periodText, error.description)
                    continue
                }
            }
            guard let valueText = cell(valueColumn), let value = Double(valueText), value.isFinite else {
                try reject(reader.header[valueColumn], cell(valueColumn), "value must be a number")
                continue
            }
            let dimensionValue = cell(dimensionValueColumn)
            let dimension = dimensionColumn.flatMap(cell) ?? dimensionValueColumn.map { reader.header[$0] }
            if dimensionColumn != nil, dimensionValue != nil, dimension == nil {
                try reject("dimension", nil, "dimension_value given without a dimension")
                continue
            }
            batch.append(OperationalMetricValue(name: name, periodStart: period.start(of: day).date, period: period,
                                                dimension: dimensionValue == nil ? nil : dimension?.lowercased(),
                                                dimensionValue: dimensionValue, value: value))
            summary.metrics.insert(name)
            if batch.count == Self.batchSize {
                summary.add(try await session.store.upsert(batch, in: session.workspace.id))
                batch.removeAll(keepingCapacity: true)
            }
        }
        summary.add(try await session.store.upsert(batch, in: session.workspace.id))
        try rejects.close(hadRejects: !summary.rejected.isEmpty)
        if !summary.rejected.isEmpty { summary.rejectsPath = rejects.path }
        return summary
    }

    /// CSV text that arrived over the network rather than as a file: the same import, through a
    /// private temporary file (the reader streams from a file), with no rejects file left behind
    /// (the rejected rows are in the summary). Errors name `name` instead of the temporary path.
    public func importCSV(_ bytes: [UInt8], name: String, period: Period, dateFormat: String? = nil) async throws -> OperationalImportSummary {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("heard-metrics-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("metrics.csv").path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ImportError(file: name, line: nil, field: nil, reason: "cannot write a temporary copy")
        }
        do {
            var summary = try await importFile(path, period: period, dateFormat: dateFormat, rejectsPath: folder.appendingPathComponent("rejects.csv").path)
            summary.rejectsPath = nil
            return summary
        } catch var error as ImportError {
            error.file = name
            throw error
        }
    }
}

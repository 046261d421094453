import Foundation
import HeardModel
import HeardStore
import HeardText

public struct ImportOptions: Sendable {
    public var path: String
    public var format: InputFormat?
    public var mapping: ColumnMapping
    public var preset: MappingPreset?
    public var dateFormat: String?
    public var timeZone: TimeZone
    public var delimiter: Character?
    /// Where rejected rows go; defaults to `<input name>.rejects.csv` in the current folder.
    public var rejectsPath: String?
    public var batchSize: Int
    /// The first batch is an eighth of the others, so the writer starts while the reader parses
    /// the second one: with 20,000 rows it waited about 0.2 s for its first batch, 4% of the
    /// bench import's wall time. It is committed with the rest of the first transaction.
    public var firstBatchSize: Int { max(1, batchSize / 8) }
    /// Batches committed together: fewer commits mean fewer rollup updates and index pages
    /// written again, without holding more rows in memory than one batch being read and one
    /// being written. Ten 20,000-row batches hold the write lock for 1–2 s at a time (other
    /// writers wait, with a 10 s timeout) and took 10% less of the writer's CPU than five.
    public var batchesPerTransaction = ImportOptions.defaultBatchesPerTransaction
    public static let defaultBatchesPerTransaction = 10
    /// PII redaction before anything is stored; on by default. nil stores text as it came.
    public var redactor: PIIRedactor? = PIIRedactor()
    /// Keep the text as it came, before redaction, in a separate column. Off by default.
    public var keepOriginalText = false

    public init(
        path: String, format: InputFormat? = nil, mapping: ColumnMapping = ColumnMapping(), preset: MappingPreset? = nil,
        dateFormat: String? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!, delimiter: Character? = nil,
        rejectsPath: String? = nil, batchSize: Int = 20000
    ) {
        self.path = path
        self.format = format
        self.mapping = mapping
        self.preset = preset
        self.dateFormat = dateFormat
        self.timeZone = timeZone
        self.delimiter = delimiter
        self.rejectsPath = rejectsPath
        self.batchSize = batchSize
    }
}

public struct ImportSummary: Sendable {
    public var file: String
    public var read: Int
    public var counts: UpsertCounts
    public var rejected: Int
    public var rejectsPath: String?
    /// The first few rejects, to show without opening the file.
    public var sampleRejects: [RejectedRecord]
    public var mapping: String
    public var seconds: Double
    /// A previous run of the same file that never finished (killed, crashed).
    public var interruptedRun: ImportRun?

    /// `read = inserted + updated + unchanged + rejected`, always.
    public var line: String {
        "read \(read), inserted \(counts.inserted), updated \(counts.updated), unchanged \(counts.unchanged), rejected \(rejected)"
    }
}

/// Progress as an import goes: rows so far and how far into the file.
public struct ImportProgress: Sendable {
    public var rows: Int
    public var bytesRead: Int64
    public var totalBytes: Int64

    public init(rows: Int, bytesRead: Int64, totalBytes: Int64) {
        self.rows = rows
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
    }
}

/// Reads a file, maps and validates each record, and writes feedback in batches, several
/// batches a transaction. Parsing the next batch overlaps with writing the current one. A run
/// that is killed leaves every committed transaction in place and nothing half-written; running
/// it again skips what is already stored (unchanged) and completes the rest.
public struct Importer: Sendable {
    let store: any Store
    let workspace: WorkspaceID

    public init(store: any Store, workspace: WorkspaceID) {
        self.store = store
        self.workspace = workspace
    }

    public func run(_ options: ImportOptions, progress: (@Sendable (ImportProgress) -> Void)? = nil) async throws -> ImportSummary {
        let started = Date()
        let dates = try DateParser(format: options.dateFormat, timeZone: options.timeZone)
        let format = options.format ?? InputFormat.guess(path: options.path)
        let reader: any RecordReader = switch format {
        case .csv: try CSVReader(path: options.path, delimiter: options.delimiter)
        case .json, .jsonl: try JSONRecordReader(path: options.path)
        }
        var firstRecord: RawRecord? = nil
        var header = reader.columnNames
        if header == nil {
            // JSON: the first object's keys stand in for a header when resolving the mapping.
            firstRecord = try reader.next()
            if case let .keyed(values)? = firstRecord?.values { header = values.keys.sorted() }
        }
        let mapping = try resolveMapping(options, header: header ?? [], positional: reader.columnNames != nil)
        var mapper = RecordMapper(mapping: mapping, header: reader.columnNames, dates: dates)
        mapper.redactor = options.redactor
        mapper.keepOriginalText = options.keepOriginalText
        if let csv = reader as? CSVReader { csv.neededColumns = mapper.neededIndexes }

        let absolutePath = URL(fileURLWithPath: options.path).standardizedFileURL.path
        let previous = try await store.lastImport(file: absolutePath, in: workspace)
        var run = try await store.beginImport(file: absolutePath, in: workspace)
        let rejectsPath = options.rejectsPath ?? (URL(fileURLWithPath: options.path).lastPathComponent + ".rejects.csv")
        let rejects = RejectsFile(path: rejectsPath, inputPath: options.path)

        var read = 0
        var rejected = 0
        var sampleRejects: [RejectedRecord] = []
        var counts = UpsertCounts()
        var batch = ImportBatchBuilder(capacity: options.batchSize)
        var pendingWrite: Task<UpsertCounts, any Error>?
        var lastProgress = Date.distantPast

        let writer = try await store.importWriter(into: workspace, batchesPerTransaction: options.batchesPerTransaction)
        var customersWritten = CustomerWriteCache()
        var announcedSize = false
        var submitted = 0
        func submit(_ importBatch: consuming ImportBatch) async throws {
            submitted += 1
            // Prepared before waiting for the previous write: neither step depends on how that
            // write went, and done after it they kept the writer idle while the reader worked.
            // A failed write still fails the import, at the `await` just below.
            importBatch.customers = customersWritten.unwritten(importBatch.customers)
            importBatch.deriveColumns()
            if let pendingWrite { counts += try await pendingWrite.value }
            // The whole file's rows, from the rows in the first 8 MB (the reader reads 1 MB
            // chunks ahead of the parser, so fewer bytes would overstate how far it got).
            let bytes = reader.bytesRead, total = reader.fileSize
            if !announcedSize, bytes >= min(total, 8 << 20) {
                announcedSize = true
                // Distinct ids: the mapper rejects an id it has seen earlier in the file.
                try await writer.expect(rows: bytes > 0 && total > bytes ? Int(Double(read) * Double(total) / Double(bytes)) : read,
                                        distinctIDs: true)
            }
            pendingWrite = Task { try await writer.write(importBatch) }
        }

        do {
            while let record = try firstRecord ?? reader.next() {
                firstRecord = nil
                read += 1
                if let rejection = mapper.map(record, into: &batch) {
                    rejected += 1
                    if sampleRejects.count < 5 { sampleRejects.append(rejection) }
                    try rejects.append(rejection)
                } else if batch.count >= (submitted == 0 ? options.firstBatchSize : options.batchSize) {
                    try await submit(batch.take())
                }
                if let progress, read % 1024 == 0, Date().timeIntervalSince(lastProgress) > 0.2 {
                    lastProgress = Date()
                    progress(ImportProgress(rows: read, bytesRead: reader.bytesRead, totalBytes: reader.fileSize))
                }
            }
        } catch let error as ImportError {
            // A record the reader cannot get past (a huge unclosed quote): what came before it
            // is imported, the record is rejected, and the run is reported as failed.
            read += 1
            rejected += 1
            let rejection = RejectedRecord(line: error.line ?? 0, field: error.field, value: nil, reason: error.reason)
            if sampleRejects.count < 5 { sampleRejects.append(rejection) }
            try rejects.append(rejection)
        }
        if !batch.isEmpty { try await submit(batch.take()) }
        if let pendingWrite { counts += try await pendingWrite.value }
        try await writer.finish()
        try rejects.close(hadRejects: rejected > 0)
        progress?(ImportProgress(rows: read, bytesRead: reader.fileSize, totalBytes: reader.fileSize))

        if read == 0 {
            run.status = .failed
            try await store.finishImport(run)
            throw ImportError(file: options.path, line: 2, field: nil, reason: "no data rows: the file holds only a header")
        }
        run.status = .completed
        run.read = read
        run.counts = counts
        run.rejected = rejected
        run.finishedAt = Date()
        try await store.finishImport(run)
        return ImportSummary(
            file: options.path, read: read, counts: counts, rejected: rejected,
            rejectsPath: rejected > 0 ? rejectsPath : nil, sampleRejects: sampleRejects,
            mapping: mapping.summary, seconds: Date().timeIntervalSince(started),
            interruptedRun: previous?.status == .running ? previous : nil)
    }

    /// Explicit `--map` wins over a preset, a preset over automatic guessing.
    func resolveMapping(_ options: ImportOptions, header: [String], positional: Bool) throws -> ColumnMapping {
        var mapping = options.mapping
        let preset = options.preset ?? (mapping.columns.isEmpty ? .automatic : nil)
        if let preset {
            for (field, column) in preset.resolve(header: header) where mapping.columns[field] == nil {
                mapping.columns[field] = column
            }
            if mapping.columns[.source] == nil, mapping.constants[.source] == nil, let source = preset.defaultSource {
                mapping.constants[.source] = source
            }
        }
        if positional {
            let known = Set(header.map { $0.lowercased() })
            for (field, column) in mapping.columns.sorted(by: { $0.key < $1.key }) where !known.contains(column.lowercased()) {
                throw MappingError.missingColumn(file: options.path, field: field.description, column: column, header: header)
            }
        }
        let scoreOrText: [FeedbackField] = [.text, .nps, .csat, .ces, .stars]
        if !scoreOrText.contains(where: { mapping.columns[$0] != nil }) {
            throw MappingError.nothingMapped(file: options.path, header: header)
        }
        if mapping.columns[.time] == nil && mapping.constants[.time] == nil {
            throw ImportError(file: options.path, line: 1, field: "time", reason:
                "no column holds the date; map one with --map time=COLUMN, or give the whole file one date with --time YYYY-MM-DD")
        }
        if let constant = mapping.constants[.source], FeedbackSource(parsing: constant) == nil {
            throw ImportError(file: options.path, line: nil, field: "--source", reason:
                "unknown source \"\(constant)\"; use one of \(FeedbackSource.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return mapping
    }
}

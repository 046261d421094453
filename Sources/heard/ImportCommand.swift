import ArgumentParser
import Foundation
import HeardEngine
import HeardText

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import feedback from CSV, a JSON array or JSON Lines.",
        discussion: """
            Columns are mapped to Heard's fields with --map FIELD=COLUMN (repeatable), a --mapping file,
            or a --preset; with none of these, common column names are recognised.

            Fields: id text time customer nps csat ces stars channel source touchpoint stage segment language,
            meta.KEY (anything else to keep) and customer.KEY (customer attributes such as plan or revenue).

            Re-importing is safe: feedback is matched on its id (per source), unchanged rows are left alone
            and changed rows are updated. Rows that cannot be imported go to a rejects file with the line,
            field and reason; the summary always adds up: read = inserted + updated + unchanged + rejected.

            Examples:
              heard import nps.csv --preset survey-nps
              heard import tweets.csv --map id=tweet_id --map text=text --map time=tweet_created --source social
              heard import responses.csv --map time=Date --date-format 'dd/MM/yyyy HH:mm' --timezone Europe/London
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file to import.")
    var file: String

    @Option(name: .long, help: ArgumentHelp("Map a field to a column: FIELD=COLUMN (repeatable).", valueName: "field=column"))
    var map: [String] = []

    @Option(name: .long, help: ArgumentHelp("A YAML or JSON mapping file.", valueName: "path"))
    var mapping: String?

    @Option(name: .long, help: ArgumentHelp("Column names of a common export: \(MappingPreset.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var preset: String?

    @Option(name: .long, help: "csv, json or jsonl (default: from the file name).")
    var format: String?

    @Option(name: .long, help: ArgumentHelp("Date pattern for ambiguous dates, e.g. 'dd/MM/yyyy HH:mm'.", valueName: "pattern"))
    var dateFormat: String?

    @Option(name: .long, help: ArgumentHelp("Time zone of dates without an offset (default UTC).", valueName: "zone"))
    var timezone: String?

    @Option(name: .long, help: "CSV delimiter (default: detected from the header).")
    var delimiter: String?

    @Option(name: .long, help: "Source of every row, unless a column says: survey review ticket chat call sms social email employee.")
    var source: String?

    @Option(name: .long, help: "Channel of every row, unless a column says.")
    var channel: String?

    @Option(name: .long, help: "Touchpoint of every row, unless a column says.")
    var touchpoint: String?

    @Option(name: .long, help: "Journey stage of every row, unless a column says.")
    var stage: String?

    @Option(name: .long, help: "Language of every row, unless a column says.")
    var language: String?

    @Option(name: .long, help: ArgumentHelp("Date of every row, for files without a date column.", valueName: "date"))
    var time: String?

    @Option(name: .long, help: ArgumentHelp("Where rejected rows go (default: FILE.rejects.csv here).", valueName: "path"))
    var rejects: String?

    @Option(name: .long, help: "Rows read and written as one batch.")
    var batchSize: Int = 20000

    @Option(name: .long, help: "Batches committed together in one transaction.")
    var batchesPerTransaction: Int = ImportOptions.defaultBatchesPerTransaction

    @Flag(name: .long, inversion: .prefixedNo, help: "Redact e-mail addresses, phone, card and IBAN numbers and names before storing.")
    var redact = true

    @Flag(name: .long, help: "Also store the text as it came, before redaction (off by default).")
    var keepOriginalText = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Score sentiment and find themes after importing (as `heard analyze` does).")
    var enrich = true

    @OptionGroup var vectorOptions: AnalysisVectorOptions

    func run() async throws {
        var options = ImportOptions(path: file, rejectsPath: rejects, batchSize: max(1, batchSize))
        options.batchesPerTransaction = max(1, batchesPerTransaction)
        options.redactor = redact ? PIIRedactor() : nil
        options.keepOriginalText = keepOriginalText
        var zoneName = timezone
        if let mapping {
            let loaded = try MappingFile.load(path: mapping)
            options.mapping = loaded.mapping
            options.preset = loaded.preset
            options.dateFormat = loaded.dateFormat
            zoneName = zoneName ?? loaded.timeZone
            options.delimiter = loaded.delimiter?.first
        }
        for assignment in map { try options.mapping.add(assignment: assignment) }
        if let preset {
            guard let value = MappingPreset(rawValue: preset) else { throw ValidationError(MappingError.unknownPreset(preset).description) }
            options.preset = value
        }
        if let format {
            guard let value = InputFormat(rawValue: format.lowercased()) else { throw ValidationError("--format must be csv, json or jsonl") }
            options.format = value
        }
        options.dateFormat = dateFormat ?? options.dateFormat
        if let zoneName {
            guard let zone = TimeZone(identifier: zoneName) else { throw ValidationError("unknown time zone \"\(zoneName)\" (e.g. UTC, Europe/Berlin)") }
            options.timeZone = zone
        }
        if let delimiter {
            options.delimiter = delimiter == "\\t" || delimiter.lowercased() == "tab" ? "\t" : delimiter.first
        }
        let constants: [(FeedbackField, String?)] = [(.source, source), (.channel, channel), (.touchpoint, touchpoint),
                                                      (.stage, stage), (.language, language), (.time, time)]
        for case let (field, value?) in constants { options.mapping.constants[field] = value }

        let session = try await global.open()
        let progress = TerminalProgress(label: URL(fileURLWithPath: file).lastPathComponent)
        let callback: (@Sendable (ImportProgress) -> Void)? = progress.map { bar in { @Sendable update in bar.update(update) } }
        let summary: ImportSummary
        do {
            summary = try await session.importer.run(options, progress: callback)
        } catch {
            progress?.finish()
            // Problems with the input are told as they are; anything else keeps its own report.
            if error is ImportError || error is MappingError || error is DateFormatError {
                throw UserFacingError(description: "\(error)")
            }
            throw error
        }
        progress?.finish()
        if try await !session.store.personas(in: session.workspace.id).isEmpty {
            try await session.assignPersonas()
        }
        if let interrupted = summary.interruptedRun {
            print("note: the previous import of this file (started \(interrupted.startedAt)) did not finish; this run completed it.")
        }
        print("\(file): mapped \(summary.mapping)")
        print(summary.line + String(format: " (%.1fs, %.0f rows/s)", summary.seconds, Double(summary.read) / max(summary.seconds, 0.001)))
        if let rejectsPath = summary.rejectsPath {
            for rejected in summary.sampleRejects {
                let field = rejected.field.map { " field \"\($0)\":" } ?? ""
                print("  rejected \(file):\(rejected.line):\(field) \(rejected.reason)")
            }
            if summary.rejected > summary.sampleRejects.count { print("  …") }
            print("rejected rows: \(rejectsPath)")
        }
        if enrich {
            let enriched = try await AnalyzeCommand.enrich(session: session, modelPath: nil, vectors: vectorOptions)
            print("enriched \(enriched.enriched) comments (\(enriched.version))")
        }
    }
}

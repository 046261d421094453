import ArgumentParser
import Foundation
import HeardEngine
import HeardML
import HeardModel
import HeardText

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure Heard's text understanding against labelled data.",
        subcommands: [EvalSentimentCommand.self, EvalThemesCommand.self])
}

struct EvalSentimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Accuracy, macro-F1, per-class F1 and the confusion matrix of the sentiment model.",
        discussion: """
              heard eval sentiment --data Tweets.csv --text text --label airline_sentiment
              heard eval sentiment --data reviews.csv --text body --label stars --thresholds 2.5,3.5
              heard eval sentiment --data Tweets.csv --text text --label airline_sentiment --cv 5

            With --cv K the model is trained and tested K times on the file itself (K-fold
            cross-validation) instead of using the shipped or --model one.

            --vectors transformer|static measures the vector path (a regression over sentence
            vectors and the lexical scores; the shipped one for that path, or --model) on the same
            rows and folds; none (the default) measures the lexical model alone.

              heard eval sentiment --vectors transformer --data Tweets.csv --text text --label airline_sentiment --cv 5
            """)

    @OptionGroup var data: LabelledDataOptions
    @OptionGroup var labels: SentimentLabelOptions

    @Option(name: .long, help: ArgumentHelp("Model file from `heard train sentiment` (default: the shipped model).", valueName: "file"))
    var model: String?

    @OptionGroup var vectors: VectorPathOptions

    @Flag(name: .long, inversion: .prefixedNo, help: "With --vectors and --cv: stack a lexical model trained per fold under the vector regression.")
    var lexicalScores = true

    @Option(name: .long, help: "With --vectors and --cv: L2 penalty of the regression.")
    var vectorL2: Float = SoftmaxRegressionTrainer().l2

    @Flag(name: .long, inversion: .prefixedNo, help: "With --vectors and --cv: weigh classes by inverse frequency in the regression.")
    var balanceClasses = SoftmaxRegressionTrainer().balanceClasses

    @Option(name: .long, help: ArgumentHelp("With --vectors and --cv: fit class biases on K inner folds of each training part (0: none).", valueName: "k"))
    var calibrateFolds: Int = 0

    @Option(name: .long, help: ArgumentHelp("Cross-validate with this many folds instead.", valueName: "k"))
    var cv: Int?

    @Option(name: .long, help: "table or json.")
    var format: String = "table"

    @Option(name: .long, help: ArgumentHelp("Also print this many misclassified texts (table format).", valueName: "n"))
    var showErrors: Int = 0

    func run() async throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        if let cv, cv < 2 { throw ValidationError("--cv needs at least 2 folds") }
        let contents = try data.read()
        let (examples, unmapped) = SentimentEvaluation.examples(from: contents.rows, mapping: try labels.mapping())
        guard !examples.isEmpty else { throw UserFacingError(description: "\(data.data): no rows with a usable label") }
        reportUnmapped(unmapped)
        let report: ClassificationReport
        var speed: Double
        var oneThread: Double? = nil
        let modelName: String
        if let encoder = try vectors.loadEncoder() {
            var predicted: [SentimentLabel] = []
            (report, predicted, speed, modelName) = try evaluateVectors(examples, encoder: encoder)
            printErrors(examples, predicted)
        } else if let cv {
            // Same recipe as the shipped (or --model) model: its lexicon too.
            var trainer = SentimentTrainer()
            trainer.lexicon = try DefaultModels.sentiment(path: model).lexicon
            (report, speed) = SentimentEvaluation.crossValidate(examples, folds: cv, trainer: trainer)
            modelName = "\(cv)-fold cross-validation on \(data.data)"
        } else {
            let chosen = try DefaultModels.sentiment(path: model)
            let predicted: [SentimentLabel]
            (report, predicted) = SentimentEvaluation.evaluate(chosen, on: examples)
            modelName = chosen.identifier
            let texts = examples.map(\.text)
            oneThread = SentimentThroughput.measure(chosen, texts: texts, threads: 1)
            speed = SentimentThroughput.measure(chosen, texts: texts, threads: ProcessInfo.processInfo.activeProcessorCount)
            printErrors(examples, predicted)
        }
        if format == "json" {
            print(json(report, speed: speed, oneThread: oneThread, model: modelName).rendered())
        } else {
            print(table(report, speed: speed, oneThread: oneThread, model: modelName))
        }
    }

    private func printErrors(_ examples: [SentimentExample], _ predicted: [SentimentLabel]) {
        guard showErrors > 0, format == "table", !predicted.isEmpty else { return }
        let wrong = zip(examples, predicted).filter { $0.0.label != $0.1 }.prefix(showErrors)
        for (example, guess) in wrong {
            print("gold \(example.label.rawValue), predicted \(guess.rawValue): \(example.text.replacingOccurrences(of: "\n", with: " "))")
        }
        print("")
    }

    /// The vector path: cross-validated, or the shipped (or --model) vector model; speed is end
    /// to end (embedding + lexical scores + regression) over the distinct texts.
    private func evaluateVectors(_ examples: [SentimentExample], encoder: any SentenceEncoder)
        throws -> (ClassificationReport, [SentimentLabel], Double, String) {
        let path = try vectors.path()
        if let cv {
            // Both parts learn from the file, as the lexical cross-validation does: the lexical
            // model per fold (with the shipped lexicon), stacked under the vector regression.
            let shipped = try DefaultModels.sentiment()
            var lexicalTrainer = SentimentTrainer()
            lexicalTrainer.lexicon = shipped.lexicon
            var training = VectorSentimentTraining(encoder: encoder, lexical: lexicalScores ? shipped : nil,
                                                   lexicalTrainer: lexicalScores ? lexicalTrainer : nil)
            training.trainer.l2 = vectorL2
            training.trainer.balanceClasses = balanceClasses
            training.combination = try vectors.combination()
            training.calibrationFolds = calibrateFolds
            let started = DispatchTime.now().uptimeNanoseconds
            let report = training.crossValidate(examples, folds: cv)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            return (report, [], Double(examples.count) / max(seconds, 1e-9),
                    "\(cv)-fold cross-validation on \(data.data), \(path.rawValue) vectors (\(encoder.identifier)) + lexical scores")
        }
        let chosen = try DefaultModels.vectorSentiment(file: model, path: path)
        let lexical = chosen.lexicalModel == nil ? nil : try DefaultModels.sentiment()
        let training = VectorSentimentTraining(encoder: encoder, lexical: lexical)
        do {
            try chosen.check(encoder: training.encoder.identifier, dimensions: training.encoder.dimensions, lexical: lexical)
        } catch let error as VectorSentimentModel.Mismatch {
            throw UserFacingError(description: error.description)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let (report, predicted) = training.evaluate(chosen, on: examples)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return (report, predicted, Double(examples.count) / max(seconds, 1e-9), "\(chosen.identifier) (\(path.rawValue) vectors, \(encoder.identifier))")
    }

    private func json(_ report: ClassificationReport, speed: Double, oneThread: Double?, model: String) -> JSONValue {
        let classes = report.labels.indices.map { index -> (String, JSONValue) in
            let scores = report.scores(ofClass: index)
            return (report.labels[index], .object([
                ("precision", .number(scores.precision)), ("recall", .number(scores.recall)),
                ("f1", .number(scores.f1)), ("support", .int(scores.support)),
            ]))
        }
        return .object([
            ("data", .string(data.data)),
            ("model", .string(model)),
            ("n", .int(report.count)),
            ("accuracy", .number(report.accuracy)),
            ("macro_f1", .number(report.macroF1)),
            ("classes", .object(classes)),
            ("confusion", .object([
                ("labels", .array(report.labels.map { .string($0) })),
                ("rows", .array(report.confusion.map { .array($0.map { .int($0) }) })),
            ])),
            ("texts_per_second", .number(speed.rounded())),
            ("texts_per_second_one_thread", .number((oneThread ?? speed).rounded())),
            ("threads", .int(oneThread == nil ? 1 : ProcessInfo.processInfo.activeProcessorCount)),
        ])
    }

    private func table(_ report: ClassificationReport, speed: Double, oneThread: Double?, model: String) -> String {
        var lines = [
            "model      \(model)",
            "texts      \(report.count)",
            "accuracy   \(String(format: "%.3f", report.accuracy))",
            "macro-F1   \(String(format: "%.3f", report.macroF1))",
            oneThread.map { "speed      \(Int(speed).formatted()) texts/s on \(ProcessInfo.processInfo.activeProcessorCount) threads, \(Int($0).formatted()) on one (tokenise + score)" }
                ?? "speed      \(Int(speed).formatted()) texts/s (\(vectors.vectors == "none" ? "tokenise + score, one thread" : "embed + score, end to end"))",
            "",
            "class       precision  recall     F1  support",
        ]
        for index in report.labels.indices {
            let scores = report.scores(ofClass: index)
            lines.append(report.labels[index].padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "  %9.3f  %6.3f  %5.3f  %7d", scores.precision, scores.recall, scores.f1, scores.support))
        }
        lines.append("")
        lines.append("confusion (rows: gold, columns: predicted)")
        lines.append("            " + report.labels.map { $0.padding(toLength: 9, withPad: " ", startingAt: 0) }.joined(separator: " "))
        for (index, row) in report.confusion.enumerated() {
            lines.append(report.labels[index].padding(toLength: 12, withPad: " ", startingAt: 0)
                + row.map { String(format: "%9d", $0) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

struct EvalThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "NMI and ARI of Heard's themes against a label column, with coverage and each theme's label and examples.",
        discussion: """
              heard eval themes --data Tweets.csv --text text --label negativereason --where airline_sentiment=negative
              heard eval themes --data tickets.csv --text body --label category --taxonomy my-taxonomy.yaml

            --taxonomy none uses discovery alone; starter (the default) is Heard's starter
            taxonomy; any other value is a YAML or JSON taxonomy file. Comments without a theme
            count as one group of their own ("other").

            --vectors chooses how discovery works: static (the default; the table from
            `heard models distill`) or transformer (all-MiniLM-L6-v2) cluster sentence vectors;
            none mines terms and collocations without vectors. Each path runs on the same file.
            """)

    @OptionGroup var data: LabelledDataOptions

    @Option(name: .long, help: ArgumentHelp("none, starter, or a taxonomy file.", valueName: "taxonomy"))
    var taxonomy: String = "starter"

    @Flag(name: .long, inversion: .prefixedNo, help: "Discover themes in what the taxonomy does not cover.")
    var discover = true

    @Option(name: .long, help: ArgumentHelp("Number of groups discovery starts from (default: from the number of comments; on vectors, chosen by silhouette).", valueName: "n"))
    var groups: Int?

    @Option(name: .long, help: ArgumentHelp("transformer, static or none.", valueName: "path"))
    var vectors: String = "static"

    @Option(name: .long, help: ArgumentHelp("Encoder folder for the vector paths (default: where `heard models fetch` puts it).", valueName: "path"))
    var modelDir: String?

    @Option(name: .long, help: ArgumentHelp("Seed for sampling and clustering.", valueName: "n"))
    var seed: UInt64?

    @Option(name: .long, help: ArgumentHelp("Vector paths: rounds of word-based reassignment after clustering.", valueName: "n"))
    var refine: Int?

    @Flag(name: .long, inversion: .prefixedNo, help: "Vector paths: compare vectors after subtracting the collection's mean.")
    var centre = true

    @Option(name: .long, help: "table or json.")
    var format: String = "table"

    @Option(name: .long, help: ArgumentHelp("Also write each row's line, label and main theme to this CSV.", valueName: "file"))
    var assignments: String?

    func run() async throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        let rows = try data.read().rows
        guard !rows.isEmpty else { throw UserFacingError(description: "\(data.data): no rows to evaluate") }
        let themes: [Theme]
        switch taxonomy {
        case "none": themes = []
        case "starter": themes = try TaxonomyFile.starter()
        default: themes = try TaxonomyFile.read(path: taxonomy)
        }
        guard let path = VectorPath(rawValue: vectors) else { throw ValidationError("--vectors is transformer, static or none") }
        var discovery: ThemeDiscovery? = nil
        var semantic: SemanticThemeSettings? = nil
        // Loading the model counts: end to end is what a user waits for.
        let started = DispatchTime.now().uptimeNanoseconds
        if discover {
            if path == .none {
                discovery = ThemeDiscovery()
                discovery?.groupCount = groups
                if let seed { discovery?.seed = seed }
            } else {
                let encoder: (any SentenceEncoder)?
                // The products here are many and small: a second BLAS thread only waits for the first.
                BLAS.threadCount = 1
                do {
                    encoder = try path.loadEncoder(modelDir: modelDir)
                } catch {
                    throw UserFacingError(description: "\(error)")
                }
                var settings = SemanticThemeSettings(encoder: ContentTextEncoder(encoder!))
                if let refine { settings.discovery.wordRefinements = refine }
                settings.discovery.centring = centre
                if let groups { settings.discovery.candidateCounts = [groups] }
                if let seed { settings.discovery.seed = seed }
                semantic = settings
            }
        }
        let result = try ThemeAnalysis(taxonomy: themes, discovery: discovery, semantic: semantic).run(texts: rows.map(\.text))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let agreement = ClusteringAgreement(gold: rows.map(\.label), predicted: result.primary.map { $0 ?? "(none)" })
        let speed = Double(rows.count) / max(seconds, 1e-9)
        if let assignments {
            var csv = "line,label,theme\n"
            for (row, theme) in zip(rows, result.primary) {
                csv += "\(row.line),\(CSVField.quoted(row.label)),\(CSVField.quoted(theme ?? ""))\n"
            }
            try csv.write(toFile: assignments, atomically: true, encoding: .utf8)
        }
        if format == "json" {
            let list: [JSONValue] = result.themes.map { theme in
                .object([
                    ("id", .string(theme.key)), ("label", .string(theme.name)), ("origin", .string(theme.origin.rawValue)),
                    ("status", .string(theme.status.rawValue)), ("size", .int(theme.size)), ("share", .number(theme.share)),
                    ("examples", .array(theme.examples.map { .string($0) })),
                ])
            }
            print(JSONValue.object([
                ("data", .string(data.data)), ("taxonomy", .string(taxonomy)), ("n", .int(rows.count)),
                ("vectors", .string(path.rawValue)),
                ("vector_model", result.semanticModel.map { .string($0.vectorModel) } ?? .null),
                ("other_threshold", result.semanticModel.map { .number(Double($0.threshold)) } ?? .null),
                ("seconds", .number(seconds)),
                ("nmi", .number(agreement.nmi)), ("ari", .number(agreement.ari)), ("coverage", .number(result.coverage)),
                ("other", .number(1 - result.coverage)),
                ("taxonomy_coverage", .number(result.coveredByTaxonomy)), ("theme_count", .int(result.themes.count)),
                ("texts_per_second", .number(speed.rounded())), ("themes", .array(list)),
            ]).rendered())
            return
        }
        print("texts      \(rows.count)")
        print("NMI        \(String(format: "%.3f", agreement.nmi))")
        print("ARI        \(String(format: "%.3f", agreement.ari))")
        print("coverage   \(String(format: "%.1f%%", result.coverage * 100)) (taxonomy \(String(format: "%.1f%%", result.coveredByTaxonomy * 100))); other \(String(format: "%.1f%%", (1 - result.coverage) * 100))")
        print("themes     \(result.themes.count)")
        print("vectors    \(path.rawValue)\(result.semanticModel.map { String(format: " (%@; other below cosine %.3f)", $0.vectorModel, $0.threshold) } ?? "")")
        if !result.silhouettes.isEmpty {
            print("k tried    " + result.silhouettes.map { String(format: "%d: %.3f", $0.count, $0.silhouette) }.joined(separator: ", "))
        }
        print(String(format: "speed      %@ texts/s (%.2f s end to end, model loading included)", Int(speed).formatted(), seconds))
        print("")
        for theme in result.themes {
            let origin = theme.origin == .discovered ? "proposed" : "taxonomy"
            print(String(format: "%6d  %5.1f%%  ", theme.size, theme.share * 100) + "\(theme.name)  [\(theme.key), \(origin)]")
            for example in theme.examples.prefix(2) {
                print("                 “\(example.replacingOccurrences(of: "\n", with: " ").prefix(110))”")
            }
        }
    }
}


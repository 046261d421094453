import ArgumentParser
import Foundation
import HeardEngine
import HeardML
import HeardText

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit Heard's models on your labelled data.",
        subcommands: [TrainSentimentCommand.self])
}

/// Options shared by `train sentiment` and `eval sentiment`: where the labelled text is and how
/// its labels read.
struct LabelledDataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Labelled file (CSV, JSON or JSONL).", valueName: "file"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Column holding the text.", valueName: "column"))
    var text: String = "text"

    @Option(name: .long, help: ArgumentHelp("Column holding the label.", valueName: "column"))
    var label: String = "label"

    @Option(name: .long, help: ArgumentHelp("Keep only rows where COLUMN equals VALUE (repeatable).", valueName: "column=value"))
    var `where`: [String] = []

    func read() throws -> LabelledTextFile.Contents {
        let filters = try `where`.map(LabelledTextFile.parseFilter)
        return try LabelledTextFile(path: data, textColumn: text, labelColumn: label, filters: filters).read()
    }
}

/// `--vectors transformer|static|none` and where the encoder lives, shared by `train sentiment`
/// and `eval sentiment`.
struct VectorPathOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Sentence vectors to use: transformer, static or none (lexical only).", valueName: "path"))
    var vectors: String = "none"

    @Option(name: .long, help: ArgumentHelp("Encoder folder (default: where `heard models fetch` puts it).", valueName: "path"))
    var modelDir: String?

    @Option(name: .long, help: ArgumentHelp("With lexical scores: stacked (three more inputs of the regression) or summed (added to its logits).", valueName: "how"))
    var combine: String = VectorSentimentModel.Combination.summed.rawValue

    func combination() throws -> VectorSentimentModel.Combination {
        guard let combination = VectorSentimentModel.Combination(rawValue: combine) else {
            throw ValidationError("--combine must be stacked or summed, not '\(combine)'")
        }
        return combination
    }

    @Option(name: .long, help: ArgumentHelp("Vectors already written by `heard embed` (JSON Lines, same encoder; repeatable): texts found there are not encoded again.", valueName: "file"))
    var precomputed: [String] = []

    func path() throws -> VectorPath {
        guard let path = VectorPath(rawValue: vectors) else {
            throw ValidationError("--vectors must be one of \(VectorPath.allCases.map(\.rawValue).joined(separator: ", ")), not '\(vectors)'")
        }
        return path
    }

    func loadEncoder() throws -> (any SentenceEncoder)? {
        let path = try path()
        do {
            guard let encoder = try path.loadEncoder(modelDir: modelDir) else { return nil }
            return precomputed.isEmpty ? encoder : try PrecomputedSentenceEncoder(base: encoder, files: precomputed)
        } catch let error as EncoderModel.MissingModel {
            throw UserFacingError(description: error.description)
        }
    }
}

struct SentimentLabelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Which values mean what: negative=VALUE[|VALUE…],neutral=…,positive=… (default: the words themselves).",
        valueName: "mapping"))
    var labels: String?

    @Option(name: .long, help: ArgumentHelp(
        "For a numeric label: LOW,HIGH. Below LOW is negative, above HIGH positive, neutral between.",
        valueName: "low,high"))
    var thresholds: String?

    func mapping() throws -> SentimentLabelMapping {
        if labels != nil, thresholds != nil { throw ValidationError("give --labels or --thresholds, not both") }
        if let labels { return try SentimentLabelMapping.parse(names: labels) }
        if let thresholds { return try SentimentLabelMapping.parse(thresholds: thresholds) }
        return .standard
    }
}

struct TrainSentimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Fit a sentiment model: lexical (logistic regression over words and rules) or over sentence vectors.",
        discussion: """
            The model file is text: one feature per line with its three class weights, so what the
            model learned can be read and audited. Use it with `--model` on `heard eval sentiment`,
            `heard import` and `heard analyze`.

            With --vectors transformer (or static) the model is a softmax regression over each
            text's sentence vector plus the lexical model's three class scores (the shipped one,
            or --lexical-model; --no-lexical-scores leaves them out). It is slower to apply (the
            encoder runs on every text) and more accurate.

              heard train sentiment --data labelled.csv --text comment --label sentiment --out my-model.tsv
              heard train sentiment --vectors transformer --data labelled.csv --text comment --label sentiment --out my-vectors.tsv
            """)

    @OptionGroup var data: LabelledDataOptions
    @OptionGroup var labels: SentimentLabelOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the model.", valueName: "file"))
    var out: String

    @Option(name: .long, help: "Model name, stored in the file and in every enrichment it makes.")
    var name: String = "custom"

    @Option(name: .long, help: "Model version, stored likewise; change it when you retrain.")
    var version: String = "1"

    @Option(name: .long, help: ArgumentHelp("A line saying where the data came from and its licence (repeatable).", valueName: "text"))
    var provenance: [String] = []

    @Option(name: .long, help: "Training passes over the data.")
    var epochs: Int = SentimentTrainer().epochs

    @Option(name: .long, help: "AdaGrad step size.")
    var learningRate: Float = SentimentTrainer().learningRate

    @Option(name: .long, help: "L2 penalty.")
    var l2: Float = SentimentTrainer().l2

    @Option(name: .long, help: "With --vectors: L2 penalty of the regression.")
    var vectorL2: Float = SoftmaxRegressionTrainer().l2

    @Flag(name: .long, inversion: .prefixedNo, help: "With --vectors: weigh classes by inverse frequency in the regression.")
    var balanceClasses = SoftmaxRegressionTrainer().balanceClasses

    @Option(name: .long, help: "With --vectors: passes over the data.")
    var vectorEpochs: Int = SoftmaxRegressionTrainer().epochs

    @Option(name: .long, help: ArgumentHelp("Word valences (WORD<TAB>VALENCE lines, e.g. VADER's lexicon) to use as prior knowledge; stored in the model.", valueName: "file"))
    var lexicon: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Scale each text's features to unit length.")
    var normaliseLength = true

    @OptionGroup var vectors: VectorPathOptions

    @Option(name: .long, help: ArgumentHelp("With --vectors: the lexical model whose scores are appended (default: the shipped one).", valueName: "file"))
    var lexicalModel: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "With --vectors: append the lexical model's class scores to each vector.")
    var lexicalScores = true

    @Option(name: .long, help: ArgumentHelp("With --vectors, when the lexical model was trained on this same data: take the training texts' lexical scores from models trained on the other K folds.", valueName: "k"))
    var stackFolds: Int = 0

    @Option(name: .long, help: ArgumentHelp("With --vectors, summed: fit three class biases on the out-of-fold predictions of K folds of this data (0: none).", valueName: "k"))
    var calibrateFolds: Int = 0

    func run() async throws {
        let contents = try data.read()
        let (examples, unmapped) = SentimentEvaluation.examples(from: contents.rows, mapping: try labels.mapping())
        guard !examples.isEmpty else { throw UserFacingError(description: "\(data.data): no rows with a usable label") }
        reportUnmapped(unmapped)
        if let encoder = try vectors.loadEncoder() {
            try trainOnVectors(examples, encoder: encoder)
            return
        }
        var trainer = SentimentTrainer()
        trainer.epochs = epochs
        trainer.learningRate = learningRate
        trainer.l2 = l2
        trainer.normaliseLength = normaliseLength
        if let lexicon {
            do {
                trainer.lexicon = try SentimentLexicon(parsing: String(contentsOfFile: lexicon, encoding: .utf8))
            } catch let error as SentimentModelFile.FormatError {
                throw ImportError(file: lexicon, line: error.line, field: nil, reason: error.reason)
            }
        }
        let started = Date()
        let model = trainer.train(examples, name: name, version: version, provenance: provenance)
        try SentimentModelFile.write(model).write(toFile: out, atomically: true, encoding: .utf8)
        reportTraining(model.identifier, examples: examples, started: started)
        print("\(model.names.count) features written to \(out)")
    }
}

extension TrainSentimentCommand {
    private func reportTraining(_ identifier: String, examples: [SentimentExample], started: Date) {
        let counts = Dictionary(grouping: examples, by: \.label).mapValues(\.count)
        let summary = SentimentLabel.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        print("trained \(identifier) on \(examples.count) texts (\(summary)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    private func trainOnVectors(_ examples: [SentimentExample], encoder: any SentenceEncoder) throws {
        let lexical = lexicalScores ? try DefaultModels.sentiment(path: lexicalModel) : nil
        var training = VectorSentimentTraining(encoder: encoder, lexical: lexical)
        if let lexical, stackFolds > 0 || calibrateFolds > 0 {
            // Out-of-fold lexical scores, from the lexical model's own recipe (its lexicon).
            var lexicalTrainer = SentimentTrainer()
            lexicalTrainer.lexicon = lexical.lexicon
            training.lexicalTrainer = lexicalTrainer
            if stackFolds > 0 { training.stackingFolds = stackFolds }
        }
        training.calibrationFolds = calibrateFolds
        training.trainer.l2 = vectorL2
        training.trainer.epochs = vectorEpochs
        training.trainer.balanceClasses = balanceClasses
        training.combination = try vectors.combination()
        let started = Date()
        let model = training.train(examples, name: name, version: version, provenance: provenance)
        try VectorSentimentModelFile.write(model).write(toFile: out, atomically: true, encoding: .utf8)
        reportTraining(model.identifier, examples: examples, started: started)
        print("\(model.regression.inputCount) inputs (\(encoder.identifier)\(model.lexicalModel.map { " + scores of \($0)" } ?? "")) written to \(out)")
    }
}

func reportUnmapped(_ unmapped: [String: Int]) {
    guard !unmapped.isEmpty else { return }
    let listed = unmapped.sorted { $0.value > $1.value }.prefix(5).map { "'\($0.key)' ×\($0.value)" }.joined(separator: ", ")
    printError("left out \(unmapped.values.reduce(0, +)) rows whose label is not mapped: \(listed) (see --labels / --thresholds)")
}

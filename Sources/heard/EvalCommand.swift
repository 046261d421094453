import ArgumentParser
import Foundation
import HeardEngine
import HeardText

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure Heard's text understanding against labelled data.",
        subcommands: [EvalSentimentCommand.self])
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
            """)

    @OptionGroup var data: LabelledDataOptions
    @OptionGroup var labels: SentimentLabelOptions

    @Option(name: .long, help: ArgumentHelp("Model file from `heard train sentiment` (default: the shipped model).", valueName: "file"))
    var model: String?

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
        let speed: Double
        let modelName: String
        if let cv {
            // Same recipe as the shipped (or --model) model: its lexicon too.
            var trainer = SentimentTrainer()
            trainer.lexicon = try DefaultModels.sentiment(path: model).lexicon
            (report, speed) = SentimentEvaluation.crossValidate(examples, folds: cv, trainer: trainer)
            modelName = "\(cv)-fold cross-validation on \(data.data)"
        } else {
            let chosen = try DefaultModels.sentiment(path: model)
            let predicted: [SentimentLabel]
            (report, speed, predicted) = SentimentEvaluation.evaluateWithPredictions(chosen, on: examples)
            modelName = chosen.identifier
            if showErrors > 0, format == "table" {
                let wrong = zip(examples, predicted).filter { $0.0.label != $0.1 }.prefix(showErrors)
                for (example, guess) in wrong {
                    print("gold \(example.label.rawValue), predicted \(guess.rawValue): \(example.text.replacingOccurrences(of: "\n", with: " "))")
                }
                print("")
            }
        }
        if format == "json" {
            print(json(report, speed: speed, model: modelName).rendered())
        } else {
            print(table(report, speed: speed, model: modelName))
        }
    }

    private func json(_ report: ClassificationReport, speed: Double, model: String) -> JSONValue {
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
        ])
    }

    private func table(_ report: ClassificationReport, speed: Double, model: String) -> String {
        var lines = [
            "model      \(model)",
            "texts      \(report.count)",
            "accuracy   \(String(format: "%.3f", report.accuracy))",
            "macro-F1   \(String(format: "%.3f", report.macroF1))",
            "speed      \(Int(speed).formatted()) texts/s (tokenise + score, one thread)",
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

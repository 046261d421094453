import Dispatch
import HeardStats
import HeardText

public struct SentimentEvaluationResult: Sendable {
    public var model: String
    public var report: ClassificationReport
    /// Tokenising and scoring only, texts in memory, best of three passes, one thread.
    public var textsPerSecond: Double
    /// Labels in the file that the mapping does not know, with their counts; those rows are left out.
    public var unmappedLabels: [String: Int]
    public var folds: Int?
}

/// Measures a sentiment model against labelled text: on a file as it is, or by k-fold
/// cross-validation of the trainer on that file.
public enum SentimentEvaluation {
    public static func examples(from rows: [LabelledRow], mapping: SentimentLabelMapping) -> ([SentimentExample], [String: Int]) {
        var examples: [SentimentExample] = []
        var unmapped: [String: Int] = [:]
        for row in rows {
            if let label = mapping.label(of: row.label) {
                examples.append(SentimentExample(text: row.text, label: label))
            } else {
                unmapped[row.label, default: 0] += 1
            }
        }
        return (examples, unmapped)
    }

    public static func evaluate(_ model: SentimentModel, on examples: [SentimentExample]) -> (ClassificationReport, Double) {
        let (report, speed, _) = evaluateWithPredictions(model, on: examples)
        return (report, speed)
    }

    public static func evaluateWithPredictions(_ model: SentimentModel, on examples: [SentimentExample]) -> (ClassificationReport, Double, [SentimentLabel]) {
        let tokenizer = Tokenizer()
        var tokenized = TokenizedText()
        var predicted = [Int](repeating: 0, count: examples.count)
        var best = Double.infinity
        for _ in 0..<3 {
            let started = DispatchTime.now().uptimeNanoseconds
            for (index, example) in examples.enumerated() {
                tokenizer.tokenize(example.text, into: &tokenized)
                predicted[index] = model.score(tokenized).label.index
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
        let report = ClassificationReport(
            labels: SentimentLabel.allCases.map(\.rawValue), gold: examples.map(\.label.index), predicted: predicted)
        return (report, Double(examples.count) / max(best, 1e-9), predicted.map(SentimentLabel.init(index:)))
    }

    /// Pools the predictions of `folds` models, each trained on the other folds. Folds are
    /// assigned after a seeded shuffle, so the result is the same on every run.
    public static func crossValidate(_ examples: [SentimentExample], folds: Int, trainer: SentimentTrainer) -> (ClassificationReport, Double) {
        var order = Array(examples.indices)
        var generator = SeededGenerator(seed: 2014)
        order.shuffle(using: &generator)
        var fold = [Int](repeating: 0, count: examples.count)
        for (position, index) in order.enumerated() { fold[index] = position % folds }
        var gold: [Int] = []
        var predicted: [Int] = []
        var speeds: [Double] = []
        for held in 0..<folds {
            let training = examples.indices.filter { fold[$0] != held }.map { examples[$0] }
            let testing = examples.indices.filter { fold[$0] == held }.map { examples[$0] }
            let model = trainer.train(training, name: "cv", version: "fold\(held)", provenance: [])
            let tokenizer = Tokenizer()
            var tokenized = TokenizedText()
            for example in testing {
                tokenizer.tokenize(example.text, into: &tokenized)
                predicted.append(model.score(tokenized).label.index)
                gold.append(example.label.index)
            }
            speeds.append(evaluate(model, on: testing).1)
        }
        let report = ClassificationReport(labels: SentimentLabel.allCases.map(\.rawValue), gold: gold, predicted: predicted)
        return (report, speeds.reduce(0, +) / Double(max(speeds.count, 1)))
    }
}

import Dispatch
import HeardStats
import HeardText

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

    /// The report and each example's predicted label (one pass; speed is `SentimentThroughput`'s job).
    public static func evaluate(_ model: SentimentModel, on examples: [SentimentExample]) -> (ClassificationReport, [SentimentLabel]) {
        let predicted = predictions(model, for: examples)
        let report = ClassificationReport(
            labels: SentimentLabel.allCases.map(\.rawValue), gold: examples.map(\.label.index), predicted: predicted.map(\.index))
        return (report, predicted)
    }

    static func predictions(_ model: SentimentModel, for examples: [SentimentExample]) -> [SentimentLabel] {
        let tokenizer = Tokenizer()
        var tokenized = TokenizedText()
        return examples.map { example in
            tokenizer.tokenize(example.text, into: &tokenized)
            return model.score(tokenized).label
        }
    }

    /// Each example's fold, after a seeded shuffle: the same on every run and for every model kind.
    public static func foldAssignment(count: Int, folds: Int) -> [Int] {
        var order = Array(0..<count)
        var generator = SeededGenerator(seed: 2014)
        order.shuffle(using: &generator)
        var fold = [Int](repeating: 0, count: count)
        for (position, index) in order.enumerated() { fold[index] = position % folds }
        return fold
    }

    /// Pools the predictions of `folds` models, each trained on the other folds. Folds are
    /// assigned after a seeded shuffle, so the result is the same on every run.
    public static func crossValidate(_ examples: [SentimentExample], folds: Int, trainer: SentimentTrainer) -> (ClassificationReport, Double) {
        let fold = foldAssignment(count: examples.count, folds: folds)
        var gold: [Int] = []
        var predicted: [Int] = []
        var speeds: [Double] = []
        for held in 0..<folds {
            let training = examples.indices.filter { fold[$0] != held }.map { examples[$0] }
            let testing = examples.indices.filter { fold[$0] == held }.map { examples[$0] }
            let model = trainer.train(training, name: "cv", version: "fold\(held)", provenance: [])
            predicted += predictions(model, for: testing).map(\.index)
            gold += testing.map(\.label.index)
            speeds.append(SentimentThroughput.measure(model, texts: testing.map(\.text), threads: 1))
        }
        let report = ClassificationReport(labels: SentimentLabel.allCases.map(\.rawValue), gold: gold, predicted: predicted)
        return (report, speeds.reduce(0, +) / Double(max(speeds.count, 1)))
    }
}

import HeardML
import HeardStats
import HeardText

/// Trains and measures vector sentiment models: texts are embedded once, then the regression
/// is fitted (and, for cross-validation, refitted per fold) on the vectors.
public struct VectorSentimentTraining: Sendable {
    public var encoder: any SentenceEncoder
    /// Appended as class scores when set (see `VectorSentimentModel`).
    public var lexical: SentimentModel?
    public var trainer = SoftmaxRegressionTrainer()

    public init(encoder: any SentenceEncoder, lexical: SentimentModel?) {
        self.encoder = encoder
        self.lexical = lexical
    }

    public func features(for texts: [String]) -> EmbeddingMatrix {
        VectorSentimentModel.features(vectors: encoder.embed(texts), texts: texts, lexical: lexical)
    }

    public func train(_ examples: [SentimentExample], name: String, version: String, provenance: [String]) -> VectorSentimentModel {
        fit(features: features(for: examples.map(\.text)), labels: examples.map(\.label.index), name: name, version: version, provenance: provenance)
    }

    func fit(features: EmbeddingMatrix, labels: [Int], name: String, version: String, provenance: [String]) -> VectorSentimentModel {
        VectorSentimentModel(name: name, version: version, provenance: provenance, encoder: encoder.identifier,
                             lexicalModel: lexical?.identifier,
                             regression: trainer.train(features: features, labels: labels, classCount: SentimentModel.classCount))
    }

    /// Pools the predictions of `folds` models, each trained on the other folds; folds are the
    /// same seeded split as `SentimentEvaluation.crossValidate`, so both paths see the same folds.
    public func crossValidate(_ examples: [SentimentExample], folds: Int) -> ClassificationReport {
        let fold = SentimentEvaluation.foldAssignment(count: examples.count, folds: folds)
        let all = features(for: examples.map(\.text))
        var gold: [Int] = []
        var predicted: [Int] = []
        for held in 0..<folds {
            var training = EmbeddingMatrix(dimensions: all.dimensions)
            var testing = EmbeddingMatrix(dimensions: all.dimensions)
            var labels: [Int] = []
            for index in examples.indices {
                if fold[index] == held {
                    testing.append(all[index])
                    gold.append(examples[index].label.index)
                } else {
                    training.append(all[index])
                    labels.append(examples[index].label.index)
                }
            }
            let model = fit(features: training, labels: labels, name: "cv", version: "fold\(held)", provenance: [])
            predicted += model.score(features: testing).map(\.label.index)
        }
        return ClassificationReport(labels: SentimentLabel.allCases.map(\.rawValue), gold: gold, predicted: predicted)
    }

    /// The report and each example's predicted label for a trained model.
    public func evaluate(_ model: VectorSentimentModel, on examples: [SentimentExample]) -> (ClassificationReport, [SentimentLabel]) {
        let texts = examples.map(\.text)
        let predicted = model.score(vectors: encoder.embed(texts), texts: texts, lexical: lexical).map(\.label)
        let report = ClassificationReport(labels: SentimentLabel.allCases.map(\.rawValue), gold: examples.map(\.label.index),
                                          predicted: predicted.map(\.index))
        return (report, predicted)
    }
}

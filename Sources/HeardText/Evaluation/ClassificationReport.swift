/// Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of a classifier
/// against gold labels.
public struct ClassificationReport: Sendable {
    public struct ClassScores: Sendable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    public let labels: [String]
    /// `confusion[gold][predicted]`.
    public let confusion: [[Int]]

    public init(labels: [String], gold: [Int], predicted: [Int]) {
        precondition(gold.count == predicted.count)
        self.labels = labels
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (goldLabel, predictedLabel) in zip(gold, predicted) { confusion[goldLabel][predictedLabel] += 1 }
        self.confusion = confusion
    }

    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }

    public var accuracy: Double {
        guard count > 0 else { return 0 }
        return Double(labels.indices.reduce(0) { $0 + confusion[$1][$1] }) / Double(count)
    }

    public func scores(ofClass index: Int) -> ClassScores {
        let truePositives = Double(confusion[index][index])
        let predicted = Double(labels.indices.reduce(0) { $0 + confusion[$1][index] })
        let actual = confusion[index].reduce(0, +)
        let precision = predicted > 0 ? truePositives / predicted : 0
        let recall = actual > 0 ? truePositives / Double(actual) : 0
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return ClassScores(precision: precision, recall: recall, f1: f1, support: actual)
    }

    /// Mean F1 over the classes that occur in the gold labels.
    public var macroF1: Double {
        let present = labels.indices.filter { confusion[$0].reduce(0, +) > 0 }
        guard !present.isEmpty else { return 0 }
        return present.map { scores(ofClass: $0).f1 }.reduce(0, +) / Double(present.count)
    }
}

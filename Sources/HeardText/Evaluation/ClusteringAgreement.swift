import Foundation

/// How well a grouping agrees with gold labels: normalised mutual information (arithmetic-mean
/// normalisation, as scikit-learn's default) and the adjusted Rand index.
public struct ClusteringAgreement: Sendable {
    public let nmi: Double
    public let ari: Double

    public init<Gold: Hashable, Predicted: Hashable>(gold: [Gold], predicted: [Predicted]) {
        precondition(gold.count == predicted.count)
        let count = gold.count
        var goldIndex: [Gold: Int] = [:]
        var predictedIndex: [Predicted: Int] = [:]
        var cells: [Int: Int] = [:]
        var goldSizes: [Int] = []
        var predictedSizes: [Int] = []
        for (goldLabel, predictedLabel) in zip(gold, predicted) {
            let row = goldIndex[goldLabel] ?? {
                goldIndex[goldLabel] = goldSizes.count
                goldSizes.append(0)
                return goldSizes.count - 1
            }()
            let column = predictedIndex[predictedLabel] ?? {
                predictedIndex[predictedLabel] = predictedSizes.count
                predictedSizes.append(0)
                return predictedSizes.count - 1
            }()
            goldSizes[row] += 1
            predictedSizes[column] += 1
            cells[row << 32 | column, default: 0] += 1
        }
        guard count > 0 else {
            nmi = 0
            ari = 0
            return
        }
        let total = Double(count)
        func entropy(_ sizes: [Int]) -> Double {
            sizes.reduce(0) { sum, size in size == 0 ? sum : sum - Double(size) / total * log(Double(size) / total) }
        }
        var mutual = 0.0
        for (cell, size) in cells {
            let row = cell >> 32, column = cell & 0xFFFF_FFFF
            let joint = Double(size) / total
            mutual += joint * log(joint / (Double(goldSizes[row]) / total * Double(predictedSizes[column]) / total))
        }
        let goldEntropy = entropy(goldSizes), predictedEntropy = entropy(predictedSizes)
        if goldEntropy == 0 && predictedEntropy == 0 {
            nmi = 1
        } else {
            nmi = max(0, mutual / ((goldEntropy + predictedEntropy) / 2))
        }

        func pairs(_ value: Int) -> Double { Double(value) * Double(value - 1) / 2 }
        let index = cells.values.reduce(0) { $0 + pairs($1) }
        let goldPairs = goldSizes.reduce(0) { $0 + pairs($1) }
        let predictedPairs = predictedSizes.reduce(0) { $0 + pairs($1) }
        let expected = goldPairs * predictedPairs / pairs(count)
        let maximum = (goldPairs + predictedPairs) / 2
        ari = maximum == expected ? 1 : (index - expected) / (maximum - expected)
    }
}

/// Span-level counts and the scores derived from them.
public struct PIIScore: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// 1 when nothing was predicted: no prediction was wrong.
    public var precision: Double {
        let predicted = truePositives + falsePositives
        return predicted == 0 ? 1 : Double(truePositives) / Double(predicted)
    }

    /// 1 when nothing was there to find.
    public var recall: Double {
        let actual = truePositives + falseNegatives
        return actual == 0 ? 1 : Double(truePositives) / Double(actual)
    }

    public var f1: Double {
        let sum = precision + recall
        return sum == 0 ? 0 : 2 * precision * recall / sum
    }

    static func + (lhs: PIIScore, rhs: PIIScore) -> PIIScore {
        PIIScore(
            truePositives: lhs.truePositives + rhs.truePositives,
            falsePositives: lhs.falsePositives + rhs.falsePositives,
            falseNegatives: lhs.falseNegatives + rhs.falseNegatives
        )
    }
}

/// A prediction without a matching gold span, or a gold span nothing matched.
public struct PIIMistake: Sendable, Equatable {
    public enum Error: String, Sendable {
        case falsePositive = "false positive"
        case falseNegative = "false negative"
    }

    public let error: Error
    public let kind: PIIKind
    /// The covered text.
    public let text: String
    /// The fixture line the example came from.
    public let line: Int
}

/// How a redactor did on a labelled set, per kind and overall.
public struct PIIEvaluation: Sendable {
    public let perKind: [PIIKind: PIIScore]
    public let overall: PIIScore
    public let mistakes: [PIIMistake]

    public init(perKind: [PIIKind: PIIScore], mistakes: [PIIMistake]) {
        self.perKind = perKind
        self.overall = perKind.values.reduce(PIIScore(), +)
        self.mistakes = mistakes
    }

    public func score(for kind: PIIKind) -> PIIScore { perKind[kind] ?? PIIScore() }

    /// One line per kind and one overall, for logs and test output.
    public var report: String {
        var lines = ["kind           tp   fp   fn  precision  recall     f1"]
        func line(_ name: String, _ score: PIIScore) -> String {
            func pad(_ value: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - value.count)) + value }
            func fixed(_ value: Double) -> String {
                let thousandths = Int((value * 1000).rounded())
                return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - String(thousandths % 1000).count))\(thousandths % 1000)"
            }
            return name + String(repeating: " ", count: max(0, 12 - name.count))
                + pad("\(score.truePositives)", 5) + pad("\(score.falsePositives)", 5) + pad("\(score.falseNegatives)", 5)
                + pad(fixed(score.precision), 11) + pad(fixed(score.recall), 8) + pad(fixed(score.f1), 7)
        }
        for kind in PIIKind.allCases { if let score = perKind[kind] { lines.append(line(kind.rawValue, score)) } }
        lines.append(line("overall", overall))
        return lines.joined(separator: "\n")
    }
}

import Foundation
import HeardText

/// How a file's labels become negative / neutral / positive: named values
/// (`negative=neg,1star;neutral=…`) or, for a numeric column, two thresholds
/// (below the first is negative, above the second positive, neutral between).
public enum SentimentLabelMapping: Sendable {
    case names([String: SentimentLabel])
    case thresholds(negativeBelow: Double, positiveAbove: Double)

    /// The identity mapping: labels already say negative, neutral or positive (any case).
    public static let standard = SentimentLabelMapping.names([
        "negative": .negative, "neutral": .neutral, "positive": .positive,
        "neg": .negative, "neu": .neutral, "pos": .positive,
    ])

    /// Parses `negative=a|b,neutral=c,positive=d` (values separated by `|`).
    public static func parse(names text: String) throws -> SentimentLabelMapping {
        var mapping: [String: SentimentLabel] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, let label = SentimentLabel(rawValue: pieces[0].trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw SentimentMappingError(reason: "'\(part)' should be negative=VALUE, neutral=VALUE or positive=VALUE")
            }
            for value in pieces[1].split(separator: "|") { mapping[value.trimmingCharacters(in: .whitespaces).lowercased()] = label }
        }
        guard !mapping.isEmpty else { throw SentimentMappingError(reason: "no labels given") }
        return .names(mapping)
    }

    /// Parses `LOW,HIGH`, e.g. `-0.5,0.5`.
    public static func parse(thresholds text: String) throws -> SentimentLabelMapping {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts[0] <= parts[1] else {
            throw SentimentMappingError(reason: "thresholds should be LOW,HIGH with LOW <= HIGH, e.g. -0.5,0.5")
        }
        return .thresholds(negativeBelow: parts[0], positiveAbove: parts[1])
    }

    public func label(of value: String) -> SentimentLabel? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        switch self {
        case .names(let mapping):
            return mapping[trimmed.lowercased()]
        case .thresholds(let low, let high):
            guard let number = Double(trimmed) else { return nil }
            if number < low { return .negative }
            if number > high { return .positive }
            return .neutral
        }
    }
}

public struct SentimentMappingError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "--labels/--thresholds: \(reason)" }
}

import Foundation
import HeardML
import HeardText

/// The text form of a vector sentiment model: a header with what made it, then one line of
/// numbers per class. A few thousand numbers, so it stays small enough to ship and to diff.
///
///     heard-vector-sentiment-model 1
///     name<TAB>default-vectors
///     version<TAB>2026.11.23
///     provenance<TAB>free text (repeated)
///     encoder<TAB>all-MiniLM-L6-v2@…
///     lexical<TAB>default@2026.11.23   (or "none")
///     combination<TAB>stacked or summed
///     inputs<TAB>387
///     mean<TAB>v1<TAB>v2…            (one per input)
///     scale<TAB>v1<TAB>v2…           (1 / standard deviation, one per input)
///     bias<TAB>b_neg<TAB>b_neu<TAB>b_pos
///     negative<TAB>w1<TAB>w2…         (then neutral, positive)
public enum VectorSentimentModelFile {
    public static let header = "heard-vector-sentiment-model 1"

    /// Tells a vector model from a lexical one by its first line.
    public static func isVectorModel(_ text: String) -> Bool {
        text.hasPrefix(header)
    }

    public static func write(_ model: VectorSentimentModel) -> String {
        let regression = model.regression
        var lines = [header, "name\t\(model.name)", "version\t\(model.version)"]
        for line in model.provenance { lines.append("provenance\t\(line)") }
        lines.append("encoder\t\(model.encoder)")
        lines.append("lexical\t\(model.lexicalModel ?? "none")")
        lines.append("combination\t\(model.combination.rawValue)")
        lines.append("inputs\t\(regression.inputCount)")
        lines.append("mean\t" + regression.mean.map(format).joined(separator: "\t"))
        lines.append("scale\t" + regression.inverseSpread.map(format).joined(separator: "\t"))
        lines.append("bias\t" + regression.bias.map(format).joined(separator: "\t"))
        for label in SentimentLabel.allCases {
            let base = label.index * regression.inputCount
            lines.append(label.rawValue + "\t" + regression.weights[base..<base + regression.inputCount].map(format).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Six significant digits: the round trip changes a prediction's logits by about 1e-5.
    private static func format(_ value: Float) -> String {
        value == 0 ? "0" : String(format: "%.6g", Double(value))
    }

    public static func read(_ text: String) throws -> VectorSentimentModel {
        var fields: [String: [Substring]] = [:]
        var provenance: [String] = []
        var lineNumber = 0
        var lineOf: [String: Int] = [:]
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if lineNumber == 1 {
                guard line == header else { throw SentimentModelFile.FormatError(line: 1, reason: "not a Heard vector sentiment model (expected '\(header)')") }
                continue
            }
            if line.isEmpty { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            let key = String(parts[0])
            if key == "provenance" {
                provenance.append(parts.dropFirst().joined(separator: "\t"))
                continue
            }
            guard fields[key] == nil else { throw SentimentModelFile.FormatError(line: lineNumber, reason: "'\(key)' appears twice") }
            fields[key] = Array(parts.dropFirst())
            lineOf[key] = lineNumber
        }
        func string(_ key: String) throws -> String {
            guard let value = fields[key], !value.isEmpty else { throw SentimentModelFile.FormatError(line: lineNumber, reason: "no '\(key)' line") }
            return value.joined(separator: "\t")
        }
        func numbers(_ key: String, count: Int) throws -> [Float] {
            guard let value = fields[key] else { throw SentimentModelFile.FormatError(line: lineNumber, reason: "no '\(key)' line") }
            let line = lineOf[key] ?? lineNumber
            guard value.count == count else {
                throw SentimentModelFile.FormatError(line: line, reason: "'\(key)' has \(value.count) numbers, expected \(count)")
            }
            return try value.map { field in
                guard let number = Float(field), number.isFinite else {
                    throw SentimentModelFile.FormatError(line: line, reason: "'\(field)' is not a number")
                }
                return number
            }
        }
        guard let inputs = Int(try string("inputs")), inputs > 0 else {
            throw SentimentModelFile.FormatError(line: lineOf["inputs"] ?? lineNumber, reason: "'inputs' must be a positive whole number")
        }
        var weights: [Float] = []
        for label in SentimentLabel.allCases { weights += try numbers(label.rawValue, count: inputs) }
        let lexical = try string("lexical")
        let combinationName = fields["combination"].map { $0.joined(separator: "\t") } ?? "stacked"
        guard let combination = VectorSentimentModel.Combination(rawValue: combinationName) else {
            throw SentimentModelFile.FormatError(line: lineOf["combination"] ?? lineNumber, reason: "combination must be stacked or summed")
        }
        let regression = SoftmaxRegression(
            inputCount: inputs, classCount: SentimentModel.classCount, mean: try numbers("mean", count: inputs),
            inverseSpread: try numbers("scale", count: inputs), weights: weights, bias: try numbers("bias", count: SentimentModel.classCount))
        return VectorSentimentModel(name: try string("name"), version: try string("version"), provenance: provenance,
                                    encoder: try string("encoder"), lexicalModel: lexical == "none" ? nil : lexical,
                                    combination: combination, regression: regression)
    }
}

/// The text form of a sentiment model: readable and diffable, one feature per line.
///
///     heard-sentiment-model 1
///     name<TAB>default
///     version<TAB>2026.11.1
///     provenance<TAB>free text (repeated)
///     normalisation<TAB>l2 or none
///     lexicon<TAB>word<TAB>valence (repeated; optional)
///     bias<TAB>b_neg<TAB>b_neu<TAB>b_pos
///     u:good<TAB>w_neg<TAB>w_neu<TAB>w_pos
///     …
public enum SentimentModelFile {
    public static let header = "heard-sentiment-model 1"

    public struct FormatError: Error, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    public static func write(_ model: SentimentModel) -> String {
        var lines = [header, "name\t\(model.name)", "version\t\(model.version)"]
        for line in model.provenance { lines.append("provenance\t\(line)") }
        lines.append("normalisation\t\(model.normalisesLength ? "l2" : "none")")
        for entry in model.lexicon?.entries ?? [] { lines.append("lexicon\t\(entry.word)\t\(format(entry.valence))") }
        lines.append("bias\t" + model.bias.map(format).joined(separator: "\t"))
        for (index, name) in model.names.enumerated() {
            let base = index * 3
            lines.append("\(name)\t\(format(model.weights[base]))\t\(format(model.weights[base + 1]))\t\(format(model.weights[base + 2]))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Float) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == 0 ? "0" : "\(rounded)"
    }

    public static func read(_ text: String) throws -> SentimentModel {
        var name = "", version = ""
        var provenance: [String] = []
        var bias: [Float]? = nil
        var normalisesLength = false
        var lexiconEntries: [(word: String, valence: Float)] = []
        var names: [String] = []
        var weights: [Float] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if lineNumber == 1 {
                guard line == header else { throw FormatError(line: 1, reason: "not a Heard sentiment model (expected '\(header)')") }
                continue
            }
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch fields[0] {
            case "name": name = String(fields.dropFirst().joined(separator: "\t"))
            case "version": version = String(fields.dropFirst().joined(separator: "\t"))
            case "provenance": provenance.append(String(fields.dropFirst().joined(separator: "\t")))
            case "lexicon":
                guard fields.count == 3, let valence = Float(fields[2]) else {
                    throw FormatError(line: lineNumber, reason: "expected lexicon<TAB>WORD<TAB>VALENCE")
                }
                lexiconEntries.append((String(fields[1]), valence))
            case "normalisation":
                guard fields.count == 2, fields[1] == "l2" || fields[1] == "none" else {
                    throw FormatError(line: lineNumber, reason: "normalisation must be l2 or none")
                }
                normalisesLength = fields[1] == "l2"
            default:
                guard fields.count == 4 else { throw FormatError(line: lineNumber, reason: "expected a name and 3 weights, found \(fields.count) fields") }
                var values: [Float] = []
                for field in fields.dropFirst() {
                    guard let value = Float(field) else { throw FormatError(line: lineNumber, reason: "'\(field)' is not a number") }
                    values.append(value)
                }
                if fields[0] == "bias" {
                    bias = values
                } else {
                    guard SentimentFeatures.key(ofName: fields[0]) != nil else {
                        throw FormatError(line: lineNumber, reason: "'\(fields[0])' is not a feature name")
                    }
                    names.append(String(fields[0]))
                    weights.append(contentsOf: values)
                }
            }
        }
        guard let bias else { throw FormatError(line: lineNumber, reason: "no 'bias' line") }
        guard !name.isEmpty, !version.isEmpty else { throw FormatError(line: lineNumber, reason: "no 'name' or 'version' line") }
        return SentimentModel(name: name, version: version, provenance: provenance, bias: bias, names: names, weights: weights, normalisesLength: normalisesLength, lexicon: lexiconEntries.isEmpty ? nil : SentimentLexicon(entries: lexiconEntries))
    }
}

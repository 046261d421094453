/// One labelled text: what a perfect redactor would find in it.
public struct LabelledExample: Sendable, Equatable {
    public let text: String
    public let gold: [PIISpan]
    /// 1-based line in the source file, for reporting.
    public let line: Int

    public init(text: String, gold: [PIISpan], line: Int) {
        self.text = text
        self.gold = gold
        self.line = line
    }
}

public enum PIILabelledSetError: Error, Equatable, Sendable {
    case unknownKind(line: Int, kind: String)
    case malformedSpan(line: Int, span: String)
    case spanNotFound(line: Int, substring: String)
}

/// Labelled sets for measuring the redactor.
///
/// Format: UTF-8 TSV with columns `text<TAB>spans`. `spans` is a `|`-separated list of
/// `kind:exact substring` (kind is a `PIIKind` raw value; the substring runs to the next `|`
/// and may contain `:`), empty when the text holds no PII. A header line starting `text<TAB>`,
/// blank lines and lines starting with `#` are skipped. A substring listed twice refers to its
/// first and second occurrence, and so on.
///
/// Scoring: a prediction matches a gold span when the kinds are equal and the overlap covers at
/// least half of the gold span's bytes; each gold span and each prediction is matched at most
/// once, in text order. Unmatched predictions are false positives, unmatched gold spans false
/// negatives. Only the kinds the redactor is asked for are scored.
public enum PIILabelledSet {
    public static func parse(tsv: String) throws -> [LabelledExample] {
        var examples: [LabelledExample] = []
        var lineNumber = 0
        for rawLine in tsv.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("text\t") { continue }
            let columns = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            let text = String(columns[0])
            let spansColumn = columns.count > 1 ? columns[1] : ""
            examples.append(LabelledExample(text: text, gold: try goldSpans(spansColumn, in: text, line: lineNumber), line: lineNumber))
        }
        return examples
    }

    public static func evaluate(_ examples: [LabelledExample], with redactor: PIIRedactor) -> PIIEvaluation {
        var scores: [PIIKind: PIIScore] = [:]
        for kind in PIIKind.allCases where redactor.kinds.contains(kind) { scores[kind] = PIIScore() }
        var mistakes: [PIIMistake] = []
        for example in examples {
            let gold = example.gold.filter { redactor.kinds.contains($0.kind) }
            let predicted = redactor.find(in: example.text)
            var goldMatched = [Bool](repeating: false, count: gold.count)
            for prediction in predicted {
                let match = gold.indices.first { index in
                    !goldMatched[index] && gold[index].kind == prediction.kind && covers(prediction.range, gold[index].range)
                }
                if let match {
                    goldMatched[match] = true
                    scores[prediction.kind, default: PIIScore()].truePositives += 1
                } else {
                    scores[prediction.kind, default: PIIScore()].falsePositives += 1
                    mistakes.append(PIIMistake(error: .falsePositive, kind: prediction.kind, text: prediction.substring(of: example.text), line: example.line))
                }
            }
            for (index, span) in gold.enumerated() where !goldMatched[index] {
                scores[span.kind, default: PIIScore()].falseNegatives += 1
                mistakes.append(PIIMistake(error: .falseNegative, kind: span.kind, text: span.substring(of: example.text), line: example.line))
            }
        }
        return PIIEvaluation(perKind: scores, mistakes: mistakes)
    }

    /// Whether `predicted` overlaps at least half of `gold`.
    static func covers(_ predicted: Range<Int>, _ gold: Range<Int>) -> Bool {
        let overlap = max(0, min(predicted.upperBound, gold.upperBound) - max(predicted.lowerBound, gold.lowerBound))
        return overlap > 0 && overlap * 2 >= gold.count
    }

    private static func goldSpans(_ column: Substring, in text: String, line: Int) throws -> [PIISpan] {
        guard !column.isEmpty else { return [] }
        let textBytes = Array(text.utf8)
        var nextSearchStart: [String: Int] = [:]
        var spans: [PIISpan] = []
        for entry in column.split(separator: "|") {
            guard let colon = entry.firstIndex(of: ":") else { throw PIILabelledSetError.malformedSpan(line: line, span: String(entry)) }
            let kindName = String(entry[..<colon])
            let substring = String(entry[entry.index(after: colon)...])
            guard let kind = PIIKind(rawValue: kindName) else { throw PIILabelledSetError.unknownKind(line: line, kind: kindName) }
            guard !substring.isEmpty else { throw PIILabelledSetError.malformedSpan(line: line, span: String(entry)) }
            let needle = Array(substring.utf8)
            guard let start = firstOffset(of: needle, in: textBytes, from: nextSearchStart[substring] ?? 0) else {
                throw PIILabelledSetError.spanNotFound(line: line, substring: substring)
            }
            nextSearchStart[substring] = start + needle.count
            spans.append(PIISpan(kind: kind, range: start..<start + needle.count))
        }
        return spans.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private static func firstOffset(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var offset = start
        while offset + needle.count <= haystack.count {
            if haystack[offset] == needle[0], haystack[offset..<offset + needle.count].elementsEqual(needle) { return offset }
            offset += 1
        }
        return nil
    }
}

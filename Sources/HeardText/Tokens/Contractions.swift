/// Expands English contractions so that "don't", "dont" and "do not" give the same tokens, and
/// negation is seen wherever it is written.
enum Contractions {
    private static let apostrophe = UInt8(ascii: "'")

    /// Negated auxiliaries written without an apostrophe, as people type them.
    private static let bareNegations: [String: String] = [
        "dont": "do", "cant": "can", "wont": "will", "didnt": "did", "doesnt": "does", "isnt": "is",
        "wasnt": "was", "arent": "are", "werent": "were", "havent": "have", "hasnt": "has", "hadnt": "had",
        "couldnt": "could", "wouldnt": "would", "shouldnt": "should", "aint": "is", "mustnt": "must",
        "neednt": "need", "cannot": "can",
    ]

    private static let irregularNegatedBases: [String: String] = ["ca": "can", "wo": "will", "sha": "shall", "ai": "is"]

    private static let suffixes: [String: String?] = [
        "re": "are", "ll": "will", "ve": "have", "m": "am", "d": "would", "s": nil,
    ]

    /// False for most words without building a `String`: only a word with an apostrophe or
    /// one of the `bareNegations` (all end in "nt", or are "cannot") can be a contraction.
    @inline(__always)
    static func mayExpand(_ word: [UInt8]) -> Bool {
        word.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            guard count >= 2 else { return false }
            if count >= 4, count <= 8, bytes[count - 1] == UInt8(ascii: "t"),
               bytes[count - 2] == UInt8(ascii: "n") || bytes[count - 2] == UInt8(ascii: "o") {
                return true
            }
            return bytes.contains(apostrophe)
        }
    }

    /// Appends the expansion and returns true when `word` is a contraction.
    static func expand(
        _ word: [UInt8], start: Int, end: Int, flags: TokenFlags,
        scanner: inout TokenScanner, into output: inout TokenizedText
    ) -> Bool {
        let flags = flags.union(.fromContraction)
        if let apostropheIndex = word.lastIndex(of: apostrophe) {
            let suffix = String(decoding: word[(apostropheIndex + 1)...], as: UTF8.self)
            let base = word[..<apostropheIndex]
            if suffix == "t", base.last == UInt8(ascii: "n"), base.count >= 2 {
                var stem = String(decoding: base.dropLast(), as: UTF8.self)
                stem = irregularNegatedBases[stem] ?? stem
                scanner.append(kind: .word, flags: flags, start: start, end: end, form: Array(stem.utf8), into: &output)
                scanner.append(kind: .word, flags: flags.subtracting(.lineStart), start: start, end: end, form: Array("not".utf8), into: &output)
                return true
            }
            if let expansion = suffixes[suffix], !base.isEmpty {
                scanner.append(kind: .word, flags: flags, start: start, end: end, form: Array(base), into: &output)
                if let expansion {
                    scanner.append(kind: .word, flags: flags, start: start, end: end, form: Array(expansion.utf8), into: &output)
                }
                return true
            }
            return false
        }
        guard word.count >= 4, word.count <= 8, word.last == UInt8(ascii: "t") else { return false }
        if let base = bareNegations[String(decoding: word, as: UTF8.self)] {
            scanner.append(kind: .word, flags: flags, start: start, end: end, form: Array(base.utf8), into: &output)
            scanner.append(kind: .word, flags: flags, start: start, end: end, form: Array("not".utf8), into: &output)
            return true
        }
        return false
    }
}

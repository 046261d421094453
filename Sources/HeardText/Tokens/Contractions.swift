/// Expands English contractions so that "don't", "dont" and "do not" give the same tokens, and
/// negation is seen wherever it is written. Works on the scanner's bytes: building a `String` per
/// candidate word for dictionary lookups was 5% of `heard bench sentiment`.
enum Contractions {
    private static let apostrophe = UInt8(ascii: "'")
    private static let not = Array("not".utf8)

    /// Negated auxiliaries written without an apostrophe, as people type them.
    private static let bareNegations: [(written: [UInt8], base: [UInt8])] = [
        ("dont", "do"), ("cant", "can"), ("wont", "will"), ("didnt", "did"), ("doesnt", "does"), ("isnt", "is"),
        ("wasnt", "was"), ("arent", "are"), ("werent", "were"), ("havent", "have"), ("hasnt", "has"), ("hadnt", "had"),
        ("couldnt", "could"), ("wouldnt", "would"), ("shouldnt", "should"), ("aint", "is"), ("mustnt", "must"),
        ("neednt", "need"), ("cannot", "can"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    private static let irregularNegatedBases: [(written: [UInt8], base: [UInt8])] = [
        ("ca", "can"), ("wo", "will"), ("sha", "shall"), ("ai", "is"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// What follows the apostrophe; "s" (is, has or possessive) is dropped.
    private static let suffixes: [(written: [UInt8], expansion: [UInt8]?)] = [
        ("re", "are"), ("ll", "will"), ("ve", "have"), ("m", "am"), ("d", "would"), ("s", nil),
    ].map { (Array($0.0.utf8), $0.1.map { Array($0.utf8) }) }

    /// False for most words at a glance: only a word with an apostrophe or one of the
    /// `bareNegations` (all end in "nt", or are "cannot") can be a contraction.
    @inline(__always)
    static func mayExpand(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count >= 2 else { return false }
        if count >= 4, count <= 8, bytes[count - 1] == UInt8(ascii: "t"),
           bytes[count - 2] == UInt8(ascii: "n") || bytes[count - 2] == UInt8(ascii: "o") {
            return true
        }
        return bytes.contains(apostrophe)
    }

    /// Appends the expansion and returns true when `word` is a contraction.
    static func expand(
        _ word: UnsafeBufferPointer<UInt8>, start: Int, end: Int, flags: TokenFlags,
        scanner: inout TokenScanner, into output: inout TokenizedText
    ) -> Bool {
        let flags = flags.union(.fromContraction)
        if let apostropheIndex = word.lastIndex(of: apostrophe) {
            let suffix = UnsafeBufferPointer(rebasing: word[(apostropheIndex + 1)...])
            let base = UnsafeBufferPointer(rebasing: word[..<apostropheIndex])
            if suffix.count == 1, suffix[0] == UInt8(ascii: "t"), base.last == UInt8(ascii: "n"), base.count >= 2 {
                let stem = UnsafeBufferPointer(rebasing: base.dropLast())
                if let irregular = irregularNegatedBases.first(where: { stem.elementsEqual($0.written) }) {
                    scanner.append(kind: .word, flags: flags, start: start, end: end, form: irregular.base, into: &output)
                } else {
                    scanner.append(kind: .word, flags: flags, start: start, end: end, form: stem, into: &output)
                }
                scanner.append(kind: .word, flags: flags.subtracting(.lineStart), start: start, end: end, form: not, into: &output)
                return true
            }
            if let suffix = suffixes.first(where: { suffix.elementsEqual($0.written) }), !base.isEmpty {
                scanner.append(kind: .word, flags: flags, start: start, end: end, form: base, into: &output)
                if let expansion = suffix.expansion {
                    scanner.append(kind: .word, flags: flags, start: start, end: end, form: expansion, into: &output)
                }
                return true
            }
            return false
        }
        guard word.count >= 4, word.count <= 8, word.last == UInt8(ascii: "t") else { return false }
        // Lengths first: `elementsEqual` walks the bytes before it sees that the counts differ.
        if let negation = bareNegations.first(where: { $0.written.count == word.count && word.elementsEqual($0.written) }) {
            scanner.append(kind: .word, flags: flags, start: start, end: end, form: negation.base, into: &output)
            scanner.append(kind: .word, flags: flags, start: start, end: end, form: not, into: &output)
            return true
        }
        return false
    }
}

import Foundation

/// BERT's "basic tokenisation", as Hugging Face's BertTokenizer does it before WordPiece:
/// control characters dropped, whitespace normalised, every CJK ideograph a word of its own,
/// lower-casing with accents stripped (NFD, then non-spacing marks removed), and every
/// punctuation character a word of its own.
public struct BertPreTokenizer: Sendable {
    public var lowercase: Bool

    public init(lowercase: Bool = true) {
        self.lowercase = lowercase
    }

    /// The words of `text`, each as its Unicode scalars.
    public func words(_ text: String) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var currentIsASCII = true

        func finishWord() {
            guard !current.isEmpty else { return }
            let normalised = currentIsASCII ? asciiNormalised(current) : normalised(current)
            splitOnPunctuation(normalised, into: &words)
            current.removeAll(keepingCapacity: true)
            currentIsASCII = true
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                finishWord()
            } else if Self.isCJKIdeograph(value) {
                finishWord()
                words.append([scalar])
            } else {
                current.append(scalar)
                if value >= 0x80 { currentIsASCII = false }
            }
        }
        finishWord()
        return words
    }

    private func asciiNormalised(_ word: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard lowercase else { return word }
        return word.map { $0.value >= 65 && $0.value <= 90 ? Unicode.Scalar($0.value + 32)! : $0 }
    }

    private func normalised(_ word: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard lowercase else { return word }
        var text = String()
        text.unicodeScalars.append(contentsOf: word)
        return text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .nonspacingMark }
    }

    private func splitOnPunctuation(_ word: [Unicode.Scalar], into words: inout [[Unicode.Scalar]]) {
        var start = 0
        for (index, scalar) in word.enumerated() where Self.isPunctuation(scalar) {
            if start < index { words.append(Array(word[start..<index])) }
            words.append([scalar])
            start = index + 1
        }
        if start < word.count { words.append(start == 0 ? word : Array(word[start...])) }
    }

    /// Tab, newline and carriage return are whitespace, not control characters.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 9, 10, 13: return false
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: return true
            default: return false
            }
        }
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 32 || scalar.value == 9 || scalar.value == 10 || scalar.value == 13 || scalar.properties.isWhitespace
    }

    /// ASCII symbols such as `$`, `+` and `^` count as punctuation, as in BERT, besides Unicode's P* categories.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) {
            return true
        }
        guard value >= 0x80 else { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT splits one by one (not Hangul, Hiragana or Katakana).
    static func isCJKIdeograph(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2A6DF).contains(value)
            || (0x2A700...0x2B73F).contains(value) || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }
}

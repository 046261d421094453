/// Words as the name scanner sees them: runs of letters in any script, with inner apostrophes
/// (' and ’) and hyphens ("O'Neill", "Jean-Luc", "I’m"), and what separates each from the last.
struct NameWord {
    enum Gap: Equatable {
        /// Start of text.
        case none
        /// Only spaces: words of one phrase.
        case space
        /// A comma, with spaces around it.
        case comma
        /// A period right after the previous word ("Mr. Patel", "Dr. Ahmed").
        case period
        /// A colon right after the previous word ("Signed: Hiroshi Tanaka", "Name: …").
        case colon
        /// Anything else: other punctuation, digits, line breaks.
        case other
    }

    enum Case: Equatable {
        /// First letter uppercase and some lowercase after: "José", "McDonald", "O'Neill".
        case capitalised
        case lowercase
        /// "SO", "ATM", "I".
        case upper
        case mixed
    }

    let range: Range<Int>
    let gapBefore: Gap
    let letterCase: Case
    let letterCount: Int

    /// Whether the word ends in a possessive "'s", which ends a name: "Mrs Brown's".
    let isPossessive: Bool
}

enum NameWordTokenizer {
    static func words(in text: UTF8Text) -> [NameWord] {
        var words: [NameWord] = []
        var offset = 0
        var gapStart = 0
        while offset < text.count {
            let (first, length) = letter(at: offset, in: text)
            guard first.isLetter else {
                offset += length
                continue
            }
            let start = offset
            var end = offset
            var letters = 0
            var hasUpper = false
            var hasLowerAfterFirst = false
            var firstIsUpper = false
            var cursor = offset
            while cursor < text.count {
                let (current, width) = letter(at: cursor, in: text)
                if current.isLetter {
                    if letters == 0 { firstIsUpper = current.isUpper }
                    if current.isUpper { hasUpper = true }
                    if letters > 0, current.isLower { hasLowerAfterFirst = true }
                    letters += 1
                    cursor += width
                    end = cursor
                    continue
                }
                // Joiners stay inside a word only between two letters.
                guard isInnerJoiner(at: cursor, in: text), cursor + width < text.count,
                      letter(at: cursor + width, in: text).kind.isLetter
                else { break }
                cursor += width
            }
            let letterCase: NameWord.Case
            if firstIsUpper, hasLowerAfterFirst {
                letterCase = .capitalised
            } else if !hasUpper {
                letterCase = .lowercase
            } else if !hasLowerAfterFirst, firstIsUpper {
                letterCase = .upper
            } else {
                letterCase = .mixed
            }
            let range = start..<end
            words.append(NameWord(
                range: range,
                gapBefore: words.isEmpty && gapStart == 0 && start == 0 ? .none : gap(gapStart..<start, in: text),
                letterCase: letterCase,
                letterCount: letters,
                isPossessive: endsWithPossessive(range, in: text)
            ))
            offset = end
            gapStart = end
        }
        return words
    }

    private struct LetterKind {
        var isLetter: Bool
        var isUpper: Bool
        var isLower: Bool
    }

    /// The letter class of the character at `offset` and its width in bytes. ASCII is decided
    /// from the byte: Unicode property lookups for every character were 12% of an import's time.
    private static func letter(at offset: Int, in text: UTF8Text) -> (kind: LetterKind, width: Int) {
        let byte = text[offset]
        if byte < 0x80 {
            let upper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            let lower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            return (LetterKind(isLetter: upper || lower, isUpper: upper, isLower: lower), 1)
        }
        let (scalar, width) = text.scalar(at: offset)
        let properties = scalar.properties
        return (LetterKind(isLetter: properties.isAlphabetic, isUpper: properties.isUppercase, isLower: properties.isLowercase), width)
    }

    private static func isInnerJoiner(at offset: Int, in text: UTF8Text) -> Bool {
        let byte = text[offset]
        if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "-") { return true }
        // ’ is E2 80 99 in UTF-8.
        return byte == 0xE2 && offset + 2 < text.count && text[offset + 1] == 0x80 && text[offset + 2] == 0x99
    }

    private static func gap(_ range: Range<Int>, in text: UTF8Text) -> NameWord.Gap {
        if range.isEmpty { return .other }
        var commas = 0
        var periods = 0
        var colons = 0
        for offset in range {
            switch text[offset] {
            case 0x20: continue
            case UInt8(ascii: ","): commas += 1
            case UInt8(ascii: "."): periods += 1
            case UInt8(ascii: ":"): colons += 1
            default: return .other
            }
        }
        let attached = text[range.lowerBound]
        switch (commas, periods, colons) {
        case (0, 0, 0): return .space
        case (1, 0, 0): return .comma
        case (0, 1, 0) where attached == UInt8(ascii: "."): return .period
        case (0, 0, 1) where attached == UInt8(ascii: ":"): return .colon
        default: return .other
        }
    }

    private static func endsWithPossessive(_ range: Range<Int>, in text: UTF8Text) -> Bool {
        guard range.count >= 3, ASCII.lowercased(text[range.upperBound - 1]) == UInt8(ascii: "s") else { return false }
        if text[range.upperBound - 2] == UInt8(ascii: "'") { return true }
        // ’ is E2 80 99 in UTF-8.
        return range.count >= 5 && text.bytes[(range.upperBound - 4)..<(range.upperBound - 1)].elementsEqual([0xE2, 0x80, 0x99])
    }
}

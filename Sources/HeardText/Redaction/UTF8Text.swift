/// A text as its UTF-8 bytes. Scanners walk bytes so that every offset they report is already a
/// span offset; the few that care about letters beyond ASCII decode scalars on the spot.
struct UTF8Text: Sendable {
    let bytes: [UInt8]

    init(_ string: String) {
        bytes = Array(string.utf8)
    }

    var count: Int { bytes.count }

    subscript(offset: Int) -> UInt8 { bytes[offset] }

    /// The byte at `offset`, or nil outside the text, so that boundary checks need no range tests.
    func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    /// The scalar starting at `offset`. Input comes from a Swift String, so it is valid UTF-8;
    /// a stray continuation byte still decodes as U+FFFD rather than trapping.
    func scalar(at offset: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, offset + length <= bytes.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for index in offset + 1..<offset + length {
            value = value << 6 | UInt32(bytes[index] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The scalar that ends just before `offset`.
    func scalar(endingAt offset: Int) -> (scalar: Unicode.Scalar, start: Int)? {
        guard offset > 0 else { return nil }
        var start = offset - 1
        while start > 0, offset - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return (scalar(at: start).scalar, start)
    }

    /// Whether a letter or digit, in any script, ends just before `offset`: a number or code glued
    /// to a word is part of that word, not a number of its own.
    func isWordCharacter(before offset: Int) -> Bool {
        guard let previous = byte(at: offset - 1) else { return false }
        if previous < 0x80 { return ASCII.isAlphanumeric(previous) }
        guard let (scalar, _) = scalar(endingAt: offset) else { return false }
        return scalar.properties.isAlphabetic
    }

    /// Same, for the character starting at `offset`.
    func isWordCharacter(at offset: Int) -> Bool {
        guard let next = byte(at: offset) else { return false }
        if next < 0x80 { return ASCII.isAlphanumeric(next) }
        return scalar(at: offset).scalar.properties.isAlphabetic
    }

    /// Whether the bytes in `range` spell `word`, ignoring ASCII case. `word` must be lowercase.
    func matches(_ range: Range<Int>, lowercased word: some Collection<UInt8>) -> Bool {
        guard range.count == word.count else { return false }
        var index = range.lowerBound
        for expected in word {
            if ASCII.lowercased(bytes[index]) != expected { return false }
            index += 1
        }
        return true
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

enum ASCII {
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    static func isUpper(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    static func isLower(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }
    static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || isLower(byte) }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    static func lowercased(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte | 0x20 : byte }
    static func uppercased(_ byte: UInt8) -> UInt8 { isLower(byte) ? byte & ~0x20 : byte }
    static func digitValue(_ byte: UInt8) -> Int { Int(byte &- 0x30) }

    /// Lowercase ASCII spellings as byte arrays, for matching words without building Strings.
    static func words(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }
}

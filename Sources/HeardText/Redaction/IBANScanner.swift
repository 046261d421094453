/// IBANs: two letters, two check digits and a BBAN, written compact or in groups of four.
/// Shapes that fail the length or mod-97 check are claimed as not PII, because their digit
/// groups would otherwise look like phone numbers to the phone scanner.
struct IBANScanner: PIIScanner {
    /// The shortest run treated as an IBAN attempt at all; shorter ones ("DE12 3456") are left
    /// alone so they don't claim text.
    private static let minimumShapeLength = IBANRegistry.lengthBounds.lowerBound

    func mayFind(in traits: TextTraits) -> Bool { traits.hasDigit }

    func scan(_ text: UTF8Text) -> [ScanCandidate] {
        var found: [ScanCandidate] = []
        var offset = 0
        while offset + 4 <= text.count {
            // Every IBAN has digits at +2 and +3. A non-digit at +3 rules out this offset and the
            // next (its +2), so most offsets of a text are passed over two at a time without a
            // call to `shape` (the per-byte calls were 1.9% of the bench import's reading stage).
            if !ASCII.isDigit(text[offset + 3]) {
                offset += 2
                continue
            }
            guard let (range, characters) = shape(at: offset, in: text) else {
                offset += 1
                continue
            }
            let isValid = IBANRegistry.hasValidLength(characters) && IBANRegistry.hasValidChecksum(characters)
            found.append(ScanCandidate(range: range, verdict: isValid ? .pii(.iban) : .notPII))
            offset = range.upperBound
        }
        return found
    }

    /// The IBAN-shaped run starting at `offset` and its characters, uppercased, without spaces.
    private func shape(at offset: Int, in text: UTF8Text) -> (Range<Int>, [UInt8])? {
        let first = text[offset]
        // Byte tests first: this runs at every offset, and the word-boundary test decodes scalars.
        guard ASCII.isLetter(first), ASCII.isDigit(text[offset + 2]), ASCII.isDigit(text[offset + 3]) else { return nil }
        // One case throughout: "gb29nwbk…" typed in lower case is still an IBAN, "Gb29" is not.
        let isUpper = ASCII.isUpper(first)
        func fits(_ byte: UInt8) -> Bool {
            ASCII.isDigit(byte) || (isUpper ? ASCII.isUpper(byte) : ASCII.isLower(byte))
        }
        guard fits(text[offset + 1]), ASCII.isLetter(text[offset + 1]), !text.isWordCharacter(before: offset) else { return nil }

        let country = String(decoding: [ASCII.uppercased(first), ASCII.uppercased(text[offset + 1])], as: UTF8.self)
        let expectedLength = IBANRegistry.lengthByCountry[country] ?? IBANRegistry.lengthBounds.upperBound
        var characters: [UInt8] = []
        var end = offset

        if let fifth = text.byte(at: offset + 4), fits(fifth) {
            // Compact: one unbroken run.
            while let byte = text.byte(at: end), fits(byte) {
                characters.append(ASCII.uppercased(byte))
                end += 1
            }
            guard !text.isWordCharacter(at: end) else { return nil }
        } else {
            // Grouped: blocks of four separated by single spaces; a shorter block ends it, and so
            // does reaching the country's length, so a following word is never swallowed.
            var groupStart = offset
            while true {
                var groupEnd = groupStart
                while groupEnd - groupStart < 4, let byte = text.byte(at: groupEnd), fits(byte) { groupEnd += 1 }
                guard groupEnd > groupStart, !text.isWordCharacter(at: groupEnd) else { break }
                characters += text.bytes[groupStart..<groupEnd].map(ASCII.uppercased)
                end = groupEnd
                guard groupEnd - groupStart == 4, characters.count < expectedLength,
                      text.byte(at: groupEnd) == 0x20, let next = text.byte(at: groupEnd + 1), fits(next)
                else { break }
                groupStart = groupEnd + 1
            }
        }
        guard characters.count >= Self.minimumShapeLength, characters.count <= IBANRegistry.lengthBounds.upperBound else { return nil }
        return (offset..<end, characters)
    }
}

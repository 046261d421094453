/// Card numbers as people write them: 13-19 digits, unbroken or grouped the way cards are
/// printed (fours, or 4-6-5 / 4-6-4 for Amex and Diners) with spaces or dashes. A number with an
/// issuer's prefix and length but a failed Luhn check is claimed as not PII: it is a mistyped
/// card or a reference, and certainly not a phone number.
struct PaymentCardScanner: PIIScanner {
    func mayFind(in traits: TextTraits) -> Bool { traits.digitCount >= PaymentCardRules.lengthBounds.lowerBound }

    func scan(_ text: UTF8Text) -> [ScanCandidate] {
        var found: [ScanCandidate] = []
        var offset = 0
        while offset < text.count {
            guard ASCII.isDigit(text[offset]), isNumberStart(offset, in: text) else {
                offset += 1
                continue
            }
            let (range, groups) = digitGroups(from: offset, in: text)
            offset = range.upperBound
            guard isNumberEnd(range.upperBound, in: text), hasCardGrouping(groups) else { continue }
            let digits = groups.flatMap { text.bytes[$0].map { $0 - UInt8(ascii: "0") } }
            guard PaymentCardRules.isIssuedLength(digits) else { continue }
            let verdict: ScanCandidate.Verdict = PaymentCardRules.passesLuhn(digits) ? .pii(.paymentCard) : .notPII
            found.append(ScanCandidate(range: range, verdict: verdict))
        }
        return found
    }

    /// Digit groups joined by one separator, the same one throughout (space or dash).
    private func digitGroups(from start: Int, in text: UTF8Text) -> (Range<Int>, [Range<Int>]) {
        var groups: [Range<Int>] = []
        var separator: UInt8?
        var cursor = start
        while true {
            let groupStart = cursor
            while let byte = text.byte(at: cursor), ASCII.isDigit(byte) { cursor += 1 }
            groups.append(groupStart..<cursor)
            guard let next = text.byte(at: cursor), next == 0x20 || next == UInt8(ascii: "-"),
                  separator == nil || separator == next,
                  let after = text.byte(at: cursor + 1), ASCII.isDigit(after)
            else { break }
            separator = next
            cursor += 1
        }
        return (start..<cursor, groups)
    }

    private func hasCardGrouping(_ groups: [Range<Int>]) -> Bool {
        let sizes = groups.map(\.count)
        if sizes.count == 1 { return true }
        if sizes == [4, 6, 5] || sizes == [4, 6, 4] { return true }
        return sizes.count >= 3 && sizes.dropLast().allSatisfy { $0 == 4 } && (1...4).contains(sizes.last!)
    }

    /// Numbers glued to words, signs or other numbers ("+44…", "INV-2024…", "1,234") are
    /// something else.
    private func isNumberStart(_ offset: Int, in text: UTF8Text) -> Bool {
        guard !text.isWordCharacter(before: offset), let previous = text.byte(at: offset - 1) else { return true }
        if previous == UInt8(ascii: "+") || previous == UInt8(ascii: "#") { return false }
        if NumberBoundary.isJoiner(previous) { return !text.isWordCharacter(before: offset - 1) }
        return true
    }

    private func isNumberEnd(_ offset: Int, in text: UTF8Text) -> Bool {
        guard !text.isWordCharacter(at: offset), let next = text.byte(at: offset) else { return true }
        if NumberBoundary.isJoiner(next), let after = text.byte(at: offset + 1), ASCII.isDigit(after) { return false }
        return true
    }
}

/// Punctuation that joins digits into one token: "2024-03-05", "1,234.56", "14:30", "05/03".
enum NumberBoundary {
    static func isJoiner(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ":")
    }
}

/// Phone numbers, international and national. Digits alone say little (an order number, a
/// date and a phone number can share every character), so a shape is accepted only when
/// something vouches for it:
/// - an international prefix ("+", or "00" before a country code) with 8-15 significant digits;
///   "00" numbers are still vetoed by reference words;
/// - a national trunk "0" ("07700 900123", "030 1234567", "(02) 9876 5432") with 9-12 digits;
/// - the North American 3-3-4 layout, optionally after a "1" ("1-800-555-0199");
/// - or a phone word nearby ("call", "mobile", "my number is") for any other grouping of
///   7-12 digits, which covers "612 345 678" and "555-0134".
/// Reference words ("order", "ticket", "policy number") veto national numbers, and layouts that
/// belong to other things (card-like blocks of four, IP addresses, thousands) need the phone word.
struct PhoneScanner: PIIScanner {
    private static let significantDigits = 8...15
    private static let nationalDigits = 7...12
    private static let trunkPrefixedDigits = 9...12

    /// Every accepted shape has at least `nationalDigits.lowerBound` digits.
    func mayFind(in traits: TextTraits) -> Bool { traits.digitCount >= Self.nationalDigits.lowerBound }

    func scan(_ text: UTF8Text) -> [ScanCandidate] {
        var found: [ScanCandidate] = []
        var offset = 0
        while offset < text.count {
            let byte = text[offset]
            guard ASCII.isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "("),
                  let shape = PhoneNumberShape.read(at: offset, in: text)
            else {
                offset += 1
                continue
            }
            // A rejected shape is skipped whole: its tail ("0123 4567 84" in a tracking code)
            // must not get a second chance as a number of its own.
            offset = max(shape.range.upperBound, offset + 1)
            if isPhoneNumber(shape, in: text) {
                found.append(ScanCandidate(range: shape.range, verdict: .pii(.phone)))
            }
        }
        return found
    }

    private func isPhoneNumber(_ shape: PhoneNumberShape, in text: UTF8Text) -> Bool {
        guard shape.digitCount >= Self.nationalDigits.lowerBound,
              isStandalone(shape, in: text)
        else { return false }
        let firstGroup = shape.groups[0]
        // "00" then a country code, which never starts with 0: "0044 …", not "0012345678".
        let startsWithDoubleZero = !firstGroup.isParenthesised && firstGroup.digits.count >= 3
            && text[firstGroup.digits.lowerBound] == UInt8(ascii: "0")
            && text[firstGroup.digits.lowerBound + 1] == UInt8(ascii: "0")
            && text[firstGroup.digits.lowerBound + 2] != UInt8(ascii: "0")
        // Written with "00", a reference number can pass for an international one; only "+" is
        // unmistakable.
        if startsWithDoubleZero, PhoneContext.cue(before: shape.range.lowerBound, in: text) == .notPhone { return false }
        if shape.hasPlus || startsWithDoubleZero {
            // A parenthesised trunk "(0)" is dialled only at home; E.164 counts without it.
            let trunk = shape.groups.dropFirst().filter { $0.isParenthesised && $0.digits.count == 1 }.count
            let significant = shape.digitCount - trunk - (startsWithDoubleZero ? 2 : 0)
            return Self.significantDigits.contains(significant)
        }
        return isNationalNumber(shape, in: text)
    }

    private func isNationalNumber(_ shape: PhoneNumberShape, in text: UTF8Text) -> Bool {
        let digits = shape.digitCount
        guard Self.nationalDigits.contains(digits) else { return false }
        let cue = PhoneContext.cue(before: shape.range.lowerBound, in: text)
        if cue == .notPhone { return false }

        let sizes = shape.groupSizes
        let firstDigit = text[shape.groups[0].digits.lowerBound]
        if firstDigit == UInt8(ascii: "0") {
            let grouped = sizes.count > 1 && sizes[0] <= 6
            let unbroken = sizes.count == 1 && (10...11).contains(digits)
            if Self.trunkPrefixedDigits.contains(digits), grouped || unbroken, !looksLikeIPAddress(shape) { return true }
        }
        if isNorthAmerican(shape, in: text) { return true }

        guard cue == .phone else { return false }
        if sizes.count == 1 { return digits == 10 }
        // A lone leading digit is a count or a code ("1 200 000", "5 012345 678900").
        return sizes[0] > 1 && !isCardLike(sizes) && !looksLikeIPAddress(shape)
    }

    /// 3-3-4, as "(555) 123-4567", "555.987.6543", optionally after a "1" country code.
    private func isNorthAmerican(_ shape: PhoneNumberShape, in text: UTF8Text) -> Bool {
        let sizes = shape.groupSizes
        if sizes == [3, 3, 4] { return true }
        return sizes == [1, 3, 3, 4] && text[shape.groups[0].digits.lowerBound] == UInt8(ascii: "1")
    }

    /// Blocks of four are how cards, policy numbers and confirmation codes are printed.
    private func isCardLike(_ sizes: [Int]) -> Bool {
        sizes.count >= 3 && sizes.dropLast().allSatisfy { $0 == 4 }
    }

    private func looksLikeIPAddress(_ shape: PhoneNumberShape) -> Bool {
        shape.groups.count == 4 && shape.separators.allSatisfy { $0 == .dot } && shape.groupSizes.allSatisfy { $0 <= 3 }
    }

    /// Whether the shape stands on its own rather than being the tail or head of a longer code,
    /// word, decimal or date: "INV-2024-00781", "2201117TG", "1,048,576", "#00481234", "12%".
    private func isStandalone(_ shape: PhoneNumberShape, in text: UTF8Text) -> Bool {
        let start = shape.range.lowerBound
        let end = shape.range.upperBound
        if text.isWordCharacter(before: start) || text.isWordCharacter(at: end) { return false }
        if let previous = text.byte(at: start - 1) {
            if previous == UInt8(ascii: "#") || previous == UInt8(ascii: "+") { return false }
            if NumberBoundary.isJoiner(previous), text.isWordCharacter(before: start - 1) { return false }
            if previous == 0x20, isCodeToken(endingAt: start - 1, in: text) { return false }
        }
        if let next = text.byte(at: end) {
            if next == UInt8(ascii: "%") { return false }
            if NumberBoundary.isJoiner(next), let after = text.byte(at: end + 1), ASCII.isDigit(after) { return false }
        }
        return true
    }

    /// A word mixing letters and digits just before ("AA1 0123 4567 84", "DE30 3313 …"): the
    /// number continues a code.
    private func isCodeToken(endingAt end: Int, in text: UTF8Text) -> Bool {
        var start = end
        while start > 0, ASCII.isAlphanumeric(text[start - 1]) { start -= 1 }
        guard start < end else { return false }
        let token = text.bytes[start..<end]
        return token.contains(where: ASCII.isDigit) && token.contains(where: ASCII.isLetter)
    }
}

/// Numbers that are never personal data but are made of the same digits and punctuation as
/// phone numbers: dates, times, year ranges, prices and percentages. Claiming them first means
/// "12.03.2024 14:35" after "called at" can't be read as a ten-digit phone number.
struct NumericNoiseScanner: PIIScanner {
    private static let currencySymbols: [[UInt8]] = ["$", "£", "€", "¥", "₹", "₽"].map { Array($0.utf8) }
    private static let currencyWords = ASCII.words(["eur", "usd", "gbp", "chf", "kr", "sek", "nok", "dkk", "pln", "zł"])

    /// Everything this scanner finds is `.notPII`: its claims only keep the phone and name
    /// scanners, which run after it, off those bytes. When neither of them runs, its claims change
    /// no span, so the scan is skipped (1.2% of the bench import's reading stage: every generated
    /// comment ends in "order N", and its digits are too few for a phone number).
    func mayFind(in traits: TextTraits) -> Bool {
        traits.hasDigit && (PhoneScanner().mayFind(in: traits) || PersonNameScanner().mayFind(in: traits))
    }

    func scan(_ text: UTF8Text) -> [ScanCandidate] {
        var found: [ScanCandidate] = []
        var offset = 0
        while offset < text.count {
            guard ASCII.isDigit(text[offset]), !text.isWordCharacter(before: offset) else {
                offset += 1
                continue
            }
            var end = offset
            while let byte = text.byte(at: end), ASCII.isDigit(byte) { end += 1 }
            if let joiner = text.byte(at: end), NumberBoundary.isJoiner(joiner), let next = text.byte(at: end + 1), ASCII.isDigit(next) {
                let token = numericToken(from: offset, in: text)
                if isNoise(token, in: text) {
                    found.append(ScanCandidate(range: token.range, verdict: .notPII))
                }
                offset = token.range.upperBound
            } else {
                // One digit group ("order 12345"): no date, time or year-range rule applies, only
                // a percent sign or a currency. Decided without the token's four arrays.
                let range = offset..<end
                if text.byte(at: end) == UInt8(ascii: "%") || hasCurrency(around: range, in: text) {
                    found.append(ScanCandidate(range: range, verdict: .notPII))
                }
                offset = end
            }
        }
        return found
    }

    /// Digit groups joined by single punctuation marks, without spaces: "2024-03-05", "1,234.56".
    private struct NumericToken {
        var range: Range<Int>
        var groups: [Range<Int>]
        var joiners: [UInt8]
    }

    private func numericToken(from start: Int, in text: UTF8Text) -> NumericToken {
        var token = NumericToken(range: start..<start, groups: [], joiners: [])
        var cursor = start
        while true {
            let groupStart = cursor
            while let byte = text.byte(at: cursor), ASCII.isDigit(byte) { cursor += 1 }
            token.groups.append(groupStart..<cursor)
            guard let joiner = text.byte(at: cursor), NumberBoundary.isJoiner(joiner),
                  let next = text.byte(at: cursor + 1), ASCII.isDigit(next)
            else { break }
            token.joiners.append(joiner)
            cursor += 1
        }
        token.range = start..<cursor
        return token
    }

    private func isNoise(_ token: NumericToken, in text: UTF8Text) -> Bool {
        // Capped, so that a long digit run (a 20-digit tracking number) cannot overflow; every rule
        // below looks at values of at most four digits.
        let values = token.groups.map { group in group.reduce(0) { min($0, 1_000_000_000) * 10 + ASCII.digitValue(text[$1]) } }
        let sizes = token.groups.map(\.count)
        if isDate(values: values, sizes: sizes, joiners: token.joiners) { return true }
        if token.joiners.allSatisfy({ $0 == UInt8(ascii: ":") }), (2...3).contains(sizes.count), sizes.allSatisfy({ $0 <= 2 }) {
            return true // 14:30, 18:42:10
        }
        if sizes == [4, 4], token.joiners[0] != UInt8(ascii: "."), values.allSatisfy({ (1900...2099).contains($0) }) {
            return true // 2019-2023, 2021/2022
        }
        if text.byte(at: token.range.upperBound) == UInt8(ascii: "%") { return true }
        return isPrice(token, in: text)
    }

    /// Day-month-year, month-day-year or year-month-day with one joiner throughout, and values
    /// a calendar could have. Exactly three groups: "06.12.34.56.78" is a phone number.
    private func isDate(values: [Int], sizes: [Int], joiners: [UInt8]) -> Bool {
        guard values.count == 3, joiners[0] == joiners[1], joiners[0] != UInt8(ascii: ","), joiners[0] != UInt8(ascii: ":") else { return false }
        if sizes[0] == 4 {
            return sizes[1] <= 2 && sizes[2] <= 2 && (1...12).contains(values[1]) && (1...31).contains(values[2])
        }
        guard sizes[0] <= 2, sizes[1] <= 2, sizes[2] == 2 || sizes[2] == 4 else { return false }
        let dayFirst = (1...31).contains(values[0]) && (1...12).contains(values[1])
        let monthFirst = (1...12).contains(values[0]) && (1...31).contains(values[1])
        return dayFirst || monthFirst
    }

    /// A currency symbol or code right before or after, or thousands separated with commas.
    private func isPrice(_ token: NumericToken, in text: UTF8Text) -> Bool {
        token.joiners.contains(UInt8(ascii: ",")) || hasCurrency(around: token.range, in: text)
    }

    /// A currency symbol right before or after the number, or a currency code after it.
    private func hasCurrency(around number: Range<Int>, in text: UTF8Text) -> Bool {
        let start = number.lowerBound
        for symbol in Self.currencySymbols where start >= symbol.count {
            if text.bytes[(start - symbol.count)..<start].elementsEqual(symbol) { return true }
        }
        var after = number.upperBound
        if text.byte(at: after) == 0x20 { after += 1 }
        for symbol in Self.currencySymbols where after + symbol.count <= text.count {
            if text.bytes[after..<(after + symbol.count)].elementsEqual(symbol) { return true }
        }
        for word in Self.currencyWords where after + word.count <= text.count {
            let range = after..<(after + word.count)
            if text.matches(range, lowercased: word), !text.isWordCharacter(at: range.upperBound) { return true }
        }
        return false
    }
}

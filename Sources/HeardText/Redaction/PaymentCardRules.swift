/// What makes a digit string a payment-card number: a known issuer prefix with one of that
/// issuer's lengths, and a Luhn check digit.
enum PaymentCardRules {
    static let lengthBounds = 13...19

    /// Whether an issuer (ISO/IEC 7812 major industry identifiers 2-6: the card networks) issues
    /// numbers with this prefix and length. Restricting to real issuers keeps IMEIs, SIM serials,
    /// barcodes and international phone numbers ("0044…") from being taken for cards.
    static func isIssuedLength(_ digits: [UInt8]) -> Bool {
        guard lengthBounds.contains(digits.count) else { return false }
        let prefix2 = prefix(digits, 2)
        let prefix4 = prefix(digits, 4)
        let length = digits.count
        switch digits[0] {
        case 2: return (2221...2720).contains(prefix4) && length == 16 // Mastercard 2-series
        case 3:
            if prefix2 == 34 || prefix2 == 37 { return length == 15 } // American Express
            if prefix2 == 36 || prefix2 == 38 || prefix2 == 39 || (300...305).contains(prefix(digits, 3)) {
                return length == 14 || length == 16 // Diners Club
            }
            if (3528...3589).contains(prefix4) { return length >= 16 } // JCB
            return false
        case 4: return length == 13 || length == 16 || length == 19 // Visa
        case 5:
            if (51...55).contains(prefix2) { return length == 16 } // Mastercard
            return prefix2 == 50 || prefix2 >= 56 // Maestro, 13...19 digits
        case 6: return length >= 16 // Discover, UnionPay, Maestro, RuPay
        default: return false
        }
    }

    /// The Luhn (mod 10) check: every second digit from the right doubled, digits summed.
    static func passesLuhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        var doubles = false
        for digit in digits.reversed() {
            var value = Int(digit)
            if doubles {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            doubles.toggle()
        }
        return sum % 10 == 0
    }

    private static func prefix(_ digits: [UInt8], _ count: Int) -> Int {
        digits.prefix(count).reduce(0) { $0 * 10 + Int($1) }
    }
}

/// IBAN lengths by country (ISO 13616 registry) and the ISO 7064 mod-97 check.
enum IBANRegistry {
    /// Total IBAN length, country code included. Countries not listed fall back to the general
    /// 15...34 bounds of the standard.
    static let lengthByCountry: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
        "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
        "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
        "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23,
        "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    static let lengthBounds = 15...34

    /// Whether `characters` (uppercase ASCII letters and digits, no spaces) has an acceptable
    /// length for its country code.
    static func hasValidLength(_ characters: [UInt8]) -> Bool {
        guard characters.count >= 2 else { return false }
        let country = String(decoding: characters[0..<2], as: UTF8.self)
        if let length = lengthByCountry[country] { return characters.count == length }
        return lengthBounds.contains(characters.count)
    }

    /// ISO 7064 mod 97-10: move the first four characters to the end, read letters as 10...35,
    /// and the whole number must leave remainder 1. Computed digit by digit so no big integers.
    static func hasValidChecksum(_ characters: [UInt8]) -> Bool {
        guard characters.count > 4 else { return false }
        var remainder = 0
        for index in 0..<characters.count {
            let byte = characters[(index + 4) % characters.count]
            if ASCII.isDigit(byte) {
                remainder = (remainder * 10 + ASCII.digitValue(byte)) % 97
            } else if ASCII.isUpper(byte) {
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }
}

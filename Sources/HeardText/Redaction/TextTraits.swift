/// What one pass over a text's bytes says about which scanners could find anything in it. Most
/// comments hold no digit and no spelled-out address, and five of the seven scanners walk every
/// byte looking for one: on the 200,000 generated rows of `heard bench import` redaction was 12%
/// of the import's CPU, 7 points of it in scanners that this pass lets skip such texts.
struct TextTraits: Sendable {
    /// How many ASCII digits, counted up to `enoughDigits`. A card number needs 13 and a phone
    /// number 7, so the card and phone scanners skip texts with fewer (a comment quoting an
    /// order number: card and phone scanning were 2.6% of the bench import's samples).
    private(set) var digitCount = 0
    static let enoughDigits = 13
    /// An ASCII digit: IBANs, payment cards, phone numbers, dates and prices all have one.
    var hasDigit: Bool { digitCount > 0 }
    /// "dot" in any case, or "(at)" / "[at]": an address spelled out to dodge filters has one.
    var mayHoldSpelledAddress = false
    /// An "@": the e-mail scanner grows addresses out of one and looks at nothing else.
    private(set) var hasAt = false
    /// An ASCII capital or any byte beyond ASCII (a capital in another script), or "name" in any
    /// case. The name scanner reports only capitalised words, except after "my name is" and
    /// "name's", so an all-lowercase ASCII text without "name" holds no name it could find.
    private(set) var mayHoldName = false

    init(_ text: UTF8Text) {
        let bytes = text.bytes
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                if digitCount < Self.enoughDigits { digitCount += 1 }
            } else if ASCII.isLower(byte) {
                if !mayHoldSpelledAddress, byte == UInt8(ascii: "d") {
                    mayHoldSpelledAddress = Self.lowercased(bytes, at: index + 1, are: UInt8(ascii: "o"), UInt8(ascii: "t"))
                } else if !mayHoldName, byte == UInt8(ascii: "n") {
                    mayHoldName = Self.lowercased(bytes, at: index + 1, are: UInt8(ascii: "a"), UInt8(ascii: "m"))
                        && Self.lowercased(bytes, at: index + 3, is: UInt8(ascii: "e"))
                }
            } else if ASCII.isUpper(byte) || byte >= 0x80 {
                // A capital "D" may open a spelled "Dot"; a capital is a possible name either way.
                mayHoldName = true
                if !mayHoldSpelledAddress, byte == UInt8(ascii: "D") {
                    mayHoldSpelledAddress = Self.lowercased(bytes, at: index + 1, are: UInt8(ascii: "o"), UInt8(ascii: "t"))
                }
            } else if byte == UInt8(ascii: "@") {
                hasAt = true
            } else if !mayHoldSpelledAddress, byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") {
                mayHoldSpelledAddress = Self.lowercased(bytes, at: index + 1, are: UInt8(ascii: "a"), UInt8(ascii: "t"))
            }
            if digitCount == Self.enoughDigits && mayHoldSpelledAddress && hasAt && mayHoldName { return }
            index += 1
        }
    }

    private static func lowercased(_ bytes: [UInt8], at index: Int, are first: UInt8, _ second: UInt8) -> Bool {
        index + 1 < bytes.count && bytes[index] | 0x20 == first && bytes[index + 1] | 0x20 == second
    }

    private static func lowercased(_ bytes: [UInt8], at index: Int, is letter: UInt8) -> Bool {
        index < bytes.count && bytes[index] | 0x20 == letter
    }
}

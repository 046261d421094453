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

    init(_ text: UTF8Text) {
        let bytes = text.bytes
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                if digitCount < Self.enoughDigits { digitCount += 1 }
            } else if !mayHoldSpelledAddress {
                switch byte | 0x20 {
                case UInt8(ascii: "d"):
                    mayHoldSpelledAddress = Self.lowercased(bytes, at: index + 1, are: UInt8(ascii: "o"), UInt8(ascii: "t"))
                case UInt8(ascii: "("), UInt8(ascii: "{"):
                    // "(" | 0x20 is "(" and "[" | 0x20 is "{", so both brackets land here.
                    mayHoldSpelledAddress = (byte == UInt8(ascii: "(") || byte == UInt8(ascii: "["))
                        && Self.lowercased(bytes, at: index + 1, are: UInt8(ascii: "a"), UInt8(ascii: "t"))
                default:
                    break
                }
            }
            if digitCount == Self.enoughDigits && mayHoldSpelledAddress { return }
            index += 1
        }
    }

    private static func lowercased(_ bytes: [UInt8], at index: Int, are first: UInt8, _ second: UInt8) -> Bool {
        index + 1 < bytes.count && bytes[index] | 0x20 == first && bytes[index + 1] | 0x20 == second
    }
}

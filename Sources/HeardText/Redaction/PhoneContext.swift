/// What the words just before a number say it is. The nearest telling word wins, so
/// "call me about order 558213" is an order and "order 558213, call 07700 900123" a phone.
enum PhoneContext {
    enum Cue {
        case phone, notPhone, none
    }

    /// How many words back to look: far enough for "you can reach me on", not so far that
    /// another sentence speaks.
    private static let window = 6

    private static let phoneWords: Set<[UInt8]> = Set(ASCII.words([
        "call", "called", "calling", "callback", "phone", "phoned", "telephone", "tel", "mobile", "mob",
        "mobil", "cell", "cellphone", "cellular", "cellulare", "celular", "ring", "text", "texting",
        "whatsapp", "sms", "contact", "reach", "dial", "dialed", "dialled", "fax", "landline", "line",
        "hotline", "helpline", "voicemail", "nummer", "numero", "numéro", "rückruf", "móvil",
    ]))

    private static let referenceWords: Set<[UInt8]> = Set(ASCII.words([
        "order", "orders", "invoice", "inv", "ticket", "case", "ref", "reference", "booking",
        "confirmation", "tracking", "parcel", "shipment", "consignment", "account", "acct",
        "membership", "member", "policy", "customer", "client", "transaction", "receipt", "pnr",
        "voucher", "code", "id", "sku", "serial", "model", "imei", "iccid", "ean", "barcode", "upc",
        "isbn", "zip", "postcode", "postal", "kiosk", "job", "quote", "claim", "item", "room", "flight",
        "build", "version", "reg", "pin", "cvv", "contract", "loyalty", "tax", "vat", "iban", "sort",
        "bic", "swift", "product", "part", "batch", "lot", "cart", "subscription", "licence",
        "license", "passport", "ssn", "card",
    ]))

    /// "number" alone means a phone number; "order number" does not, so it only counts when no
    /// reference word comes first.
    private static let numberWords: Set<[UInt8]> = Set(ASCII.words(["number", "no", "nr", "num", "nbr"]))

    static func cue(before offset: Int, in text: UTF8Text) -> Cue {
        var cursor = offset
        var sawNumberWord = false
        for _ in 0..<window {
            while cursor > 0, ASCII.isSpace(text[cursor - 1]) { cursor -= 1 }
            guard cursor > 0 else { break }
            let end = cursor
            // A comma, semicolon or sentence end closes the clause the number is in: in "the
            // code, not 07700 900 655" the code is something else. A period may be an
            // abbreviation ("Tel.", "no."), so it does not count.
            if Self.isClauseEnd(text[end - 1]) { break }
            while cursor > 0, !ASCII.isSpace(text[cursor - 1]) { cursor -= 1 }
            let word = lowercasedLetters(cursor..<end, in: text)
            if phoneWords.contains(word) { return .phone }
            if referenceWords.contains(word) { return .notPhone }
            if numberWords.contains(word) { sawNumberWord = true }
        }
        return sawNumberWord ? .phone : .none
    }

    private static func isClauseEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
    }

    /// The token without surrounding punctuation ("Tel:" → "tel", "no." → "no"), ASCII-lowercased.
    private static func lowercasedLetters(_ range: Range<Int>, in text: UTF8Text) -> [UInt8] {
        var start = range.lowerBound
        var end = range.upperBound
        func isLetterByte(_ byte: UInt8) -> Bool { ASCII.isLetter(byte) || byte >= 0x80 }
        while start < end, !isLetterByte(text[start]) { start += 1 }
        while end > start, !isLetterByte(text[end - 1]) { end -= 1 }
        return text.bytes[start..<end].map(ASCII.lowercased)
    }
}

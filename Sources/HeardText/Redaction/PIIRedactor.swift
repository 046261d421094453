/// Finds and masks personal data in free text: e-mail addresses, phone numbers, payment cards,
/// IBANs and person names. Pure computation over the text's UTF-8 bytes; safe to share.
///
/// Scanners run in a fixed priority order and each one's findings claim their bytes: an address
/// before the numbers inside it, IBANs and cards before phone numbers, dates and prices before
/// phone numbers, names last. Kinds not asked for are still scanned, so that a card number is
/// not reported as a phone number just because cards were switched off.
public struct PIIRedactor: Sendable {
    public let kinds: Set<PIIKind>

    public init(kinds: Set<PIIKind> = Set(PIIKind.allCases)) {
        self.kinds = kinds
    }

    /// The spans of `text` holding the enabled kinds, sorted and never overlapping.
    public func find(in text: String) -> [PIISpan] {
        find(in: text, skippingByTraits: true)
    }

    /// `skippingByTraits: false` runs every scanner on every text: tests compare the two to show
    /// that skipping never loses a span.
    func find(in text: String, skippingByTraits: Bool) -> [PIISpan] {
        let utf8 = UTF8Text(text)
        let traits = TextTraits(utf8)
        var claimed = ClaimedRanges()
        var spans: [PIISpan] = []
        // Generic, not a loop over `[any PIIScanner]`: each scanner is called directly, without
        // the existential copies, projections and witness calls that were about 1% of the bench
        // import's reading stage.
        func run(_ scanner: some PIIScanner) {
            guard !skippingByTraits || scanner.mayFind(in: traits) else { return }
            for candidate in claimed.claim(scanner.scan(utf8)) {
                if case let .pii(kind) = candidate.verdict, kinds.contains(kind) {
                    spans.append(PIISpan(kind: kind, range: candidate.range))
                }
            }
        }
        // The priority order of the type's comment: earlier scanners claim their bytes first.
        run(EmailScanner())
        run(ObfuscatedEmailScanner())
        run(IBANScanner())
        run(PaymentCardScanner())
        run(NumericNoiseScanner())
        run(PhoneScanner())
        run(PersonNameScanner())
        return spans.count < 2 ? spans : spans.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// `text` with every span replaced by its kind's placeholder ("[EMAIL]", "[PHONE]", …).
    public func redact(_ text: String) -> RedactionResult {
        let spans = find(in: text)
        guard !spans.isEmpty else { return RedactionResult(text: text, spans: []) }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var cursor = 0
        for span in spans {
            output += bytes[cursor..<span.range.lowerBound]
            output += span.kind.placeholder.utf8
            cursor = span.range.upperBound
        }
        output += bytes[cursor...]
        return RedactionResult(text: String(decoding: output, as: UTF8.self), spans: spans)
    }
}

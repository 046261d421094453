import Foundation
@testable import HeardText
import Testing

@Suite struct PIIRedactionTests {
    let redactor = PIIRedactor()

    /// The labelled PII fixture under Tests/HeardTests/Fixtures.
    func labelledExamples() throws -> [LabelledExample] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pii-labelled.tsv")
        return try PIILabelledSet.parse(tsv: String(contentsOf: url, encoding: .utf8))
    }

    /// The substrings found in `text`, as "kind:substring", in text order.
    func found(_ text: String, kinds: Set<PIIKind> = Set(PIIKind.allCases)) -> [String] {
        PIIRedactor(kinds: kinds).find(in: text).map { "\($0.kind.rawValue):\($0.substring(of: text))" }
    }

    // MARK: E-mail

    @Test func emailAddresses() {
        #expect(found("Reply to jane.doe+orders@gmail.com please.") == ["email:jane.doe+orders@gmail.com"])
        #expect(found("<lukas.becker@mail.web.de>") == ["email:lukas.becker@mail.web.de"])
        #expect(found("write to ANNA.B@EXAMPLE.CO.UK. Thanks") == ["email:ANNA.B@EXAMPLE.CO.UK"])
        #expect(found("mail john dot smith at gmail dot com today") == ["email:john dot smith at gmail dot com"])
        #expect(found("Email m.schmidt(at)gmx.de please") == ["email:m.schmidt(at)gmx.de"])
    }

    @Test func notEmailAddresses() {
        #expect(found("Follow @NorthwindHelp on Twitter").isEmpty)
        #expect(found("user@localhost and name@company are not addresses").isEmpty)
        #expect(found("Win a phone @ 50% off").isEmpty)
        #expect(found("I looked at the site, no dot com anywhere").isEmpty)
    }

    /// The pre-check lets the digit and spelled-address scanners skip texts that cannot hold what
    /// they look for; it must never skip one that can.
    @Test func textTraitsSeeDigitsAndSpelledAddresses() {
        let plain = TextTraits(UTF8Text("The app keeps logging me out, please fix it"))
        #expect(!plain.hasDigit && !plain.mayHoldSpelledAddress)
        #expect(TextTraits(UTF8Text("call ０１２ or 7")).hasDigit)
        for spelled in ["john DOT smith at gmail", "m.schmidt(AT)gmx.de", "anna [at] example", "x [Dot] y"] {
            #expect(TextTraits(UTF8Text(spelled)).mayHoldSpelledAddress, "\(spelled)")
        }
        for not in ["do not", "{at}", "d", "(a", "attic"] {
            #expect(!TextTraits(UTF8Text(not)).mayHoldSpelledAddress, "\(not)")
        }
        // Skipping changes nothing: every kind is still found where it is.
        #expect(found("Card 4111 1111 1111 1111, mail john dot smith at gmail dot com, IBAN DE89 3704 0044 0532 0130 00")
                == ["payment_card:4111 1111 1111 1111", "email:john dot smith at gmail dot com", "iban:DE89 3704 0044 0532 0130 00"])
    }

    /// The card and phone scanners skip texts with fewer digits than the shortest card (13) or
    /// phone number (7); at exactly those counts they must still run and find it.
    @Test func digitCountGatesCardAndPhoneScanners() {
        #expect(TextTraits(UTF8Text("order 123456, ref 7")).digitCount == 7)
        #expect(TextTraits(UTF8Text(String(repeating: "1 ", count: 40))).digitCount == TextTraits.enoughDigits)
        #expect(TextTraits.enoughDigits >= PaymentCardRules.lengthBounds.lowerBound)
        #expect(found("pay with 4222222222222 please") == ["payment_card:4222222222222"])
        #expect(found("call me on 555-0134") == ["phone:555-0134"])
        #expect(found("order 123456 was late").isEmpty)
    }

    @Test func longDigitRunsDoNotOverflow() {
        // Twenty-plus digits in one group once overflowed the numeric-noise check and crashed import.
        let text = "parcel 12345678901234567890123 and ref 2024-99999999999999999999-01 arrived"
        let spans = redactor.find(in: text)
        #expect(spans.allSatisfy { $0.kind != .email })
        #expect(redactor.redact(text).text.contains("arrived"))
    }

    // MARK: Phone numbers

    @Test(arguments: [
        "+44 20 7946 0958", "+1 (555) 123-4567", "0044 113 496 0321", "+44 (0)20 7946 0321",
        "555-123-4567", "(555) 123 4567", "555.987.6543", "1-800-555-0199", "07700 900123",
        "030 1234567", "089/1234567", "06 12 34 56 78", "01.23.45.67.89", "+33 6 12 34 56 78",
        "(02) 9876 5432", "070-123 45 67", "+81 3-1234-5678", "07700900111",
    ])
    func phoneNumbers(number: String) {
        #expect(found("You can reach me on \(number) today.") == ["phone:\(number)"])
        #expect(found("\(number)") == ["phone:\(number)"])
    }

    @Test func phoneNumbersNeedingACue() {
        #expect(found("My Spanish number is 612 345 678.") == ["phone:612 345 678"])
        #expect(found("call me 5551234567") == ["phone:5551234567"])
        #expect(found("Call 555-0134 for pickup") == ["phone:555-0134"])
        #expect(found("Parts 612 345 678 and 5551234567 were missing").isEmpty)
    }

    @Test func referenceWordsOnlyVetoTheirOwnClause() {
        #expect(found("Text 07700 900 654 for the code, not 07700 900 655.") == ["phone:07700 900 654", "phone:07700 900 655"])
        #expect(found("Call me about order 558213, or on 0161 496 0734") == ["phone:0161 496 0734"])
        // "00" can start a reference number too; "+" cannot.
        #expect(found("Customer number 0012345678 and order 0044 1234 5678").isEmpty)
        #expect(found("my whatsapp is 0044 7700 900 222") == ["phone:0044 7700 900 222"])
    }

    @Test(arguments: [
        "Delivered on 2024-03-05, two weeks late.", "Ordered 05/03/2024.", "Called at 12.03.2024 14:35.",
        "Opening hours 08:00-20:00.", "Charged $1,234.56 instead.", "Order 123456 arrived.",
        "Flight UA 1234 was late.", "Prices up 12.5%.", "Plan ran 2019-2023.", "My order #4471923.",
        "order number 1029384756", "Policy number 7845 3321 0098", "Router at 192.168.100.200",
        "Tracking: 1Z 999 AA1 0123 4567 84", "ZIP 94107-1234", "Over 1 200 000 customers",
        "Invoice INV-2024-00781", "Kiosk ID 4402-118-903", "Case #00481234", "Parcel 00340434161094042557",
    ])
    func notPhoneNumbers(text: String) {
        #expect(found(text).isEmpty)
    }

    // MARK: Payment cards

    @Test func luhn() {
        #expect(PaymentCardRules.passesLuhn([4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2]))
        #expect(PaymentCardRules.passesLuhn([7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]))
        #expect(!PaymentCardRules.passesLuhn([4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 3]))
    }

    @Test func paymentCards() {
        #expect(found("card 4242 4242 4242 4242 declined") == ["payment_card:4242 4242 4242 4242"])
        #expect(found("card 4111-1111-1111-1111 declined") == ["payment_card:4111-1111-1111-1111"])
        #expect(found("paid with 5555555555554444.") == ["payment_card:5555555555554444"])
        #expect(found("Amex 3782 822463 10005 failed") == ["payment_card:3782 822463 10005"])
        #expect(found("Diners 3056 930902 5904") == ["payment_card:3056 930902 5904"])
    }

    @Test func cardLikeNumbersFailingTheirChecks() {
        // Fails Luhn: neither a card nor, at 16 digits, a phone.
        #expect(found("card number 4242 4242 4242 4243 (please check)").isEmpty)
        #expect(found("code 4242424242424243").isEmpty)
        // Luhn-valid, but an IMEI is not issued by a card network.
        #expect(found("IMEI 490154203237518").isEmpty)
        #expect(found("card ending 4242, expiry 09/27, CVV 123").isEmpty)
    }

    @Test func disabledKindsStillClaimTheirText() {
        #expect(found("card 4242 4242 4242 4242", kinds: [.phone]).isEmpty)
        #expect(found("IBAN GB82 WEST 1234 5698 7654 32", kinds: [.phone]).isEmpty)
    }

    // MARK: IBANs

    @Test func mod97() {
        #expect(IBANRegistry.hasValidChecksum(Array("GB82WEST12345698765432".utf8)))
        #expect(IBANRegistry.hasValidChecksum(Array("DE89370400440532013000".utf8)))
        #expect(!IBANRegistry.hasValidChecksum(Array("GB83WEST12345698765432".utf8)))
        #expect(IBANRegistry.hasValidLength(Array("NO9386011117947".utf8)))
        #expect(!IBANRegistry.hasValidLength(Array("DE8937040044053201300".utf8)))
    }

    @Test func ibans() {
        #expect(found("Refund to GB82 WEST 1234 5698 7654 32 please") == ["iban:GB82 WEST 1234 5698 7654 32"])
        #expect(found("IBAN: DE89370400440532013000.") == ["iban:DE89370400440532013000"])
        #expect(found("iban de89370400440532013000") == ["iban:de89370400440532013000"])
        #expect(found("Norway NO93 8601 1117 947, thanks") == ["iban:NO93 8601 1117 947"])
    }

    @Test func invalidIBANsAreNeitherIBANsNorPhones() {
        #expect(found("IBAN GB83 WEST 1234 5698 7654 32 rejected").isEmpty)
        #expect(found("IBAN DE89 3704 0044 0532 0130 0 too short").isEmpty)
        #expect(found("BIC NWBKGB2L, the IBAN field shows GB00").isEmpty)
    }

    // MARK: Person names

    @Test func namesAfterCues() {
        #expect(found("Hi, my name is Sarah Thompson and I need help.") == ["person_name:Sarah Thompson"])
        #expect(found("name's Zoë, I called yesterday") == ["person_name:Zoë"])
        #expect(found("Hi I’m Chloé, I ordered the case") == ["person_name:Chloé"])
        #expect(found("This is Tom from accounts.") == ["person_name:Tom"])
        #expect(found("Kind regards, Pieter de Vries") == ["person_name:Pieter de Vries"])
        #expect(found("signed, Jean-Luc Moreau") == ["person_name:Jean-Luc Moreau"])
        #expect(found("Mrs O'Neill delivered it") == ["person_name:O'Neill"])
        #expect(found("Dr. Ahmed Khan recommended you") == ["person_name:Ahmed Khan"])
        #expect(found("Great work. Thanks, Olivia") == ["person_name:Olivia"])
        #expect(found("Signed: Hiroshi Tanaka") == ["person_name:Hiroshi Tanaka"])
        #expect(found("Name: Lars Eriksen, account holder") == ["person_name:Lars Eriksen"])
        #expect(found("Hi, name is Kofi Boateng") == ["person_name:Kofi Boateng"])
        #expect(found("My name is John but everyone calls me Jack.") == ["person_name:John", "person_name:Jack"])
        #expect(found("Best wishes, Maria") == ["person_name:Maria"])
        #expect(found("I'm Jamie's mum") == ["person_name:Jamie"])
        #expect(found("my name is sarah and i can't log in") == ["person_name:sarah"])
    }

    @Test func capitalisedWordsThatAreNotNames() {
        #expect(found("I'm Sorry but this is unacceptable.").isEmpty)
        #expect(found("I'm Happy with the service").isEmpty)
        #expect(found("I'm British and prices show in dollars").isEmpty)
        #expect(found("my name is on the booking").isEmpty)
        #expect(found("This is Ridiculous from start to finish.").isEmpty)
        #expect(found("This is Tom, from accounts.").isEmpty)
        #expect(found("Kind regards, The Support Team").isEmpty)
        #expect(found("Regards, Northwind Mobile").isEmpty)
        #expect(found("Thanks, great service!").isEmpty)
        #expect(found("Thanks, Olivia was great").isEmpty)
        #expect(found("Product name: Galaxy S24").isEmpty)
        #expect(found("The name is Not important, I'm Vegan.").isEmpty)
        #expect(found("i'm dave").isEmpty) // "I'm" needs a capitalised name
    }

    // MARK: Offsets and redaction

    @Test func byteOffsetsCountUTF8() throws {
        let text = "Zoë here — my name is Zoë Ørsted, mail zoë.o@example.com or zoe.o@example.com"
        let spans = redactor.find(in: text)
        let name = try #require(spans.first { $0.kind == .personName })
        let prefix = "Zoë here — my name is "
        #expect(name.range == prefix.utf8.count..<prefix.utf8.count + "Zoë Ørsted".utf8.count)
        #expect(name.substring(of: text) == "Zoë Ørsted")
        #expect(spans.filter { $0.kind == .email }.map { $0.substring(of: text) } == ["zoë.o@example.com", "zoe.o@example.com"])
    }

    @Test func placeholders() {
        let result = redactor.redact("I'm Zoë, call +44 20 7946 0958 or mail zoe@example.com; card 4242 4242 4242 4242, IBAN GB82 WEST 1234 5698 7654 32.")
        #expect(result.text == "I'm [NAME], call [PHONE] or mail [EMAIL]; card [CARD], IBAN [IBAN].")
        #expect(result.changed)
        #expect(result.spans.map(\.kind) == [.personName, .phone, .email, .paymentCard, .iban])
        let untouched = redactor.redact("Nothing to see, order 123456.")
        #expect(untouched.text == "Nothing to see, order 123456.")
        #expect(!untouched.changed)
    }

    @Test func onlyRequestedKinds() {
        let text = "I'm Zoë, mail zoe@example.com"
        #expect(PIIRedactor(kinds: [.email]).redact(text).text == "I'm Zoë, mail [EMAIL]")
    }

    @Test func findReturnsSortedNonOverlappingSpans() {
        let text = "Regards, Omar Haddad — +971 50 123 4567 / omar.haddad@emirates-mail.ae, IBAN GB82 WEST 1234 5698 7654 32"
        let spans = redactor.find(in: text)
        #expect(spans.count == 4)
        for (left, right) in zip(spans, spans.dropFirst()) {
            #expect(left.range.upperBound <= right.range.lowerBound)
        }
    }

    // MARK: Labelled set

    @Test func labelledSetParsing() throws {
        let tsv = "text\tspans\n# comment\n\nCall Zoë on 0161 496 0734, Zoë.\tperson_name:Zoë|phone:0161 496 0734|person_name:Zoë\nNothing here\t\n"
        let examples = try PIILabelledSet.parse(tsv: tsv)
        #expect(examples.count == 2)
        #expect(examples[0].line == 4)
        #expect(examples[0].gold.map(\.range) == [5..<9, 13..<26, 28..<32])
        #expect(examples[1].gold.isEmpty)
        #expect(throws: PIILabelledSetError.unknownKind(line: 1, kind: "ssn")) { try PIILabelledSet.parse(tsv: "a\tssn:a") }
        #expect(throws: PIILabelledSetError.spanNotFound(line: 1, substring: "b")) { try PIILabelledSet.parse(tsv: "a\temail:b") }
    }

    @Test func scoringRule() {
        #expect(PIILabelledSet.covers(0..<5, 0..<10))
        #expect(!PIILabelledSet.covers(0..<4, 0..<10))
        #expect(PIILabelledSet.covers(2..<20, 5..<10))
        #expect(!PIILabelledSet.covers(10..<20, 0..<10))
        let example = LabelledExample(text: "Call 0161 496 0734", gold: [PIISpan(kind: .phone, range: 5..<18)], line: 1)
        let evaluation = PIILabelledSet.evaluate([example], with: redactor)
        #expect(evaluation.score(for: .phone) == PIIScore(truePositives: 1))
        #expect(evaluation.overall.f1 == 1)
    }

    @Test func labelledFixture() throws {
        let examples = try labelledExamples()
        #expect(examples.count >= 300)
        let evaluation = PIILabelledSet.evaluate(examples, with: redactor)
        print("PII fixture: \(examples.count) examples, \(examples.reduce(0) { $0 + $1.gold.count }) gold spans\n\(evaluation.report)")
        for mistake in evaluation.mistakes {
            print("  line \(mistake.line): \(mistake.error.rawValue) \(mistake.kind.rawValue) \"\(mistake.text)\"")
        }
        #expect(evaluation.overall.precision >= 0.95)
        #expect(evaluation.overall.recall >= 0.95)
    }

    /// Large input runs through every scanner once; no timing asserted, only that it completes
    /// and finds what it should.
    @Test func largeInput() {
        let paragraph = "Order 123456 on 2024-03-05 cost $1,234.56. I'm Sorry to say: call 07700 900123 or mail a.b@example.com. "
        let text = String(repeating: paragraph, count: 2_000)
        let spans = redactor.find(in: text)
        #expect(spans.count == 4_000)
    }

    /// The pre-check may only skip scanners that would find nothing: over the labelled texts and
    /// their all-lowercase, all-capitals and digit-free forms, skipping by traits gives exactly
    /// the spans of running every scanner.
    @Test func skippingScannersNeverLosesASpan() throws {
        let examples = try labelledExamples()
        var texts = ["lovely staff in the shop, order 12", "20% off, 40 eur, €15, order 12345 and 7 %", "my name's tom and i was overcharged",
                     "spoke to émile at the desk", "thanks, olivia", "reply to jane.doe@example.com", "DOT at (AT) [at]"]
        for example in examples {
            texts += [example.text, example.text.lowercased(), example.text.uppercased(), String(example.text.filter { !$0.isNumber })]
        }
        var differing: [String] = []
        for text in texts where redactor.find(in: text) != redactor.find(in: text, skippingByTraits: false) {
            differing.append(text)
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
        #expect(texts.count >= 1_200)
    }

    /// The e-mail scanner needs an "@" and the name scanner a capital, a byte beyond ASCII or
    /// "name"; an all-lowercase comment without them skips both.
    @Test func textTraitsSeeAtSignsAndPossibleNames() {
        let comment = TextTraits(UTF8Text("lovely staff in the shop, order 12"))
        #expect(!comment.hasAt && !comment.mayHoldName)
        #expect(TextTraits(UTF8Text("mail me at x@y.com")).hasAt)
        for holds in ["thanks, Olivia", "spoke to josé", "my name is sarah", "the NAME field", "it's nAme"] {
            #expect(TextTraits(UTF8Text(holds)).mayHoldName, "\(holds)")
        }
        #expect(found("my name is sarah and i can't log in") == ["person_name:sarah"])
    }

    /// The IBAN scanner passes over offsets two at a time where the byte at +3 is no digit; an
    /// IBAN must still be found whatever its offset and the bytes before it.
    @Test func ibansFoundAtEveryOffset() {
        for prefix in ["", "a ", "ab ", "abc ", "9 ", "DE ", "x1 ", "IBAN: ", "iban DE1 "] {
            for iban in ["DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819", "NO9386011117947"] {
                #expect(found(prefix + iban + " thanks") == ["iban:\(iban)"], "\(prefix)\(iban)")
            }
        }
    }

    /// Words that cannot end a cue skip the cue tests; the names found must be exactly those found
    /// when every word is tried, over the labelled texts, their case variants and cue phrases.
    @Test func cueEndingFilterLosesNoName() throws {
        let examples = try labelledExamples()
        var texts = ["THIS IS Tom from billing", "Regards, Ana", "I’m Zoë", "it’s me, Hi, it's Dan", "Name: Bo", "Dr. Ahmed", "spoke with Ravi",
                     "name’s jo and", "Thx, Li", "reach out to Mia", "AGENT Kim", "Signed: Hiroshi Tanaka", "mx Lee", "Faithfully, Jo"]
        for example in examples {
            texts += [example.text, example.text.lowercased(), example.text.uppercased(), example.text.capitalized]
        }
        func names(_ scanner: PersonNameScanner, _ text: String) -> [Range<Int>] {
            scanner.scan(UTF8Text(text)).map(\.range)
        }
        var unfiltered = PersonNameScanner()
        unfiltered.filtersByCueEnding = false
        let differing = texts.filter { names(PersonNameScanner(), $0) != names(unfiltered, $0) }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
        #expect(texts.filter { !names(PersonNameScanner(), $0).isEmpty }.count >= 100)
        let endings = CueEndings(PersonNameScanner.cueLastWords)
        for word in PersonNameScanner.cueLastWords {
            let text = UTF8Text(String(decoding: word, as: UTF8.self).uppercased())
            #expect(endings.mayEndCue(0..<text.count, in: text))
        }
    }
}

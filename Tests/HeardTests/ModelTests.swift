import Foundation
import HeardModel
import Testing

@Suite struct ModelTests {
    @Test func scalesRejectOutOfRangeAndFractions() throws {
        #expect(try ScoreScale.nps.parse("10") == 10)
        #expect(try ScoreScale.nps.parse(" 9.0 ") == 9)
        #expect(throws: ScoreError.outOfRange(scale: .nps, value: 11)) { try ScoreScale.nps.parse("11") }
        #expect(throws: ScoreError.self) { try ScoreScale.csat.parse("4.5") }
        #expect(throws: ScoreError.self) { try ScoreScale.csat.parse("0") }
        #expect(throws: ScoreError.self) { try ScoreScale.ces.parse("8") }
        #expect(throws: ScoreError.self) { try ScoreScale.stars.parse("five") }
        #expect(throws: ScoreError.self) { try ScoreScale.nps.parse("-1") }
    }

    @Test func calendarArithmetic() {
        let day = CalendarDay(year: 2024, month: 2, day: 29)
        #expect(CalendarDay(daysSinceEpoch: day.daysSinceEpoch) == day)
        #expect(CalendarDay(daysSinceEpoch: 0) == CalendarDay(year: 1970, month: 1, day: 1))
        #expect(CalendarDay(year: 1970, month: 1, day: 1).isoWeekday == 4)
        #expect(CalendarDay(year: 2024, month: 3, day: 10).weekStart == CalendarDay(year: 2024, month: 3, day: 4))
        // 2021-01-03 (a Sunday) belongs to ISO week 2020-W53.
        #expect(Period.week.label(forStart: CalendarDay(year: 2021, month: 1, day: 3).weekStart) == "2020-W53")
        #expect(Period.quarter.label(forStart: Period.quarter.start(of: CalendarDay(year: 2024, month: 11, day: 5))) == "2024-Q4")
        #expect(Period.month.next(after: CalendarDay(year: 2024, month: 12, day: 1)) == CalendarDay(year: 2025, month: 1, day: 1))
        #expect(CalendarDay(iso: "2023-02-29") == nil)
        #expect(day.description == "2024-02-29")
    }

    @Test func breakdownParsing() throws {
        #expect(try Breakdown(parsing: "segment") == .segment)
        #expect(try Breakdown(parsing: "meta.plan") == .metadata("plan"))
        #expect(try Breakdown(parsing: "customer.region") == .customerAttribute("region"))
        #expect(throws: BreakdownError.self) { try Breakdown(parsing: "meta.x'; DROP TABLE feedback; --") }
        #expect(throws: BreakdownError.self) { try Breakdown(parsing: "colour") }
    }

    @Test func personaRules() {
        let rule = PersonaRule([
            .init(attribute: "segment", op: .equals, values: ["SMB"]),
            .init(attribute: "revenue", op: .atLeast, values: ["1000"]),
        ])
        #expect(rule.matches(["segment": "smb", "revenue": "1500"]))
        #expect(!rule.matches(["segment": "smb", "revenue": "999"]))
        #expect(!rule.matches(["segment": "enterprise", "revenue": "5000"]))
        #expect(!PersonaRule([]).matches(["segment": "smb"]))
        let first = Persona(id: 1, name: "A", description: "", rule: PersonaRule([.init(attribute: "segment", op: .oneOf, values: ["smb", "mid"])]), priority: 2)
        let second = Persona(id: 2, name: "B", description: "", rule: rule, priority: 1)
        #expect(Customer(externalID: "c", attributes: ["segment": "smb", "revenue": "2000"]).firstMatchingPersona(in: [first, second])?.name == "B")
    }

    @Test func contentHashIsStableAndSensitive() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let a = Feedback(externalID: "x", occurredAt: date, text: "ab", nps: 9, metadata: ["k": "v"])
        var b = a
        #expect(a.contentHash == b.contentHash)
        b.text = "abc"
        #expect(a.contentHash != b.contentHash)
        var c = a
        c.metadata["k"] = "w"
        #expect(a.contentHash != c.contentHash)
        // Fixed values (FNV-1a over each field's length and UTF-8 bytes, worked out separately):
        // the hash is stored, so it must never change between releases.
        #expect(a.contentHash == 2_255_123_906_013_145_063)
        let other = Feedback(externalID: "survey:é1", channel: "email", occurredAt: date, csat: 4, customerID: "C1", segment: "smb")
        #expect(other.contentHash == 532_862_129_948_848_342)
    }

    @Test func dictionariesHashInKeyOrder() {
        func hash(_ pairs: [String: String]) -> UInt64 {
            var hasher = StableHasher()
            hasher.combine(inKeyOrder: pairs)
            return hasher.value
        }
        var byHand = StableHasher()
        for key in ["a", "b", "c"] {
            byHand.combine(key)
            byHand.combine(key.uppercased())
        }
        #expect(hash(["c": "C", "a": "A", "b": "B"]) == byHand.value)
        var onePair = StableHasher()
        onePair.combine("k")
        onePair.combine("v")
        #expect(hash(["k": "v"]) == onePair.value)
        #expect(hash([:]) == StableHasher().value)
        #expect(hash(["a": "bc"]) != hash(["ab": "c"]))
    }

    @Test func sourceSynonyms() {
        #expect(FeedbackSource(parsing: "Tickets") == .ticket)
        #expect(FeedbackSource(parsing: "twitter") == .social)
        #expect(FeedbackSource(parsing: "carrier pigeon") == nil)
    }

    /// Content fingerprints hash numbers as their decimal text without building it; the bytes
    /// must be exactly those of the String.
    @Test func decimalsHashAsTheirText() {
        for value: Int64? in [nil, 0, 7, 10, -1, -10, 99, 1_700_000_000_000, -1_700_000_000_000, .max, .min] {
            var direct = StableHasher()
            direct.combine(decimal: value)
            var viaText = StableHasher()
            viaText.combine(value.map { String($0) })
            #expect(direct.value == viaText.value, "\(String(describing: value))")
        }
    }

    /// Lengths below 256 are hashed as one byte and a multiplication for the seven zero bytes;
    /// the value must be that of hashing all eight.
    @Test func shortLengthsHashAsEightBytes() {
        for text in ["", "a", String(repeating: "x", count: 255), String(repeating: "y", count: 256), String(repeating: "z", count: 70_000)] {
            var byBytes = StableHasher()
            var length = UInt64(text.utf8.count)
            withUnsafeBytes(of: &length) { byBytes.combine(bytes: $0) }
            byBytes.combine(bytes: text.utf8)
            var framed = StableHasher()
            framed.combine(text)
            #expect(framed.value == byBytes.value, "\(text.utf8.count) bytes")
        }
    }
}

import Foundation
@testable import HeardStore
import Testing

/// Metadata and customer attributes are stored as JSON objects that SQL reads with
/// `json_extract`; the one-pair fast path must write exactly what the general path writes.
@Suite struct JSONTextTests {
    @Test func onePairIsWrittenAsTheGeneralPathWritesIt() {
        #expect(JSONText.encode(["plan": "prepaid"]) == #"{"plan":"prepaid"}"#)
        #expect(JSONText.encode(["": ""]) == #"{"":""}"#)
        #expect(JSONText.encode(["région": "Île-de-France ✓"]) == #"{"région":"Île-de-France ✓"}"#)
        #expect(JSONText.encode([:]) == "{}")
    }

    @Test func escapesAndOrderAreKept() {
        #expect(JSONText.encode(["q": "say \"hi\"\n"]) == #"{"q":"say \"hi\"\n"}"#)
        #expect(JSONText.encode(["back\\slash": "x"]) == #"{"back\\slash":"x"}"#)
        #expect(JSONText.encode(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
        let tricky = ["plan": "a\u{01}b", "x": "\"", "long key with spaces": String(repeating: "é", count: 40)]
        #expect(JSONText.decodeObject(JSONText.encode(tricky)) == tricky)
        for pair in tricky { #expect(JSONText.decodeObject(JSONText.encode([pair.key: pair.value])) == [pair.key: pair.value]) }
    }
}

import Testing
@testable import HeardText

@Suite struct KeySetTests {
    @Test func findsExactlyItsKeys() {
        let members = (0..<40).map { stableKey("member \($0)") }
        let set = KeySet(members)
        #expect(members.allSatisfy { set.contains($0) })
        let others = (0..<2000).map { stableKey("other \($0)") }
        #expect(!others.contains { set.contains($0) })
        #expect(!set.contains(0))
    }

    @Test func anEmptySetHoldsNothing() {
        let set = KeySet([])
        #expect(!set.contains(stableKey("mr")))
    }
}

@testable import HeardEngine
import Testing

@Suite struct FingerprintLineTableTests {
    /// Against a dictionary: first lines kept, repeats answered, through many resizes, and the
    /// fingerprint 0 (the empty-slot marker) handled like any other.
    @Test func agreesWithADictionary() {
        var table = FingerprintLineTable()
        var reference: [UInt64: Int32] = [:]
        var generator = SystemRandomNumberGenerator()
        var fingerprints: [UInt64] = [0, 1, .max]
        for _ in 0..<60_000 { fingerprints.append(generator.next()) }
        // Repeats, and keys that differ only in their high or low bits.
        fingerprints += fingerprints.prefix(5_000)
        fingerprints += (0..<2_000).map { UInt64($0) << 48 } + (0..<2_000).map { UInt64($0) }
        for (line, fingerprint) in fingerprints.enumerated() {
            let line = Int32(line + 2)
            let expected = reference[fingerprint]
            if expected == nil { reference[fingerprint] = line }
            #expect(table.firstLine(of: fingerprint, storingIfNew: line) == expected)
        }
        #expect(table.count + 1 == reference.count)  // 0 is kept outside the slots
        #expect(table.firstLine(of: 0, storingIfNew: 99) == 2)
    }

    /// The slots live in a class (mapped memory): a copy that changes must not change the original.
    @Test func copiesAreIndependent() {
        var original = FingerprintLineTable()
        for key in 1...5_000 { _ = original.firstLine(of: UInt64(key) &* 0x9E37_79B9, storingIfNew: Int32(key)) }
        var copy = original
        #expect(copy.firstLine(of: 123_456_789, storingIfNew: 7) == nil)
        #expect(copy.firstLine(of: 123_456_789, storingIfNew: 8) == 7)
        #expect(original.firstLine(of: 123_456_789, storingIfNew: 9) == nil)
        #expect(original.firstLine(of: 3 &* 0x9E37_79B9, storingIfNew: 1) == 3)
        #expect(copy.count == original.count)
    }
}

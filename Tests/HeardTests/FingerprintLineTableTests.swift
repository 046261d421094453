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
}

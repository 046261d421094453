import HeardModel

/// The line each id fingerprint of an import was first seen on: a map from 64-bit fingerprints
/// to lines, open addressing over two flat arrays. The fingerprints are already hashes, so
/// a slot comes from one multiplication; a `[Int64: Int32]` hashed each one again with SipHash
/// (about 4% of the bench import's reading-stage samples with its resizes; the table is 3.5% of
/// a cheaper stage, nearly all of it the cache miss of a random slot among a million).
struct FingerprintLineTable {
    private var keys: [UInt64]
    private var lines: [Int32]
    /// 0 marks an empty slot, so the fingerprint 0 is kept apart.
    private var lineOfZero: Int32?
    private var slots = FibonacciSlots(capacity: 3 << 10)
    private(set) var count = 0

    init() {
        keys = [UInt64](repeating: 0, count: slots.size)
        lines = [Int32](repeating: 0, count: slots.size)
    }

    /// The line already stored for `fingerprint`, or nil after storing `line` for it.
    mutating func firstLine(of fingerprint: UInt64, storingIfNew line: Int32) -> Int32? {
        if fingerprint == 0 {
            if let lineOfZero { return lineOfZero }
            lineOfZero = line
            return nil
        }
        if slots.isOverfull(holding: count + 1) { grow() }
        var slot = slots.slot(of: fingerprint)
        while true {
            let stored = keys[slot]
            if stored == fingerprint { return lines[slot] }
            if stored == 0 {
                keys[slot] = fingerprint
                lines[slot] = line
                count += 1
                return nil
            }
            slot = slots.next(after: slot)
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldLines = lines
        slots = slots.doubled()
        keys = [UInt64](repeating: 0, count: slots.size)
        lines = [Int32](repeating: 0, count: slots.size)
        for index in oldKeys.indices where oldKeys[index] != 0 {
            var slot = slots.slot(of: oldKeys[index])
            while keys[slot] != 0 { slot = slots.next(after: slot) }
            keys[slot] = oldKeys[index]
            lines[slot] = oldLines[index]
        }
    }
}

import HeardModel

/// The line each id fingerprint of an import was first seen on: a map from 64-bit fingerprints
/// to lines, open addressing over two flat arrays. The fingerprints are already hashes, so
/// a slot comes from one multiplication; a `[Int64: Int32]` hashed each one again with SipHash
/// (about 4% of the bench import's reading-stage samples with its resizes; the table is 3.5% of
/// a cheaper stage, nearly all of it the cache miss of a random slot among a million). Key and
/// line share a slot, so a new fingerprint costs one cache miss, not one in each of two arrays.
struct FingerprintLineTable {
    private struct Entry {
        /// 0: empty.
        var key: UInt64
        var line: Int32
    }
    private var entries: [Entry]
    /// 0 marks an empty slot, so the fingerprint 0 is kept apart.
    private var lineOfZero: Int32?
    private var slots = FibonacciSlots(capacity: 3 << 10)
    private(set) var count = 0

    init() {
        entries = [Entry](repeating: Entry(key: 0, line: 0), count: slots.size)
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
            let stored = entries[slot].key
            if stored == fingerprint { return entries[slot].line }
            if stored == 0 {
                entries[slot] = Entry(key: fingerprint, line: line)
                count += 1
                return nil
            }
            slot = slots.next(after: slot)
        }
    }

    private mutating func grow() {
        let old = entries
        slots = slots.doubled()
        entries = [Entry](repeating: Entry(key: 0, line: 0), count: slots.size)
        for entry in old where entry.key != 0 {
            var slot = slots.slot(of: entry.key)
            while entries[slot].key != 0 { slot = slots.next(after: slot) }
            entries[slot] = entry
        }
    }
}

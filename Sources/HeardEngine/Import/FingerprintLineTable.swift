import HeardModel

/// The line each id fingerprint of an import was first seen on: a map from 64-bit fingerprints
/// to lines, open addressing over one flat table. The fingerprints are already hashes, so
/// a slot comes from one multiplication; a `[Int64: Int32]` hashed each one again with SipHash
/// (about 4% of the bench import's reading-stage samples with its resizes; the table is 3.5% of
/// a cheaper stage, nearly all of it the cache miss of a random slot among a million). Key and
/// line share a slot, so a new fingerprint costs one cache miss, not one in each of two arrays;
/// the slots are `MappedSlots`, on 2 MB pages where the system allows.
///
/// A value type: a copy that changes gets slots of its own.
struct FingerprintLineTable {
    private struct Entry {
        /// 0: empty.
        var key: UInt64
        var line: Int32
    }
    private var entries: MappedSlots<Entry>
    /// 0 marks an empty slot, so the fingerprint 0 is kept apart.
    private var lineOfZero: Int32?
    private var slots = FibonacciSlots(capacity: 3 << 10)
    private(set) var count = 0

    init() {
        entries = MappedSlots(count: slots.size)
    }

    /// The line already stored for `fingerprint`, or nil after storing `line` for it.
    mutating func firstLine(of fingerprint: UInt64, storingIfNew line: Int32) -> Int32? {
        if fingerprint == 0 {
            if let lineOfZero { return lineOfZero }
            lineOfZero = line
            return nil
        }
        if !isKnownUniquelyReferenced(&entries) { entries = entries.copy() }
        if slots.isOverfull(holding: count + 1) { grow() }
        let table = entries.base
        var slot = slots.slot(of: fingerprint)
        while true {
            let stored = table[slot].key
            if stored == fingerprint { return table[slot].line }
            if stored == 0 {
                table[slot] = Entry(key: fingerprint, line: line)
                count += 1
                return nil
            }
            slot = slots.next(after: slot)
        }
    }

    private mutating func grow() {
        let old = entries
        slots = slots.doubled()
        entries = MappedSlots(count: slots.size)
        let table = entries.base
        for index in 0..<old.count where old.base[index].key != 0 {
            let entry = old.base[index]
            var slot = slots.slot(of: entry.key)
            while table[slot].key != 0 { slot = slots.next(after: slot) }
            table[slot] = entry
        }
    }
}

import HeardModel

/// A fixed set of keys for hot loops: open addressing over a power-of-two table, found with one
/// multiply and a probe or two. `Set<UInt64>.contains` hashes each key with SipHash first; the
/// splitter's two sets cost 1.4% of the instructions of tokenise + score (callgrind, airline
/// tweets).
struct KeySet: Sendable {
    /// No key in the set is 0 (checked when it is built), so 0 marks an empty slot.
    private let slots: [UInt64]
    private let slotting: FibonacciSlots

    init(_ keys: [UInt64]) {
        precondition(!keys.contains(0))
        slotting = FibonacciSlots(capacity: keys.count)
        var slots = [UInt64](repeating: 0, count: slotting.size)
        for key in keys {
            var slot = slotting.slot(of: key)
            while slots[slot] != 0, slots[slot] != key { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = key
        }
        self.slots = slots
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        guard key != 0 else { return false }
        return slots.withUnsafeBufferPointer { slots in
            var slot = slotting.slot(of: key)
            while true {
                let found = slots[slot]
                if found == key { return true }
                if found == 0 { return false }
                slot = (slot + 1) & (slots.count - 1)
            }
        }
    }
}

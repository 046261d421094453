/// Bigram weights keyed by the vocabulary ids of the two words (one 64-bit key, no hashing of
/// text). Open addressing with linear probing, at most 3/4 full; each slot holds its key and its
/// weights, so a hit reads one slot.
struct BigramTable: Sendable {
    private struct Slot {
        /// Ids are non-negative `Int32`s, so no pair of them packs to this.
        static let empty = UInt64.max
        var key = empty
        var weights: (Float, Float, Float) = (0, 0, 0)
    }

    private var slots: [Slot]
    private let slotting: FibonacciSlots

    init(capacity: Int) {
        slotting = FibonacciSlots(capacity: capacity)
        slots = [Slot](repeating: Slot(), count: slotting.size)
    }

    @inline(__always)
    private static func key(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    /// Keeps the first weights given for a pair.
    mutating func insert(first: Int32, second: Int32, weights: SIMD4<Float>) {
        let key = Self.key(first, second)
        var slot = slotting.slot(of: key)
        while slots[slot].key != Slot.empty {
            if slots[slot].key == key { return }
            slot = (slot + 1) & (slots.count - 1)
        }
        slots[slot] = Slot(key: key, weights: (weights[0], weights[1], weights[2]))
    }

    @inline(__always)
    func weights(first: Int32, second: Int32) -> SIMD4<Float>? {
        let key = Self.key(first, second)
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = slotting.slot(of: key)
            while true {
                let found = slots[slot]
                if found.key == key { return SIMD4(found.weights.0, found.weights.1, found.weights.2, 0) }
                if found.key == Slot.empty { return nil }
                slot = (slot + 1) & mask
            }
        }
    }
}

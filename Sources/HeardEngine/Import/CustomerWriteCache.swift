import HeardModel

/// Remembers which customer attributes this import already wrote, so a customer who appears
/// in thousands of rows is merged once, not once per row. Bounded: past `limit` entries it
/// starts over, which only costs repeated (idempotent) merges.
///
/// Open addressing keyed by each id's FNV-1a hash, with the id kept for an exact comparison.
/// A `[String: Int64]` hashed every id of every batch with SipHash and re-hashed them all on
/// each resize: the cache was 8.4% of the bench import's reading-stage samples (200,000
/// customers), 6.5% of a cheaper stage after, the rest mostly cache misses in the tables.
/// Hash, id and fingerprint share a slot (32 bytes), so a lookup misses the cache once rather
/// than once in each of three arrays.
struct CustomerWriteCache {
    let limit: Int
    private struct Entry {
        /// 0 marks an empty slot; an id whose hash is 0 is stored under 1.
        var hash: UInt64
        var fingerprint: Int64
        var id: String
        static let empty = Entry(hash: 0, fingerprint: 0, id: "")
    }
    private var entries: [Entry]
    private var slots = FibonacciSlots(capacity: 3 << 10)
    private(set) var count = 0

    init(limit: Int = 500_000) {
        self.limit = limit
        entries = [Entry](repeating: .empty, count: slots.size)
    }

    /// The customers whose attributes differ from what this import last wrote for them (all
    /// of them the first time), noting their attributes as written.
    mutating func unwritten(_ customers: [Customer]) -> [Customer] {
        customers.filter { customer in
            var hasher = StableHasher()
            hasher.combine(inKeyOrder: customer.attributes)
            return note(customer.externalID, fingerprint: Int64(bitPattern: hasher.value))
        }
    }

    /// Whether `id` was not noted with `fingerprint`; notes it.
    private mutating func note(_ id: String, fingerprint: Int64) -> Bool {
        var idHasher = StableHasher()
        idHasher.combine(id)
        let hash = max(idHasher.value, 1)
        var slot = slots.slot(of: hash)
        while entries[slot].hash != 0 {
            if entries[slot].hash == hash && entries[slot].id == id {
                if entries[slot].fingerprint == fingerprint { return false }
                if count >= limit { break }
                entries[slot].fingerprint = fingerprint
                return true
            }
            slot = slots.next(after: slot)
        }
        if count >= limit {
            removeAll()
        } else if slots.isOverfull(holding: count + 1) {
            grow()
        } else {
            insert(hash, id, fingerprint, at: slot)
            return true
        }
        insert(hash, id, fingerprint, at: freeSlot(for: hash))
        return true
    }

    private func freeSlot(for hash: UInt64) -> Int {
        var slot = slots.slot(of: hash)
        while entries[slot].hash != 0 { slot = slots.next(after: slot) }
        return slot
    }

    private mutating func insert(_ hash: UInt64, _ id: String, _ fingerprint: Int64, at slot: Int) {
        entries[slot] = Entry(hash: hash, fingerprint: fingerprint, id: id)
        count += 1
    }

    private mutating func removeAll() {
        for index in entries.indices where entries[index].hash != 0 {
            entries[index] = .empty
        }
        count = 0
    }

    private mutating func grow() {
        let old = entries
        slots = slots.doubled()
        entries = [Entry](repeating: .empty, count: slots.size)
        for entry in old where entry.hash != 0 {
            entries[freeSlot(for: entry.hash)] = entry
        }
    }
}

import HeardModel

/// Remembers which customer attributes this import already wrote, so a customer who appears
/// in thousands of rows is merged once, not once per row. Bounded: past `limit` entries it
/// starts over, which only costs repeated (idempotent) merges.
///
/// Open addressing keyed by each id's FNV-1a hash, with the id kept for an exact comparison.
/// A `[String: Int64]` hashed every id of every batch with SipHash and re-hashed them all on
/// each resize: the cache was 8.4% of the bench import's reading-stage samples (200,000
/// customers), 6.5% of a cheaper stage after, the rest mostly cache misses in the tables.
struct CustomerWriteCache {
    let limit: Int
    /// 0 marks an empty slot; an id whose hash is 0 is stored under 1.
    private var hashes: [UInt64]
    private var ids: [String]
    private var fingerprints: [Int64]
    private var shift: UInt64
    private(set) var count = 0

    init(limit: Int = 500_000) {
        self.limit = limit
        let bits = 12
        hashes = [UInt64](repeating: 0, count: 1 << bits)
        ids = [String](repeating: "", count: 1 << bits)
        fingerprints = [Int64](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
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
        var slot = slot(of: hash)
        let mask = hashes.count - 1
        while hashes[slot] != 0 {
            if hashes[slot] == hash && ids[slot] == id {
                if fingerprints[slot] == fingerprint { return false }
                if count >= limit { break }
                fingerprints[slot] = fingerprint
                return true
            }
            slot = (slot + 1) & mask
        }
        if count >= limit {
            removeAll()
        } else if (count + 1) * 4 > hashes.count * 3 {
            grow()
        } else {
            insert(hash, id, fingerprint, at: slot)
            return true
        }
        var free = self.slot(of: hash)
        while hashes[free] != 0 { free = (free + 1) & (hashes.count - 1) }
        insert(hash, id, fingerprint, at: free)
        return true
    }

    private mutating func insert(_ hash: UInt64, _ id: String, _ fingerprint: Int64, at slot: Int) {
        hashes[slot] = hash
        ids[slot] = id
        fingerprints[slot] = fingerprint
        count += 1
    }

    /// Fibonacci hashing: the top bits of the product depend on every bit of the hash.
    private func slot(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func removeAll() {
        for index in hashes.indices where hashes[index] != 0 {
            hashes[index] = 0
            ids[index] = ""
        }
        count = 0
    }

    private mutating func grow() {
        let oldHashes = hashes, oldIDs = ids, oldFingerprints = fingerprints
        let capacity = oldHashes.count * 2
        hashes = [UInt64](repeating: 0, count: capacity)
        ids = [String](repeating: "", count: capacity)
        fingerprints = [Int64](repeating: 0, count: capacity)
        shift -= 1
        for index in oldHashes.indices where oldHashes[index] != 0 {
            var slot = slot(of: oldHashes[index])
            while hashes[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            hashes[slot] = oldHashes[index]
            ids[slot] = oldIDs[index]
            fingerprints[slot] = oldFingerprints[index]
        }
    }
}

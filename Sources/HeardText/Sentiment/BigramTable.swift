import HeardModel
import CPrefetch

/// Bigram weights keyed by the vocabulary ids of the two words (one 64-bit key, no hashing of
/// text). Open addressing with linear probing, at most 3/4 full. Keys and weights lie in two
/// arrays with the same slots: most lookups are misses that probe several slots, and 8-byte keys
/// put 8 slots in a cache line where the 24-byte key-and-weights slots put fewer than 3; only a
/// hit reads its weights.
struct BigramTable: Sendable {
    /// Ids are non-negative `Int32`s, so no pair of them packs to this.
    private static let empty = UInt64.max

    private var keys: [UInt64]
    /// Three class weights per slot, the fourth lane 0.
    private var weights: [SIMD4<Float>]
    private let slotting: FibonacciSlots

    init(capacity: Int) {
        slotting = FibonacciSlots(capacity: capacity)
        keys = [UInt64](repeating: Self.empty, count: slotting.size)
        weights = [SIMD4<Float>](repeating: .zero, count: slotting.size)
    }

    @inline(__always)
    private static func key(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    /// Keeps the first weights given for a pair.
    mutating func insert(first: Int32, second: Int32, weights classWeights: SIMD4<Float>) {
        let key = Self.key(first, second)
        var slot = slotting.slot(of: key)
        while keys[slot] != Self.empty {
            if keys[slot] == key { return }
            slot = (slot + 1) & (keys.count - 1)
        }
        keys[slot] = key
        weights[slot] = SIMD4(classWeights[0], classWeights[1], classWeights[2], 0)
    }

    @inline(__always)
    func weights(first: Int32, second: Int32) -> SIMD4<Float>? {
        withReader { $0.weights(first: first, second: second) }
    }

    /// The table behind plain pointers, valid inside `body`: a scorer that keeps the table in a
    /// sink for a whole text then retains and releases no arrays.
    @inline(__always)
    func withReader<Result>(_ body: (Reader) -> Result) -> Result {
        keys.withUnsafeBufferPointer { keys in
            weights.withUnsafeBufferPointer { weights in
                body(Reader(keys: keys.baseAddress!, weights: weights.baseAddress!, mask: keys.count - 1, slotting: slotting))
            }
        }
    }

    struct Reader {
        let keys: UnsafePointer<UInt64>
        let weights: UnsafePointer<SIMD4<Float>>
        let mask: Int
        let slotting: FibonacciSlots

        @inline(__always)
        func weights(first: Int32, second: Int32) -> SIMD4<Float>? {
            let key = BigramTable.key(first, second)
            var slot = slotting.slot(of: key)
            while true {
                let found = keys[slot]
                if found == key { return weights[slot] }
                if found == BigramTable.empty { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Starts loading the key and weights slots where a lookup of the pair begins (most hits
    /// end there), so that `weights(first:second:)` later finds them in cache.
    @inline(__always)
    func prefetch(first: Int32, second: Int32) {
        let slot = slotting.slot(of: Self.key(first, second))
        keys.withUnsafeBufferPointer { heard_prefetch($0.baseAddress! + slot) }
        weights.withUnsafeBufferPointer { heard_prefetch($0.baseAddress! + slot) }
    }
}

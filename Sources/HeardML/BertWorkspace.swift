/// Scratch memory for forward passes, kept from one batch to the next: a batch's activations
/// run to tens of megabytes, and fresh allocations of that size are new pages for the kernel
/// to map and zero every time.
final class BertWorkspace {
    private var storage: UnsafeMutablePointer<Float>
    private var capacity: Int

    init() {
        capacity = 0
        storage = Self.allocate(0)
    }

    deinit { storage.deallocate() }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.size, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
    }

    /// Consecutive regions of the given sizes, each starting on a 64-byte boundary; valid until the next call.
    func regions(_ sizes: [Int]) -> [UnsafeMutablePointer<Float>] {
        let padded = sizes.map { ($0 + 15) / 16 * 16 }
        let needed = padded.reduce(0, +)
        if needed > capacity {
            storage.deallocate()
            capacity = needed
            storage = Self.allocate(capacity)
        }
        var offset = 0
        return padded.map { size in
            defer { offset += size }
            return storage + offset
        }
    }
}

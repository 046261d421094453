#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zero-filled slots for a large open-addressing table of plain values, mapped straight from the
/// kernel. On Linux the mapping asks for 2 MB pages (transparent huge pages in "madvise" mode):
/// an import's duplicate-id table holds a slot per id, 32 MB for a million rows, and each row
/// looks up a random slot, so with 4 KB pages nearly every lookup also missed the TLB. A random
/// insert into a 32 MB table took 40 ns with 4 KB pages and 21 ns with 2 MB pages here.
/// Mapping also spares the pass that zeroes a new array: fresh pages are zero already.
final class MappedSlots<Element: BitwiseCopyable> {
    let base: UnsafeMutablePointer<Element>
    let count: Int
    private let byteCount: Int

    init(count: Int) {
        self.count = count
        byteCount = max(count, 1) * MemoryLayout<Element>.stride
        let mapped = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            // As for any allocation Swift makes: out of address space is not recoverable.
            fatalError("cannot map \(byteCount) bytes for an import table")
        }
        #if os(Linux)
        if byteCount >= 2 << 20 { _ = madvise(mapped, byteCount, MADV_HUGEPAGE) }
        #endif
        base = mapped.bindMemory(to: Element.self, capacity: max(count, 1))
    }

    deinit { munmap(base, byteCount) }

    /// A copy with the same contents, for a table value that is about to change while shared.
    func copy() -> MappedSlots {
        let copy = MappedSlots(count: count)
        copy.base.update(from: base, count: count)
        return copy
    }
}

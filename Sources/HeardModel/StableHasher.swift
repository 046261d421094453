/// FNV-1a, 64 bit. Swift's `Hasher` is seeded per process, so its values cannot be stored and
/// compared on the next run; this one is the same everywhere, forever.
public struct StableHasher: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    /// Optional strings are framed (nil, then length + bytes) so that ("ab", "c") and ("a", "bc")
    /// or nil and "" never hash alike.
    public mutating func combine(_ string: String?) {
        guard let string else {
            combine(bytes: [0xFF])
            return
        }
        var length = UInt64(string.utf8.count)
        withUnsafeBytes(of: &length) { combine(bytes: $0) }
        combine(bytes: string.utf8)
    }
}

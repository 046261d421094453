/// FNV-1a, 64 bit. Swift's `Hasher` is seeded per process, so its values cannot be stored and
/// compared on the next run; this one is the same everywhere, forever.
public struct StableHasher: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(bytes: some Sequence<UInt8>) {
        for byte in bytes { combine(byte: byte) }
    }

    @inline(__always)
    private mutating func combine(byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }

    /// Optional strings are framed (nil, then length + bytes) so that ("ab", "c") and ("a", "bc")
    /// or nil and "" never hash alike.
    public mutating func combine(_ string: String?) {
        guard var string else {
            combine(byte: 0xFF)
            return
        }
        // Walks the string's contiguous UTF-8 rather than its UTF8View: the same bytes,
        // without an index check per byte (fingerprints are computed for every imported row).
        string.withUTF8 { buffer in
            var length = UInt64(buffer.count)
            withUnsafeBytes(of: &length) { for byte in $0 { combine(byte: byte) } }
            for byte in buffer { combine(byte: byte) }
        }
    }

    /// Each key, then its value, in key order, so that equal dictionaries hash alike whatever
    /// their storage order. One pair needs no sorting: sorting allocated an array for every
    /// imported row's metadata and every imported customer's attributes.
    public mutating func combine(inKeyOrder pairs: [String: String]) {
        if pairs.count <= 1 {
            for (key, value) in pairs {
                combine(key)
                combine(value)
            }
            return
        }
        for key in pairs.keys.sorted() {
            combine(key)
            combine(pairs[key])
        }
    }
}

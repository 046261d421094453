/// A 128-bit fingerprint of a text's UTF-8 bytes (two independent 64-bit hashes), the key under
/// which its vector is cached: identical texts share one, and a collision among billions of
/// distinct texts is not a practical concern.
public struct ContentHash: Hashable, Sendable {
    public let high: UInt64
    public let low: UInt64

    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { ContentHash(bytes: UnsafeRawBufferPointer($0)) }
    }

    public init(bytes: UnsafeRawBufferPointer) {
        // FNV-1a and a multiply-rotate hash over the same bytes, each finished with a 64-bit mixer.
        var fnv: UInt64 = 0xCBF2_9CE4_8422_2325
        var rotating: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        for byte in bytes {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            rotating = ((rotating ^ UInt64(byte)) &* 0xBF58_476D_1CE4_E5B9)
            rotating = (rotating << 23) | (rotating >> 41)
        }
        high = Self.mix(fnv)
        low = Self.mix(rotating)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Slot arithmetic of Heard's open-addressing tables: the sentiment model's (`SentimentVocabulary`,
/// `BigramTable`), the tokenizer's (`KeySet`) and the import's (`FingerprintLineTable`,
/// `CustomerWriteCache`). A power-of-two size kept at most 3/4 full, and Fibonacci hashing, whose
/// product's high bits spread keys that differ in any bit.
///
/// Inlinable: the sentiment model finds several slots per token, and a call across the module
/// boundary for each would cost more than the arithmetic.
public struct FibonacciSlots: Sendable {
    public let size: Int
    @usableFromInline let shift: UInt64

    /// The smallest size (at least 16) that holds `capacity` keys at most 3/4 full.
    public init(capacity: Int) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        self.init(size: size)
    }

    private init(size: Int) {
        self.size = size
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inlinable @inline(__always)
    public func slot(of key: UInt64) -> Int {
        // `&>>`: `shift` is below 64, so the overshift test and select `>>` compiles to are dead
        // weight, paid several times per token.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The slot after `slot`, wrapping round.
    @inlinable @inline(__always)
    public func next(after slot: Int) -> Int { (slot + 1) & (size - 1) }

    /// Whether `count` keys would fill the table past 3/4, so that a growing table must double.
    public func isOverfull(holding count: Int) -> Bool { count * 4 > size * 3 }

    /// Twice the size, for a growing table to move its keys into.
    public func doubled() -> FibonacciSlots { FibonacciSlots(size: size * 2) }
}

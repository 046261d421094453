/// Slot arithmetic of the open-addressing tables of the sentiment model (`SentimentVocabulary`,
/// `BigramTable`) and the tokenizer (`KeySet`): a power-of-two size kept at most 3/4 full, and
/// Fibonacci hashing, whose product's high bits spread keys that differ in any bit.
struct FibonacciSlots: Sendable {
    let size: Int
    private let shift: UInt64

    init(capacity: Int) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        self.size = size
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    func slot(of key: UInt64) -> Int {
        // `&>>`: `shift` is below 64, so the overshift test and select `>>` compiles to are dead
        // weight, paid several times per token.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }
}

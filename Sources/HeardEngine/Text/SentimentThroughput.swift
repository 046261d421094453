import Dispatch
import HeardText

/// Texts per second of tokenising and scoring, texts already in memory: the number to compare
/// with other sentiment tools, which are timed the same way.
public enum SentimentThroughput {
    /// Best of `passes`, split over `threads` threads (each with its own token buffer).
    public static func measure(_ model: SentimentModel, texts: [String], threads: Int, passes: Int = 3) -> Double {
        guard !texts.isEmpty else { return 0 }
        let threads = max(1, min(threads, texts.count))
        var best = Double.infinity
        for _ in 0..<passes {
            let started = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                let tokenizer = Tokenizer()
                var tokenized = TokenizedText()
                var checksum = 0.0
                var index = part
                while index < texts.count {
                    tokenizer.tokenize(texts[index], into: &tokenized)
                    checksum += model.score(tokenized).score
                    index += threads
                }
                blackHole(checksum)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
        return Double(texts.count) / max(best, 1e-9)
    }

    @inline(never)
    static func blackHole(_ value: Double) {
        if value.isNaN { print("", terminator: "") }
    }
}

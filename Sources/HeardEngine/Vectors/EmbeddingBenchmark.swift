import Dispatch
import HeardML

/// Times the sentence encoder on texts in memory, the way sentence-transformers is timed
/// (tokenise + encode + pool), and sets the achieved GFLOP/s against the BLAS peak measured in
/// the same process.
public struct EmbeddingBenchmark: Sendable {
    public struct Result: Sendable, Codable {
        public var texts: Int
        public var distinctTexts: Int
        public var tokens: Int
        public var seconds: Double
        public var textsPerSecond: Double
        public var tokensPerSecond: Double
        public var gigaflopsPerSecond: Double
        public var peakGigaflopsPerSecond: Double
        /// Texts per second when every vector is already in the cache (a re-run on the same texts).
        public var cachedTextsPerSecond: Double
        public var blasCore: String
        public var blasThreads: Int
        public var workers: Int
        public var tokensPerBatch: Int
        public var model: String
    }

    public var encoder: TransformerSentenceEncoder

    public init(encoder: TransformerSentenceEncoder) {
        self.encoder = encoder
    }

    public func run(texts: [String]) -> Result {
        // Measured before and after the run, the best kept: other processes on a shared machine
        // can take cores for a while, and a peak taken in such a moment would flatter the encoder.
        let peakBefore = MatrixProductPeak.measure(concurrent: encoder.workers)
        // A short warm-up pages the weights in and lets BLAS allocate its buffers.
        _ = encoder.encode(Array(texts.prefix(64)))
        encoder.cache.removeAll()

        let started = DispatchTime.now().uptimeNanoseconds
        let run = encoder.encode(texts)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let againStarted = DispatchTime.now().uptimeNanoseconds
        _ = encoder.encode(texts)
        let againSeconds = Double(DispatchTime.now().uptimeNanoseconds - againStarted) / 1e9
        let peak = max(peakBefore, MatrixProductPeak.measure(concurrent: encoder.workers))

        return Result(
            texts: texts.count, distinctTexts: run.distinctTexts, tokens: run.encodedTokens, seconds: seconds,
            textsPerSecond: Double(texts.count) / seconds, tokensPerSecond: Double(run.encodedTokens) / seconds,
            gigaflopsPerSecond: run.operations / seconds / 1e9, peakGigaflopsPerSecond: peak,
            cachedTextsPerSecond: Double(texts.count) / max(againSeconds, 1e-9),
            blasCore: BLAS.coreName, blasThreads: BLAS.threadCount, workers: encoder.workers,
            tokensPerBatch: encoder.tokensPerBatch, model: encoder.identifier)
    }
}

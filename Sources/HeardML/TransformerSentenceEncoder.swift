import Dispatch
import Foundation

/// Sentence vectors from a BERT encoder with mean pooling (the sentence-transformers recipe),
/// doing as little work as the texts allow: each distinct text is encoded once, texts already
/// in the cache are not encoded at all, and the rest go through the model in batches of about
/// `tokensPerBatch` tokens packed without padding.
public final class TransformerSentenceEncoder: SentenceEncoder {
    public let identifier: String
    public let tokenizer: WordPieceTokenizer
    public let model: BertModel
    public let cache: EmbeddingCache
    public let tokensPerBatch: Int
    /// Batches encoded at the same time, each on its own thread.
    public let workers: Int

    public var dimensions: Int { model.configuration.hiddenSize }

    public init(identifier: String, tokenizer: WordPieceTokenizer, model: BertModel,
                tokensPerBatch: Int = 1024, workers: Int = 1, cacheCapacity: Int = 250_000) {
        precondition(tokenizer.maxTokens <= model.configuration.maxPositions,
                     "tokenizer allows \(tokenizer.maxTokens) tokens, the model only \(model.configuration.maxPositions)")
        self.identifier = identifier
        self.tokenizer = tokenizer
        self.model = model
        self.tokensPerBatch = max(1, tokensPerBatch)
        self.workers = max(1, workers)
        cache = EmbeddingCache(dimensions: model.configuration.hiddenSize, capacity: cacheCapacity)
    }

    /// What one call did, for throughput reports.
    public struct Run: Sendable {
        public var vectors: EmbeddingMatrix
        public var texts: Int
        public var distinctTexts: Int
        /// Distinct texts whose vectors came from the cache.
        public var cachedTexts: Int
        /// Tokens that went through the model, [CLS] and [SEP] included.
        public var encodedTokens: Int
        /// Floating-point operations of the matrix products for those tokens.
        public var operations: Double
    }

    public func embed(_ texts: [String]) -> EmbeddingMatrix {
        encode(texts).vectors
    }

    public func encode(_ texts: [String]) -> Run {
        let keys = texts.map(ContentHash.init)
        var firstIndex: [ContentHash: Int] = [:]
        var pending: [Int] = []
        var cachedTexts = 0
        for (index, key) in keys.enumerated() where firstIndex[key] == nil {
            firstIndex[key] = index
            if cache.vector(for: key) == nil { pending.append(index) } else { cachedTexts += 1 }
        }

        let sequences = pending.map { tokenizer.encode(texts[$0]) }
        let computed = encodeInBatches(sequences)
        for (row, index) in pending.enumerated() { cache.store(computed[row], for: keys[index]) }

        var vectors = EmbeddingMatrix(dimensions: dimensions)
        var computedRow: [ContentHash: Int] = [:]
        for (row, index) in pending.enumerated() { computedRow[keys[index]] = row }
        for key in keys {
            if let row = computedRow[key] {
                vectors.append(computed[row])
            } else if let cached = cache.vector(for: key) {
                vectors.append(cached)
            } else {
                preconditionFailure("vector neither computed nor cached")
            }
        }
        return Run(vectors: vectors, texts: texts.count, distinctTexts: firstIndex.count, cachedTexts: cachedTexts,
                   encodedTokens: sequences.reduce(0) { $0 + $1.count },
                   operations: model.operations(sequenceLengths: sequences.lazy.map(\.count)))
    }

    /// Sentence vectors for token sequences, in order; batches are shared out among `workers` threads.
    public func encodeInBatches(_ sequences: [[Int32]]) -> EmbeddingMatrix {
        let batches = Self.batches(of: sequences.map(\.count), tokensPerBatch: tokensPerBatch)
        var output = EmbeddingMatrix(dimensions: dimensions, zeroRows: sequences.count)
        let dimensions = dimensions
        let model = model
        let nextBatch = BatchCounter()
        output.withUnsafeMutableBufferPointer { buffer in
            let destination = SendablePointer(buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: min(workers, batches.count)) { _ in
                let workspace = BertWorkspace()
                while let batch = nextBatch.take(below: batches.count).map({ batches[$0] }) {
                    let vectors = model.sentenceVectors(Array(sequences[batch]), workspace: workspace)
                    vectors.withUnsafeBufferPointer { source in
                        (destination.pointer! + batch.lowerBound * dimensions).update(from: source.baseAddress!, count: source.count)
                    }
                }
            }
        }
        return output
    }

    /// Consecutive runs of sequences holding about `tokensPerBatch` tokens each (one long sequence may exceed it).
    static func batches(of lengths: [Int], tokensPerBatch: Int) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var start = 0
        var tokens = 0
        for (index, length) in lengths.enumerated() {
            if index > start, tokens + length > tokensPerBatch {
                batches.append(start..<index)
                start = index
                tokens = 0
            }
            tokens += length
        }
        if start < lengths.count { batches.append(start..<lengths.count) }
        return batches
    }
}

/// Hands out batch numbers to worker threads, each number once.
private final class BatchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard next < limit else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// The output buffer, shared by worker threads that each write their own rows.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>?
    init(_ pointer: UnsafeMutablePointer<Float>?) { self.pointer = pointer }
}

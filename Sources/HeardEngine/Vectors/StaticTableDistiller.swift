import Dispatch
import Foundation
import HeardML
import HeardStats

/// Derives a static table from a transformer encoder, model2vec-style:
/// 1. every vocabulary token is encoded alone ("[CLS] token [SEP]", mean-pooled);
/// 2. principal components of those vectors (centred) keep `dimensions` directions;
/// 3. each token gets a SIF weight a / (a + p(token)), p from token counts in a corpus, so that
///    frequent pieces ("the", ".", "##s") say little and rare content words say much;
/// 4. optionally, a ridge regression from the static sentence vectors of the corpus to the
///    transformer's vectors of the same texts is folded into the table (a linear map commutes
///    with the weighted sum, and the final normalisation absorbs the scale), so static vectors
///    then live in the transformer's space.
public struct StaticTableDistiller: Sendable {
    public var dimensions = 256
    /// SIF's a; Arora et al. (2017) found 1e-3…1e-4 to work across tasks.
    public var smoothing = 1e-3
    /// Ridge penalty, relative to the number of corpus texts; nil leaves the map out.
    public var ridge: Double? = nil

    public init() {}

    public struct Report: Sendable {
        public var tokens: Int
        public var tokenSeconds: Double
        public var reductionSeconds: Double
        /// Share of the token vectors' variance the kept components explain.
        public var explainedVariance: Double
        public var corpusTexts: Int
        public var corpusTokens: Int
        public var mapSeconds: Double?
        /// Mean cosine between static and transformer vectors of the corpus, after the map.
        public var mapCosine: Double?
        public var totalSeconds: Double
    }

    public func distill(encoder: TransformerSentenceEncoder, corpus: [String], log: (String) -> Void = { _ in }) -> (StaticEmbeddingTable, Report) {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let tokenizer = encoder.tokenizer
        let pieces = tokenizer.piecesByID
        let vocabularySize = tokenizer.vocabularySize
        let counted = pieces.map { !Self.isSpecial($0) }

        log("encoding \(vocabularySize) vocabulary tokens one by one …")
        var stepStart = DispatchTime.now().uptimeNanoseconds
        let sequences = (0..<vocabularySize).map { [tokenizer.classifierID, Int32($0), tokenizer.separatorID] }
        let tokenVectors = encoder.encodeInBatches(sequences)
        let tokenSeconds = elapsed(since: stepStart)

        stepStart = DispatchTime.now().uptimeNanoseconds
        let kept = min(dimensions, encoder.dimensions)
        let reduction = Self.principalComponents(tokenVectors.values, rows: vocabularySize, width: encoder.dimensions, included: counted, keep: kept)
        var reduced = Self.project(tokenVectors.values, rows: vocabularySize, width: encoder.dimensions, reduction: reduction)
        let reductionSeconds = elapsed(since: stepStart)
        log(String(format: "kept %d principal components (%.1f%% of the variance)", kept, reduction.explainedVariance * 100))

        var counts = [Int](repeating: 0, count: vocabularySize)
        var corpusTokens = 0
        for text in corpus {
            for id in tokenizer.encode(text).dropFirst().dropLast() {
                counts[Int(id)] += 1
                corpusTokens += 1
            }
        }
        let weights = Self.sifWeights(counts: counts, counted: counted, smoothing: smoothing)
        var method = String(format: "each token encoded alone, mean-pooled; PCA %d→%d (%.1f%% variance); SIF weights a=%g from %d tokens of %d texts",
                            encoder.dimensions, kept, reduction.explainedVariance * 100, smoothing, corpusTokens, corpus.count)
        var width = kept
        var mapSeconds: Double?
        var mapCosine: Double?
        if let ridge, !corpus.isEmpty {
            stepStart = DispatchTime.now().uptimeNanoseconds
            log("learning a linear map to the transformer's space on \(corpus.count) texts …")
            let plain = StaticEmbeddingTable(model: encoder.identifier, dimensions: kept, vectors: reduced, weights: weights, method: method)
            let inputs = StaticSentenceEncoder(table: plain, tokenizer: tokenizer, workers: encoder.workers).embed(corpus)
            let targets = encoder.embed(corpus)
            let map = Self.ridgeMap(inputs: inputs, targets: targets, penalty: ridge * Double(corpus.count))
            reduced = Self.multiply(reduced, rows: vocabularySize, inner: kept, by: map, columns: encoder.dimensions)
            width = encoder.dimensions
            let mapped = StaticEmbeddingTable(model: encoder.identifier, dimensions: width, vectors: reduced, weights: weights, method: method)
            let check = StaticSentenceEncoder(table: mapped, tokenizer: tokenizer, workers: encoder.workers).embed(corpus)
            mapCosine = (0..<corpus.count).reduce(0.0) { sum, row in sum + Double(zip(check[row], targets[row]).reduce(Float(0)) { $0 + $1.0 * $1.1 }) } / Double(corpus.count)
            mapSeconds = elapsed(since: stepStart)
            method += String(format: "; ridge map %d→%d (λ=%g·n) on the same texts folded in", kept, width, ridge)
        }
        let table = StaticEmbeddingTable(model: encoder.identifier, dimensions: width, vectors: reduced, weights: weights, method: method)
        return (table, Report(tokens: vocabularySize, tokenSeconds: tokenSeconds, reductionSeconds: reductionSeconds,
                              explainedVariance: reduction.explainedVariance, corpusTexts: corpus.count, corpusTokens: corpusTokens,
                              mapSeconds: mapSeconds, mapCosine: mapCosine, totalSeconds: elapsed(since: started)))
    }

    /// [CLS], [SEP], [PAD], [MASK], [UNK] and the unused slots: pieces that carry no meaning of their own.
    static func isSpecial(_ piece: String) -> Bool {
        piece.isEmpty || (piece.count > 2 && piece.hasPrefix("[") && piece.hasSuffix("]"))
    }

    /// a / (a + p) with p a token's share of the corpus tokens; tokens the corpus never shows get 1, special ones 0.
    static func sifWeights(counts: [Int], counted: [Bool], smoothing: Double) -> [Float] {
        let total = Double(max(1, zip(counts, counted).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }))
        return counts.indices.map { token in
            guard counted[token] else { return 0 }
            return Float(smoothing / (smoothing + Double(counts[token]) / total))
        }
    }

    struct Reduction {
        var mean: [Float]
        /// `keep` unit directions of `width` values each, by decreasing variance.
        var components: [Float]
        var explainedVariance: Double
    }

    /// The mean and the leading eigenvectors of the covariance of the included rows.
    static func principalComponents(_ values: [Float], rows: Int, width: Int, included: [Bool], keep: Int) -> Reduction {
        var mean = [Double](repeating: 0, count: width)
        var count = 0
        for row in 0..<rows where included[row] {
            count += 1
            for column in 0..<width { mean[column] += Double(values[row * width + column]) }
        }
        for column in 0..<width { mean[column] /= Double(max(count, 1)) }
        var centred = [Float](repeating: 0, count: count * width)
        var next = 0
        for row in 0..<rows where included[row] {
            for column in 0..<width { centred[next * width + column] = values[row * width + column] - Float(mean[column]) }
            next += 1
        }
        var gram = [Float](repeating: 0, count: width * width)
        centred.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { c in
                BLAS.multiplyTransposed(m: width, n: width, k: count, alpha: 1 / Float(max(count - 1, 1)), a: x.baseAddress!, b: x.baseAddress!, c: c.baseAddress!)
            }
        }
        let eigen = SymmetricEigen(symmetric: gram.map(Double.init), size: width)
        let total = eigen.values.reduce(0) { $0 + max($1, 0) }
        var components = [Float]()
        var explained = 0.0
        for k in (0..<width).reversed().prefix(keep) {
            explained += max(eigen.values[k], 0)
            var direction = Array(eigen.vectors[k * width ..< (k + 1) * width])
            // A fixed sign (largest entry positive) makes the table the same on every run.
            if let largest = direction.max(by: { abs($0) < abs($1) }), largest < 0 { direction = direction.map { -$0 } }
            components.append(contentsOf: direction.map(Float.init))
        }
        return Reduction(mean: mean.map(Float.init), components: components, explainedVariance: total > 0 ? explained / total : 0)
    }

    /// (row − mean) · componentsᵀ for every row.
    static func project(_ values: [Float], rows: Int, width: Int, reduction: Reduction) -> [Float] {
        let keep = reduction.components.count / width
        var centred = values
        for row in 0..<rows { for column in 0..<width { centred[row * width + column] -= reduction.mean[column] } }
        var output = [Float](repeating: 0, count: rows * keep)
        centred.withUnsafeBufferPointer { x in
            reduction.components.withUnsafeBufferPointer { p in
                output.withUnsafeMutableBufferPointer { c in
                    BLAS.multiplyByTransposed(m: rows, n: keep, k: width, a: x.baseAddress!, b: p.baseAddress!, c: c.baseAddress!)
                }
            }
        }
        return output
    }

    /// W minimising ‖XW − Y‖² + penalty·‖W‖²: (XᵀX + penalty·I)⁻¹ XᵀY, through the eigen-decomposition of XᵀX.
    static func ridgeMap(inputs: EmbeddingMatrix, targets: EmbeddingMatrix, penalty: Double) -> [Float] {
        let n = inputs.count, p = inputs.dimensions, q = targets.dimensions
        var gram = [Float](repeating: 0, count: p * p)
        var cross = [Float](repeating: 0, count: p * q)
        inputs.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { c in BLAS.multiplyTransposed(m: p, n: p, k: n, a: x.baseAddress!, b: x.baseAddress!, c: c.baseAddress!) }
            targets.withUnsafeBufferPointer { y in
                cross.withUnsafeMutableBufferPointer { c in BLAS.multiplyTransposed(m: p, n: q, k: n, a: x.baseAddress!, b: y.baseAddress!, c: c.baseAddress!) }
            }
        }
        let eigen = SymmetricEigen(symmetric: gram.map(Double.init), size: p)
        // (XᵀX + λI)⁻¹ = V diag(1/(λᵢ + λ)) Vᵀ, with eigenvectors as rows of `eigen.vectors`.
        var inverse = [Double](repeating: 0, count: p * p)
        for k in 0..<p {
            let scale = 1 / (max(eigen.values[k], 0) + penalty)
            let v = eigen.vectors[k * p ..< (k + 1) * p]
            for i in 0..<p {
                let vi = v[v.startIndex + i] * scale
                for j in 0..<p { inverse[i * p + j] += vi * v[v.startIndex + j] }
            }
        }
        return multiply(inverse.map(Float.init), rows: p, inner: p, by: cross, columns: q)
    }

    /// A (rows×inner) · B (inner×columns), row-major.
    static func multiply(_ a: [Float], rows: Int, inner: Int, by b: [Float], columns: Int) -> [Float] {
        var c = [Float](repeating: 0, count: rows * columns)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in BLAS.multiply(m: rows, n: columns, k: inner, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!) }
            }
        }
        return c
    }
}

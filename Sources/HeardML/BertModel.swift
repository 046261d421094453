/// BERT's forward pass over a batch of token sequences packed end to end: every token of every
/// sequence is one row, so the projections and the feed-forward layers are single large matrix
/// products with no padding, and only attention works sequence by sequence.
public struct BertModel: Sendable {
    public let weights: BertWeights

    public init(weights: BertWeights) {
        self.weights = weights
    }

    public var configuration: BertConfiguration { weights.configuration }

    /// Mean-pooled (over all tokens, [CLS] and [SEP] included, as sentence-transformers does),
    /// L2-normalised sentence vectors, one row per sequence.
    public func sentenceVectors(_ sequences: [[Int32]]) -> EmbeddingMatrix {
        sentenceVectors(sequences, workspace: BertWorkspace())
    }

    func sentenceVectors(_ sequences: [[Int32]], workspace: BertWorkspace) -> EmbeddingMatrix {
        let hidden = configuration.hiddenSize
        var output = EmbeddingMatrix(dimensions: hidden, zeroRows: sequences.count)
        withLastHiddenStates(sequences, workspace: workspace) { states in
            output.withUnsafeMutableBufferPointer { vectors in
                var row = 0
                for (index, sequence) in sequences.enumerated() {
                    let vector = vectors.baseAddress! + index * hidden
                    for token in 0..<sequence.count {
                        let state = states + (row + token) * hidden
                        for dimension in 0..<hidden { vector[dimension] += state[dimension] }
                    }
                    row += sequence.count
                    var squares: Float = 0
                    for dimension in 0..<hidden { squares += vector[dimension] * vector[dimension] }
                    // Mean pooling's division by the length cancels in the normalisation.
                    let scale = 1 / max(squares.squareRoot(), 1e-12)
                    for dimension in 0..<hidden { vector[dimension] *= scale }
                }
            }
        }
        return output
    }

    /// The last layer's output for every token, sequences one after another (tokens × hidden).
    public func lastHiddenStates(_ sequences: [[Int32]]) -> [Float] {
        var result: [Float] = []
        withLastHiddenStates(sequences, workspace: BertWorkspace()) { states in
            result = Array(UnsafeBufferPointer(start: states, count: sequences.reduce(0) { $0 + $1.count } * configuration.hiddenSize))
        }
        return result
    }

    /// Floating-point operations of one forward pass over sequences of these lengths: the matrix
    /// products (2 per multiply-add), which are all but a fraction of a percent of the work.
    public func operations<Lengths: Sequence<Int>>(sequenceLengths: Lengths) -> Double {
        let hidden = Double(configuration.hiddenSize)
        let projections = 2 * hidden * (4 * hidden + 2 * Double(configuration.intermediateSize))
        var total = 0.0
        for length in sequenceLengths {
            let tokens = Double(length)
            total += tokens * projections + 4 * tokens * tokens * hidden
        }
        return total * Double(configuration.layerCount)
    }

    /// Runs the encoder and lends the last hidden states to `body`; they live in `workspace`
    /// and are overwritten by its next use.
    func withLastHiddenStates(_ sequences: [[Int32]], workspace: BertWorkspace, _ body: (UnsafePointer<Float>) -> Void) {
        let configuration = configuration
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        let tokens = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.reduce(0) { max($0, $1.count) }
        guard tokens > 0 else { return }
        precondition(longest <= configuration.maxPositions, "sequence of \(longest) tokens exceeds the model's \(configuration.maxPositions) positions")

        let regions = workspace.regions([tokens * hidden, tokens * 3 * hidden, tokens * hidden, tokens * intermediate,
                                         AttentionKernel.scratchSize(length: longest, headSize: configuration.headSize)])
        let (states, queryKeyValue, context, feedForward, attentionScratch) = (regions[0], regions[1], regions[2], regions[3], regions[4])

        embed(sequences, into: states)
        for layer in weights.layers {
            // Q, K and V for all tokens in one product: rows := bias, then += states·Wᵀ.
            project(states, rows: tokens, through: layer.queryKeyValue, into: queryKeyValue, accumulate: false)
            attend(queryKeyValue, sequences: sequences, scratch: attentionScratch, into: context)
            // Residual connections: the output rows start as the input plus the bias, and the product adds on top.
            layer.attentionOutput.bias.withUnsafeBufferPointer {
                VectorKernels.addBias(states, rowCount: tokens, width: hidden, bias: $0.baseAddress!)
            }
            project(context, rows: tokens, through: layer.attentionOutput, into: states, accumulate: true)
            normalise(states, rows: tokens, with: layer.attentionNorm)

            project(states, rows: tokens, through: layer.intermediate, into: feedForward, accumulate: false)
            VectorKernels.gelu(feedForward, count: tokens * intermediate)
            layer.output.bias.withUnsafeBufferPointer {
                VectorKernels.addBias(states, rowCount: tokens, width: hidden, bias: $0.baseAddress!)
            }
            project(feedForward, rows: tokens, through: layer.output, into: states, accumulate: true)
            normalise(states, rows: tokens, with: layer.outputNorm)
        }
        body(states)
    }

    /// Word + position + token-type (always type 0: single sentences) embeddings, then LayerNorm.
    private func embed(_ sequences: [[Int32]], into states: UnsafeMutablePointer<Float>) {
        let hidden = configuration.hiddenSize
        weights.wordEmbeddings.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.withUnsafeBufferPointer { positions in
                weights.tokenTypeEmbeddings.withUnsafeBufferPointer { types in
                    var row = 0
                    for sequence in sequences {
                        for (position, id) in sequence.enumerated() {
                            let out = states + row * hidden
                            let word = words.baseAddress! + Int(id) * hidden
                            let place = positions.baseAddress! + position * hidden
                            for dimension in 0..<hidden { out[dimension] = word[dimension] + place[dimension] + types[dimension] }
                            row += 1
                        }
                    }
                }
            }
        }
        normalise(states, rows: sequences.reduce(0) { $0 + $1.count }, with: weights.embeddingNorm)
    }

    /// output (rows × outputs) := [output +] bias + input·Wᵀ, with one BLAS product.
    private func project(_ input: UnsafePointer<Float>, rows: Int, through layer: DenseWeights,
                         into output: UnsafeMutablePointer<Float>, accumulate: Bool) {
        if !accumulate {
            layer.bias.withUnsafeBufferPointer {
                VectorKernels.fillWithBias(output, rowCount: rows, width: layer.outputs, bias: $0.baseAddress!)
            }
        }
        layer.weight.withUnsafeBufferPointer { weight in
            BLAS.multiplyByTransposed(m: rows, n: layer.outputs, k: layer.inputs, a: input, lda: layer.inputs,
                                      b: weight.baseAddress!, ldb: layer.inputs, beta: 1, c: output, ldc: layer.outputs)
        }
    }

    /// Scaled dot-product attention, per sequence and head: softmax(Q·Kᵀ/√d)·V into `context`.
    private func attend(_ queryKeyValue: UnsafeMutablePointer<Float>, sequences: [[Int32]],
                        scratch: UnsafeMutablePointer<Float>, into context: UnsafeMutablePointer<Float>) {
        let hidden = configuration.hiddenSize
        let headSize = configuration.headSize
        let stride = 3 * hidden
        let scale = 1 / Float(headSize).squareRoot()
        var start = 0
        for sequence in sequences {
            let length = sequence.count
            let rows = queryKeyValue + start * stride
            for head in 0..<configuration.headCount {
                let query = rows + head * headSize
                AttentionKernel.attend(query: query, key: query + hidden, value: query + 2 * hidden, rowStride: stride,
                                       length: length, headSize: headSize, scale: scale, scratch: scratch,
                                       context: context + start * hidden + head * headSize, contextStride: hidden)
            }
            start += length
        }
    }

    private func normalise(_ rows: UnsafeMutablePointer<Float>, rows count: Int, with norm: LayerNormWeights) {
        norm.gamma.withUnsafeBufferPointer { gamma in
            norm.beta.withUnsafeBufferPointer { beta in
                VectorKernels.layerNorm(rows, rowCount: count, width: configuration.hiddenSize, gamma: gamma.baseAddress!,
                                        beta: beta.baseAddress!, epsilon: configuration.layerNormEpsilon)
            }
        }
    }
}

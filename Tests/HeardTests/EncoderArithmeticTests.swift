import Foundation
@testable import HeardML
import HeardStats
import Testing

/// A tiny BERT with random weights, run by the encoder and by a plain scalar implementation
/// (double precision, written out step by step below); the two must agree.
@Suite struct EncoderArithmeticTests {
    /// A hidden size of 20 with 4 heads of 5 leaves remainders after the 8-lane vector loops;
    /// 32 with 2 heads runs them without.
    static let shapes = [
        BertConfiguration(vocabularySize: 30, hiddenSize: 20, layerCount: 2, headCount: 4, intermediateSize: 36, maxPositions: 16),
        BertConfiguration(vocabularySize: 30, hiddenSize: 32, layerCount: 2, headCount: 2, intermediateSize: 64, maxPositions: 16),
    ]

    @Test(arguments: shapes) func packedBatchMatchesScalarReference(configuration: BertConfiguration) {
        let weights = TinyBert.randomWeights(configuration, seed: 7)
        let sequences: [[Int32]] = [[1, 5, 9, 2], [1, 2], [1, 7, 7, 7, 8, 3, 11, 12, 29, 2], [1, 4, 2]]
        let model = BertModel(weights: weights)

        let states = model.lastHiddenStates(sequences)
        let expectedStates = sequences.flatMap { ScalarBert(weights: weights).lastHiddenStates($0) }
        #expect(states.count == expectedStates.count)
        #expect(zip(states, expectedStates).map { abs(Double($0) - $1) }.max()! < 2e-4)

        let vectors = model.sentenceVectors(sequences)
        for (row, sequence) in sequences.enumerated() {
            let expected = ScalarBert(weights: weights).sentenceVector(sequence)
            #expect(zip(vectors[row], expected).map { abs(Double($0) - $1) }.max()! < 1e-5)
        }
    }

    /// MiniLM's head size (32) over a long sequence, with rows interleaved as in the packed Q|K|V matrix.
    @Test func attentionKernelMatchesScalarAttention() {
        let configuration = BertConfiguration(vocabularySize: 4, hiddenSize: 64, layerCount: 1, headCount: 2, intermediateSize: 8, maxPositions: 64)
        var generator = SeededGenerator(seed: 11)
        let length = 37
        let qkv = (0..<length).map { _ in (0..<3 * 64).map { _ in Double.random(in: -2...2, using: &generator) } }
        let expected = ScalarBert(weights: TinyBert.randomWeights(configuration, seed: 1)).attention(qkv)

        let packed = qkv.flatMap { $0.map(Float.init) }
        var context = [Float](repeating: 0, count: length * 64)
        var scratch = [Float](repeating: .nan, count: AttentionKernel.scratchSize(length: length, headSize: 32))
        packed.withUnsafeBufferPointer { rows in
            context.withUnsafeMutableBufferPointer { out in
                for head in 0..<2 {
                    let query = rows.baseAddress! + head * 32
                    AttentionKernel.attend(query: query, key: query + 64, value: query + 128, rowStride: 192, length: length, headSize: 32,
                                           scale: 1 / Float(32).squareRoot(), scratch: &scratch, context: out.baseAddress! + head * 32,
                                           contextStride: 64)
                }
            }
        }
        #expect(zip(context, expected.flatMap { $0 }).map { abs(Double($0) - $1) }.max()! < 1e-5)
    }

    @Test func erfKernelIsAccurate() {
        var worst = 0.0
        for step in -8000...8000 {
            let x = Float(step) / 1000
            let approximate = VectorKernels.erf(SIMD8(repeating: x))[0]
            worst = max(worst, abs(Double(approximate) - Foundation.erf(Double(x))))
        }
        #expect(worst < 1e-6)
    }

    @Test func expKernelIsAccurate() {
        var worst = 0.0
        for step in -8700...3000 {
            let x = Float(step) / 100
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(VectorKernels.exp(SIMD8(repeating: x))[0]) - exact) / exact)
        }
        #expect(worst < 1e-6)
        #expect(VectorKernels.exp(SIMD8(repeating: -.infinity))[0] == 0)
        #expect(VectorKernels.exp(SIMD8(repeating: -200))[0] == 0)
    }

    @Test func operationCountIsTheMatrixProducts() {
        let configuration = Self.shapes[1]
        let model = BertModel(weights: TinyBert.randomWeights(configuration, seed: 1))
        // Per layer and token: QKV 3·h², output h², feed-forward 2·h·i multiply-adds; attention 2·L²·h
        // per sequence; two operations per multiply-add.
        let projections: Double = 2 * 10 * (4 * 32 * 32 + 2 * 32 * 64)
        let attention: Double = 4 * 100 * 32
        let perLayer = projections + attention
        #expect(model.operations(sequenceLengths: [10]) == 2 * perLayer)
    }

    @Test func batchesPackWholeSequencesUpToTheBudget() {
        #expect(TransformerSentenceEncoder.batches(of: [3, 3, 3, 10, 1], tokensPerBatch: 6) == [0..<2, 2..<3, 3..<4, 4..<5])
        #expect(TransformerSentenceEncoder.batches(of: [], tokensPerBatch: 6) == [])
    }
}

/// Random weights of a given shape, with LayerNorm gains near 1 as in trained models.
enum TinyBert {
    static func randomWeights(_ configuration: BertConfiguration, seed: UInt64) -> BertWeights {
        var generator = SeededGenerator(seed: seed)
        func values(_ count: Int, scale: Float = 0.5, around center: Float = 0) -> [Float] {
            (0..<count).map { _ in center + scale * Float.random(in: -1...1, using: &generator) }
        }
        let hidden = configuration.hiddenSize
        let inner = configuration.intermediateSize
        func dense(_ inputs: Int, _ outputs: Int) -> DenseWeights {
            DenseWeights(weight: values(inputs * outputs, scale: 1 / Float(inputs).squareRoot()), bias: values(outputs, scale: 0.1),
                         inputs: inputs, outputs: outputs)
        }
        func norm() -> LayerNormWeights { LayerNormWeights(gamma: values(hidden, scale: 0.2, around: 1), beta: values(hidden, scale: 0.1)) }
        return BertWeights(
            configuration: configuration,
            wordEmbeddings: values(configuration.vocabularySize * hidden),
            positionEmbeddings: values(configuration.maxPositions * hidden, scale: 0.2),
            tokenTypeEmbeddings: values(configuration.tokenTypeCount * hidden, scale: 0.1),
            embeddingNorm: norm(),
            layers: (0..<configuration.layerCount).map { _ in
                BertLayerWeights(queryKeyValue: .stacked([dense(hidden, hidden), dense(hidden, hidden), dense(hidden, hidden)]),
                                 attentionOutput: dense(hidden, hidden), attentionNorm: norm(),
                                 intermediate: dense(hidden, inner), output: dense(inner, hidden), outputNorm: norm())
            })
    }
}

/// BERT as the paper and Hugging Face's BertModel define it, one sequence at a time, in doubles,
/// with no vectorisation, packing or BLAS: the yardstick for the encoder.
struct ScalarBert {
    let weights: BertWeights
    var configuration: BertConfiguration { weights.configuration }

    typealias Matrix = [[Double]]

    func lastHiddenStates(_ ids: [Int32]) -> [Double] {
        let hidden = configuration.hiddenSize
        var x: Matrix = ids.enumerated().map { position, id in
            (0..<hidden).map { d in
                Double(weights.wordEmbeddings[Int(id) * hidden + d]) + Double(weights.positionEmbeddings[position * hidden + d])
                    + Double(weights.tokenTypeEmbeddings[d])
            }
        }
        x = x.map { layerNorm($0, weights.embeddingNorm) }
        for layer in weights.layers {
            let qkv = x.map { linear($0, layer.queryKeyValue) }
            let attended = attention(qkv)
            x = zip(x, attended).map { residual, context in
                layerNorm(zip(residual, linear(context, layer.attentionOutput)).map(+), layer.attentionNorm)
            }
            x = x.map { row in
                let inner = linear(row, layer.intermediate).map { $0 * 0.5 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
                return layerNorm(zip(row, linear(inner, layer.output)).map(+), layer.outputNorm)
            }
        }
        return x.flatMap { $0 }
    }

    func sentenceVector(_ ids: [Int32]) -> [Double] {
        let hidden = configuration.hiddenSize
        let states = lastHiddenStates(ids)
        let mean = (0..<hidden).map { d in stride(from: d, to: states.count, by: hidden).map { states[$0] }.reduce(0, +) / Double(ids.count) }
        let length = mean.map { $0 * $0 }.reduce(0, +).squareRoot()
        return mean.map { $0 / length }
    }

    func linear(_ x: [Double], _ layer: DenseWeights) -> [Double] {
        (0..<layer.outputs).map { o in
            (0..<layer.inputs).reduce(Double(layer.bias[o])) { $0 + x[$1] * Double(layer.weight[o * layer.inputs + $1]) }
        }
    }

    func layerNorm(_ x: [Double], _ norm: LayerNormWeights) -> [Double] {
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count)
        let scale = 1 / (variance + Double(configuration.layerNormEpsilon)).squareRoot()
        return x.indices.map { (x[$0] - mean) * scale * Double(norm.gamma[$0]) + Double(norm.beta[$0]) }
    }

    /// Rows of Q|K|V in, the heads' contexts side by side out.
    func attention(_ qkv: Matrix) -> Matrix {
        let hidden = configuration.hiddenSize
        let size = configuration.headSize
        var context = Matrix(repeating: [Double](repeating: 0, count: hidden), count: qkv.count)
        for head in 0..<configuration.headCount {
            let offset = head * size
            for i in qkv.indices {
                let scores = qkv.indices.map { j in
                    (0..<size).reduce(0.0) { $0 + qkv[i][offset + $1] * qkv[j][hidden + offset + $1] } / Double(size).squareRoot()
                }
                let largest = scores.max()!
                let exps = scores.map { Foundation.exp($0 - largest) }
                let total = exps.reduce(0, +)
                for j in qkv.indices {
                    for d in 0..<size { context[i][offset + d] += exps[j] / total * qkv[j][2 * hidden + offset + d] }
                }
            }
        }
        return context
    }
}

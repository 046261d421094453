import Foundation
@testable import HeardEngine
@testable import HeardML
import HeardStats
import Testing

/// The static path: distillation from a tiny random BERT, the weighted mean, the table file.
@Suite struct StaticVectorTests {
    static let words = ["the", "bag", "was", "lost", "refund", "late", "##s", "app", "crash", "staff", "rude", "flight"]
    static let vocabulary = (["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[unused0]", ".", "!"] + words).joined(separator: "\n") + "\n"

    static func tokenizer() throws -> WordPieceTokenizer {
        try WordPieceTokenizer(vocabulary: vocabulary, file: "vocab.txt", maxTokens: 16)
    }

    static func tinyEncoder() throws -> TransformerSentenceEncoder {
        let tokenizer = try tokenizer()
        let configuration = BertConfiguration(vocabularySize: tokenizer.vocabularySize, hiddenSize: 16, layerCount: 1, headCount: 2,
                                              intermediateSize: 24, maxPositions: 16)
        return TransformerSentenceEncoder(identifier: "tiny", tokenizer: tokenizer,
                                          model: BertModel(weights: TinyBert.randomWeights(configuration, seed: 3)))
    }

    @Test func distilledRowsAreTheCentredTokenVectorsInPrincipalAxes() throws {
        let encoder = try Self.tinyEncoder()
        var distiller = StaticTableDistiller()
        distiller.dimensions = 16
        let (table, report) = distiller.distill(encoder: encoder, corpus: ["the bag was lost", "the flight was late"])
        #expect(table.dimensions == 16 && table.vocabularySize == encoder.tokenizer.vocabularySize)
        #expect(abs(report.explainedVariance - 1) < 1e-6)

        // With every dimension kept, PCA is a rotation after centring: distances between tokens survive.
        let tokenizer = encoder.tokenizer
        let ids = Self.words.map { tokenizer.id(of: $0)! }
        let original = encoder.model.sentenceVectors(ids.map { [tokenizer.classifierID, $0, tokenizer.separatorID] })
        var worst: Float = 0
        for (a, first) in ids.enumerated() {
            for (b, second) in ids.enumerated() where b > a {
                let before = zip(original[a], original[b]).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                let rowA = table.vectors[Int(first) * 16 ..< Int(first + 1) * 16], rowB = table.vectors[Int(second) * 16 ..< Int(second + 1) * 16]
                let after = zip(rowA, rowB).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                worst = max(worst, abs(before - after))
            }
        }
        #expect(worst < 1e-4)
        // Special pieces never count.
        for special in ["[PAD]", "[CLS]", "[SEP]", "[unused0]", "[UNK]"] {
            #expect(table.weights[Int(tokenizer.id(of: special)!)] == 0)
        }
    }

    @Test func fewerDimensionsKeepTheLeadingComponents() throws {
        var distiller = StaticTableDistiller()
        distiller.dimensions = 4
        let (table, report) = distiller.distill(encoder: try Self.tinyEncoder(), corpus: [])
        #expect(table.dimensions == 4)
        #expect(report.explainedVariance > 0 && report.explainedVariance < 1)
        // Variance along the kept axes decreases from the first to the last.
        let included = StaticTableDistiller.isSpecial
        let pieces = try Self.tokenizer().piecesByID
        let rows = pieces.indices.filter { !included(pieces[$0]) }
        let variances = (0..<4).map { axis in rows.reduce(0.0) { $0 + Double(table.vectors[$1 * 4 + axis] * table.vectors[$1 * 4 + axis]) } }
        #expect(zip(variances, variances.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func sifWeightsFollowTokenFrequency() {
        let weights = StaticTableDistiller.sifWeights(counts: [50, 30, 15, 5, 0], counted: [false, true, true, true, true], smoothing: 0.1)
        #expect(weights[0] == 0)
        // p = 30/50, 15/50, 5/50, 0 → a/(a+p).
        #expect(abs(weights[1] - Float(0.1 / 0.7)) < 1e-6)
        #expect(abs(weights[2] - Float(0.1 / 0.4)) < 1e-6)
        #expect(abs(weights[3] - Float(0.1 / 0.2)) < 1e-6)
        #expect(weights[4] == 1)
    }

    @Test func ridgeMapRecoversALinearRelation() {
        var generator = SeededGenerator(seed: 5)
        let n = 200, p = 4, q = 3
        let truth: [Float] = (0..<(p * q)).map { _ in Float.random(in: -1...1, using: &generator) }
        let x = EmbeddingMatrix(dimensions: p, values: (0..<(n * p)).map { _ in Float.random(in: -1...1, using: &generator) })
        let y = EmbeddingMatrix(dimensions: q, values: StaticTableDistiller.multiply(x.values, rows: n, inner: p, by: truth, columns: q))
        let map = StaticTableDistiller.ridgeMap(inputs: x, targets: y, penalty: 1e-6)
        #expect(zip(map, truth).map { abs($0 - $1) }.max()! < 1e-3)
    }

    /// A table with known rows: "bag" = e0 (weight 2), "lost" = e1 (weight 1), "the" = e2 (weight 0.5).
    static func handMadeEncoder() throws -> StaticSentenceEncoder {
        let tokenizer = try tokenizer()
        var vectors = [Float](repeating: 0, count: tokenizer.vocabularySize * 3)
        var weights = [Float](repeating: 0, count: tokenizer.vocabularySize)
        for (axis, (word, weight)) in [("bag", Float(2)), ("lost", 1), ("the", 0.5)].enumerated() {
            let id = Int(tokenizer.id(of: word)!)
            vectors[id * 3 + axis] = 1
            weights[id] = weight
        }
        let table = StaticEmbeddingTable(model: "hand-made", dimensions: 3, vectors: vectors, weights: weights, method: "test")
        return StaticSentenceEncoder(table: table, tokenizer: tokenizer)
    }

    @Test func aTextsVectorIsTheWeightedMeanOfItsTokens() throws {
        let encoder = try Self.handMadeEncoder()
        let vectors = encoder.embed(["The bag, the BAG… lost!", "the", "", "Thé bäg"])
        // 2·(2·e0) + 1·e1 + 2·(0.5·e2) = (4, 1, 1), normalised; punctuation has weight 0 here.
        let norm = Float(18).squareRoot()
        #expect(zip(vectors[0], [4 / norm, 1 / norm, 1 / norm]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(Array(vectors[1]) == [0, 0, 1])
        #expect(Array(vectors[2]) == [0, 0, 0])
        // Accents are stripped on the Unicode path as BERT does: the same as "the bag".
        let plain = encoder.embed(["the bag"])
        #expect(zip(vectors[3], plain[0]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func tableFileRoundTripsAndRejectsDamage() throws {
        let scratch = try Scratch()
        let encoder = try Self.handMadeEncoder()
        try encoder.table.write(to: scratch.url)
        try Self.vocabulary.write(to: scratch.url.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        let loaded = try StaticModelFolder(url: scratch.url).loadEncoder()
        #expect(loaded.table == encoder.table)
        #expect(loaded.identifier == encoder.identifier)

        var bytes = try Data(contentsOf: scratch.url.appendingPathComponent(StaticEmbeddingTable.dataFile))
        bytes[0] ^= 0xFF
        try bytes.write(to: scratch.url.appendingPathComponent(StaticEmbeddingTable.dataFile))
        #expect { try StaticEmbeddingTable(folder: scratch.url) } throws: { ($0 as? ModelFileError)?.problem.contains("checksum") == true }
    }

    @Test func missingTableNamesTheCommand() throws {
        let scratch = try Scratch()
        #expect { try StaticModel.load(folder: scratch.url.path) } throws: { "\($0)".contains("heard models distill") }
    }
}

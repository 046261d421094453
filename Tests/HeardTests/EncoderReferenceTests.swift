import Foundation
import HeardEngine
import HeardML
import Testing

/// The real all-MiniLM-L6-v2 against sentence-transformers on 50 sentences
/// (Fixtures/minilm-reference.json, made by bench/make-embedding-reference.py). The model comes
/// from `heard models fetch`, which scripts/test.sh runs first.
@Suite struct EncoderReferenceTests {
    struct Reference: Decodable {
        struct Sentence: Decodable {
            var text: String
            var ids: [Int32]
            var vector: [Float]
        }
        var max_tokens: Int
        var sentences: [Sentence]
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minilm-reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    static let encoder: Result<TransformerSentenceEncoder, any Error> = Result { try EncoderModel.load(workers: 2) }

    func encoder() throws -> TransformerSentenceEncoder {
        do {
            return try Self.encoder.get()
        } catch {
            Issue.record("the reference tests need the model: \(error)")
            throw error
        }
    }

    @Test func tokenIdsMatchHuggingFace() throws {
        let tokenizer = try encoder().tokenizer
        #expect(tokenizer.maxTokens == Self.reference.max_tokens)
        for sentence in Self.reference.sentences {
            #expect(tokenizer.encode(sentence.text) == sentence.ids, "\(sentence.text.debugDescription)")
        }
    }

    @Test func vectorsMatchSentenceTransformers() throws {
        let sentences = Self.reference.sentences
        let vectors = try encoder().embed(sentences.map(\.text))
        var lowest: Float = 1
        for (index, sentence) in sentences.enumerated() {
            let cosine = zip(vectors[index], sentence.vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                / (sentence.vector.reduce(Float(0)) { $0 + $1 * $1 }).squareRoot()
            lowest = min(lowest, cosine)
            #expect(cosine >= 0.999, "cosine \(cosine) for \(sentence.text.debugDescription)")
        }
        print("lowest cosine against sentence-transformers over \(sentences.count) sentences: \(lowest)")
    }

    @Test func batchingAndCachingDoNotChangeVectors() throws {
        let encoder = try encoder()
        let texts = Self.reference.sentences.prefix(12).map(\.text)
        let alone = texts.map { encoder.model.sentenceVectors([encoder.tokenizer.encode($0)])[0] }
        let together = encoder.encodeInBatches(texts.map(encoder.tokenizer.encode))
        for (index, vector) in alone.enumerated() {
            let cosine = zip(vector, together[index]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(cosine > 0.99999)
        }
        let repeated = texts + texts.reversed()
        let run = encoder.encode(repeated)
        #expect(run.distinctTexts == Set(texts).count)
        #expect(run.vectors[0] == run.vectors[repeated.count - 1])
    }
}

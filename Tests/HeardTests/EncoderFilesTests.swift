import Foundation
@testable import HeardEngine
import HeardML
import Testing

/// Model folders written by the test (a tiny random BERT in safetensors, its config.json and
/// vocab.txt), loaded the way the real model is.
@Suite struct EncoderFilesTests {
    static let configuration = BertConfiguration(vocabularySize: 12, hiddenSize: 16, layerCount: 1, headCount: 2,
                                                 intermediateSize: 24, maxPositions: 8)
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "bill", "was", "wrong", "##s", "!", "caf", "##e"]

    /// Tensors named as Hugging Face's BertModel names them.
    static func tensors(_ weights: BertWeights) -> [(String, [Int], [Float])] {
        let c = weights.configuration
        let h = c.hiddenSize
        var tensors: [(String, [Int], [Float])] = [
            ("embeddings.word_embeddings.weight", [c.vocabularySize, h], weights.wordEmbeddings),
            ("embeddings.position_embeddings.weight", [c.maxPositions, h], weights.positionEmbeddings),
            ("embeddings.token_type_embeddings.weight", [c.tokenTypeCount, h], weights.tokenTypeEmbeddings),
            ("embeddings.LayerNorm.weight", [h], weights.embeddingNorm.gamma),
            ("embeddings.LayerNorm.bias", [h], weights.embeddingNorm.beta),
        ]
        for (index, layer) in weights.layers.enumerated() {
            let prefix = "encoder.layer.\(index)."
            for (part, name) in ["query", "key", "value"].enumerated() {
                tensors.append((prefix + "attention.self.\(name).weight", [h, h], Array(layer.queryKeyValue.weight[part * h * h ..< (part + 1) * h * h])))
                tensors.append((prefix + "attention.self.\(name).bias", [h], Array(layer.queryKeyValue.bias[part * h ..< (part + 1) * h])))
            }
            for (name, dense) in [("attention.output.dense", layer.attentionOutput), ("intermediate.dense", layer.intermediate), ("output.dense", layer.output)] {
                tensors.append((prefix + name + ".weight", [dense.outputs, dense.inputs], dense.weight))
                tensors.append((prefix + name + ".bias", [dense.outputs], dense.bias))
            }
            for (name, norm) in [("attention.output.LayerNorm", layer.attentionNorm), ("output.LayerNorm", layer.outputNorm)] {
                tensors.append((prefix + name + ".weight", [h], norm.gamma))
                tensors.append((prefix + name + ".bias", [h], norm.beta))
            }
        }
        return tensors
    }

    static func safetensors(_ tensors: [(String, [Int], [Float])], dtype: String = "F32") -> [UInt8] {
        var header: [String: Any] = ["__metadata__": ["format": "pt"]]
        var data: [UInt8] = []
        for (name, shape, values) in tensors {
            let start = data.count
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data += $0 } }
            header[name] = ["dtype": dtype, "shape": shape, "data_offsets": [start, data.count]]
        }
        let json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let length = UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + Array(json) + data
    }

    static let configJSON = """
        {"model_type": "bert", "hidden_act": "gelu", "vocab_size": 12, "hidden_size": 16, "num_hidden_layers": 1,
         "num_attention_heads": 2, "intermediate_size": 24, "max_position_embeddings": 8, "type_vocab_size": 2,
         "layer_norm_eps": 1e-12}
        """

    func writeFolder(_ scratch: Scratch, weights: BertWeights, tensors: [(String, [Int], [Float])]? = nil, config: String = configJSON) throws -> String {
        try FileManager.default.createDirectory(atPath: scratch.path("model"), withIntermediateDirectories: true)
        try scratch.write("model/config.json", config)
        try scratch.write("model/vocab.txt", Self.vocabulary.joined(separator: "\n") + "\n")
        try scratch.write("model/model.safetensors", bytes: Self.safetensors(tensors ?? Self.tensors(weights)))
        return scratch.path("model")
    }

    @Test func folderLoadsIntoTheSameModel() throws {
        let scratch = try Scratch()
        let weights = TinyBert.randomWeights(Self.configuration, seed: 3)
        let encoder = try EncoderModel.load(folder: try writeFolder(scratch, weights: weights))
        #expect(encoder.dimensions == 16)
        #expect(encoder.tokenizer.maxTokens == 8)
        #expect(encoder.tokenizer.encode("The bills were WRONG!") == [2, 4, 5, 8, 1, 7, 9, 3])
        let direct = BertModel(weights: weights).sentenceVectors([encoder.tokenizer.encode("the bill")])
        #expect(encoder.embed(["the bill"]) == direct)
        #expect(encoder.identifier.hasPrefix("model@"))
    }

    @Test func badFilesNameTheFileAndTheTensor() throws {
        let scratch = try Scratch()
        let weights = TinyBert.randomWeights(Self.configuration, seed: 3)
        var tensors = Self.tensors(weights)
        tensors[0].1 = [16, 12]
        let wrongShape = try writeFolder(scratch, weights: weights, tensors: tensors)
        #expect(throws: ModelFileError.self) { try EncoderModel.load(folder: wrongShape) }
        do {
            _ = try EncoderModel.load(folder: wrongShape)
        } catch {
            #expect("\(error)".contains("model.safetensors: tensor embeddings.word_embeddings.weight has shape [16, 12], expected [12, 16]"))
        }

        let missing = try writeFolder(scratch, weights: weights, tensors: Array(Self.tensors(weights).dropLast()))
        #expect(throws: ModelFileError(file: missing + "/model.safetensors", problem: "tensor encoder.layer.0.output.LayerNorm.bias is missing")) {
            try EncoderModel.load(folder: missing)
        }

        let relu = try writeFolder(scratch, weights: weights, config: Self.configJSON.replacingOccurrences(of: "\"gelu\"", with: "\"relu\""))
        #expect(throws: ModelFileError(file: relu + "/config.json", problem: "hidden_act is relu; only gelu is supported")) {
            try EncoderModel.load(folder: relu)
        }

        try scratch.write("model/config.json", Self.configJSON)
        try scratch.write("model/model.safetensors", bytes: Self.safetensors(Self.tensors(weights), dtype: "F16"))
        #expect(throws: ModelFileError(file: relu + "/model.safetensors", problem: "tensor encoder.layer.0.attention.self.query.weight is F16; only F32 is supported")) {
            try TransformerModelFolder(url: URL(fileURLWithPath: relu)).loadEncoder()
        }
    }

    @Test func missingModelSaysWhichCommandFetchesIt() throws {
        let scratch = try Scratch()
        let folder = scratch.path("nothing-here")
        do {
            _ = try EncoderModel.load(folder: folder)
            Issue.record("loading an empty folder should fail")
        } catch {
            #expect("\(error)".contains("heard models fetch --model-dir \(folder)"))
            #expect("\(error)".contains("missing config.json, vocab.txt, model.safetensors"))
        }
        let fallback = EncoderModel.defaultFolder(environment: ["HEARD_MODELS": "/srv/models"])
        #expect(fallback.path == "/srv/models/all-MiniLM-L6-v2")
    }

    @Test func jsonLinesKeepLineTextModelAndVector() throws {
        let vectors = EmbeddingMatrix(dimensions: 2, values: [0.5, -0.25, 1, 0])
        let rows = [LabelledRow(line: 2, text: "say \"hi\"\nthere", label: ""), LabelledRow(line: 5, text: "ok", label: "")]
        let lines = String(decoding: VectorFile.jsonLines(vectors, rows: rows, model: "m@1"), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["line"] as? Int == 2)
        #expect(first["text"] as? String == "say \"hi\"\nthere")
        #expect(first["model"] as? String == "m@1")
        #expect(first["vector"] as? [Double] == [0.5, -0.25])
    }

    @Test func numpyFileHasAnAlignedHeaderAndTheValues() {
        let vectors = EmbeddingMatrix(dimensions: 3, values: [1, 2, 3, 4, 5, 6])
        let data = [UInt8](VectorFile.numpy(vectors))
        #expect(Array(data[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: data[10 ..< 10 + headerLength], as: UTF8.self)
        #expect(header.contains("'shape': (2, 3)") && header.hasSuffix("\n"))
        let values = stride(from: 10 + headerLength, to: data.count, by: 4).map { offset in
            Float(bitPattern: UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24)
        }
        #expect(values == [1, 2, 3, 4, 5, 6])
    }
}

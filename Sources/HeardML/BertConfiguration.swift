import Foundation

/// The shape of a BERT encoder, as Hugging Face's config.json gives it.
public struct BertConfiguration: Sendable, Equatable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var tokenTypeCount: Int
    public var layerNormEpsilon: Float

    public init(vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int,
                maxPositions: Int, tokenTypeCount: Int = 2, layerNormEpsilon: Float = 1e-12) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.tokenTypeCount = tokenTypeCount
        self.layerNormEpsilon = layerNormEpsilon
    }

    public var headSize: Int { hiddenSize / headCount }

    /// Parses config.json; `file` names it in errors.
    public init(json: Data, file: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw ModelFileError(file: file, problem: "is not a JSON object")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = (object[key] as? NSNumber)?.intValue, value > 0 else {
                throw ModelFileError(file: file, problem: "field \(key) is missing or not a positive integer")
            }
            return value
        }
        if let modelType = object["model_type"] as? String, modelType != "bert" {
            throw ModelFileError(file: file, problem: "model_type is \(modelType); only bert is supported")
        }
        // HF's "gelu" is the exact erf form, which is what the encoder computes.
        if let activation = object["hidden_act"] as? String, activation != "gelu" {
            throw ModelFileError(file: file, problem: "hidden_act is \(activation); only gelu is supported")
        }
        if let positions = object["position_embedding_type"] as? String, positions != "absolute" {
            throw ModelFileError(file: file, problem: "position_embedding_type is \(positions); only absolute is supported")
        }
        self.init(
            vocabularySize: try integer("vocab_size"),
            hiddenSize: try integer("hidden_size"),
            layerCount: try integer("num_hidden_layers"),
            headCount: try integer("num_attention_heads"),
            intermediateSize: try integer("intermediate_size"),
            maxPositions: try integer("max_position_embeddings"),
            tokenTypeCount: try integer("type_vocab_size"),
            layerNormEpsilon: (object["layer_norm_eps"] as? NSNumber)?.floatValue ?? 1e-12)
        guard hiddenSize % headCount == 0 else {
            throw ModelFileError(file: file, problem: "hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
    }
}

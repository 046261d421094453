/// A fully connected layer, y = x·Wᵀ + b, with W stored as PyTorch does: `outputs` rows of `inputs`.
public struct DenseWeights: Sendable {
    public var weight: [Float]
    public var bias: [Float]
    public var inputs: Int
    public var outputs: Int

    public init(weight: [Float], bias: [Float], inputs: Int, outputs: Int) {
        precondition(weight.count == inputs * outputs && bias.count == outputs, "dense layer shape mismatch")
        self.weight = weight
        self.bias = bias
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Layers that read the same input stacked into one, so one matrix product computes them all.
    public static func stacked(_ layers: [DenseWeights]) -> DenseWeights {
        DenseWeights(weight: layers.flatMap(\.weight), bias: layers.flatMap(\.bias),
                     inputs: layers[0].inputs, outputs: layers.reduce(0) { $0 + $1.outputs })
    }
}

public struct LayerNormWeights: Sendable {
    public var gamma: [Float]
    public var beta: [Float]

    public init(gamma: [Float], beta: [Float]) {
        precondition(gamma.count == beta.count, "layer norm shape mismatch")
        self.gamma = gamma
        self.beta = beta
    }
}

public struct BertLayerWeights: Sendable {
    /// Query, key and value projections stacked (3·hidden outputs) in that order.
    public var queryKeyValue: DenseWeights
    public var attentionOutput: DenseWeights
    public var attentionNorm: LayerNormWeights
    public var intermediate: DenseWeights
    public var output: DenseWeights
    public var outputNorm: LayerNormWeights

    public init(queryKeyValue: DenseWeights, attentionOutput: DenseWeights, attentionNorm: LayerNormWeights,
                intermediate: DenseWeights, output: DenseWeights, outputNorm: LayerNormWeights) {
        self.queryKeyValue = queryKeyValue
        self.attentionOutput = attentionOutput
        self.attentionNorm = attentionNorm
        self.intermediate = intermediate
        self.output = output
        self.outputNorm = outputNorm
    }
}

public struct BertWeights: Sendable {
    public var configuration: BertConfiguration
    /// vocabularySize × hidden, maxPositions × hidden and tokenTypeCount × hidden, row-major.
    public var wordEmbeddings: [Float]
    public var positionEmbeddings: [Float]
    public var tokenTypeEmbeddings: [Float]
    public var embeddingNorm: LayerNormWeights
    public var layers: [BertLayerWeights]

    public init(configuration: BertConfiguration, wordEmbeddings: [Float], positionEmbeddings: [Float],
                tokenTypeEmbeddings: [Float], embeddingNorm: LayerNormWeights, layers: [BertLayerWeights]) {
        let hidden = configuration.hiddenSize
        precondition(wordEmbeddings.count == configuration.vocabularySize * hidden
            && positionEmbeddings.count == configuration.maxPositions * hidden
            && tokenTypeEmbeddings.count == configuration.tokenTypeCount * hidden
            && layers.count == configuration.layerCount, "BERT weights do not match the configuration")
        self.configuration = configuration
        self.wordEmbeddings = wordEmbeddings
        self.positionEmbeddings = positionEmbeddings
        self.tokenTypeEmbeddings = tokenTypeEmbeddings
        self.embeddingNorm = embeddingNorm
        self.layers = layers
    }

    /// Reads Hugging Face `BertModel` tensor names (with or without a `bert.` prefix), checking
    /// every shape against the configuration.
    public init(safetensors file: SafetensorsFile, configuration: BertConfiguration) throws {
        let prefix = file.entries["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        let hidden = configuration.hiddenSize
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            try file.floats(prefix + name, shape: shape)
        }
        func dense(_ name: String, inputs: Int, outputs: Int) throws -> DenseWeights {
            DenseWeights(weight: try tensor(name + ".weight", [outputs, inputs]), bias: try tensor(name + ".bias", [outputs]),
                         inputs: inputs, outputs: outputs)
        }
        func norm(_ name: String) throws -> LayerNormWeights {
            LayerNormWeights(gamma: try tensor(name + ".weight", [hidden]), beta: try tensor(name + ".bias", [hidden]))
        }
        let layers = try (0..<configuration.layerCount).map { index in
            let layer = "encoder.layer.\(index)."
            return BertLayerWeights(
                queryKeyValue: .stacked(try ["query", "key", "value"].map {
                    try dense(layer + "attention.self." + $0, inputs: hidden, outputs: hidden)
                }),
                attentionOutput: try dense(layer + "attention.output.dense", inputs: hidden, outputs: hidden),
                attentionNorm: try norm(layer + "attention.output.LayerNorm"),
                intermediate: try dense(layer + "intermediate.dense", inputs: hidden, outputs: configuration.intermediateSize),
                output: try dense(layer + "output.dense", inputs: configuration.intermediateSize, outputs: hidden),
                outputNorm: try norm(layer + "output.LayerNorm"))
        }
        self.init(
            configuration: configuration,
            wordEmbeddings: try tensor("embeddings.word_embeddings.weight", [configuration.vocabularySize, hidden]),
            positionEmbeddings: try tensor("embeddings.position_embeddings.weight", [configuration.maxPositions, hidden]),
            tokenTypeEmbeddings: try tensor("embeddings.token_type_embeddings.weight", [configuration.tokenTypeCount, hidden]),
            embeddingNorm: try norm("embeddings.LayerNorm"),
            layers: layers)
    }
}

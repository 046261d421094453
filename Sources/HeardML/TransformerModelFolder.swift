import Foundation

/// A sentence-transformers model folder in Hugging Face's layout: config.json, vocab.txt and
/// model.safetensors, optionally tokenizer_config.json (lower-casing) and
/// sentence_bert_config.json (the sequence length the model was trained for).
public struct TransformerModelFolder: Sendable {
    public static let requiredFiles = ["config.json", "vocab.txt", "model.safetensors"]

    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// Required files that are not there.
    public var missingFiles: [String] {
        Self.requiredFiles.filter { !FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    public func loadEncoder(tokensPerBatch: Int = 1024, workers: Int = 1) throws -> TransformerSentenceEncoder {
        if let missing = missingFiles.first {
            throw ModelFileError(file: url.appendingPathComponent(missing).path, problem: "is missing")
        }
        let configurationFile = url.appendingPathComponent("config.json")
        let configuration = try BertConfiguration(json: try read(configurationFile), file: configurationFile.path)
        let weightsFile = try SafetensorsFile(contentsOf: url.appendingPathComponent("model.safetensors"))
        let weights = try BertWeights(safetensors: weightsFile, configuration: configuration)

        let vocabularyFile = url.appendingPathComponent("vocab.txt")
        let tokenizer = try WordPieceTokenizer(
            vocabulary: String(decoding: try read(vocabularyFile), as: UTF8.self), file: vocabularyFile.path,
            preTokenizer: BertPreTokenizer(lowercase: try optionalField("do_lower_case", in: "tokenizer_config.json") ?? true),
            maxTokens: min(try optionalField("max_seq_length", in: "sentence_bert_config.json") ?? configuration.maxPositions,
                           configuration.maxPositions))
        guard tokenizer.vocabularySize == configuration.vocabularySize else {
            throw ModelFileError(file: vocabularyFile.path,
                                 problem: "has \(tokenizer.vocabularySize) pieces; config.json says vocab_size \(configuration.vocabularySize)")
        }
        return TransformerSentenceEncoder(identifier: "\(url.lastPathComponent)@\(fingerprint(weightsFile))", tokenizer: tokenizer,
                                          model: BertModel(weights: weights), tokensPerBatch: tokensPerBatch, workers: workers)
    }

    private func read(_ file: URL) throws -> Data {
        do {
            return try Data(contentsOf: file)
        } catch {
            throw ModelFileError(file: file.path, problem: "cannot be read (\(error.localizedDescription))")
        }
    }

    private func optionalField<Value>(_ key: String, in name: String) throws -> Value? {
        let file = url.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        guard let object = try JSONSerialization.jsonObject(with: try read(file)) as? [String: Any] else {
            throw ModelFileError(file: file.path, problem: "is not a JSON object")
        }
        guard let raw = object[key] else { return nil }
        guard let value = raw as? Value else { throw ModelFileError(file: file.path, problem: "field \(key) has the wrong type") }
        return value
    }

    /// Distinguishes model versions in stored vectors: a hash of the weight file's tensor table.
    private func fingerprint(_ file: SafetensorsFile) -> String {
        let table = file.entries.keys.sorted().map { "\($0)\(file.entries[$0]!.shape)\(file.entries[$0]!.byteRange)" }.joined()
        return String(ContentHash(table).high, radix: 16).prefix(12).description
    }
}

import Foundation

/// A folder holding a static table and the vocabulary it is indexed by: `vocab.txt`
/// (optionally `tokenizer_config.json` for lower-casing) and the table's two files. The encoder's
/// own model folder is one, once `heard models distill` has written the table into it.
public struct StaticModelFolder: Sendable {
    public static let requiredFiles = ["vocab.txt", StaticEmbeddingTable.headerFile, StaticEmbeddingTable.dataFile]

    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public var missingFiles: [String] {
        Self.requiredFiles.filter { !FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    public func loadEncoder(workers: Int = 1) throws -> StaticSentenceEncoder {
        if let missing = missingFiles.first {
            throw ModelFileError(file: url.appendingPathComponent(missing).path, problem: "is missing")
        }
        let table = try StaticEmbeddingTable(folder: url)
        let tokenizer = try Self.tokenizer(in: url)
        guard tokenizer.vocabularySize == table.vocabularySize else {
            throw ModelFileError(file: url.appendingPathComponent(StaticEmbeddingTable.headerFile).path,
                                 problem: "has \(table.vocabularySize) rows; vocab.txt has \(tokenizer.vocabularySize) pieces")
        }
        return StaticSentenceEncoder(table: table, tokenizer: tokenizer, workers: workers)
    }

    /// The WordPiece tokenizer of `vocab.txt` in `folder`, lower-casing unless tokenizer_config.json says otherwise.
    static func tokenizer(in folder: URL) throws -> WordPieceTokenizer {
        let vocabulary = folder.appendingPathComponent("vocab.txt")
        let text: String
        do {
            text = String(decoding: try Data(contentsOf: vocabulary), as: UTF8.self)
        } catch {
            throw ModelFileError(file: vocabulary.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        var lowercase = true
        let configuration = folder.appendingPathComponent("tokenizer_config.json")
        if let data = try? Data(contentsOf: configuration),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let flag = object["do_lower_case"] as? Bool {
            lowercase = flag
        }
        // Static vectors average every token, so there is no sequence limit; this only bounds `encode`.
        return try WordPieceTokenizer(vocabulary: text, file: vocabulary.path, preTokenizer: BertPreTokenizer(lowercase: lowercase), maxTokens: 512)
    }
}

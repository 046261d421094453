import Foundation
import HeardText

/// The models Heard ships, read once from the package's resources.
public enum DefaultModels {
    public struct MissingResource: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "the bundled resource \(name) is missing from this build of Heard" }
    }

    static func resourceText(_ name: String, ext: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Models") else {
            throw MissingResource(name: "Models/\(name).\(ext)")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    private static let sentimentResult: Result<SentimentModel, any Error> = Result {
        try SentimentModelFile.read(resourceText("sentiment-default", ext: "tsv"))
    }

    public static func sentiment() throws -> SentimentModel { try sentimentResult.get() }

    /// The shipped model, or the one in `path` when given.
    public static func sentiment(path: String?) throws -> SentimentModel {
        guard let path else { return try sentiment() }
        do {
            return try SentimentModelFile.read(String(contentsOfFile: path, encoding: .utf8))
        } catch let error as SentimentModelFile.FormatError {
            throw ImportError(file: path, line: error.line, field: nil, reason: error.reason)
        }
    }

    /// The shipped vector sentiment model for `path` (`Models/sentiment-vectors-PATH.tsv`), or
    /// the one in `file` when given.
    public static func vectorSentiment(file: String?, path: VectorPath) throws -> VectorSentimentModel {
        let text: String
        let source: String
        if let file {
            text = try String(contentsOfFile: file, encoding: .utf8)
            source = file
        } else {
            do {
                text = try resourceText("sentiment-vectors-\(path.rawValue)", ext: "tsv")
            } catch is MissingResource {
                throw MissingResource(name: "Models/sentiment-vectors-\(path.rawValue).tsv (no shipped vector sentiment model for --vectors \(path.rawValue); train one with `heard train sentiment --vectors \(path.rawValue)`)")
            }
            source = "Models/sentiment-vectors-\(path.rawValue).tsv"
        }
        do {
            return try VectorSentimentModelFile.read(text)
        } catch let error as SentimentModelFile.FormatError {
            throw ImportError(file: source, line: error.line, field: nil, reason: error.reason)
        }
    }
}

import Foundation
import HeardML

/// An encoder that first looks each text up among vectors `heard embed` already wrote (JSON
/// Lines with "text", "model" and "vector"), and encodes only the texts it does not find. Lets
/// training and evaluation runs on large files reuse one embedding pass.
public struct PrecomputedSentenceEncoder: SentenceEncoder {
    public let base: any SentenceEncoder
    private let known: [ContentHash: [Float]]

    public var identifier: String { base.identifier }
    public var dimensions: Int { base.dimensions }
    public var count: Int { known.count }

    /// Reads `files`; each line's model must be the base encoder's and its vector of its length.
    public init(base: any SentenceEncoder, files: [String]) throws {
        self.base = base
        var known: [ContentHash: [Float]] = [:]
        struct Line: Decodable {
            var text: String
            var model: String
            var vector: [Float]
        }
        let decoder = JSONDecoder()
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ImportError(file: file, line: nil, field: nil, reason: "cannot read: \(error.localizedDescription)")
            }
            var lineNumber = 0
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                lineNumber += 1
                let parsed: Line
                do {
                    parsed = try decoder.decode(Line.self, from: line)
                } catch {
                    throw ImportError(file: file, line: lineNumber, field: nil, reason: "not a `heard embed` JSON line: \(error)")
                }
                guard parsed.model == base.identifier, parsed.vector.count == base.dimensions else {
                    throw ImportError(file: file, line: lineNumber, field: "model", reason:
                        "vectors from \(parsed.model) (\(parsed.vector.count) values), but the encoder is \(base.identifier) (\(base.dimensions))")
                }
                known[ContentHash(parsed.text)] = parsed.vector
            }
        }
        self.known = known
    }

    public func embed(_ texts: [String]) -> EmbeddingMatrix {
        let keys = texts.map(ContentHash.init)
        let missing = texts.indices.filter { known[keys[$0]] == nil }
        let computed = base.embed(missing.map { texts[$0] })
        var computedRow: [Int: Int] = [:]
        for (row, index) in missing.enumerated() { computedRow[index] = row }
        var output = EmbeddingMatrix(dimensions: dimensions)
        for index in texts.indices {
            if let vector = known[keys[index]] { output.append(vector) } else { output.append(computed[computedRow[index]!]) }
        }
        return output
    }
}

import Foundation

/// One vector and one weight per vocabulary token, distilled from a sentence encoder: a text's
/// vector is then the weighted mean of its tokens' vectors, with no model to run.
///
/// On disk it is two files in one folder: `static-table.json`, a header with the provenance
/// (source model, dimensions, date, how it was made), and `static-table.bin`, little-endian
/// float32 values: the vocabulary × dimensions matrix row by row, then the vocabulary's weights.
public struct StaticEmbeddingTable: Sendable, Equatable {
    public static let headerFile = "static-table.json"
    public static let dataFile = "static-table.bin"
    static let format = "heard-static-embeddings"

    public struct Header: Codable, Sendable, Equatable {
        public var format: String
        public var version: Int
        /// The encoder the table was distilled from (its identifier, with the weights' fingerprint).
        public var model: String
        public var dimensions: Int
        public var vocabularySize: Int
        /// ISO 8601, UTC.
        public var created: String
        /// How the token vectors were reduced and weighted, and whether a learned map was folded in.
        public var method: String
        /// A fingerprint of the values, part of the identifier stored next to every vector.
        public var checksum: String

        enum CodingKeys: String, CodingKey {
            case format, version, model, dimensions, method, created, checksum
            case vocabularySize = "vocabulary_size"
        }
    }

    public var header: Header
    /// vocabularySize × dimensions, row-major.
    public var vectors: [Float]
    /// One per token; 0 for tokens that never count ([CLS], [SEP], [PAD], unused slots).
    public var weights: [Float]

    public var dimensions: Int { header.dimensions }
    public var vocabularySize: Int { header.vocabularySize }

    public init(model: String, dimensions: Int, vectors: [Float], weights: [Float], method: String, created: Date = Date()) {
        precondition(dimensions > 0 && vectors.count == weights.count * dimensions, "one row of \(dimensions) values per weight")
        header = Header(format: Self.format, version: 1, model: model, dimensions: dimensions, vocabularySize: weights.count,
                        created: ISO8601DateFormatter().string(from: created), method: method, checksum: "")
        self.vectors = vectors
        self.weights = weights
        header.checksum = Self.checksum(vectors: vectors, weights: weights)
    }

    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var data = Data(capacity: (vectors.count + weights.count) * 4)
        vectors.withUnsafeBufferPointer { data.append($0) }
        weights.withUnsafeBufferPointer { data.append($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Data first: a header is only ever next to the values it describes.
        try data.write(to: folder.appendingPathComponent(Self.dataFile), options: .atomic)
        try encoder.encode(header).write(to: folder.appendingPathComponent(Self.headerFile), options: .atomic)
    }

    public init(folder: URL) throws {
        let headerURL = folder.appendingPathComponent(Self.headerFile)
        let dataURL = folder.appendingPathComponent(Self.dataFile)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(contentsOf: headerURL))
        } catch {
            throw ModelFileError(file: headerURL.path, problem: "is not a static table header (\(error))")
        }
        guard header.format == Self.format, header.version == 1 else {
            throw ModelFileError(file: headerURL.path, problem: "format \(header.format) version \(header.version) is not one this Heard reads")
        }
        guard header.dimensions > 0, header.vocabularySize > 0 else {
            throw ModelFileError(file: headerURL.path, problem: "dimensions and vocabulary_size must be positive")
        }
        let data: Data
        do {
            data = try Data(contentsOf: dataURL)
        } catch {
            throw ModelFileError(file: dataURL.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        let rowValues = header.vocabularySize * header.dimensions
        guard data.count == (rowValues + header.vocabularySize) * 4 else {
            throw ModelFileError(file: dataURL.path, problem: "holds \(data.count) bytes; the header needs \((rowValues + header.vocabularySize) * 4)")
        }
        var values = [Float](repeating: 0, count: rowValues + header.vocabularySize)
        values.withUnsafeMutableBytes { _ = data.copyBytes(to: $0) }
        self.header = header
        vectors = Array(values[..<rowValues])
        weights = Array(values[rowValues...])
        guard Self.checksum(vectors: vectors, weights: weights) == header.checksum else {
            throw ModelFileError(file: dataURL.path, problem: "does not match the checksum in \(Self.headerFile); run `heard models distill` again")
        }
    }

    static func checksum(vectors: [Float], weights: [Float]) -> String {
        let hash = (vectors + weights).withUnsafeBytes { ContentHash(bytes: $0) }
        return String(hash.high, radix: 16) + String(hash.low, radix: 16)
    }
}

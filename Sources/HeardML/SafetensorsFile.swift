import Foundation

/// A safetensors file: an 8-byte little-endian header length, a JSON header giving each tensor's
/// dtype, shape and byte offsets (relative to the end of the header), then the raw tensor bytes.
public struct SafetensorsFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        public var byteRange: Range<Int>
    }

    /// The file's name, used in error messages.
    public let name: String
    public let entries: [String: Entry]
    private let bytes: Data
    private let dataStart: Int

    /// Reads the file memory-mapped, so only the tensors that are asked for are paged in.
    public init(contentsOf url: URL) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ModelFileError(file: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(bytes: bytes, name: url.path)
    }

    public init(bytes: Data, name: String) throws {
        self.name = name
        self.bytes = bytes
        guard bytes.count >= 8 else { throw ModelFileError(file: name, problem: "too short for a safetensors header") }
        let headerLength = bytes.prefix(8).reversed().reduce(UInt64(0)) { value, byte in value << 8 | UInt64(byte) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw ModelFileError(file: name, problem: "header length \(headerLength) runs past the end of the file")
        }
        dataStart = 8 + Int(headerLength)
        let header = bytes.subdata(in: bytes.startIndex + 8 ..< bytes.startIndex + dataStart)
        guard let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw ModelFileError(file: name, problem: "header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        for (tensor, value) in object where tensor != "__metadata__" {
            guard let fields = value as? [String: Any],
                  let dtype = fields["dtype"] as? String,
                  let shape = (fields["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  let offsets = (fields["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  offsets.count == 2, offsets[0] <= offsets[1]
            else { throw ModelFileError(file: name, problem: "header entry for tensor \(tensor) lacks dtype, shape or data_offsets") }
            guard dataStart + offsets[1] <= bytes.count else {
                throw ModelFileError(file: name, problem: "tensor \(tensor) runs past the end of the file")
            }
            entries[tensor] = Entry(dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
        }
        self.entries = entries
    }

    /// A float32 tensor's values in row-major order, after checking it has the expected shape.
    public func floats(_ tensor: String, shape expected: [Int]) throws -> [Float] {
        guard let entry = entries[tensor] else { throw ModelFileError(file: name, problem: "tensor \(tensor) is missing") }
        guard entry.dtype == "F32" else {
            throw ModelFileError(file: name, problem: "tensor \(tensor) is \(entry.dtype); only F32 is supported")
        }
        guard entry.shape == expected else {
            throw ModelFileError(file: name, problem: "tensor \(tensor) has shape \(entry.shape), expected \(expected)")
        }
        let count = expected.reduce(1, *)
        guard entry.byteRange.count == count * MemoryLayout<Float>.size else {
            throw ModelFileError(file: name, problem: "tensor \(tensor) holds \(entry.byteRange.count) bytes, expected \(count * 4) for shape \(expected)")
        }
        if count == 0 { return [] }
        // Safetensors is little-endian, as are the machines Heard runs on.
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
            bytes.withUnsafeBytes { raw in
                let source = raw.baseAddress! + dataStart + entry.byteRange.lowerBound
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: count * MemoryLayout<Float>.size)
            }
            initialised = count
        }
    }
}

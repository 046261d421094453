import Foundation
import HeardML

/// Writes sentence vectors for other tools to read: JSON Lines (one object per text, with the
/// source line and the text, so rows can be matched up) or NumPy's .npy (a float32 matrix,
/// rows in the order of the texts).
public enum VectorFile {
    public enum Format: String, Sendable {
        case jsonl, npy

        /// From the file's extension: `.npy` is NumPy, anything else JSON Lines.
        public static func guess(path: String) -> Format {
            path.lowercased().hasSuffix(".npy") ? .npy : .jsonl
        }
    }

    public static func write(_ vectors: EmbeddingMatrix, rows: [LabelledRow], model: String, to path: String, format: Format) throws {
        precondition(vectors.count == rows.count, "one vector per row")
        let data: Data
        switch format {
        case .jsonl: data = jsonLines(vectors, rows: rows, model: model)
        case .npy: data = numpy(vectors)
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ImportError(file: path, line: nil, field: nil, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    static func jsonLines(_ vectors: EmbeddingMatrix, rows: [LabelledRow], model: String) -> Data {
        var out = ""
        out.reserveCapacity(vectors.values.count * 12)
        let encoder = JSONEncoder()
        func quoted(_ text: String) -> String {
            (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        }
        let modelField = quoted(model)
        for (index, row) in rows.enumerated() {
            out += "{\"line\":\(row.line),\"text\":\(quoted(row.text)),\"model\":\(modelField),\"vector\":["
            out += vectors[index].map { $0.description }.joined(separator: ",")
            out += "]}\n"
        }
        return Data(out.utf8)
    }

    /// NumPy format version 1.0: magic, header length, a Python-literal header padded so the data
    /// starts on a 64-byte boundary, then little-endian float32 values row by row.
    static func numpy(_ vectors: EmbeddingMatrix) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(vectors.count), \(vectors.dimensions)), }"
        let unpadded = 6 + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        vectors.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count)) }
        return data
    }
}

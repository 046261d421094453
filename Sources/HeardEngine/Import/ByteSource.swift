import Foundation

/// Reads a file in fixed-size chunks so that files of any size are parsed with bounded memory.
final class ByteSource {
    let path: String
    private let handle: FileHandle
    let size: Int64
    private(set) var bytesRead: Int64 = 0
    private(set) var isAtEnd = false
    private let chunkSize: Int

    init(path: String, chunkSize: Int = 1 << 20) throws(ImportError) {
        self.path = path
        self.chunkSize = chunkSize
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(file: path, line: nil, field: nil, reason: "file not found")
        }
        guard !isDirectory.boolValue else {
            throw ImportError(file: path, line: nil, field: nil, reason: "is a folder, not a file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(file: path, line: nil, field: nil, reason: "cannot be opened for reading (permissions?)")
        }
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    deinit { try? handle.close() }

    /// Appends the next chunk to `buffer`; returns false at end of file.
    func read(into buffer: inout [UInt8]) throws(ImportError) -> Bool {
        guard !isAtEnd else { return false }
        let data: Data?
        do {
            data = try handle.read(upToCount: chunkSize)
        } catch {
            throw ImportError(file: path, line: nil, field: nil, reason: "read failed: \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            isAtEnd = true
            return false
        }
        bytesRead += Int64(data.count)
        buffer.append(contentsOf: data)
        return true
    }
}

/// A problem with input, always saying where: file, line (1-based, the header is line 1),
/// and field when one is to blame.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    public var reason: String

    public init(file: String, line: Int?, field: String?, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field { return "\(location): field \"\(field)\": \(reason)" }
        return "\(location): \(reason)"
    }
}

import Foundation

/// Writes rejected rows to a CSV (file, line, field, value, reason) so that nothing read is
/// lost silently. The file is created on the first reject; a clean run removes a stale one.
final class RejectsFile {
    let path: String
    let inputPath: String
    private var handle: FileHandle?
    private var pending = ""

    init(path: String, inputPath: String) {
        self.path = path
        self.inputPath = inputPath
    }

    func append(_ rejected: RejectedRecord) throws {
        if handle == nil {
            FileManager.default.createFile(atPath: path, contents: Data("file,line,field,value,reason\n".utf8))
            guard let opened = FileHandle(forWritingAtPath: path) else {
                throw ImportError(file: path, line: nil, field: nil, reason: "cannot write the rejects file")
            }
            opened.seekToEndOfFile()
            handle = opened
        }
        let cells = [inputPath, String(rejected.line), rejected.field ?? "", rejected.value ?? "", rejected.reason]
        pending += cells.map(CSVField.quoted).joined(separator: ",") + "\n"
        if pending.utf8.count > 64 << 10 { try flush() }
    }

    func flush() throws {
        guard let handle, !pending.isEmpty else { return }
        try handle.write(contentsOf: Data(pending.utf8))
        pending = ""
    }

    func close(hadRejects: Bool) throws {
        try flush()
        try handle?.close()
        if !hadRejects, FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

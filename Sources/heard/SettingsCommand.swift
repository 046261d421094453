import ArgumentParser
import HeardEngine
import HeardServer

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Workspace settings for the web.",
        discussion: """
              heard settings                          show them
              heard settings --hide-free-text on      viewers never see customer text (API and pages)
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "on or off.")
    var hideFreeText: String?

    func run() async throws {
        let session = try await global.open()
        if let hideFreeText {
            guard ["on", "off"].contains(hideFreeText) else { throw ValidationError("--hide-free-text must be on or off") }
            try await session.store.setSetting(WorkspaceSettings.hideFreeText, to: hideFreeText == "on" ? "true" : nil, in: session.workspace.id)
        }
        let settings = try await session.store.settings(of: session.workspace.id)
        print("hide_free_text: \(settings[WorkspaceSettings.hideFreeText] == "true" ? "on" : "off")")
    }
}

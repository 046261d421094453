import ArgumentParser
import Foundation
import HeardEngine
import HeardServer

struct APIKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-keys",
        abstract: "Keys for programs that call the API (Authorization: Bearer KEY). Only a hash is stored.",
        discussion: """
              heard api-keys create crm-sync --role ingest     (prints the key once)
              heard api-keys list
              heard api-keys revoke crm-sync
            """,
        subcommands: [APIKeysCreateCommand.self, APIKeysListCommand.self, APIKeysRevokeCommand.self],
        defaultSubcommand: APIKeysListCommand.self)
}

struct APIKeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a key and print it (it is not shown again).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A name to tell the key by.")
    var name: String

    @Option(name: .long, help: "ingest (send feedback only), viewer, analyst or admin.")
    var role: String = "ingest"

    func run() async throws {
        guard let parsed = Role(rawValue: role), parsed != .teamMember else {
            throw ValidationError("--role must be ingest, viewer, analyst or admin")
        }
        let session = try await global.open()
        do {
            let created = try await Accounts(session: session).createAPIKey(name: name, role: parsed)
            printError("API key \(created.record.name) (\(created.record.role)); keep it secret, it is not shown again:")
            print(created.key)
        } catch let error as APIError {
            throw UserFacingError(description: error.message)
        }
    }
}

struct APIKeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys (the default).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let session = try await global.open()
        let keys = try await session.store.apiKeys(in: session.workspace.id)
        guard !keys.isEmpty else { return print("No API keys. Create one with `heard api-keys create NAME --role ingest`.") }
        print(MetricsTable.layout([["name", "role", "starts with", "created"]] + keys.map { key in
            [key.name, key.role, key.prefix + "…", ISO8601DateFormatter().string(from: key.createdAt)]
        }))
    }
}

struct APIKeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Delete a key; programs using it get 401 from then on.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The key's name.")
    var name: String

    func run() async throws {
        let session = try await global.open()
        guard try await session.store.deleteAPIKey(named: name, in: session.workspace.id) else {
            throw UserFacingError(description: "no API key named \(name) (see `heard api-keys list`)")
        }
        print("revoked \(name)")
    }
}

import ArgumentParser
import Foundation
import HeardEngine
import HeardServer

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "People who sign in to the dashboard, and their roles.",
        discussion: """
            Roles: admin (everything), analyst (reports, taxonomy, export, ingest), team_member (their teams' themes
            and cases), viewer (reports; no customer text when the workspace hides it).

              heard users add ana --role admin                 (asks for the password)
              printf '%s\\n' "$PASSWORD" | heard users add ops --role team_member --team billing
              heard users list
            """,
        subcommands: [UsersAddCommand.self, UsersListCommand.self],
        defaultSubcommand: UsersListCommand.self)
}

struct UsersAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user, or change an existing user's role, teams and password.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "User name (letters, digits, . - _ @).")
    var name: String

    @Option(name: .long, help: "admin, analyst, team_member or viewer.")
    var role: String

    @Option(name: .long, help: "A team the user belongs to (repeatable; team members see the themes their teams own).")
    var team: [String] = []

    func run() async throws {
        guard let parsed = Role(rawValue: role), Role.userRoles.contains(parsed) else {
            throw ValidationError("--role must be admin, analyst, team_member or viewer")
        }
        let password = try PasswordInput.read(prompt: "Password for \(name): ")
        let session = try await global.open()
        do {
            let user = try await Accounts(session: session).addUser(name: name, role: parsed, teams: team, password: password)
            print("user \(user.name): \(user.role)\(user.teams.isEmpty ? "" : ", teams " + user.teams.joined(separator: ", "))")
        } catch let error as APIError {
            throw UserFacingError(description: error.message)
        }
    }
}

struct UsersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users (the default).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let session = try await global.open()
        let users = try await session.store.users(in: session.workspace.id)
        guard !users.isEmpty else { return print("No users. Add one with `heard users add NAME --role admin`.") }
        print(MetricsTable.layout([["user", "role", "teams", "created"]] + users.map { user in
            [user.name, user.role, user.teams.joined(separator: ", "), ISO8601DateFormatter().string(from: user.createdAt)]
        }))
    }
}

/// Passwords come from standard input, never from the command line (where `ps` and shell
/// history would show them). On a terminal the prompt turns echo off.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        let password: String?
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data(prompt.utf8))
            var saved = termios()
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
            password = readLine(strippingNewline: true)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        } else {
            password = readLine(strippingNewline: true)
        }
        guard let password, !password.isEmpty else { throw ValidationError("no password given on standard input") }
        return password
    }
}

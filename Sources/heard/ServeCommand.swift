import ArgumentParser
import Foundation
import HeardEngine
import HeardServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard, the JSON API (/api/v1) and hosted surveys (/s/…) over HTTP.",
        discussion: """
            Sign in with a user from `heard users add`; programs use an API key from `heard api-keys create`
            (Authorization: Bearer KEY). The API is described at /api/v1/openapi.json. Ctrl-C (SIGINT) or
            SIGTERM stops it gracefully: requests in flight finish first.

              heard serve
              heard serve --host 0.0.0.0 --port 8080 --secure-cookies     (behind a TLS-terminating proxy)
              heard serve --session-hours 8                                (sign-ins last a working day)
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let session = try await global.open()
        try await server.serve(session: session, databasePath: global.db, announce: { _ in })
    }
}

struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: "Address to listen on (0.0.0.0 for every interface).")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Mark the session cookie Secure (when served over https, e.g. behind a proxy).")
    var secureCookies = false

    @Flag(name: .long, help: "Rate-limit public pages by X-Forwarded-For (only behind a proxy that sets it).")
    var trustForwardedFor = false

    @Option(name: .long, help: ArgumentHelp("Public survey requests per second per client (burst 10×).", valueName: "rate"))
    var publicRate: Double = 2

    @Option(name: .long, help: ArgumentHelp("Seconds a report's answer is shared between callers who see the same (0: off).", valueName: "seconds"))
    var reportCache: Double = 1

    @Option(name: .long, help: ArgumentHelp("How long a sign-in lasts, in hours (0.25–720).", valueName: "hours"))
    var sessionHours: Double = 12

    func validate() throws {
        guard sessionHours >= 0.25 && sessionHours <= 720 else { throw ValidationError("--session-hours must be 0.25–720") }
        guard reportCache >= 0 && reportCache <= 3600 else { throw ValidationError("--report-cache must be 0–3600 seconds") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535") }
        guard publicRate > 0 else { throw ValidationError("--public-rate must be positive") }
    }

    func configuration(databasePath: String) -> ServerConfiguration {
        ServerConfiguration(host: host, port: port, secureCookies: secureCookies, trustForwardedFor: trustForwardedFor,
                            publicRequestsPerSecond: publicRate, publicBurst: publicRate * 10, sessionSeconds: sessionHours * 3600,
                            reportCacheSeconds: reportCache, databasePath: databasePath)
    }

    /// Runs until SIGINT/SIGTERM; `announce` runs once the socket is bound, before the listening line.
    func serve(session: WorkspaceSession, databasePath: String, announce: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "heard.server")
        logger.logLevel = .notice
        let configuration = configuration(databasePath: databasePath)
        let url = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/"
        try await HeardServer.run(session: session, configuration: configuration, logger: logger) {
            announce(url)
            if try await session.store.users(in: session.workspace.id).isEmpty {
                printError("no users yet: add one with `heard users add NAME --role admin` to sign in")
            }
            // Written straight to the descriptor: stdout is block-buffered when it is a pipe, and
            // scripts wait for this line to know the server is up.
            FileHandle.standardOutput.write(Data("Heard is listening on \(url) (dashboard), \(url)api/v1/openapi.json (API); Ctrl-C stops it.\n".utf8))
        }
    }
}

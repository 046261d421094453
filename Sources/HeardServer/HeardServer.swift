import HeardEngine
import Hummingbird
import Logging

/// The web server behind `heard serve`: the JSON API, the dashboard, hosted surveys and sign-in.
public enum HeardServer {
    /// The application, ready to run (`runService()`) or to test (`app.test(.router)`).
    public static func makeApplication(session: WorkspaceSession, configuration: ServerConfiguration,
                                       logger: Logger = Logger(label: "heard.server")) -> Application<RouterResponder<HeardContext>> {
        let environment = ServerEnvironment(session: session, configuration: configuration, logger: logger)
        return Application(
            router: makeRouter(environment: environment),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Heard"),
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then stops accepting connections and lets requests in
    /// flight finish (swift-service-lifecycle's graceful shutdown). `onStart` runs once the
    /// socket is bound.
    public static func run(session: WorkspaceSession, configuration: ServerConfiguration, logger: Logger,
                           onStart: @escaping @Sendable () async throws -> Void) async throws {
        var app = makeApplication(session: session, configuration: configuration, logger: logger)
        app.beforeServerStarts(perform: onStart)
        try await app.runService()
    }

    static func makeRouter(environment: ServerEnvironment) -> Router<HeardContext> {
        let router = Router(context: HeardContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: IdentityMiddleware(environment: environment))
        router.add(middleware: DashboardMiddleware(environment: environment))
        router.get("/healthz") { _, _ in Responses.json(.object([("status", .string("ok"))])) }
        RouteTable.register(RouteTable.routes, on: router, environment: environment)
        LoginRoutes(environment: environment).register(on: router)
        SurveyRoutes(environment: environment).register(on: router)
        return router
    }
}

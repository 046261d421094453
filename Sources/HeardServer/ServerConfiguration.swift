import HeardEngine
import HeardML

/// How `heard serve` listens, which cookies it sets and how hard public pages may be hit.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Marks the session cookie `Secure`; set when served over https or behind a TLS-terminating proxy.
    public var secureCookies: Bool
    /// Take the client address for rate limits from X-Forwarded-For (only behind a proxy that sets it).
    public var trustForwardedFor: Bool
    /// Public endpoints (survey pages and answers): requests per second per client, and burst.
    public var publicRequestsPerSecond: Double
    public var publicBurst: Double
    /// How long a sign-in lasts.
    public var sessionSeconds: Double
    /// How long a report's answer is shared between callers (0: never).
    public var reportCacheSeconds: Double
    /// The workspace database: the similar-comment index is kept next to it (`DB.similar/`).
    public var databasePath: String?
    /// The sentence encoder similar-comment search uses, loaded on first use.
    public var vectorEncoder: @Sendable () throws -> any SentenceEncoder

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, trustForwardedFor: Bool = false,
                publicRequestsPerSecond: Double = 2, publicBurst: Double = 20, sessionSeconds: Double = 12 * 3600,
                reportCacheSeconds: Double = 1, databasePath: String? = nil,
                vectorEncoder: @escaping @Sendable () throws -> any SentenceEncoder = { try VectorPath.searchEncoder() }) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.trustForwardedFor = trustForwardedFor
        self.publicRequestsPerSecond = publicRequestsPerSecond
        self.publicBurst = publicBurst
        self.sessionSeconds = sessionSeconds
        self.reportCacheSeconds = reportCacheSeconds
        self.databasePath = databasePath
        self.vectorEncoder = vectorEncoder
    }
}

/// How `heard serve` listens and which cookies it sets.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Marks the session cookie `Secure`; set when served over https or behind a TLS-terminating proxy.
    public var secureCookies: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
    }
}

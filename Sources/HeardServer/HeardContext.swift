import Hummingbird

/// Per-request state: who the peer is and, once the auth middleware ran, who is signed in.
public struct HeardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address; nil when there is no socket (tests drive the router directly).
    public let peerAddress: String?
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        identity = nil
    }

    /// The largest body any route reads; each route caps its own body lower (see `BodyLimits`).
    public var maxUploadSize: Int { BodyLimits.batch }
}

/// Request body caps: anything larger is answered 413 before it is parsed.
public enum BodyLimits {
    public static let single = 1 << 20
    public static let batch = 10 << 20
    public static let form = 64 << 10
}

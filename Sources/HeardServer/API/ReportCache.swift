import Foundation
import Hummingbird

/// Keeps each report's answer for a moment (one second by default) and lets concurrent identical
/// requests share one computation. A dashboard's overview is asked by everyone who opens it;
/// without this, a burst of viewers would each recompute the same aggregates.
actor ReportCache {
    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer

        var response: Response { Response(status: status, headers: headers, body: .init(byteBuffer: body)) }
    }

    private let lifetime: Double
    private var entries: [String: (started: Double, task: Task<Answer, any Error>)] = [:]

    init(lifetime: Double) {
        self.lifetime = lifetime
    }

    func answer(for key: String, compute: @escaping @Sendable () async throws -> Response) async throws -> Response {
        guard lifetime > 0 else { return try await compute() }
        let now = ProcessInfo.processInfo.systemUptime
        if let entry = entries[key], now - entry.started < lifetime {
            return try await entry.task.value.response
        }
        if entries.count > 1_000 { entries = entries.filter { now - $0.value.started < lifetime } }
        let task = Task { try await Self.collect(try await compute()) }
        entries[key] = (now, task)
        do {
            return try await task.value.response
        } catch {
            // A failure is not kept: the next request tries again.
            if entries[key]?.started == now { entries[key] = nil }
            throw error
        }
    }

    /// Forgets every answer: after a write that changes what reports say.
    func clear() {
        entries = [:]
    }

    private static func collect(_ response: Response) async throws -> Answer {
        let collector = Collector()
        try await response.body.write(collector)
        return Answer(status: response.status, headers: response.headers, body: collector.buffer)
    }

    /// Gathers a response body in memory (reports are small; exports are never cached).
    private final class Collector: ResponseBodyWriter, @unchecked Sendable {
        var buffer = ByteBuffer()
        func write(_ part: ByteBuffer) async throws {
            var part = part
            buffer.writeBuffer(&part)
        }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

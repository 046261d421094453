import Foundation
@testable import HeardServer
import Hummingbird
import Testing

@Suite("Server: rate limiter and report cache")
struct ServerPartsTests {
    @Test("a token bucket allows its burst, then refills at its rate, per client")
    func tokenBucket() {
        let limiter = RateLimiter(perSecond: 2, burst: 3)
        #expect((0..<3).allSatisfy { _ in limiter.retryAfter(client: "a", now: 100) == nil })
        #expect(limiter.retryAfter(client: "a", now: 100) == 1)
        #expect(limiter.retryAfter(client: "b", now: 100) == nil)
        #expect(limiter.retryAfter(client: "a", now: 100.6) == nil)
        #expect(limiter.retryAfter(client: "a", now: 100.6) != nil)
        let slow = RateLimiter(perSecond: 0.1, burst: 1)
        #expect(slow.retryAfter(client: "c", now: 0) == nil)
        #expect(slow.retryAfter(client: "c", now: 1) == 9)
    }

    @Test("a full table forgets idle clients first")
    func boundedTable() {
        let limiter = RateLimiter(perSecond: 1, burst: 2, maximumClients: 10)
        for index in 0..<10 { _ = limiter.retryAfter(client: "idle\(index)", now: 0) }
        _ = limiter.retryAfter(client: "busy", now: 5)
        _ = limiter.retryAfter(client: "busy", now: 5)
        #expect(limiter.retryAfter(client: "busy", now: 5) != nil)
    }

    @Test("identical report requests within the lifetime share one computation; after it, a new one runs")
    func reportCache() async throws {
        let cache = ReportCache(lifetime: 60)
        let computed = Counter()
        let compute: @Sendable () async throws -> Response = {
            await computed.increment()
            try await Task.sleep(for: .milliseconds(20))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "report")))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await cache.answer(for: "k", compute: compute) } }
            try await group.waitForAll()
        }
        #expect(await computed.value == 1)
        _ = try await cache.answer(for: "other", compute: compute)
        #expect(await computed.value == 2)
        let uncached = ReportCache(lifetime: 0)
        _ = try await uncached.answer(for: "k", compute: compute)
        _ = try await uncached.answer(for: "k", compute: compute)
        #expect(await computed.value == 4)
    }
}

private actor Counter {
    var value = 0
    func increment() { value += 1 }
}

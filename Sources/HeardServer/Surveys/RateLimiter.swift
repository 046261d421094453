import Foundation
import Synchronization

/// Per-client token buckets for the public endpoints: `burst` requests at once, refilled at
/// `perSecond`. Memory stays bounded: when the table is full, buckets that have refilled
/// completely (idle clients) are dropped, since a full bucket is the same as no bucket.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let perSecond: Double
    let burst: Double
    let maximumClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perSecond: Double, burst: Double, maximumClients: Int = 100_000) {
        self.perSecond = perSecond
        self.burst = burst
        self.maximumClients = maximumClients
    }

    /// nil when the request may go ahead, else the seconds until it may.
    func retryAfter(client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            defer {
                if buckets.count >= maximumClients && buckets[client] == nil { evict(&buckets, now: now) }
                buckets[client] = bucket
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    private func evict(_ buckets: inout [String: Bucket], now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * perSecond < burst }
        // Everyone is active: forget the least recently seen half rather than grow without bound.
        if buckets.count >= maximumClients {
            let cutoff = buckets.values.map(\.updated).sorted()[buckets.count / 2]
            buckets = buckets.filter { $0.value.updated > cutoff }
        }
    }
}

import Foundation

/// Keeps the result of a heavy page (drivers, emerging issues) for a short time, keyed by what
/// was asked and the workspace's data version, so a reload does not redo a bootstrap.
final class ResultCache: @unchecked Sendable {
    private struct Entry { var value: any Sendable; var stored: Date }
    private let lifetime: TimeInterval
    // Guarded by `lock`.
    private var entries: [String: Entry] = [:]
    private let lock = NSLock()

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    func value<T: Sendable>(for key: String, compute: () async throws -> T) async throws -> T {
        let now = Date()
        if let hit = lock.withLock({ entries[key] }), now.timeIntervalSince(hit.stored) < lifetime, let value = hit.value as? T {
            return value
        }
        let value = try await compute()
        lock.withLock {
            entries = entries.filter { now.timeIntervalSince($0.value.stored) < lifetime }
            entries[key] = Entry(value: value, stored: now)
        }
        return value
    }
}

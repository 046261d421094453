import Foundation

/// Keeps the result of a heavy page part (drivers, emerging issues, theme volumes, personas) for
/// a short time, keyed by what was asked and the workspace's data version, so a reload does not
/// redo a bootstrap. Requests that arrive while the same result is being computed wait for it
/// instead of starting another computation.
final class ResultCache: @unchecked Sendable {
    private struct Entry {
        var task: Task<any Sendable, any Error>
        var stored: Date
    }

    private let lifetime: TimeInterval
    private let capacity: Int
    // Guarded by `lock`.
    private var entries: [String: Entry] = [:]
    private let lock = NSLock()

    init(lifetime: TimeInterval, capacity: Int = 64) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func value<T: Sendable>(for key: String, compute: @escaping @Sendable () async throws -> T) async throws -> T {
        let now = Date()
        let task: Task<any Sendable, any Error> = lock.withLock {
            if let hit = entries[key], now.timeIntervalSince(hit.stored) < lifetime { return hit.task }
            entries = entries.filter { now.timeIntervalSince($0.value.stored) < lifetime }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.stored < $1.value.stored })?.key {
                entries[oldest] = nil
            }
            let task = Task<any Sendable, any Error> { try await compute() }
            entries[key] = Entry(task: task, stored: now)
            return task
        }
        do {
            guard let value = try await task.value as? T else {
                throw DashboardError(status: 500, message: "cached value for \(key) has an unexpected type")
            }
            return value
        } catch {
            // A failure is not kept: the next request tries again.
            lock.withLock {
                if let entry = entries[key], entry.stored == now { entries[key] = nil }
            }
            throw error
        }
    }
}

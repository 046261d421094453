import Foundation
@testable import HeardEngine
import Testing

/// Enrichment and vector runs save one batch while computing the next: writes must stay one at a
/// time and in order, and a failed write must stop the run.
@Suite struct WriteBehindTests {
    actor Log {
        var order: [Int] = []
        var running = 0
        var mostAtOnce = 0
        func start(_ index: Int) { running += 1; mostAtOnce = max(mostAtOnce, running); order.append(index) }
        func end() { running -= 1 }
    }

    struct Refused: Error {}

    @Test func writesRunOneAtATimeInOrder() async throws {
        let log = Log()
        var writes = WriteBehind()
        for index in 0..<5 {
            try await writes.submit {
                await log.start(index)
                try await Task.sleep(nanoseconds: 2_000_000)
                await log.end()
            }
        }
        try await writes.finish()
        #expect(await log.order == [0, 1, 2, 3, 4])
        #expect(await log.mostAtOnce == 1)
        #expect(await log.running == 0, "finish waits for the last write")
    }

    @Test func aFailedWriteSurfacesAtTheNextSubmit() async throws {
        let log = Log()
        var writes = WriteBehind()
        try await writes.submit { throw Refused() }
        await #expect(throws: Refused.self) {
            try await writes.submit { await log.start(1) }
        }
        #expect(await log.order.isEmpty, "nothing is written after a failure")
    }
}

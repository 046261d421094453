import Foundation
@testable import HeardEngine
import HeardStore
import Testing

/// Kills a real `heard import` process with SIGKILL half-way and checks that the database is
/// consistent (whole transactions only, the index it deferred built again) and that running the
/// import again completes it.
@Suite struct CrashRecoveryTests {
    @Test func killedImportLeavesWholeBatchesAndReRunCompletes() async throws {
        let scratch = try Scratch()
        // Large enough that the writes take seconds even on a fast machine, so the observer below
        // sees them part-way; enrichment is off so "running" means "still writing". In the full
        // suite the observer's polls wait for a cooperative thread behind other tests: 400,000
        // rows (about 6 s in a debug build once the reading stage got cheaper) went by unseen.
        let rows = 800_000
        let batchSize = 1000
        let batchesPerTransaction = 3
        var csv = "id,comment,date,score\n"
        csv.reserveCapacity(rows * 48)
        for index in 0..<rows {
            csv += "\(index),comment number \(index),2024-0\(index % 9 + 1)-1\(index % 9) 10:00:00,\(index % 11)\n"
        }
        let input = try scratch.write("big.csv", csv)
        let database = scratch.path("crash.sqlite")
        let arguments = ["import", input, "--db", database, "--map", "id=id", "--map", "text=comment", "--map", "time=date",
                         "--map", "nps=score", "--source", "survey", "--batch-size", String(batchSize),
                         "--batches-per-transaction", String(batchesPerTransaction), "--rejects", scratch.path("r.csv"), "--no-enrich"]

        // The observer opens (migrates, creates the workspace) before the import starts: once the
        // import runs it holds the write lock almost without a break, and an opener that needs a
        // write waited until the import had finished, too late to see it part-way. Its polls
        // below only read, which WAL never blocks.
        let observer = try await WorkspaceSession.open(databasePath: database)
        let victim = Process()
        victim.executableURL = heardExecutable()
        victim.arguments = arguments
        victim.standardOutput = FileHandle.nullDevice
        try victim.run()

        var seen = 0
        let deadline = Date().addingTimeInterval(60)
        // Killed once the import has dropped its deferred index, so the next open must build it.
        var deferred = false
        while (seen < 5 * batchSize || !deferred) && victim.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
            seen = try await observer.store.feedbackCount(in: observer.workspace.id)
            deferred = try !SQLiteDeferredIndexTests.deferralOwners(database).isEmpty
        }
        #expect(deferred)
        #expect(try SQLiteDeferredRollupTests.deferralOwners(database) == [victim.processIdentifier], "the rollup is held too")
        #expect(victim.isRunning, "the import finished before it could be killed; make the file larger")
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal)

        let afterCrash = try await WorkspaceSession.open(databasePath: database)
        #expect(try await afterCrash.store.integrityProblems().isEmpty)
        #expect(try SQLiteDeferredIndexTests.indexExists(database), "the index the killed import deferred was not built again")
        #expect(try SQLiteDeferredRollupTests.deferralOwners(database).isEmpty, "the held rollup was not recomputed")
        let stored = try await afterCrash.store.feedbackCount(in: afterCrash.workspace.id)
        #expect(stored > 0 && stored < rows)
        // The first transaction's first batch is smaller (`ImportOptions.firstBatchSize`).
        let firstTransaction = ImportOptions(path: input, batchSize: batchSize).firstBatchSize + (batchesPerTransaction - 1) * batchSize
        #expect(stored >= firstTransaction && (stored - firstTransaction) % (batchSize * batchesPerTransaction) == 0,
                "a transaction landed partly: \(stored) rows")
        let run = try await afterCrash.store.lastImport(file: URL(fileURLWithPath: input).standardizedFileURL.path, in: afterCrash.workspace.id)
        #expect(run?.status == .running)

        let rerun = Process()
        rerun.executableURL = heardExecutable()
        rerun.arguments = arguments
        let output = Pipe()
        rerun.standardOutput = output
        try rerun.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        #expect(printed.contains("did not finish"))
        #expect(printed.contains("read \(rows), inserted \(rows - stored), updated 0, unchanged \(stored), rejected 0"))
        #expect(try await afterCrash.store.feedbackCount(in: afterCrash.workspace.id) == rows)
        #expect(try await afterCrash.store.integrityProblems().isEmpty)
    }
}

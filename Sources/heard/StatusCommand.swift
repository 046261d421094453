import ArgumentParser
import Foundation
import HeardEngine

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What the workspace holds: feedback, customers, personas, journeys and metrics.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Also check the database: SQLite's integrity check, and every rollup against a recomputation from its rows (exits 1 on a problem).")
    var check = false

    func run() async throws {
        let session = try await global.open()
        let store = session.store, id = session.workspace.id
        print("workspace \(session.workspace.name) in \(global.db)")
        print("  feedback:     \(try await store.feedbackCount(in: id).formatted())")
        if let range = try await store.feedbackDayRange(in: id) {
            print("  from \(range.lowerBound) to \(range.upperBound)")
        }
        print("  customers:    \(try await store.customerCount(in: id).formatted())")
        print("  personas:     \(try await store.personas(in: id).map(\.name).joined(separator: ", "))")
        print("  teams:        \(try await store.teams(in: id).map(\.name).joined(separator: ", "))")
        print("  interactions: \(try await store.interactionCount(in: id).formatted())")
        let metrics = Set(try await store.operationalMetrics(named: nil, in: id).map(\.name)).sorted()
        print("  operational metrics: \(metrics.joined(separator: ", "))")
        guard check else { return }
        let problems = try await store.integrityProblems()
        if problems.isEmpty {
            print("check: the database is sound and every rollup matches its rows")
        } else {
            for problem in problems { print("check: \(problem)") }
            throw ExitCode(1)
        }
    }
}

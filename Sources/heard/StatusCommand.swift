import ArgumentParser
import Foundation
import HeardEngine

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What the workspace holds: feedback, customers, personas, journeys and metrics.")

    @OptionGroup var global: GlobalOptions

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
    }
}

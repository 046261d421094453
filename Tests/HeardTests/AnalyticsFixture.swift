import Foundation
@testable import HeardEngine
import HeardModel
import HeardStore

/// One planted workspace shared by the analytics tests: generating it takes a few seconds, and
/// every test only reads it.
final class PlantedFixture: Sendable {
    let scratch: Scratch
    let session: WorkspaceSession
    let plan: PlantedWorkspace

    private init(scratch: Scratch, session: WorkspaceSession, plan: PlantedWorkspace) {
        self.scratch = scratch
        self.session = session
        self.plan = plan
    }

    static let shared = Task<PlantedFixture, any Error> {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let plan = PlantedWorkspace()
        try await plan.write(into: session)
        return PlantedFixture(scratch: scratch, session: session, plan: plan)
    }

    static func get() async throws -> PlantedFixture { try await shared.value }
}

extension Scratch: @unchecked Sendable {}

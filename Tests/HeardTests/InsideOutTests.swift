import Foundation
import Testing
@testable import HeardEngine
import HeardModel
import HeardStats
import HeardStore

@Suite("Inside-out metrics")
struct InsideOutTests {
    @Test func plantedLagIsFoundWithTheRightLag() async throws {
        let fixture = try await PlantedFixture.get()
        let report = try await InsideOutAnalysis(session: fixture.session).report(InsideOutRequest(target: .nps, maximumLag: 4))
        let link = try #require(report.links.first { $0.metric == "wait_minutes" })
        #expect(link.dimension == "touchpoint")
        #expect(link.groups == fixture.plan.touchpoints.count)
        #expect(link.best?.lag == fixture.plan.operationalEffect!.lag)
        #expect(link.isSignificant(alpha: 0.05))
        #expect((link.best?.correlation?.r ?? 0) < -0.2, "longer waits, lower NPS")
        // Other lags are much weaker.
        for other in link.scan.lags where other.lag != link.best?.lag {
            #expect(abs(other.correlation?.r ?? 0) < abs(link.best!.correlation!.r) / 2)
        }
        #expect(link.answers > 0 && link.periods >= fixture.plan.weeks - 4)
    }

    @Test func importIsValidatedCountedAndIdempotent() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let file = try scratch.write("ops.csv", """
            metric,period_start,team,value
            first_contact_resolution,2025-03-03,billing,0.71
            first_contact_resolution,2025-03-05,support,0.64
            first_contact_resolution,2025-03-10,billing,not-a-number
            ,2025-03-10,billing,0.5
            first_contact_resolution,someday,billing,0.5
            handle_minutes,2025-03-10,billing,7.5

            """)
        let importer = OperationalMetricsImporter(session: session)
        let first = try await importer.importFile(file, period: .week)
        #expect(first.read == 6)
        #expect(first.stored == 3)
        #expect(first.rejected.map(\.line) == [4, 5, 6])
        #expect(first.rejected.map(\.field) == ["value", "metric", "period_start"])
        #expect(first.read == first.stored + first.rejected.count)
        let rejects = try String(contentsOfFile: try #require(first.rejectsPath), encoding: .utf8)
        #expect(rejects.contains("ops.csv") && rejects.contains("not-a-number"))

        let stored = try await session.store.operationalMetrics(named: "first_contact_resolution", in: session.workspace.id)
        #expect(stored.count == 2)
        // Wednesday 5 March is in the week of Monday 3 March.
        #expect(stored.allSatisfy { CalendarDay($0.periodStart) == CalendarDay(year: 2025, month: 3, day: 3) })
        #expect(Set(stored.compactMap(\.dimensionValue)) == ["billing", "support"])
        #expect(stored.allSatisfy { $0.dimension == "team" })

        _ = try await importer.importFile(file, period: .week)
        #expect(try await session.store.operationalMetrics(named: nil, in: session.workspace.id).count == 3)
    }

    @Test func missingColumnsNameTheFile() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let file = try scratch.write("bad.csv", "kpi,when,amount\nx,2025-01-01,1\n")
        await #expect(throws: ImportError.self) { try await OperationalMetricsImporter(session: session).importFile(file, period: .week) }
        do {
            _ = try await OperationalMetricsImporter(session: session).importFile(file, period: .week)
        } catch let error as ImportError {
            #expect(error.file == file && error.line == 1 && error.reason.contains("period"))
        }
    }
}

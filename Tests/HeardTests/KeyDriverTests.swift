import Foundation
import Testing
@testable import HeardEngine
import HeardModel
import HeardStats
import HeardStore

@Suite("Key drivers and theme impact")
struct KeyDriverTests {
    @Test func plantedDriversRankAsTheTopThree() async throws {
        let fixture = try await PlantedFixture.get()
        let report = try await KeyDriverReporting(session: fixture.session).report(DriverRequest(target: .nps, replicates: 100))
        let group = try #require(report.groups.first)
        #expect(report.groups.count == 1)
        #expect(group.comments == fixture.plan.comments)
        let planted = Set(fixture.plan.driverEffects.keys.map(PlantedWorkspace.themeKey))
        let top = group.drivers.prefix(3).map(\.themeKey)
        #expect(Set(top) == planted, "top three: \(top)")
        for driver in group.drivers where planted.contains(driver.themeKey) {
            let index = Int(driver.themeKey.suffix(2))!
            let plantedEffect = fixture.plan.driverEffects[index]!
            #expect(driver.isSignificant)
            #expect(driver.direction == (plantedEffect > 0 ? .positive : .negative))
            // The regression recovers the planted points within a rounding-and-noise margin.
            #expect(abs(driver.effect - plantedEffect) < 0.6, "\(driver.themeKey): \(driver.effect) vs \(plantedEffect)")
            #expect(driver.quadrant == (plantedEffect > 0 ? .keepUp : .fixFirst))
            #expect(driver.impact.map { ($0.impact ?? 0) * plantedEffect > 0 } == true, "impact has the driver's sign")
        }
        // Themes with no planted effect mostly fail the random-variable test and show weight 0.
        let others = group.drivers.filter { !planted.contains($0.themeKey) }
        #expect(others.filter(\.isSignificant).count <= 2)
        #expect(others.filter { !$0.isSignificant }.allSatisfy { $0.importance == 0 })
        #expect(group.rSquared > 0.05 && group.rSquaredLow <= group.rSquared && group.rSquared <= group.rSquaredHigh)
    }

    @Test func sameSeedSameAnswer() async throws {
        let fixture = try await PlantedFixture.get()
        let request = DriverRequest(target: .nps, maximumThemes: 8, replicates: 50, seed: 9)
        let first = try await KeyDriverReporting(session: fixture.session).report(request)
        let second = try await KeyDriverReporting(session: fixture.session).report(request)
        #expect(first.groups.first?.drivers.map(\.mentioned) == second.groups.first?.drivers.map(\.mentioned))
        #expect(first.groups.first?.rSquaredLow == second.groups.first?.rSquaredLow)
    }

    @Test func driversPerSegment() async throws {
        let fixture = try await PlantedFixture.get()
        let report = try await KeyDriverReporting(session: fixture.session)
            .report(DriverRequest(target: .nps, breakdown: .segment, maximumThemes: 15, replicates: 60))
        #expect(report.groups.map(\.group) == ["consumer", "enterprise", "smb"])
        #expect(report.groups.reduce(0) { $0 + $1.comments } == fixture.plan.comments)
        for group in report.groups {
            #expect(group.drivers.first.map { fixture.plan.driverEffects.keys.map(PlantedWorkspace.themeKey).contains($0.themeKey) } == true)
        }
    }

    @Test func themeImpactByHand() {
        // 10 answers: 4 promoters, 2 passives, 4 detractors → NPS 0. Theme comments: 3 answers, all detractors.
        var total = ScoreTally()
        for score in [10, 9, 10, 9, 7, 8, 2, 3, 4, 6] { total.add(nps: score, csat: nil, ces: nil, stars: nil) }
        var theme = ScoreTally()
        for score in [2, 3, 4] { theme.add(nps: score, csat: nil, ces: nil, stars: nil) }
        let rows = ThemeImpact.rows(target: .nps, themeTallies: [ThemeTally(themeKey: "t", group: nil, tally: theme)],
                                    totals: [nil: total], names: ["t": "T"])
        let row = try! #require(rows.first)
        #expect(row.overall == 0)
        #expect(row.mentioning == -100)
        // Without the theme: 7 answers, 4 promoters, 1 detractor → 300/7 ≈ 42.86.
        #expect(abs(row.without! - 300.0 / 7) < 1e-9)
        #expect(abs(row.impact! + 300.0 / 7) < 1e-9)
        #expect(row.versusRest?.difference == -100 - 300.0 / 7)
    }
}

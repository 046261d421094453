import Foundation
import Testing
@testable import HeardEngine
import HeardModel
import HeardStats
import HeardStore

@Suite("Emerging issues")
struct EmergingIssuesTests {
    @Test func baselineFlagsASpikeAndNotSteadyVolume() {
        let steady = ThemePeriodCounts(mentions: 30, total: 400, sentiment: Mean(n: 30, sum: -6, sumOfSquares: 4))
        var series = Array(repeating: steady, count: 10)
        series[9].mentions = 90
        let signals = TrailingBaseline.signals(at: 9, in: series, thresholds: EmergingThresholds())
        #expect(signals.map(\.kind) == [.volumeSpike])
        #expect(abs(signals[0].expected - 30) < 1e-9)
        // Binomial spread at share 0.075 of 400: sd = √(30 · 0.925) ≈ 5.27, z = 60 / 5.27.
        #expect(abs(signals[0].z - 60 / (30 * 0.925).squareRoot()) < 1e-9)
        #expect(TrailingBaseline.signals(at: 8, in: series, thresholds: EmergingThresholds()).isEmpty)
    }

    @Test func volumeIsJudgedAsAShareOfAllComments() {
        // Twice the comments and twice the mentions is not a rise.
        var series = Array(repeating: ThemePeriodCounts(mentions: 30, total: 400, sentiment: Mean(n: 0, sum: 0, sumOfSquares: 0)), count: 9)
        series.append(ThemePeriodCounts(mentions: 60, total: 800, sentiment: Mean(n: 0, sum: 0, sumOfSquares: 0)))
        #expect(TrailingBaseline.signals(at: 9, in: series, thresholds: EmergingThresholds()).isEmpty)
    }

    @Test func growthFromALowBaseNeedsTheMinimumVolume() {
        var series = Array(repeating: ThemePeriodCounts(mentions: 1, total: 400, sentiment: Mean(n: 0, sum: 0, sumOfSquares: 0)), count: 9)
        series.append(ThemePeriodCounts(mentions: 9, total: 400, sentiment: Mean(n: 0, sum: 0, sumOfSquares: 0)))
        #expect(TrailingBaseline.signals(at: 9, in: series, thresholds: EmergingThresholds()).isEmpty, "9 < minimum volume 10")
        series[9].mentions = 12
        #expect(TrailingBaseline.signals(at: 9, in: series, thresholds: EmergingThresholds()).map(\.kind) == [.newFromLowBase])
    }

    @Test func sentimentDropIsFlagged() {
        let usual = ThemePeriodCounts(mentions: 40, total: 400, sentiment: Mean(n: 40, sum: 0, sumOfSquares: 40 * 0.09))
        var series = Array(repeating: usual, count: 9)
        // Mean −0.4 with sd 0.3 against a baseline mean 0 with sd 0.3.
        series.append(ThemePeriodCounts(mentions: 40, total: 400, sentiment: Mean(n: 40, sum: -16, sumOfSquares: 40 * (0.16 + 0.09))))
        let signals = TrailingBaseline.signals(at: 9, in: series, thresholds: EmergingThresholds())
        #expect(signals.map(\.kind) == [.sentimentDrop])
        #expect(signals[0].z < -3)
    }

    @Test func plantedSpikeIsFlaggedInWeek40WithFewFalseAlarms() async throws {
        let fixture = try await PlantedFixture.get()
        let plan = fixture.plan
        let since = plan.firstDay.adding(days: 7 * 8)
        let digest = try await EmergingIssues(session: fixture.session)
            .digest(EmergingRequest(period: .week, since: since, breakdown: nil, verbatimsPerItem: 2))
        let spikeKey = PlantedWorkspace.themeKey(plan.spike!.theme)
        let spike = digest.items.filter { $0.themeKey == spikeKey && $0.kind == .volumeSpike }
        #expect(spike.count == 1)
        #expect(spike.first?.periodLabel == "2025-W40")
        #expect(spike.first?.sinceLabel == "2025-W40")
        #expect(spike.first.map { $0.mentions > 2 * Int($0.expected) } == true)
        #expect(spike.first?.verbatims.count == 2)
        #expect(spike.first?.verbatims.allSatisfy { $0.text.contains(spikeKey) } == true)
        let falseAlarms = digest.items.filter { !($0.themeKey == spikeKey && $0.periodLabel == "2025-W40") }
            .reduce(0) { $0 + $1.periods }
        #expect(digest.themePeriodsExamined >= plan.themes * 40)
        #expect(Double(falseAlarms) <= Double(digest.themePeriodsExamined) / 50, "\(falseAlarms) false alarms in \(digest.themePeriodsExamined)")
        // The strongest evidence ranks first.
        #expect(digest.items.first?.themeKey == spikeKey)
    }

    @Test func segmentsAreExaminedWhereVolumeAllows() async throws {
        let fixture = try await PlantedFixture.get()
        let digest = try await EmergingIssues(session: fixture.session)
            .digest(EmergingRequest(period: .week, since: CalendarDay(year: 2025, month: 9, day: 29), breakdown: .segment, verbatimsPerItem: 0))
        let spikeKey = PlantedWorkspace.themeKey(fixture.plan.spike!.theme)
        let flaggedGroups = Set(digest.items.filter { $0.themeKey == spikeKey && $0.periodLabel == "2025-W40" }.map(\.group))
        #expect(flaggedGroups.contains(nil))
        #expect(flaggedGroups.count >= 2, "the spike shows in at least one segment too: \(flaggedGroups)")
    }

    @Test func trendsGiveShareAndSentimentWithIntervals() async throws {
        let fixture = try await PlantedFixture.get()
        let report = try await ThemeTrends(session: fixture.session)
            .report(TallyQuery(period: .week), themeKeys: [PlantedWorkspace.themeKey(5)])
        #expect(report.rows.count == fixture.plan.weeks)
        let week40 = try #require(report.rows.first { $0.periodLabel == "2025-W40" })
        let week39 = try #require(report.rows.first { $0.periodLabel == "2025-W39" })
        #expect(week40.share!.value > 2 * week39.share!.value)
        #expect(week40.shareChange?.isSignificant() == true)
        #expect(week40.share!.low < week40.share!.value && week40.share!.value < week40.share!.high)
        #expect(week40.sentiment!.low >= -1 && week40.sentiment!.high <= 1)
        #expect(week40.totalComments > week40.comments)
    }
}

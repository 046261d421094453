import HeardModel
import HeardStats
import Testing

/// Every formula against a case worked by hand (reference values from scipy.stats).
@Suite struct StatisticsTests {
    @Test func npsAndAdjustedWaldInterval() throws {
        // n = 400, 200 promoters, 80 detractors: NPS = 100·(0.5 − 0.2) = 30.
        // n' = 403, p' = 200.75/403, d' = 80.75/403, half-width = 1.96·√((p'+d'−(p'−d')²)/n').
        let nps = NPS(n: 400, promoters: 200, detractors: 80)
        #expect(nps.score == 30)
        #expect(nps.passives == 120)
        let interval = try #require(nps.interval)
        #expect(abs(interval.low - 22.152) < 0.0005)
        #expect(abs(interval.high - 37.401) < 0.0005)
    }

    @Test func npsOfNobodyIsAbsentNotZero() {
        #expect(NPS(n: 0, promoters: 0, detractors: 0).score == nil)
        #expect(NPS(n: 0, promoters: 0, detractors: 0).interval == nil)
    }

    @Test func npsIntervalStaysWithinScale() throws {
        let allPromoters = try #require(NPS(n: 3, promoters: 3, detractors: 0).interval)
        #expect(allPromoters.high <= 100)
        #expect(allPromoters.low > -100)
    }

    @Test func wilsonInterval() throws {
        let proportion = Proportion(successes: 8, n: 10)
        let interval = try #require(proportion.wilson)
        #expect(abs(interval.low - 0.490162) < 1e-6)
        #expect(abs(interval.high - 0.943318) < 1e-6)
        let zero = try #require(Proportion(successes: 0, n: 5).wilson)
        #expect(zero.low == 0)
        #expect(zero.high > 0.4)
    }

    @Test func meanWithStudentTInterval() throws {
        let mean = Mean([5, 6, 7, 4, 5].map(Double.init))
        #expect(mean.value == 5.4)
        let interval = try #require(mean.interval)
        #expect(abs(interval.low - 3.984285) < 1e-6)
        #expect(abs(interval.high - 6.815715) < 1e-6)
        #expect(Mean([4]).interval == nil)
    }

    @Test func studentTQuantilesAndTails() {
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 4) - 2.776445) < 1e-6)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 10) - 2.228139) < 1e-6)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 1) - 12.706205) < 1e-5)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 1000) - 1.962339) < 1e-6)
        #expect(abs(Distributions.studentTTwoSidedP(2.5, degreesOfFreedom: 7) - 0.040992) < 1e-6)
        #expect(abs(Distributions.normalTwoSidedP(1.96) - 0.049996) < 1e-6)
    }

    @Test func npsDifferenceTest() throws {
        // A: n 200, P 100, D 40 (NPS 30); B: n 150, P 45, D 45 (NPS 0).
        let result = try #require(SignificanceTests.nps(NPS(n: 200, promoters: 100, detractors: 40), NPS(n: 150, promoters: 45, detractors: 45)))
        #expect(abs(result.difference - 30) < 1e-9)
        #expect(abs(result.statistic - 3.608406) < 1e-5)
        #expect(abs(result.pValue - 0.000308) < 1e-6)
        #expect(abs(result.low - 13.2617) < 1e-3)
        #expect(abs(result.high - 45.8516) < 1e-3)
        #expect(result.isSignificant())
    }

    @Test func smallNPSDifferenceIsNotSignificant() throws {
        let result = try #require(SignificanceTests.nps(NPS(n: 20, promoters: 10, detractors: 4), NPS(n: 20, promoters: 8, detractors: 5)))
        #expect(!result.isSignificant())
    }

    @Test func twoProportionTest() throws {
        let result = try #require(SignificanceTests.proportions(Proportion(successes: 80, n: 100), Proportion(successes: 60, n: 100)))
        #expect(abs(result.difference - 20) < 1e-9)
        #expect(abs(result.statistic - 3.086067) < 1e-6)
        #expect(abs(result.pValue - 0.002028) < 1e-6)
    }

    @Test func welchTTest() throws {
        let a = Mean([1, 2, 3, 4, 5, 6, 7, 7, 7].map(Double.init))
        let b = Mean([4, 5, 5, 6, 6, 6, 7].map(Double.init))
        let result = try #require(SignificanceTests.means(a, b))
        #expect(abs(result.statistic - -1.066726) < 1e-6)
        #expect(abs(result.pValue - 0.308272) < 1e-6)
        #expect(!result.isSignificant())
    }

    @Test func summaryFromTally() throws {
        var tally = ScoreTally()
        for score in [10, 9, 8, 7, 6, 0] { tally.add(nps: score, csat: nil, ces: nil, stars: nil) }
        for csat in [5, 4, 3, 1] { tally.add(nps: nil, csat: csat, ces: nil, stars: nil) }
        for ces in [7, 5, 4] { tally.add(nps: nil, csat: nil, ces: ces, stars: nil) }
        let summary = ScoreSummary(tally)
        #expect(summary.feedback == 13)
        #expect(summary.nps?.value == 0)  // 2 promoters, 2 detractors of 6
        #expect(summary.nps?.n == 6)
        #expect(summary.csat?.value == 50)
        #expect(summary.ces.map { abs($0.value - 16.0 / 3) < 1e-12 } == true)
        #expect(summary.cesAgree.map { abs($0.value - 200.0 / 3) < 1e-9 } == true)
        #expect(summary.stars == nil)
    }

    @Test func meanIntervalsStayOnTheirScale() throws {
        var tally = ScoreTally()
        tally.add(nps: nil, csat: nil, ces: 1, stars: 5)
        tally.add(nps: nil, csat: nil, ces: 7, stars: 1)
        let summary = ScoreSummary(tally)
        let ces = try #require(summary.ces)
        #expect(ces.value == 4 && ces.low == 1 && ces.high == 7)
        let stars = try #require(summary.stars)
        #expect(stars.low == 1 && stars.high == 5)
    }

    @Test func talliesSubtractToFormTheRest() {
        var a = ScoreTally(), b = ScoreTally()
        a.add(nps: 10, csat: 5, ces: 6, stars: 4)
        b.add(nps: 3, csat: 2, ces: 2, stars: 1)
        let total = a + b
        #expect(total - a == b)
        #expect(total.npsCount == 2 && total.promoters == 1 && total.detractors == 1)
    }
}

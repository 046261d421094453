import Foundation
import HeardStats
import Testing

@Suite struct LaggedCorrelationTests {
    @Test func pearsonOnFivePointsWorkedByHand() throws {
        // x = 1…5, y = 2 4 5 4 5: deviations (−2 −1 0 1 2) and (−2 0 1 0 1), Σdxdy = 6,
        // Σdx² = 10, Σdy² = 6, so r = 6/√60 = 0.774597; t = r√(3/(1 − r²)) = 2.12132 on 3 df.
        // p and the Fisher interval tanh(atanh r ± 1.96/√2) from scipy.stats.pearsonr.
        let correlation = try #require(Correlation([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]))
        #expect(abs(correlation.r - 6 / 60.0.squareRoot()) < 1e-15)
        #expect(correlation.n == 5 && correlation.degreesOfFreedom == 3)
        #expect(abs(correlation.pValue - 0.1240270626575546) < 1e-9)
        #expect(abs(correlation.low - -0.3400820351875105) < 1e-9)
        #expect(abs(correlation.high - 0.9842357551507267) < 1e-9)
        #expect(!correlation.isSignificant())
    }

    @Test func tooFewPairsOrNoVariationIsNotTestable() {
        #expect(Correlation([1, 2, 3], [3, 1, 2]) == nil)
        #expect(Correlation([1, 2, 3, 4], [5, 5, 5, 5]) == nil)
        #expect(Correlation([1, 2, 3, 4], [1, 3, 2, 4]) != nil)
        // Two groups of two pairs: 4 pairs, but after two group means only 1 degree of freedom.
        let x = PanelSeries(["a": [1: 1, 2: 2], "b": [1: 5, 2: 3]])
        let y = PanelSeries(["a": [1: 3, 2: 4], "b": [1: 1, 2: 2]])
        let scan = LaggedCorrelationScan(operational: x, customer: y, maxLag: 1)
        #expect(scan.lags[0].pairs == 4 && scan.lags[0].groups == 2)
        #expect(scan.lags[0].correlation == nil)
        #expect(scan.best == nil && scan.bestAdjustedPValue == nil)
    }

    @Test func plantedRelationIsFoundAtLagTwo() throws {
        // Six teams over 40 weeks: y[t] = 10 − 0.5·x[t − 2] + noise, each team on its own level.
        var generator = SeededGenerator(seed: 4)
        var operational: [String: [Int: Double]] = [:]
        var customer: [String: [Int: Double]] = [:]
        for team in 0..<6 {
            let name = "team\(team)"
            let level = Double(team) * 3
            var xs: [Int: Double] = [:], ys: [Int: Double] = [:]
            for week in 0..<40 { xs[week] = 5 + 2 * gaussian(&generator) }
            for week in 2..<40 { ys[week] = level + 10 - 0.5 * xs[week - 2]! + gaussian(&generator) }
            operational[name] = xs
            customer[name] = ys
        }
        let scan = LaggedCorrelationScan(operational: PanelSeries(operational), customer: PanelSeries(customer), maxLag: 4)
        #expect(scan.lags.map(\.lag) == [0, 1, 2, 3, 4])
        let best = try #require(scan.best)
        #expect(best.lag == 2)
        #expect(best.groups == 6 && best.pairs == 6 * 38)
        let correlation = try #require(best.correlation)
        #expect(correlation.r < -0.5)
        #expect(correlation.degreesOfFreedom == 6 * 38 - 2 - 5)
        #expect(try #require(scan.bestAdjustedPValue) < 1e-6)
        #expect(try #require(scan.bestAdjustedPValue) == min(1, correlation.pValue * 5))
        // The other lags see only noise.
        for lag in scan.lags where lag.lag != 2 { #expect(abs(lag.correlation!.r) < 0.2) }
    }

    @Test func uncorrelatedSeriesAreNotSignificant() throws {
        var generator = SeededGenerator(seed: 8)
        var operational: [String: [Int: Double]] = [:]
        var customer: [String: [Int: Double]] = [:]
        for group in ["web", "phone", "store"] {
            operational[group] = Dictionary(uniqueKeysWithValues: (0..<30).map { ($0, gaussian(&generator)) })
            customer[group] = Dictionary(uniqueKeysWithValues: (0..<30).map { ($0, gaussian(&generator)) })
        }
        let scan = LaggedCorrelationScan(operational: PanelSeries(operational), customer: PanelSeries(customer), maxLag: 3)
        let best = try #require(scan.best)
        #expect(try #require(scan.bestAdjustedPValue) > 0.05)
        #expect(try #require(best.correlation).pValue * 4 == scan.bestAdjustedPValue)
    }

    @Test func groupLevelsAloneAreNotARelationOverTime() throws {
        // Teams with more backlog are less happy on average, but week to week the two move
        // independently: pooled raw data would show a strong correlation, fixed effects none.
        var generator = SeededGenerator(seed: 15)
        var operational: [String: [Int: Double]] = [:]
        var customer: [String: [Int: Double]] = [:]
        var pooledX: [Double] = [], pooledY: [Double] = []
        for team in 0..<5 {
            let level = Double(team) * 10
            var xs: [Int: Double] = [:], ys: [Int: Double] = [:]
            for week in 0..<25 {
                xs[week] = level + gaussian(&generator)
                ys[week] = 50 - level + gaussian(&generator)
                pooledX.append(xs[week]!)
                pooledY.append(ys[week]!)
            }
            operational["team\(team)"] = xs
            customer["team\(team)"] = ys
        }
        #expect(try #require(Correlation(pooledX, pooledY)).r < -0.9)
        let scan = LaggedCorrelationScan(operational: PanelSeries(operational), customer: PanelSeries(customer), maxLag: 0)
        let within = try #require(scan.lags[0].correlation)
        #expect(abs(within.r) < 0.25)
    }
}

import Foundation
import HeardStats
import Testing

/// Eigen-decomposition, sufficient statistics, Johnson's relative weights (against the published
/// rwa/mtcars example and against numpy on generated data) and the key-driver bootstrap.
@Suite struct RelativeWeightsTests {
    // MARK: Eigen-decomposition

    @Test(arguments: [1, 2, 3, 5, 10, 40, 101])
    func eigenReconstructsRandomSymmetricMatrices(size n: Int) {
        var generator = SeededGenerator(seed: UInt64(n))
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let value = Double.random(in: -1...1, using: &generator)
                matrix[i * n + j] = value
                matrix[j * n + i] = value
            }
        }
        let eigen = SymmetricEigen(symmetric: matrix, size: n)
        #expect(maxReconstructionError(eigen, matrix) < 1e-10)
        #expect(maxOrthonormalityError(eigen) < 1e-10)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func eigenOfHandWorkedMatrices() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, with vectors (1, −1)/√2 and (1, 1)/√2.
        let two = SymmetricEigen(symmetric: [2, 1, 1, 2], size: 2)
        #expect(abs(two.values[0] - 1) < 1e-14 && abs(two.values[1] - 3) < 1e-14)
        let root = 0.5.squareRoot()
        #expect(abs(abs(two.vector(0)[0]) - root) < 1e-14 && abs(two.vector(0)[0] + two.vector(0)[1]) < 1e-14)
        #expect(abs(two.vector(1)[0] - two.vector(1)[1]) < 1e-14)

        // The second-difference matrix: eigenvalues 2 − √2, 2, 2 + √2; the middle vector is
        // (1, 0, −1)/√2.
        let three = SymmetricEigen(symmetric: [2, -1, 0, -1, 2, -1, 0, -1, 2], size: 3)
        let expected = [2 - 2.0.squareRoot(), 2, 2 + 2.0.squareRoot()]
        for k in 0..<3 { #expect(abs(three.values[k] - expected[k]) < 1e-14) }
        let middle = three.vector(1)
        #expect(abs(abs(middle[0]) - root) < 1e-14)
        #expect(abs(middle[1]) < 1e-14)
        #expect(abs(middle[0] + middle[2]) < 1e-14)
    }

    @Test func eigenOfDiagonalMatrixIsItsDiagonalSorted() {
        let eigen = SymmetricEigen(symmetric: [3, 0, 0, 0, 1, 0, 0, 0, 2], size: 3)
        #expect(eigen.values == [1, 2, 3])
        // The eigenvector of 1 is the second unit vector, and so on.
        #expect(eigen.vector(0).map(abs) == [0, 1, 0])
        #expect(eigen.vector(1).map(abs) == [0, 0, 1])
        #expect(eigen.vector(2).map(abs) == [1, 0, 0])
    }

    @Test func eigenWithRepeatedEigenvalues() {
        // I + J (J all ones, 4×4): eigenvalues 1, 1, 1, 5. Any basis of the triple eigenspace
        // will do, but it must be orthonormal.
        let ones = [Double](repeating: 1, count: 16)
        let matrix = ones.indices.map { ones[$0] + ($0 % 5 == 0 ? 1 : 0) }
        let eigen = SymmetricEigen(symmetric: matrix, size: 4)
        for k in 0..<3 { #expect(abs(eigen.values[k] - 1) < 1e-13) }
        #expect(abs(eigen.values[3] - 5) < 1e-13)
        #expect(maxReconstructionError(eigen, matrix) < 1e-13)
        #expect(maxOrthonormalityError(eigen) < 1e-13)

        // Q diag(2, 2, 2, 7, 7, 7) Qᵀ for a random orthogonal Q (from a decomposition).
        var generator = SeededGenerator(seed: 9)
        let n = 6
        var random = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                random[i * n + j] = Double.random(in: -1...1, using: &generator)
                random[j * n + i] = random[i * n + j]
            }
        }
        let basis = SymmetricEigen(symmetric: random, size: n)
        let planted: [Double] = [2, 2, 2, 7, 7, 7]
        var clustered = [Double](repeating: 0, count: n * n)
        for k in 0..<n {
            for i in 0..<n {
                for j in 0..<n { clustered[i * n + j] += planted[k] * basis.vectors[k * n + i] * basis.vectors[k * n + j] }
            }
        }
        let eigen2 = SymmetricEigen(symmetric: clustered, size: n)
        for k in 0..<n { #expect(abs(eigen2.values[k] - planted[k]) < 1e-12) }
        #expect(maxReconstructionError(eigen2, clustered) < 1e-12)
        #expect(maxOrthonormalityError(eigen2) < 1e-12)
    }

    // MARK: Sufficient statistics

    @Test func sparseDenseAndMergedStatisticsAgree() throws {
        var generator = SeededGenerator(seed: 3)
        let p = 8
        var dense = CrossProducts(variableCount: p)
        var sparse = CrossProducts(variableCount: p)
        var halves = [CrossProducts(variableCount: p), CrossProducts(variableCount: p)]
        var rows: [[Double]] = []
        for index in 0..<300 {
            var row = [Double](repeating: 0, count: p)
            row[0] = Double(Int.random(in: 0...10, using: &generator))
            for j in 1..<p where Double.random(in: 0..<1, using: &generator) < 0.2 { row[j] = 1 }
            rows.append(row)
            dense.add(row)
            let nonzero = row.indices.filter { row[$0] != 0 }.reversed()  // any order is allowed
            sparse.add(indices: Array(nonzero), values: nonzero.map { row[$0] })
            halves[index % 2].add(row)
        }
        var merged = halves[0]
        merged.merge(halves[1])
        #expect(sparse == dense)
        #expect(merged == dense)
        #expect(dense.count == 300)

        // Covariances against a two-pass computation.
        let covariance = try #require(dense.covarianceMatrix())
        let means = (0..<p).map { j in rows.reduce(0) { $0 + $1[j] } / 300 }
        for i in 0..<p {
            for j in 0..<p {
                let direct = rows.reduce(0) { $0 + ($1[i] - means[i]) * ($1[j] - means[j]) } / 299
                #expect(abs(covariance[i * p + j] - direct) < 1e-12)
            }
        }

        // Merging with a weight counts every row that many times.
        var doubled = dense
        doubled.merge(dense)
        var weighted = CrossProducts(variableCount: p)
        weighted.merge(dense, weight: 2)
        #expect(weighted == doubled)
    }

    @Test func constantVariableHasZeroCorrelationsNotNaN() throws {
        var statistics = CrossProducts(variableCount: 3)
        statistics.add([1, 0, 5])
        statistics.add([2, 0, 5])
        statistics.add([4, 1, 5])
        #expect(statistics.isConstant(2))
        #expect(!statistics.isConstant(1))
        let correlations = try #require(statistics.correlationMatrix())
        #expect(correlations.allSatisfy { $0.isFinite })
        #expect(correlations[2 * 3 + 2] == 0)
        #expect(correlations[0] == 1)
    }

    // MARK: Relative weights

    /// The published example of the R package rwa (Martin Chan, README "Basic example"):
    /// mpg ~ cyl + disp + hp + gear on R's mtcars, printed to 7 decimals (rescaled to 5).
    @Test func reproducesPublishedMtcarsExample() throws {
        let table = try readFixtureCSV("mtcars.csv")
        let columns = ["mpg", "cyl", "disp", "hp", "gear"].map { table.header.firstIndex(of: $0)! }
        var statistics = CrossProducts(variableCount: columns.count)
        for row in table.rows { statistics.add(columns.map { row[$0] }) }
        let weights = try #require(RelativeWeights(statistics, target: 0))
        let published = [0.2284797, 0.2221469, 0.2321744, 0.0963886]
        let publishedRescaled = [29.32274, 28.50999, 29.79691, 12.37037]
        #expect(abs(weights.rSquared - 0.7791896) < 5e-8)
        for j in 0..<4 {
            #expect(abs(weights.raw[j] - published[j]) < 5e-8)
            #expect(abs(weights.rescaled[j] - publishedRescaled[j]) < 5e-6)
        }
        #expect(weights.directions == [.negative, .negative, .negative, .positive])
    }

    @Test(arguments: ["continuous", "ratings", "collinear", "themes"])
    func agreesWithNumpyReference(_ name: String) throws {
        let table = try readFixtureCSV("relative-weights/\(name).csv")
        let expected = try readExpected("relative-weights/\(name).expected.json")
        var statistics = CrossProducts(variableCount: table.header.count)
        for row in table.rows { statistics.add(row) }
        let target = try #require(table.header.firstIndex(of: expected.target))
        let predictors = expected.predictors.map { table.header.firstIndex(of: $0)! }
        let weights = try #require(RelativeWeights(statistics, target: target, predictors: predictors))
        var worst = abs(weights.rSquared - expected.rSquared)
        for j in predictors.indices {
            worst = max(worst, abs(weights.raw[j] - expected.raw[j]))
            #expect(abs(weights.coefficients[j] - expected.coefficients[j]) < 1e-6)
        }
        #expect(worst < 1e-6)
    }

    @Test func constantPredictorGetsZeroWeightAndNoNaN() throws {
        var generator = SeededGenerator(seed: 5)
        var statistics = CrossProducts(variableCount: 4)
        for _ in 0..<200 {
            let x = gaussian(&generator)
            statistics.add([x + gaussian(&generator), x, 0, gaussian(&generator)])
        }
        let weights = try #require(RelativeWeights(statistics, target: 0))
        #expect(weights.isConstant == [false, true, false])
        #expect(weights.raw[1] == 0 && weights.coefficients[1] == 0)
        #expect(weights.raw.allSatisfy { $0.isFinite } && weights.rSquared.isFinite)
        #expect(weights.raw[0] > 0.3)
        // A constant target leaves nothing to explain.
        #expect(RelativeWeights(statistics, target: 2) == nil)
    }

    /// A singular Rxx (the same column twice) must give finite weights, not a blow-up.
    @Test func exactDuplicatePredictorsShareTheirWeight() throws {
        var generator = SeededGenerator(seed: 6)
        var withTwin = CrossProducts(variableCount: 4)
        var single = CrossProducts(variableCount: 3)
        for _ in 0..<500 {
            let x = gaussian(&generator), z = gaussian(&generator)
            let y = x + 0.5 * z + gaussian(&generator)
            withTwin.add([y, x, x, z])
            single.add([y, x, z])
        }
        let twin = try #require(RelativeWeights(withTwin, target: 0))
        let reference = try #require(RelativeWeights(single, target: 0))
        #expect(twin.raw.allSatisfy { $0.isFinite })
        #expect(abs(twin.raw[0] - twin.raw[1]) < 1e-9)
        // The duplicate adds nothing to the fit; the weights still sum to R².
        #expect(abs(twin.rSquared - reference.rSquared) < 1e-9)
        // The pseudo-inverse gives the minimum-norm coefficients: x's split in two halves.
        #expect(abs(twin.coefficients[0] - reference.coefficients[0] / 2) < 1e-9)
        #expect(abs(twin.coefficients[1] - reference.coefficients[0] / 2) < 1e-9)
        #expect(abs(twin.coefficients[2] - reference.coefficients[1]) < 1e-9)
    }

    @Test func commandLinePrintsThePublishedWeights() throws {
        let process = Process()
        process.executableURL = heardExecutable()
        process.arguments = ["stats", "relative-weights", "--data", fixtureURL("mtcars.csv").path,
                             "--target", "mpg", "--predictors", "cyl,disp,hp,gear", "--format", "json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(abs((report["r_squared"] as? Double ?? 0) - 0.7791896) < 1e-6)
        let drivers = try #require(report["predictors"] as? [[String: Any]])
        #expect(drivers.map { $0["name"] as? String } == ["cyl", "disp", "hp", "gear"])
        #expect(abs((drivers[3]["raw"] as? Double ?? 0) - 0.0963886) < 1e-6)
        #expect(drivers.map { $0["direction"] as? String } == ["negative", "negative", "negative", "positive"])

        // A value that is not a number is named by file, line and column.
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("heard-stats-\(UUID().uuidString).csv")
        try "y,a\n1,2\n2,two\n3,4\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        let failing = Process()
        failing.executableURL = heardExecutable()
        failing.arguments = ["stats", "relative-weights", "--data", bad.path, "--target", "y"]
        let errors = Pipe()
        failing.standardError = errors
        failing.standardOutput = Pipe()
        try failing.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        failing.waitUntilExit()
        #expect(failing.terminationStatus != 0)
        #expect(message.contains("line 3, column \"a\": \"two\" is not a number"))
    }

    // MARK: Bootstrap and significance

    /// y depends strongly on x₁, not at all on x₂; x₃ is the random N(0, 1) predictor of the test.
    private func plantedBlocks(rows: Int = 2000, blocks: Int = 200) -> BlockedCrossProducts {
        var generator = SeededGenerator(seed: 11)
        var statistics = BlockedCrossProducts(variableCount: 4, blockCount: blocks)
        for _ in 0..<rows {
            let strong = gaussian(&generator)
            let unrelated = gaussian(&generator)
            let random = gaussian(&generator)
            let y = 0.6 * strong + gaussian(&generator)
            statistics.add([y, strong, unrelated, random], toBlock: statistics.randomBlock(using: &generator))
        }
        return statistics
    }

    @Test func plantedDriverIsSignificantAndNoiseIsNot() throws {
        let statistics = plantedBlocks()
        let result = try #require(KeyDriverAnalysis(replicates: 300, seed: 1).run(statistics, target: 0, noise: 3))
        #expect(result.drivers.map(\.variable) == [1, 2])
        let strong = result.drivers[0], unrelated = result.drivers[1]
        #expect(strong.isSignificant)
        #expect(strong.differenceLow > 0)
        #expect(!unrelated.isSignificant)
        #expect(strong.low < strong.weight && strong.weight < strong.high)
        #expect(strong.direction == .positive)
        #expect(result.rSquaredLow < result.rSquared && result.rSquared < result.rSquaredHigh)
        #expect(result.replicates == 300)
        // The point weights are those of the model on all rows.
        let point = try #require(RelativeWeights(statistics.total, target: 0))
        #expect(strong.weight == point.raw[0] && result.noiseWeight == point.raw[2])
    }

    @Test func bootstrapIsDeterministicForASeedOnAnyNumberOfThreads() throws {
        let statistics = plantedBlocks(rows: 600, blocks: 100)
        let once = try #require(KeyDriverAnalysis(replicates: 60, seed: 42).run(statistics, target: 0, noise: 3))
        let again = try #require(KeyDriverAnalysis(replicates: 60, seed: 42).run(statistics, target: 0, noise: 3))
        let threaded = try #require(KeyDriverAnalysis(replicates: 60, seed: 42, threads: 2).run(statistics, target: 0, noise: 3))
        let otherSeed = try #require(KeyDriverAnalysis(replicates: 60, seed: 43).run(statistics, target: 0, noise: 3))
        #expect(once == again)
        #expect(once == threaded)
        #expect(once.drivers[0].low != otherSeed.drivers[0].low)
    }

    @Test func sparseThemeIndicatorsWithOneRowPerBlock() throws {
        // Rating 0–10 and five theme indicators as sparse rows; theme 1 costs 3 points, theme 5 is
        // never mentioned; with 400 rows each row is its own block (the plain bootstrap).
        var generator = SeededGenerator(seed: 21)
        let rows = 400
        var statistics = BlockedCrossProducts(variableCount: 7, blockCount: rows)
        for index in 0..<rows {
            var indices: [Int] = [], values: [Double] = []
            var rating = 8.0 + gaussian(&generator)
            for theme in 1...4 where Double.random(in: 0..<1, using: &generator) < 0.15 {
                indices.append(theme); values.append(1)
                if theme == 1 { rating -= 3 }
            }
            indices.append(0); values.append(min(10, max(0, rating.rounded())))
            indices.append(6); values.append(gaussian(&generator))
            statistics.add(indices: indices, values: values, toBlock: index)
        }
        let result = try #require(KeyDriverAnalysis(replicates: 200, seed: 7).run(statistics, target: 0, noise: 6))
        let byVariable = Dictionary(uniqueKeysWithValues: result.drivers.map { ($0.variable, $0) })
        #expect(byVariable[1]!.isSignificant && byVariable[1]!.direction == .negative)
        #expect(byVariable[5]!.isConstant && !byVariable[5]!.isSignificant && byVariable[5]!.weight == 0)
        #expect(!byVariable[2]!.isSignificant && !byVariable[3]!.isSignificant && !byVariable[4]!.isSignificant)
    }
}

// MARK: Helpers

func gaussian(_ generator: inout SeededGenerator) -> Double {
    // Box–Muller; 1 − u keeps the logarithm finite.
    let u = 1 - Double.random(in: 0..<1, using: &generator)
    let v = Double.random(in: 0..<1, using: &generator)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
}

private func maxReconstructionError(_ eigen: SymmetricEigen, _ matrix: [Double]) -> Double {
    let n = eigen.size
    var worst = 0.0
    for i in 0..<n {
        for j in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += eigen.vectors[k * n + i] * eigen.values[k] * eigen.vectors[k * n + j] }
            worst = max(worst, abs(sum - matrix[i * n + j]))
        }
    }
    return worst
}

private func maxOrthonormalityError(_ eigen: SymmetricEigen) -> Double {
    let n = eigen.size
    var worst = 0.0
    for a in 0..<n {
        for b in 0..<n {
            var dot = 0.0
            for i in 0..<n { dot += eigen.vectors[a * n + i] * eigen.vectors[b * n + i] }
            worst = max(worst, abs(dot - (a == b ? 1 : 0)))
        }
    }
    return worst
}

private struct NumericTable {
    var header: [String]
    var rows: [[Double]]
}

private func fixtureURL(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
}

private func readFixtureCSV(_ name: String) throws -> NumericTable {
    let lines = try String(contentsOf: fixtureURL(name), encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    let rows = try lines.dropFirst().map { line in
        try line.split(separator: ",").map { try #require(Double(String($0))) }
    }
    return NumericTable(header: header, rows: rows)
}

private struct ExpectedWeights: Decodable {
    var target: String
    var predictors: [String]
    var raw: [Double]
    var coefficients: [Double]
    var rSquared: Double

    enum CodingKeys: String, CodingKey {
        case target, predictors, raw, coefficients
        case rSquared = "r_squared"
    }
}

private func readExpected(_ name: String) throws -> ExpectedWeights {
    try JSONDecoder().decode(ExpectedWeights.self, from: Data(contentsOf: fixtureURL(name)))
}

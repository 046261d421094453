import ArgumentParser
import Foundation
import HeardEngine
import HeardStats

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Statistics on a numeric CSV file.",
        subcommands: [StatsRelativeWeightsCommand.self])
}

struct StatsRelativeWeightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relative-weights",
        abstract: "Key drivers of a target column by Johnson's relative weights.",
        discussion: """
              heard stats relative-weights --data survey.csv --target nps
              heard stats relative-weights --data survey.csv --target nps --predictors speed,price,support
              heard stats relative-weights --data survey.csv --target nps --replicates 500 --format json

            The raw weight of a predictor is its share of the variance of the target that the
            predictors explain together; the raw weights add up to R². The rescaled weight is
            that share as a percentage of R². The direction is the sign of the predictor's
            coefficient in the multiple regression. A constant column gets weight 0.

            With --replicates N the model also gets a random predictor, and N bootstrap samples
            give each weight a 95% interval; a predictor is significant when it explains more
            than the random one (Tonidandel, LeBreton & Johnson, 2009). Weights then come from
            the model with the random predictor in it.

            The file needs a header row and numbers in every used column, separated by commas.
            """)

    @Option(name: .long, help: ArgumentHelp("CSV file with a header row.", valueName: "file"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Column to explain.", valueName: "column"))
    var target: String

    @Option(name: .long, help: ArgumentHelp("Comma-separated predictor columns (default: every other column).", valueName: "a,b,c"))
    var predictors: String?

    @Option(name: .long, help: "table or json.")
    var format: String = "table"

    @Option(name: .long, help: ArgumentHelp("Bootstrap samples for intervals and significance (0: none).", valueName: "n"))
    var replicates: Int = 0

    @Option(name: .long, help: ArgumentHelp("Rows are grouped into this many random blocks for the bootstrap.", valueName: "k"))
    var blocks: Int = 250

    @Option(name: .long, help: "Seed for the random predictor, the blocks and the bootstrap.")
    var seed: UInt64 = 1

    func run() async throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        guard replicates == 0 || replicates >= 2 else { throw ValidationError("--replicates must be 0 or at least 2") }
        guard blocks >= 2 else { throw ValidationError("--blocks must be at least 2") }
        let table = try NumericCSV.read(path: data, columns: chooseColumns)
        let names = Array(table.columns.dropFirst())
        guard table.rows.count >= 3 else { throw UserFacingError(description: "\(data): needs at least 3 rows, has \(table.rows.count)") }

        if replicates == 0 {
            var statistics = CrossProducts(variableCount: table.columns.count)
            for row in table.rows { statistics.add(row) }
            guard let weights = RelativeWeights(statistics, target: 0) else { throw constantTarget() }
            let drivers = names.indices.map { j in
                Driver(name: names[j], raw: weights.raw[j], rescaled: weights.rescaled[j], direction: weights.directions[j],
                       coefficient: weights.coefficients[j], isConstant: weights.isConstant[j], bootstrap: nil)
            }
            print(render(drivers, rows: table.rows.count, rSquared: weights.rSquared, bootstrap: nil))
            return
        }

        // Variables: target, predictors, then the random predictor.
        let noise = names.count + 1
        let blockCount = min(blocks, table.rows.count)
        var generator = SeededGenerator(seed: seed)
        var statistics = BlockedCrossProducts(variableCount: noise + 1, blockCount: blockCount)
        for row in table.rows {
            let random = KeyDriverAnalysis.randomPredictorValue(using: &generator)
            statistics.add(row + [random], toBlock: statistics.randomBlock(using: &generator))
        }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let started = DispatchTime.now().uptimeNanoseconds
        let analysis = KeyDriverAnalysis(replicates: replicates, seed: seed, threads: threads)
        guard let result = analysis.run(statistics, target: 0, noise: noise) else { throw constantTarget() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let drivers = result.drivers.map { driver in
            Driver(name: names[driver.variable - 1], raw: driver.weight, rescaled: driver.rescaled, direction: driver.direction,
                   coefficient: driver.coefficient, isConstant: driver.isConstant,
                   bootstrap: (driver.low, driver.high, driver.isSignificant))
        }
        let summary = BootstrapSummary(result: result, blocks: blockCount, threads: threads, seconds: seconds)
        print(render(drivers, rows: table.rows.count, rSquared: result.rSquared, bootstrap: summary))
    }

    /// The target, then the predictors: --predictors, or every other column of the header.
    private func chooseColumns(_ header: [String]) throws -> [String] {
        guard header.contains(target) else {
            throw UserFacingError(description: "\(data): no column \"\(target)\" (columns: \(header.joined(separator: ", ")))")
        }
        guard let predictors else {
            let others = header.filter { $0 != target }
            guard !others.isEmpty else { throw UserFacingError(description: "\(data): no columns besides the target") }
            return [target] + others
        }
        let names = predictors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--predictors names no column") }
        guard !names.contains(target) else { throw ValidationError("the target \"\(target)\" cannot also be a predictor") }
        guard Set(names).count == names.count else { throw ValidationError("--predictors names a column twice") }
        return [target] + names
    }

    private func constantTarget() -> UserFacingError {
        UserFacingError(description: "\(data): \"\(target)\" has the same value in every row, so there is nothing to explain")
    }

    private struct Driver {
        var name: String
        var raw: Double
        var rescaled: Double
        var direction: DriverDirection
        var coefficient: Double
        var isConstant: Bool
        var bootstrap: (low: Double, high: Double, isSignificant: Bool)?
    }

    private struct BootstrapSummary {
        var result: KeyDrivers
        var blocks: Int
        var threads: Int
        var seconds: Double
    }

    private func render(_ drivers: [Driver], rows: Int, rSquared: Double, bootstrap: BootstrapSummary?) -> String {
        format == "json" ? json(drivers, rows: rows, rSquared: rSquared, bootstrap: bootstrap).rendered()
            : table(drivers, rows: rows, rSquared: rSquared, bootstrap: bootstrap)
    }

    private func json(_ drivers: [Driver], rows: Int, rSquared: Double, bootstrap: BootstrapSummary?) -> JSONValue {
        let list: [JSONValue] = drivers.map { driver in
            var fields: [(String, JSONValue)] = [
                ("name", .string(driver.name)), ("raw", .number(driver.raw)), ("rescaled", .number(driver.rescaled)),
                ("direction", .string(driver.direction.rawValue)), ("coefficient", .number(driver.coefficient)),
                ("constant", .bool(driver.isConstant)),
            ]
            if let interval = driver.bootstrap {
                fields += [("low", .number(interval.low)), ("high", .number(interval.high)), ("significant", .bool(interval.isSignificant))]
            }
            return .object(fields)
        }
        var fields: [(String, JSONValue)] = [
            ("data", .string(data)), ("target", .string(target)), ("n", .int(rows)), ("r_squared", .number(rSquared)),
        ]
        if let bootstrap {
            fields += [
                ("r_squared_low", .number(bootstrap.result.rSquaredLow)), ("r_squared_high", .number(bootstrap.result.rSquaredHigh)),
                ("random_weight", .number(bootstrap.result.noiseWeight)), ("replicates", .int(bootstrap.result.replicates)),
                ("blocks", .int(bootstrap.blocks)), ("seed", .string(String(seed))), ("seconds", .number(bootstrap.seconds)),
            ]
        }
        fields.append(("predictors", .array(list)))
        return .object(fields)
    }

    private func table(_ drivers: [Driver], rows: Int, rSquared: Double, bootstrap: BootstrapSummary?) -> String {
        let width = max(9, drivers.map(\.name.count).max() ?? 0)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines = ["data       \(data)", "target     \(target) (\(rows) rows)"]
        if let bootstrap {
            lines.append("R²         " + String(format: "%.4f  [%.4f, %.4f]", rSquared, bootstrap.result.rSquaredLow, bootstrap.result.rSquaredHigh))
            lines.append("random     " + String(format: "%.4f", bootstrap.result.noiseWeight) + " (weight of the random predictor)")
            lines.append("bootstrap  \(bootstrap.result.replicates) replicates over \(bootstrap.blocks) blocks, "
                + String(format: "%.2f s", bootstrap.seconds) + " on \(bootstrap.threads) thread\(bootstrap.threads == 1 ? "" : "s")")
        } else {
            lines.append("R²         " + String(format: "%.4f", rSquared))
        }
        lines.append("")
        var heading = pad("predictor") + "  raw weight  % of R²  direction"
        if bootstrap != nil { heading += "  95% interval        significant" }
        lines.append(heading)
        for driver in drivers {
            let direction = driver.isConstant ? "constant" : driver.direction.rawValue
            var line = pad(driver.name) + String(format: "  %10.4f  %6.1f%%  ", driver.raw, driver.rescaled)
            if let interval = driver.bootstrap {
                line += direction.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: "  [%.4f, %.4f]  ", interval.low, interval.high) + (interval.isSignificant ? "yes" : "no")
            } else {
                line += direction
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

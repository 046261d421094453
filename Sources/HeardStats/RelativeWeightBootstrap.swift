import Foundation

/// One driver of a key-driver analysis.
public struct KeyDriver: Sendable, Hashable {
    /// Variable index in the statistics.
    public var variable: Int
    /// Raw relative weight ε from all rows, in units of R².
    public var weight: Double
    /// The weight as a percentage of R².
    public var rescaled: Double
    /// Percentile bootstrap interval of the raw weight.
    public var low: Double
    public var high: Double
    /// Percentile bootstrap interval of (this weight − the random predictor's weight).
    public var differenceLow: Double
    public var differenceHigh: Double
    /// Tonidandel, LeBreton & Johnson (2009): the driver explains more than a random variable
    /// would, i.e. the interval of the difference lies above 0. Callers show a driver that is not
    /// significant with weight zero.
    public var isSignificant: Bool
    public var coefficient: Double
    public var direction: DriverDirection
    /// Constant in the data, hence left out of the model (weight 0, never significant).
    public var isConstant: Bool
}

/// The outcome of a key-driver analysis.
public struct KeyDrivers: Sendable, Hashable {
    /// Every predictor but the random one, in the order asked for.
    public var drivers: [KeyDriver]
    /// Raw weight of the random predictor: what pure noise earns in this sample.
    public var noiseWeight: Double
    public var rSquared: Double
    public var rSquaredLow: Double
    public var rSquaredHigh: Double
    /// Replicates that produced weights (a replicate whose target came out constant is skipped).
    public var replicates: Int
}

/// Key drivers by Johnson's relative weights with bootstrap intervals and the significance test
/// of Tonidandel, LeBreton & Johnson (2009): the caller adds one standard-normal random
/// predictor to the model, and a driver counts only when the bootstrap interval of its weight
/// minus the random one's lies above 0. Comparing with a variable known to be irrelevant
/// (rather than testing εⱼ > 0, which is never false) accounts for the positive bias every
/// weight has in a finite sample.
///
/// Replicates resample blocks (`BlockedCrossProducts`), so one costs K merges of p² numbers
/// plus one eigen-decomposition, whatever the number of rows. Each replicate draws from its own
/// generator seeded by (seed, replicate index), so results are identical for a given seed on
/// any number of threads.
public struct KeyDriverAnalysis: Sendable, Hashable {
    public var replicates: Int
    public var seed: UInt64
    /// Worker threads for the replicates; the answer does not depend on it.
    public var threads: Int
    /// Coverage of the percentile intervals.
    public var confidence: Double

    public init(replicates: Int = 500, seed: UInt64 = 1, threads: Int = 1, confidence: Double = 0.95) {
        precondition(replicates >= 2, "a percentile interval needs at least two replicates")
        precondition(threads >= 1)
        precondition(confidence > 0 && confidence < 1)
        self.replicates = replicates
        self.seed = seed
        self.threads = threads
        self.confidence = confidence
    }

    /// Drivers of `target` among `predictors` (all other variables when nil), which must include
    /// `noise`. nil when the target is constant or fewer than two replicates were usable.
    public func run(_ statistics: BlockedCrossProducts, target: Int, noise: Int, predictors: [Int]? = nil) -> KeyDrivers? {
        let predictors = predictors ?? (0..<statistics.variableCount).filter { $0 != target }
        guard let noisePosition = predictors.firstIndex(of: noise) else {
            preconditionFailure("the random predictor must be one of the predictors")
        }
        guard let point = RelativeWeights(statistics.total, target: target, predictors: predictors) else { return nil }

        let p = predictors.count
        // Row r holds replicate r's raw weights, then its R²; NaN marks a skipped replicate.
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: replicates * (p + 1))
        results.initialize(repeating: .nan)
        defer { results.deallocate() }
        let shared = DisjointWrites(results)
        let workers = min(threads, replicates)
        let replicates = replicates, seed = seed
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var replicate = worker
            while replicate < replicates {
                var generator = SeededGenerator(seed: Self.replicateSeed(seed, replicate))
                let sample = statistics.resampledTotal(using: &generator)
                if let weights = RelativeWeights(sample, target: target, predictors: predictors) {
                    let row = shared.buffer.baseAddress! + replicate * (p + 1)
                    for j in 0..<p { row[j] = weights.raw[j] }
                    row[p] = weights.rSquared
                }
                replicate += workers
            }
        }

        let usable = (0..<replicates).filter { !results[$0 * (p + 1) + p].isNaN }
        guard usable.count >= 2 else { return nil }
        let tail = (1 - confidence) / 2
        func interval(_ value: (Int) -> Double) -> (low: Double, high: Double) {
            let sorted = usable.map(value).sorted()
            return (Self.quantile(sorted, tail), Self.quantile(sorted, 1 - tail))
        }
        let rescaled = point.rescaled
        let directions = point.directions
        var drivers: [KeyDriver] = []
        for j in 0..<p where j != noisePosition {
            let weight = interval { results[$0 * (p + 1) + j] }
            let difference = interval { results[$0 * (p + 1) + j] - results[$0 * (p + 1) + noisePosition] }
            drivers.append(KeyDriver(
                variable: predictors[j],
                weight: point.raw[j],
                rescaled: rescaled[j],
                low: weight.low,
                high: weight.high,
                differenceLow: difference.low,
                differenceHigh: difference.high,
                isSignificant: !point.isConstant[j] && difference.low > 0,
                coefficient: point.coefficients[j],
                direction: directions[j],
                isConstant: point.isConstant[j]))
        }
        let rSquared = interval { results[$0 * (p + 1) + p] }
        return KeyDrivers(
            drivers: drivers, noiseWeight: point.raw[noisePosition], rSquared: point.rSquared,
            rSquaredLow: rSquared.low, rSquaredHigh: rSquared.high, replicates: usable.count)
    }

    /// A value of the random predictor for one row: standard normal, by Box–Muller.
    public static func randomPredictorValue(using generator: inout some RandomNumberGenerator) -> Double {
        // 1 − u lies in (0, 1], so the logarithm stays finite.
        let u = 1 - Double.random(in: 0..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Replicate seeds are hashed, not consecutive: SplitMix64 streams seeded one golden-ratio
    /// step apart would be the same stream shifted by one draw.
    static func replicateSeed(_ seed: UInt64, _ replicate: Int) -> UInt64 {
        var mixer = SeededGenerator(seed: seed ^ (UInt64(replicate) &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }

    /// Linear interpolation between order statistics (R's type 7, numpy's default).
    static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        let position = probability * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }
}

/// Each worker of a parallel loop writes its own, disjoint indexes.
private struct DisjointWrites: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}

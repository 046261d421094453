import Foundation
import HeardModel
import HeardStats
import HeardStore

public struct DriverRequest: Sendable {
    public var target: ScoreScale
    public var breakdown: Breakdown?
    public var filter: FeedbackFilter
    /// The most-mentioned themes that enter the model.
    public var maximumThemes: Int
    /// Themes with fewer mentioning comments stay out: their weight would be noise.
    public var minimumMentions: Int
    /// Groups with fewer scored comments are reported as skipped.
    public var minimumComments: Int
    public var replicates: Int
    public var seed: UInt64

    public init(target: ScoreScale = .nps, breakdown: Breakdown? = nil, filter: FeedbackFilter = FeedbackFilter(),
                maximumThemes: Int = 50, minimumMentions: Int = 30, minimumComments: Int = 200, replicates: Int = 200, seed: UInt64 = 1) {
        self.target = target
        self.breakdown = breakdown
        self.filter = filter
        self.maximumThemes = maximumThemes
        self.minimumMentions = minimumMentions
        self.minimumComments = minimumComments
        self.replicates = replicates
        self.seed = seed
    }
}

/// Where a theme sits on the importance × performance map.
public enum DriverQuadrant: String, Sendable, Codable {
    /// Matters a lot and customers who mention it score below average.
    case fixFirst = "fix first"
    /// Matters a lot and customers who mention it score above average: a strength to protect.
    case keepUp = "keep up"
    /// Matters less, scores below average.
    case monitor
    /// Matters less, scores above average.
    case maintain
}

/// One theme as a driver: its two predictors (mentioned or not; mention sentiment), what they
/// explain, which way it moves the target, and its impact with and without its comments.
public struct ThemeDriver: Sendable {
    public var themeKey: String
    public var themeName: String
    public var ownerTeam: String?
    /// Scored comments in the group that mention the theme.
    public var comments: Int
    public var mentioned: KeyDriver
    public var sentiment: KeyDriver
    /// Percent of R² from the theme's significant predictors (0 when neither is).
    public var importance: Double
    /// Raw relative weight of the significant predictors (share of variance explained).
    public var weight: Double
    public var isSignificant: Bool
    /// Which predictor carries the theme's importance: "mention", "sentiment", "both" or "none".
    public var via: String {
        switch (mentioned.isSignificant, sentiment.isSignificant) {
        case (true, true): "both"
        case (true, false): "mention"
        case (false, true): "sentiment"
        case (false, false): "none"
        }
    }
    /// Expected change of the target (in its own scale, e.g. 0–10) for a comment that mentions
    /// the theme with its typical sentiment, from the regression coefficients.
    public var effect: Double
    public var direction: DriverDirection
    /// The target metric (NPS points, CSAT %, CES or stars mean) among comments mentioning it.
    public var performance: Double?
    public var impact: ThemeImpactRow?
    public var quadrant: DriverQuadrant
}

public struct DriverGroup: Sendable {
    public var group: String?
    public var comments: Int
    /// The target metric over the group's scored comments.
    public var overall: Double?
    public var rSquared: Double
    public var rSquaredLow: Double
    public var rSquaredHigh: Double
    /// What a random predictor earns here: the bar a real driver must clear.
    public var noiseWeight: Double
    public var replicates: Int
    /// Ranked: most important first.
    public var drivers: [ThemeDriver]
    /// Why the group has no drivers, when it has none.
    public var note: String?
}

public struct DriverReport: Sendable {
    public var request: DriverRequest
    public var themesInModel: [String]
    public var groups: [DriverGroup]
}

/// Key drivers of NPS, CSAT, CES or stars: Johnson's relative weights of each theme's two
/// predictors at the comment level, with block-bootstrap intervals, the random-variable
/// significance test, and the theme's impact next to it. Comments stream from the store a page at
/// a time into per-group sufficient statistics, so memory does not grow with the comments.
public struct KeyDriverReporting: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    static let pageSize = 50_000

    public func report(_ request: DriverRequest) async throws -> DriverReport {
        let store = session.store, workspace = session.workspace.id
        let volumes = try await store.themeVolumes(in: workspace)
        let chosen = volumes.filter { $0.comments >= request.minimumMentions }
            .sorted { ($1.comments, $0.themeKey) < ($0.comments, $1.themeKey) }
            .prefix(request.maximumThemes).map(\.themeKey)
        let themeIndex = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1, $0) })
        let variables = 2 + 2 * chosen.count
        // Fewer blocks per group when there are groups, to bound memory (blocks × p² doubles each).
        let blockCount = request.breakdown == nil ? 250 : 100

        var statistics: [String?: BlockedCrossProducts] = [:]
        var counts: [String?: Int] = [:]
        var mentionSentimentSums: [String?: [Double]] = [:]
        // Score tallies for theme impact, gathered in the same pass (a separate query over the
        // mentions cost 4.7 s of a 13 s run at a million comments).
        var groupTallies: [String?: ScoreTally] = [:]
        var themeTallies: [String?: [ScoreTally]] = [:]
        var seenThemes: [Bool] = Array(repeating: false, count: chosen.count)
        var indices: [Int] = []
        var values: [Double] = []
        // The next page is read while this one is folded in, so the database and the arithmetic
        // use both cores.
        func fetch(after: Int64) -> Task<ScoredCommentPage, any Error> {
            Task { [request] in
                try await store.scoredComments(target: request.target, breakdown: request.breakdown, filter: request.filter,
                                               afterRowID: after, limit: Self.pageSize, in: workspace)
            }
        }
        var pending = fetch(after: 0)
        while true {
            let page = try await pending.value
            guard let last = page.lastRowID else { break }
            pending = fetch(after: last)
            // Row ids are not kept per comment in the page; a comment's block and noise come from
            // its position in the whole scan, which is the same on every run.
            for comment in 0..<page.count {
                let group: String? = page.groups.isEmpty ? nil : page.groups[comment]
                if statistics[group] == nil {
                    statistics[group] = BlockedCrossProducts(variableCount: variables, blockCount: blockCount)
                    mentionSentimentSums[group] = Array(repeating: 0, count: chosen.count)
                    themeTallies[group] = Array(repeating: ScoreTally(), count: chosen.count)
                }
                let answer = Self.tally(request.target, page.targets[comment])
                groupTallies[group, default: ScoreTally()] += answer
                for index in seenThemes.indices { seenThemes[index] = false }
                let ordinal = counts[group, default: 0]
                counts[group] = ordinal + 1
                var mixer = SeededGenerator(seed: request.seed &+ UInt64(ordinal) &* 0x9E37_79B9_7F4A_7C15)
                indices.removeAll(keepingCapacity: true)
                values.removeAll(keepingCapacity: true)
                let target = page.targets[comment]
                if target != 0 { indices.append(0); values.append(target) }
                indices.append(1)
                values.append(KeyDriverAnalysis.randomPredictorValue(using: &mixer))
                for mention in page.mentionStart[comment]..<page.mentionStart[comment + 1] {
                    guard let theme = themeIndex[page.mentionTheme[mention]] else { continue }
                    let sentiment = page.mentionSentiment[mention]
                    indices.append(2 + 2 * theme)
                    values.append(1)
                    if sentiment != 0 {
                        indices.append(3 + 2 * theme)
                        values.append(sentiment)
                    }
                    mentionSentimentSums[group]![theme] += sentiment
                    if !seenThemes[theme] {
                        seenThemes[theme] = true
                        themeTallies[group]![theme] += answer
                    }
                }
                let block = Int(mixer.next() % UInt64(blockCount))
                statistics[group]!.add(indices: indices, values: values, toBlock: block)
            }
        }

        let themes = Dictionary(try await store.themes(in: workspace).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let impacts = ThemeImpact.rows(
            target: request.target,
            themeTallies: themeTallies.flatMap { group, tallies in
                tallies.enumerated().map { ThemeTally(themeKey: chosen[$0.offset], group: group, tally: $0.element) }
            },
            totals: groupTallies, names: themes.mapValues(\.name))
        var impactByKey: [String?: [String: ThemeImpactRow]] = [:]
        for row in impacts { impactByKey[row.group, default: [:]][row.themeKey] = row }

        let analysis = KeyDriverAnalysis(replicates: request.replicates, seed: request.seed,
                                         threads: max(1, ProcessInfo.processInfo.activeProcessorCount))
        var groups: [DriverGroup] = []
        for (group, blocked) in statistics.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
            let comments = counts[group] ?? 0
            let overall = groupTallies[group].flatMap { TargetMetric.value(request.target, $0) }
            guard comments >= request.minimumComments else {
                groups.append(DriverGroup(group: group, comments: comments, overall: overall, rSquared: 0, rSquaredLow: 0, rSquaredHigh: 0,
                                          noiseWeight: 0, replicates: 0, drivers: [],
                                          note: "\(comments) scored comments; at least \(request.minimumComments) are needed"))
                continue
            }
            // A theme enters a group's model only with enough mentions in that group.
            let total = blocked.total
            let present = chosen.indices.filter { total.sums[2 + 2 * $0] >= Double(request.minimumMentions) }
            let predictors = [1] + present.flatMap { [2 + 2 * $0, 3 + 2 * $0] }
            guard !present.isEmpty, let result = analysis.run(blocked, target: 0, noise: 1, predictors: predictors) else {
                groups.append(DriverGroup(group: group, comments: comments, overall: overall, rSquared: 0, rSquaredLow: 0, rSquaredHigh: 0,
                                          noiseWeight: 0, replicates: 0, drivers: [],
                                          note: present.isEmpty ? "no theme has \(request.minimumMentions) mentions here" : "the target does not vary"))
                continue
            }
            let byVariable = Dictionary(uniqueKeysWithValues: result.drivers.map { ($0.variable, $0) })
            let sd = (0..<variables).map { total.count > 1 ? Self.standardDeviation(total, $0) : 0 }
            var drivers: [ThemeDriver] = []
            for (index, key) in chosen.enumerated() {
                guard let mentioned = byVariable[2 + 2 * index], let sentiment = byVariable[3 + 2 * index] else { continue }
                let mentions = Int(total.sums[2 + 2 * index].rounded())
                guard mentions > 0 else { continue }
                let significant = [mentioned, sentiment].filter(\.isSignificant)
                let typicalSentiment = (mentionSentimentSums[group]?[index] ?? 0) / Double(mentions)
                func raw(_ driver: KeyDriver) -> Double {
                    sd[driver.variable] > 0 ? driver.coefficient * sd[0] / sd[driver.variable] : 0
                }
                let effect = raw(mentioned) + raw(sentiment) * typicalSentiment
                let impact = impactByKey[group]?[key]
                drivers.append(ThemeDriver(
                    themeKey: key, themeName: themes[key]?.name ?? key, ownerTeam: themes[key]?.ownerTeam, comments: mentions,
                    mentioned: mentioned, sentiment: sentiment,
                    importance: significant.reduce(0) { $0 + $1.rescaled }, weight: significant.reduce(0) { $0 + $1.weight },
                    isSignificant: !significant.isEmpty, effect: effect,
                    direction: effect > 0 ? .positive : effect < 0 ? .negative : .none,
                    performance: impact?.mentioning, impact: impact, quadrant: .maintain))
            }
            Self.placeInQuadrants(&drivers, overall: overall)
            drivers.sort { ($1.importance, $0.impact?.impact ?? 0, $0.themeKey) < ($0.importance, $1.impact?.impact ?? 0, $1.themeKey) }
            groups.append(DriverGroup(group: group, comments: comments, overall: overall, rSquared: result.rSquared,
                                      rSquaredLow: result.rSquaredLow, rSquaredHigh: result.rSquaredHigh, noiseWeight: result.noiseWeight,
                                      replicates: result.replicates, drivers: drivers, note: nil))
        }
        return DriverReport(request: request, themesInModel: chosen, groups: groups)
    }

    /// Important means a significant driver with at least the mean importance of all themes in
    /// the model (the usual importance–performance cut); performance is judged against the group's overall metric (higher is better on
    /// every scale Heard reads, CES included: 7 is "very easy").
    static func placeInQuadrants(_ drivers: inout [ThemeDriver], overall: Double?) {
        let bar = drivers.isEmpty ? .infinity : drivers.reduce(0) { $0 + $1.importance } / Double(drivers.count)
        for index in drivers.indices {
            let important = drivers[index].isSignificant && drivers[index].importance >= bar
            let performance = drivers[index].performance ?? overall ?? 0
            let better = overall.map { performance >= $0 } ?? (drivers[index].effect >= 0)
            drivers[index].quadrant = important ? (better ? .keepUp : .fixFirst) : (better ? .maintain : .monitor)
        }
    }

    /// One answer on the target scale as a tally.
    static func tally(_ scale: ScoreScale, _ value: Double) -> ScoreTally {
        var tally = ScoreTally()
        let answer = Int(value.rounded())
        switch scale {
        case .nps: tally.add(nps: answer, csat: nil, ces: nil, stars: nil)
        case .csat: tally.add(nps: nil, csat: answer, ces: nil, stars: nil)
        case .ces: tally.add(nps: nil, csat: nil, ces: answer, stars: nil)
        case .stars: tally.add(nps: nil, csat: nil, ces: nil, stars: answer)
        }
        return tally
    }

    static func standardDeviation(_ statistics: CrossProducts, _ variable: Int) -> Double {
        let n = statistics.count
        let mean = statistics.sums[variable] / n
        return max(0, statistics.crossProduct(variable, variable) / n - mean * mean).squareRoot()
    }
}

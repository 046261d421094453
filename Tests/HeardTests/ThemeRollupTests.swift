import Foundation
import HeardModel
import HeardStats
import HeardStore
import Testing

/// Theme slices come from a rollup kept in step by the store; these check it against sums
/// worked out here from what was written, after enrichment, re-enrichment and moved comments.
@Suite struct ThemeRollupTests {
    struct Expected: Hashable {
        var theme: String?
        var group: String?
        var week: CalendarDay?
    }

    struct Sums: Equatable {
        var comments = 0
        var sentimentSum = 0.0
        var sentimentSumOfSquares = 0.0
        var negative = 0
        var positive = 0
    }

    static func label(_ score: Double) -> String { score < -0.2 ? "negative" : score > 0.2 ? "positive" : "neutral" }

    /// Up to three mentions (repeats included) of three themes, with seeded scores.
    static func enrich(_ pending: [PendingEnrichment], version: String, seed: UInt64) -> [FeedbackEnrichment] {
        var generator = SeededGenerator(seed: seed)
        return pending.map { row in
            let mentions = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                let score = (Double.random(in: -1...1, using: &generator) * 100).rounded() / 100
                return FeedbackEnrichment.Mention(themeKey: ["billing", "delivery", "staff"].randomElement(using: &generator)!,
                                                  span: 0..<3, sentimentScore: score, sentimentLabel: label(score))
            }
            let overall = (Double.random(in: -1...1, using: &generator) * 100).rounded() / 100
            return FeedbackEnrichment(feedbackRowID: row.feedbackRowID, contentHash: row.contentHash, version: version,
                                      sentimentScore: overall, sentimentLabel: label(overall), mentions: mentions)
        }
    }

    /// What the slices must be, grouped by `group(feedback)` and week.
    static func expected(feedback: [String: Feedback], enrichments: [Int64: FeedbackEnrichment], rowText: [Int64: String],
                         group: (Feedback) -> String?) -> [Expected: Sums] {
        var sums: [Expected: Sums] = [:]
        for (rowID, enrichment) in enrichments {
            let item = feedback[rowText[rowID]!]!
            let week = Period.week.start(of: CalendarDay(item.occurredAt))
            if let text = item.text, !text.isEmpty, let score = enrichment.sentimentScore {
                let key = Expected(theme: nil, group: group(item), week: week)
                sums[key, default: Sums()].comments += 1
                sums[key]!.sentimentSum += score
                sums[key]!.sentimentSumOfSquares += score * score
                sums[key]!.negative += enrichment.sentimentLabel == "negative" ? 1 : 0
                sums[key]!.positive += enrichment.sentimentLabel == "positive" ? 1 : 0
            }
            for theme in Set(enrichment.mentions.map(\.themeKey)) {
                let mentions = enrichment.mentions.filter { $0.themeKey == theme }
                let mean = mentions.map(\.sentimentScore).reduce(0, +) / Double(mentions.count)
                let key = Expected(theme: theme, group: group(item), week: week)
                sums[key, default: Sums()].comments += 1
                sums[key]!.sentimentSum += mean
                sums[key]!.sentimentSumOfSquares += mean * mean
                sums[key]!.negative += mentions.contains { $0.sentimentLabel == "negative" } ? 1 : 0
                sums[key]!.positive += mentions.contains { $0.sentimentLabel == "positive" } ? 1 : 0
            }
        }
        return sums
    }

    static func actual(_ slices: [ThemeSlice]) -> [Expected: Sums] {
        Dictionary(uniqueKeysWithValues: slices.map {
            (Expected(theme: $0.themeKey, group: $0.group, week: $0.periodStart),
             Sums(comments: $0.comments, sentimentSum: $0.sentimentSum, sentimentSumOfSquares: $0.sentimentSumOfSquares,
                  negative: $0.negative, positive: $0.positive))
        })
    }

    static func agree(_ actual: [Expected: Sums], _ expected: [Expected: Sums]) -> Bool {
        guard Set(actual.keys) == Set(expected.keys) else { return false }
        return expected.allSatisfy { key, sums in
            let other = actual[key]!
            return other.comments == sums.comments && other.negative == sums.negative && other.positive == sums.positive
                && abs(other.sentimentSum - sums.sentimentSum) < 1e-9
                && abs(other.sentimentSumOfSquares - sums.sentimentSumOfSquares) < 1e-9
        }
    }

    /// With `deferred`, the writes happen while an enrichment run defers the rollup: readers must
    /// give the same answers meanwhile, and the rollup must be right once the run ends.
    @Test(arguments: StoreKind.allCases, [false, true])
    func slicesFollowEnrichmentReEnrichmentAndMovedComments(kind: StoreKind, deferred: Bool) async throws {
        let scratch = try Scratch()
        let store = try kind.make(in: scratch)
        let workspace = try #require(try await store.workspace(named: "w", createIfMissing: true)).id
        var batch = StoreConformanceTests.sampleFeedback(count: 150, seed: 11)
        _ = try await store.write(ImportBatch(feedback: batch), into: workspace)
        if deferred {
            #expect(try await store.deferThemeRollup(forPending: 1_000_000, in: workspace))
        }

        var enrichments: [Int64: FeedbackEnrichment] = [:]
        var rowText: [Int64: String] = [:]
        let pending = try await store.pendingEnrichment(in: workspace, version: "v1", afterRowID: 0, limit: 1000)
        for row in pending { rowText[row.feedbackRowID] = row.text }
        for item in Self.enrich(pending, version: "v1", seed: 3) { enrichments[item.feedbackRowID] = item }
        try await store.save(Array(enrichments.values))

        func check() async throws {
            let byText = Dictionary(uniqueKeysWithValues: batch.map { ($0.text!, $0) })
            let segments = try await store.themeSlices(TallyQuery(breakdown: .segment, period: .week), in: workspace)
            #expect(Self.agree(Self.actual(segments), Self.expected(feedback: byText, enrichments: enrichments, rowText: rowText) { $0.segment }))
            let plans = try await store.themeSlices(TallyQuery(breakdown: .metadata("plan"), period: .week), in: workspace)
            #expect(Self.agree(Self.actual(plans), Self.expected(feedback: byText, enrichments: enrichments, rowText: rowText) { $0.metadata["plan"] }))
            #expect(try await store.integrityProblems().isEmpty)
        }
        try await check()

        // Re-enrich a third of the comments with other themes and scores.
        let redo = pending.filter { $0.feedbackRowID % 3 == 0 }
        let again = Self.enrich(redo, version: "v2", seed: 4)
        for item in again { enrichments[item.feedbackRowID] = item }
        try await store.save(again)
        try await check()

        // Move comments to other segments and weeks (the text, and so the enrichment, stays).
        for index in stride(from: 0, to: batch.count, by: 7) {
            batch[index].segment = "moved"
            batch[index].occurredAt = StoreConformanceTests.day("2025-03-03")
        }
        _ = try await store.write(ImportBatch(feedback: batch), into: workspace)
        try await check()

        let volumes = try await store.themeVolumes(in: workspace)
        for volume in volumes {
            let mentions = enrichments.values.flatMap(\.mentions).filter { $0.themeKey == volume.themeKey }
            #expect(volume.mentions == mentions.count)
            #expect(volume.comments == enrichments.values.filter { $0.mentions.contains { $0.themeKey == volume.themeKey } }.count)
            #expect(abs(volume.meanSentiment - mentions.map(\.sentimentScore).reduce(0, +) / Double(mentions.count)) < 1e-9)
        }
        #expect(Set(volumes.map(\.themeKey)) == ["billing", "delivery", "staff"])
        if deferred {
            try await store.endThemeRollupDeferral(in: workspace)
            try await check()
            let recomputed = try await store.themeVolumes(in: workspace)
            #expect(recomputed.map(\.themeKey) == volumes.map(\.themeKey))
            #expect(recomputed.map(\.mentions) == volumes.map(\.mentions))
            #expect(zip(recomputed, volumes).allSatisfy { abs($0.meanSentiment - $1.meanSentiment) < 1e-9 })
        }
    }
}

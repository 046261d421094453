import Foundation
@testable import HeardEngine
import HeardML
import HeardStats
import HeardStore
import Testing

/// Semantic themes on vectors made by hand: three tight groups of comments in 12 dimensions,
/// each group with its own words, plus a few comments far from all of them.
@Suite struct SemanticThemeTests {
    static let groups = [
        ["lost bag", "bag never arrived", "luggage lost again", "where is my bag", "lost luggage claim"],
        ["refund still missing", "want my refund", "refund request ignored", "money back please", "refund not paid"],
        ["app crashes on login", "app keeps crashing", "login fails in the app", "app crash again", "cannot log in to app"],
    ]

    /// Encodes a text by the group its words belong to (a unit axis per group plus seeded noise);
    /// texts of no group point along an axis of their own.
    struct GroupEncoder: SentenceEncoder {
        var identifier = "hand-made"
        var dimensions = 12

        func embed(_ texts: [String]) -> EmbeddingMatrix {
            var matrix = EmbeddingMatrix(dimensions: dimensions)
            for text in texts {
                var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: text.utf8.reduce(7) { $0 &* 31 &+ Int($1) }))
                var vector = (0..<dimensions).map { _ in Float.random(in: -0.15...0.15, using: &generator) }
                let axis = text.contains("bag") || text.contains("luggage") ? 0
                    : text.contains("refund") || text.contains("money") ? 1
                    : text.contains("app") ? 2 : 3 + text.utf8.count % 9
                vector[min(axis, dimensions - 1)] += 1
                matrix.append(SphericalKMeans.normalised(vector))
            }
            return matrix
        }
    }

    static func corpus(repeats: Int = 8) -> [String] {
        var texts: [String] = []
        for round in 0..<repeats { for group in groups { for text in group { texts.append(round == 0 ? text : "\(text) \(round)") } } }
        return texts
    }

    static func discovery() -> SemanticThemeDiscovery {
        var discovery = SemanticThemeDiscovery()
        discovery.candidateCounts = [2, 3, 4, 6]
        discovery.otherShare = 0
        return discovery
    }

    @Test func findsTheGroupsWithLabelsAndIsDeterministic() {
        let texts = Self.corpus()
        let encoder = GroupEncoder()
        let first = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        let second = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        #expect(first.model == second.model)
        #expect(first.assignment == second.assignment)
        #expect(first.chosenCount == 3)
        #expect(first.model.entries.count == 3)
        // Every group is one theme, and its label names its own words.
        for group in Self.groups {
            let themes = Set(texts.indices.filter { index in group.contains { texts[index].hasPrefix($0) } }.map { first.assignment[$0] })
            #expect(themes.count == 1)
        }
        let labels = first.model.entries.map { $0.terms.joined(separator: " ") }
        #expect(labels.contains { $0.contains("refund") } && labels.contains { $0.contains("app") } && labels.contains { $0.contains("bag") || $0.contains("lost") })
    }

    /// The group-count search on a subsample, then the chosen count refitted on all rows: the
    /// same groups as searching on everything, and the same output on every run.
    @Test func groupCountSearchOnASubsampleFindsTheGroupsDeterministically() {
        let texts = Self.corpus(repeats: 12)
        let encoder = GroupEncoder()
        var discovery = Self.discovery()
        discovery.searchSample = 40
        let first = discovery.fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        let second = discovery.fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        let full = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        #expect(first.model == second.model)
        #expect(first.chosenCount == 3)
        #expect(first.silhouettes.map(\.count) == [2, 3, 4, 6])
        #expect(first.assignment == full.assignment)
    }

    @Test func kMeansFromGivenCentroidsRefinesThemToTheSameGroups() {
        let texts = Self.corpus()
        let vectors = GroupEncoder().embed(texts)
        let fitted = SphericalKMeans(vectors, k: 3, seed: 7)
        // Started at its own result it stays there; started from three members of the groups it ends there too.
        let again = SphericalKMeans(vectors, start: fitted.centroids)
        #expect(again.assignment == fitted.assignment)
        var start = EmbeddingMatrix(dimensions: vectors.dimensions)
        for row in [0, 5, 10] { start.append(vectors[row]) }
        let refined = SphericalKMeans(vectors, start: start)
        for group in 0..<3 {
            let rows = texts.indices.filter { $0 % 15 / 5 == group }
            #expect(Set(rows.map { refined.assignment[$0] }).count == 1)
        }
        #expect(Set(refined.assignment).count == 3)
    }

    @Test func refitKeepsThemeIdsAndNewGroupsGetNewOnes() {
        let texts = Self.corpus()
        let encoder = GroupEncoder()
        let first = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        // Different comments saying the same things, in another order: the same three themes under the same ids.
        let again = Self.corpus(repeats: 6).map { $0 + " today" }.reversed().map { $0 }
        var relabelled = first.model
        for index in relabelled.entries.indices { relabelled.entries[index].key = "discovered.kept-\(index)" }
        let second = Self.discovery().fit(texts: again, vectors: encoder.embed(again), vectorModel: encoder.identifier, previous: relabelled)
        #expect(Set(second.model.entries.map(\.key)) == Set(relabelled.entries.map(\.key)))
        for entry in second.model.entries {
            let old = relabelled.entries.first { $0.key == entry.key }!
            #expect(zip(old.centroid, entry.centroid).reduce(Float(0)) { $0 + $1.0 * $1.1 } > 0.9)
        }
    }

    @Test func commentsFarFromEveryThemeAreOther() {
        let texts = Self.corpus()
        let encoder = GroupEncoder()
        let fit = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        var model = fit.model
        model.threshold = 0.7
        let strangers = ["weather is nice", "my cat sleeps", "zzz"]
        let placed = model.assign(encoder.embed(strangers + ["lost bag at the gate"]))
        #expect(placed.prefix(3).allSatisfy { $0.theme == nil })
        #expect(placed[3].theme != nil)

        // With a share of the sample left as other, about that share falls below the threshold.
        var discovery = Self.discovery()
        discovery.otherShare = 0.1
        let withOther = discovery.fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        let other = Double(withOther.assignment.filter { $0 == nil }.count) / Double(texts.count)
        #expect(other > 0.05 && other <= 0.11)
    }

    @Test func aThemeSeededByExamplesCollectsSimilarComments() {
        let texts = Self.corpus()
        let encoder = GroupEncoder()
        let seed = SeededTheme(key: "refunds", name: "Refunds",
                               memberVectors: encoder.embed(["refund please", "where is my refund", "money back now"]))
        let fit = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier, seeds: [seed])
        let seeded = fit.model.entries.firstIndex { $0.key == "refunds" }!
        #expect(fit.model.entries[seeded].origin == .seeded)
        let refundRows = texts.indices.filter { texts[$0].contains("refund") || texts[$0].contains("money") }
        #expect(refundRows.allSatisfy { fit.assignment[$0] == seeded })
        // The discovered groups do not duplicate the seeded one.
        #expect(fit.model.entries.filter { $0.origin == .discovered }.count == 2)
    }

    @Test func newCommentsArePlacedIncrementallyWithoutRefitting() throws {
        let texts = Self.corpus()
        let encoder = GroupEncoder()
        let fit = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier)
        let assigner = SemanticThemeAssigner(encoder: encoder, model: fit.model)
        let matched = FeedbackEnrichment.Mention(themeKey: "delivery", span: 0..<4, sentimentScore: -0.5, sentimentLabel: "negative")
        var enrichments = [
            FeedbackEnrichment(feedbackRowID: 1, contentHash: 1, version: "v", sentimentScore: -0.6, sentimentLabel: "negative", mentions: []),
            FeedbackEnrichment(feedbackRowID: 2, contentHash: 2, version: "v", sentimentScore: -0.2, sentimentLabel: "negative", mentions: [matched]),
            FeedbackEnrichment(feedbackRowID: 3, contentHash: 3, version: "v", sentimentScore: nil, sentimentLabel: nil, mentions: []),
        ]
        let newTexts: [String?] = ["the app crashed twice", "late delivery and a lost bag", nil]
        assigner.assign(&enrichments, texts: newTexts)
        let appTheme = fit.model.entries[fit.model.assign(encoder.embed(["app crash again"]))[0].theme!].key
        #expect(enrichments[0].mentions.map(\.themeKey) == [appTheme])
        #expect(enrichments[0].mentions[0].span == 0..<"the app crashed twice".utf8.count)
        #expect(enrichments[0].mentions[0].sentimentScore == -0.6)
        // A comment a phrase already matched keeps its mention only; one without text gets none.
        #expect(enrichments[1].mentions == [matched])
        #expect(enrichments[2].mentions.isEmpty)
        // The version changes with the model, so analyze redoes what an older model placed.
        var moved = fit.model
        moved.threshold += 0.01
        #expect(SemanticThemeAssigner(encoder: encoder, model: moved).version != assigner.version)
    }

    @Test func modelIsStoredPerWorkspaceAndEncoder() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let texts = Self.corpus()
        let encoder = GroupEncoder()
        let model = Self.discovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier).model
        try await SemanticThemeStore.save(model, session: session)
        #expect(try await SemanticThemeStore.load(vectorModel: encoder.identifier, session: session) == model)
        #expect(try await SemanticThemeStore.load(vectorModel: "another", session: session) == nil)
    }
}

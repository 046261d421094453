import Foundation
import HeardStats

/// A candidate theme found in comments the taxonomy does not cover.
public struct DiscoveredTheme: Sendable {
    /// Stable for the same data: built from the label's terms ("discovered.lost-bag").
    public var key: String
    /// The class-based TF-IDF terms that best set this group apart, never stop words.
    public var terms: [String]
    /// Indexes of the member documents, in input order.
    public var members: [Int]
    /// Members closest to the centre: the verbatims to show first.
    public var examples: [Int]

    public var label: String { terms.joined(separator: " / ") }

    public init(key: String, terms: [String], members: [Int], examples: [Int]) {
        self.key = key
        self.terms = terms
        self.members = members
        self.examples = examples
    }
}

public struct DiscoveryResult: Sendable {
    public var themes: [DiscoveredTheme]
    /// For each document, the index of its theme in `themes`, or nil when it has no theme.
    public var assignment: [Int?]
    /// For each document that ended in one of the seeded groups (see `discover(_:seeds:)`), that group.
    public var seededGroup: [Int?]

    public var coverage: Double {
        assignment.isEmpty ? 0 : Double(assignment.lazy.filter { $0 != nil }.count) / Double(assignment.count)
    }
}

/// Mines candidate themes from comments: terms (stemmed words and two-word collocations that are
/// not stop words) weighted by TF-IDF, grouped by spherical k-means from a seeded k-means++ start,
/// and labelled with class-based TF-IDF. Everything is deterministic: the same comments give the
/// same themes, keys and labels on every run. For large inputs the groups are fitted on a sample
/// and every comment is then assigned to its nearest group, so the cost grows linearly.
public struct ThemeDiscovery: Sendable {
    /// Number of groups before merging; nil picks one from the number of comments.
    public var groupCount: Int?
    /// Groups smaller than this are dissolved into their neighbours; nil picks one.
    public var minimumGroupSize: Int?
    public var sampleSize = 20_000
    public var iterations = 25
    public var restarts = 5
    public var seed: UInt64 = 20_140_824
    public var labelTerms = 3
    /// Rounds of a multinomial-mixture (naive Bayes) reassignment after k-means: a comment moves
    /// to the group whose word distribution explains its words best.
    public var refinements = 5
    public var exampleCount = 3

    public init() {}

    public func discover(_ documents: [TokenizedText]) -> DiscoveryResult {
        discover(documents, seeds: [], seedGroups: 0)
    }

    /// Discovery around known groups: `seeds[i]` is the group (0..<seedGroups) a taxonomy already
    /// gave document i, or nil. New groups are found among the unseeded documents; then every
    /// document, seeded or not, goes to the group whose words explain it best (semi-supervised
    /// naive Bayes, Nigam et al. 2000), so the taxonomy's matches teach the vocabulary of each
    /// theme and comments that say the same thing in other words join them.
    public func discover(_ documents: [TokenizedText], seeds: [Int?], seedGroups: Int) -> DiscoveryResult {
        let seeds = seeds.isEmpty ? [Int?](repeating: nil, count: documents.count) : seeds
        precondition(seeds.count == documents.count)
        let documentTerms = documents.map(TermVocabulary.terms(of:))
        let vocabulary = TermVocabulary(documentTerms: documentTerms)
        let vectors = documentTerms.map { vocabulary.vector(of: $0) }
        let usableAll = vectors.indices.filter { !vectors[$0].isEmpty }
        let usable = usableAll.filter { seeds[$0] == nil }
        let empty = DiscoveryResult(themes: [], assignment: Array(repeating: nil, count: documents.count), seededGroup: seeds)
        guard usable.count >= 2 else { return empty }

        let groups = groupCount ?? max(4, min(30, Int((Double(usable.count) / 60).squareRoot().rounded())))
        let minimumSize = minimumGroupSize ?? max(5, usable.count / 200)
        var generator = SeededGenerator(seed: seed)
        let sample = usable.count > sampleSize ? Array(usable.shuffled(using: &generator).prefix(sampleSize)).sorted() : usable

        // Short comments share few words, so each is placed by what its words co-occur with
        // across all comments ("bag" and "luggage" land together): a dense embedding per term.
        let embedding = TermEmbedding(vectors: sample.map { vectors[$0] }, dimensions: vocabulary.count, seed: seed)
        let dense = vectors.map { embedding.embed($0) }

        // Several seeded starts; the one whose groups hold together best wins.
        var centroids: [[Float]] = []
        var bestCohesion = -Float.infinity
        let sampleVectors = sample.map { dense[$0] }
        for _ in 0..<restarts {
            var candidate = DenseKMeans.initialCentroids(sampleVectors, count: min(groups, sample.count), generator: &generator)
            for _ in 0..<iterations {
                let members = sampleVectors.map { DenseKMeans.nearest($0, candidate) }
                let updated = DenseKMeans.centroids(of: sampleVectors, members: members, previous: candidate)
                if updated == candidate { break }
                candidate = updated
            }
            let cohesion = sampleVectors.reduce(Float(0)) { $0 + DenseKMeans.dot($1, candidate[DenseKMeans.nearest($1, candidate)]) }
            if cohesion > bestCohesion {
                bestCohesion = cohesion
                centroids = candidate
            }
        }

        // Groups are numbered after the seeded ones.
        var assignment = [Int?](repeating: nil, count: documents.count)
        for index in usableAll { if let seed = seeds[index] { assignment[index] = seed } }
        for _ in 0..<3 {
            var sizes = [Int](repeating: 0, count: centroids.count)
            for index in usable {
                let group = DenseKMeans.nearest(dense[index], centroids)
                assignment[index] = seedGroups + group
                sizes[group] += 1
            }
            let keep = centroids.indices.filter { sizes[$0] >= minimumSize }
            if keep.count == centroids.count || keep.isEmpty { break }
            centroids = keep.map { centroids[$0] }
        }

        if refinements > 0, !centroids.isEmpty || seedGroups > 0 {
            assignment = MixtureRefinement.refine(vectors: vectors, assignment: assignment, groupCount: seedGroups + centroids.count,
                                                  vocabularySize: vocabulary.count, iterations: refinements)
        }
        var seededGroup = [Int?](repeating: nil, count: documents.count)
        for index in assignment.indices {
            guard let group = assignment[index] else { continue }
            if group < seedGroups {
                seededGroup[index] = group
                assignment[index] = nil
            } else {
                assignment[index] = group - seedGroups
            }
        }
        // A seeded document without any vocabulary word keeps its seed.
        for index in documents.indices where vectors[index].isEmpty { seededGroup[index] = seeds[index] }

        let labeller = ClassTermLabeller(vocabulary: vocabulary, vectors: vectors, assignment: assignment, groupCount: centroids.count)
        var labels = centroids.indices.map { labeller.topTerms(of: $0, count: labelTerms) }

        // Groups led by the same term are one theme split in two: merge them.
        var mergedInto = Array(centroids.indices)
        for group in centroids.indices {
            if let earlier = (0..<group).first(where: { mergedInto[$0] == $0 && labels[$0].first == labels[group].first && labels[group].first != nil }) {
                mergedInto[group] = earlier
            }
        }
        let survivors = centroids.indices.filter { mergedInto[$0] == $0 }
        let newIndex = Dictionary(uniqueKeysWithValues: survivors.enumerated().map { ($1, $0) })
        for index in assignment.indices {
            if let group = assignment[index] { assignment[index] = newIndex[mergedInto[group]] }
        }
        let mergedLabeller = ClassTermLabeller(vocabulary: vocabulary, vectors: vectors, assignment: assignment, groupCount: survivors.count)
        labels = survivors.indices.map { mergedLabeller.topTerms(of: $0, count: labelTerms) }

        var themes: [DiscoveredTheme] = []
        var usedKeys: Set<String> = []
        for group in survivors.indices {
            let members = assignment.indices.filter { assignment[$0] == group }
            let centre = DenseKMeans.mean(members.map { dense[$0] })
            let examples = members
                .map { (index: $0, similarity: DenseKMeans.dot(dense[$0], centre)) }
                .sorted { ($0.similarity, -$0.index) > ($1.similarity, -$1.index) }
                .prefix(exampleCount).map(\.index)
            var key = "discovered." + labels[group].prefix(2).map { $0.replacingOccurrences(of: " ", with: "-") }.joined(separator: "-")
            if key == "discovered." { key = "discovered.group" }
            var candidate = key
            var suffix = 2
            while !usedKeys.insert(candidate).inserted {
                candidate = "\(key)-\(suffix)"
                suffix += 1
            }
            themes.append(DiscoveredTheme(key: candidate, terms: labels[group], members: members, examples: examples))
        }
        // Largest first, keeping the assignment consistent.
        let order = themes.indices.sorted { (themes[$0].members.count, themes[$1].key) > (themes[$1].members.count, themes[$0].key) }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return DiscoveryResult(
            themes: order.map { themes[$0] },
            assignment: assignment.map { $0.map { position[$0]! } },
            seededGroup: seededGroup)
    }
}

/// A sparse vector: term indexes ascending, with weights.
typealias SparseVector = [(term: Int32, weight: Float)]

/// The terms discovery works with: stems of content words and collocations of two, seen in
/// enough documents to matter and in few enough to tell documents apart.
struct TermVocabulary {
    private(set) var index: [String: Int32] = [:]
    private(set) var display: [String] = []
    private var inverseFrequency: [Float] = []
    var count: Int { display.count }

    /// `documentTerms` are `terms(of:)` of each document.
    init(documentTerms: [[(String, String)]]) {
        var documentFrequency: [String: Int] = [:]
        var surfaceCounts: [String: [String: Int]] = [:]
        for terms in documentTerms {
            var seen: Set<String> = []
            for (term, surface) in terms {
                surfaceCounts[term, default: [:]][surface, default: 0] += 1
                if seen.insert(term).inserted { documentFrequency[term, default: 0] += 1 }
            }
        }
        let total = documentTerms.count
        let minimum = max(3, Int((Double(total) * 0.002).rounded()))
        let maximum = max(minimum, total / 2)
        for term in documentFrequency.keys.sorted() {
            let frequency = documentFrequency[term]!
            guard frequency >= minimum, frequency <= maximum else { continue }
            index[term] = Int32(display.count)
            let surfaces = surfaceCounts[term]!
            display.append(surfaces.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key)
            inverseFrequency.append(Float(log(Double(total) / Double(frequency))))
        }
    }

    /// (stem, surface form) of every content word and every pair of neighbouring content words.
    static func terms(of document: TokenizedText) -> [(String, String)] {
        var terms: [(String, String)] = []
        for sentence in document.sentences {
            var previous: (stem: String, surface: String, position: Int)? = nil
            for position in sentence.tokens {
                let token = document.tokens[position]
                guard token.kind == .word || token.kind == .hashtag else {
                    if token.kind == .punctuation { previous = nil }
                    continue
                }
                let surface = document.normalisedForm(of: token)
                guard surface.count >= 3, surface.utf8.contains(where: { $0 >= UInt8(ascii: "a") }), !StopWords.contains(surface) else { continue }
                let stem = Stemmer.stem(surface)
                terms.append((stem, surface))
                if let previous, position - previous.position <= 2 {
                    terms.append((previous.stem + " " + stem, previous.surface + " " + surface))
                }
                previous = (stem, surface, position)
            }
        }
        return terms
    }

    /// Sublinear TF × IDF of a document's `terms(of:)`, unit length.
    func vector(of terms: [(String, String)]) -> SparseVector {
        var counts: [Int32: Int] = [:]
        for (term, _) in terms {
            if let termIndex = index[term] { counts[termIndex, default: 0] += 1 }
        }
        var vector = counts.map { (term: $0.key, weight: (1 + Float(log(Double($0.value)))) * inverseFrequency[Int($0.key)]) }
        vector.sort { $0.term < $1.term }
        let norm = vector.reduce(Float(0)) { $0 + $1.weight * $1.weight }.squareRoot()
        guard norm > 0 else { return [] }
        return vector.map { ($0.term, $0.weight / norm) }
    }
}

/// Class-based TF-IDF (as in BERTopic's c-TF-IDF): a term's frequency inside a group, weighed by
/// how rare it is across groups. Collocations beat their own words when they are as strong.
struct ClassTermLabeller {
    let vocabulary: TermVocabulary
    private var frequency: [[Float]]
    private var totalFrequency: [Float]
    private var averageGroupSize: Float

    init(vocabulary: TermVocabulary, vectors: [SparseVector], assignment: [Int?], groupCount: Int) {
        self.vocabulary = vocabulary
        frequency = [[Float]](repeating: [Float](repeating: 0, count: vocabulary.count), count: groupCount)
        totalFrequency = [Float](repeating: 0, count: vocabulary.count)
        var termsPerGroup = [Float](repeating: 0, count: groupCount)
        for (vector, group) in zip(vectors, assignment) {
            guard let group else { continue }
            for entry in vector {
                frequency[group][Int(entry.term)] += 1
                totalFrequency[Int(entry.term)] += 1
                termsPerGroup[group] += 1
            }
        }
        averageGroupSize = groupCount > 0 ? termsPerGroup.reduce(0, +) / Float(groupCount) : 0
    }

    func topTerms(of group: Int, count: Int) -> [String] {
        let scores = frequency[group].indices.map { term -> (Int, Float) in
            let inGroup = frequency[group][term]
            guard inGroup > 0 else { return (term, 0) }
            return (term, inGroup * Float(log(1 + Double(averageGroupSize / totalFrequency[term]))))
        }
        var chosen: [String] = []
        for (term, score) in scores.sorted(by: { ($0.1, -$0.0) > ($1.1, -$1.0) }) where score > 0 {
            let surface = vocabulary.display[term]
            let words = Set(surface.split(separator: " ").map(String.init))
            // Skip a word already said by a chosen collocation, and vice versa.
            if chosen.contains(where: { !Set($0.split(separator: " ").map(String.init)).isDisjoint(with: words) }) { continue }
            chosen.append(surface)
            if chosen.count == count { break }
        }
        return chosen
    }
}

/// Expectation–maximisation of a multinomial mixture, hard assignments: the word distribution of
/// each group (Laplace-smoothed) and its prior, then each comment to its most likely group.
enum MixtureRefinement {
    static func refine(vectors: [SparseVector], assignment: [Int?], groupCount: Int, vocabularySize: Int, iterations: Int) -> [Int?] {
        var assignment = assignment
        for _ in 0..<iterations {
            var counts = [[Float]](repeating: [Float](repeating: 0, count: vocabularySize), count: groupCount)
            var totals = [Float](repeating: 0, count: groupCount)
            var sizes = [Float](repeating: 0, count: groupCount)
            for (vector, group) in zip(vectors, assignment) {
                guard let group else { continue }
                sizes[group] += 1
                for entry in vector {
                    counts[group][Int(entry.term)] += 1
                    totals[group] += 1
                }
            }
            let documents = sizes.reduce(0, +)
            let logPriors = sizes.map { Float(log(Double(($0 + 1) / (documents + Float(groupCount))))) }
            let logProbabilities = (0..<groupCount).map { group in
                counts[group].map { Float(log(Double(($0 + 0.1) / (totals[group] + 0.1 * Float(vocabularySize))))) }
            }
            var changed = false
            for (index, vector) in vectors.enumerated() where assignment[index] != nil {
                var best = assignment[index]!
                var bestScore = -Float.infinity
                for group in 0..<groupCount where sizes[group] > 0 {
                    var score = logPriors[group]
                    for entry in vector { score += logProbabilities[group][Int(entry.term)] }
                    if score > bestScore {
                        bestScore = score
                        best = group
                    }
                }
                if best != assignment[index] {
                    assignment[index] = best
                    changed = true
                }
            }
            if !changed { break }
        }
        return assignment
    }
}

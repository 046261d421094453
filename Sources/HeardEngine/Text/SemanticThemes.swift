import Foundation
import HeardML
import HeardStats
import HeardText

/// Themes as regions of a vector space: each has a unit centroid, and a comment belongs to the
/// theme whose centroid is most similar, when that similarity reaches `threshold`; below it the
/// comment is "other", an explicit bucket that reports show. New comments are assigned without
/// refitting, so import and analyze can place them as they arrive.
public struct SemanticThemeModel: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public enum Origin: String, Sendable, Codable { case seeded, discovered }
        /// Stable across refits: a refitted cluster whose centroid is close to an earlier theme keeps its key.
        public var key: String
        public var name: String
        public var terms: [String]
        public var origin: Origin
        public var centroid: [Float]
        /// Members in the sample it was fitted on.
        public var size: Int
    }

    /// The encoder whose vectors the centroids live among.
    public var vectorModel: String
    public var threshold: Float
    public var entries: [Entry]
    /// Subtracted from every vector before it is normalised and compared: the mean of the fitted
    /// sample, which all comments of one collection share and which says nothing about themes.
    public var centre: [Float]?

    /// Each row's theme (index into `entries`) and similarity; nil theme = other.
    public func assign(_ vectors: EmbeddingMatrix) -> [(theme: Int?, similarity: Float)] {
        guard !entries.isEmpty else { return Array(repeating: (nil, 0), count: vectors.count) }
        let centroids = EmbeddingMatrix(dimensions: vectors.dimensions, values: entries.flatMap(\.centroid))
        return SphericalKMeans.nearest(centred(vectors), centroids).map { ($0.similarity >= threshold ? $0.index : nil, $0.similarity) }
    }

    /// normalise(v − centre) for every row (the rows unchanged without a centre).
    public func centred(_ vectors: EmbeddingMatrix) -> EmbeddingMatrix {
        guard let centre else { return vectors }
        return Self.centred(vectors, by: centre)
    }

    static func centred(_ vectors: EmbeddingMatrix, by centre: [Float]) -> EmbeddingMatrix {
        var output = vectors
        let d = vectors.dimensions
        output.withUnsafeMutableBufferPointer { values in
            for row in 0..<vectors.count {
                let x = values.baseAddress! + row * d
                var squares: Float = 0
                for column in 0..<d {
                    x[column] -= centre[column]
                    squares += x[column] * x[column]
                }
                guard squares > 0 else { continue }
                let inverse = 1 / squares.squareRoot()
                for column in 0..<d { x[column] *= inverse }
            }
        }
        return output
    }
}

/// A theme a person defined: a taxonomy theme with 3–5 example comments, or the comments a
/// taxonomy's phrases matched. Its centroid is the normalised mean of those comments' vectors.
public struct SeededTheme: Sendable {
    public var key: String
    public var name: String
    public var centroid: [Float]

    public init(key: String, name: String, memberVectors: EmbeddingMatrix) {
        self.key = key
        self.name = name
        var sum = [Float](repeating: 0, count: memberVectors.dimensions)
        for row in 0..<memberVectors.count { for (index, value) in memberVectors[row].enumerated() { sum[index] += value } }
        centroid = SphericalKMeans.normalised(sum)
    }
}

/// Finds themes among comment vectors: spherical k-means on a seeded sample, with the number of
/// groups chosen by the cosine silhouette over a range of candidates, groups that c-TF-IDF labels
/// with the same leading term merged, labels from class-based TF-IDF (never stop words), and
/// keys kept from an earlier model where a new centroid is close to an old one.
public struct SemanticThemeDiscovery: Sendable {
    public var sampleSize = 20_000
    /// Rows each candidate group count is fitted and scored on (the silhouette, as sklearn's
    /// `silhouette_score(sample_size=)` does, but the fits too); the chosen count is then refitted on
    /// the whole sample, starting from the subsample's centroids. The search is 8 k-means fits, so on
    /// the 9,178 airline complaints it was 1.2 s of the static path's 1.8 s when fitted on all rows.
    public var searchSample = 4_000
    public var seed: UInt64 = 20_140_824
    /// Group counts tried; nil derives a range from the number of comments.
    public var candidateCounts: [Int]?
    /// Share of the fitted sample allowed to fall below the threshold into "other".
    public var otherShare = 0.05
    public var labelTerms = 3
    /// A new centroid at least this similar to an earlier theme's keeps that theme's key.
    public var keepKeySimilarity: Float = 0.8
    public var exampleCount = 3
    /// Rounds of word-based (naive Bayes) reassignment of the sample after clustering; the
    /// centroids are then recomputed from the refined groups, so new comments follow them.
    /// (On both the airline complaints and BANKING77, 5 rounds raised NMI by 0.03–0.05.)
    public var wordRefinements = 5
    /// Compare vectors after subtracting the sample's mean (see `SemanticThemeModel.centre`).
    public var centring = true

    public init() {}

    public struct Fit: Sendable {
        public var model: SemanticThemeModel
        /// For each input row, its theme (index into `model.entries`) or nil for other.
        public var assignment: [Int?]
        /// Per theme, member rows nearest the centroid first.
        public var examples: [[Int]]
        public var chosenCount: Int
        public var silhouettes: [(count: Int, silhouette: Double)]
    }

    public func fit(texts: [String], vectors: EmbeddingMatrix, vectorModel: String, seeds: [SeededTheme] = [],
                    previous: SemanticThemeModel? = nil) -> Fit {
        precondition(texts.count == vectors.count, "one vector per text")
        let n = texts.count
        var generator = SeededGenerator(seed: seed)
        let sample = n > sampleSize ? Array((0..<n).shuffled(using: &generator).prefix(sampleSize)).sorted() : Array(0..<n)
        var sampleVectors = Self.rows(sample, of: vectors)
        var centre: [Float]?
        if centring, sample.count > 1 {
            var sum = [Float](repeating: 0, count: vectors.dimensions)
            for row in 0..<sampleVectors.count { for (index, value) in sampleVectors[row].enumerated() { sum[index] += value } }
            centre = sum.map { $0 / Float(sampleVectors.count) }
            sampleVectors = SemanticThemeModel.centred(sampleVectors, by: centre!)
        }

        var silhouettes: [(Int, Double)] = []
        var clusters: SphericalKMeans?
        if sample.count >= 4 {
            let candidates = (candidateCounts ?? Self.defaultCandidates(sample.count)).filter { $0 >= 2 && $0 < sample.count }
            let searched = sample.count > searchSample
                ? Self.rows(Array(sample.indices.shuffled(using: &generator).prefix(searchSample)).sorted(), of: sampleVectors)
                : sampleVectors
            let fits = Self.fitCandidates(candidates, searched, seed: seed) { fitted in
                Self.silhouette(searched, assignment: fitted.assignment, centroids: fitted, all: searched)
            }
            var best = -Double.infinity
            for (k, fit) in zip(candidates, fits) {
                silhouettes.append((k, fit.score))
                if fit.score > best {
                    best = fit.score
                    clusters = fit.clusters
                }
            }
            if searched.count < sample.count, let chosen = clusters {
                clusters = SphericalKMeans(sampleVectors, start: chosen.centroids)
            }
        }

        var centroids = EmbeddingMatrix(dimensions: vectors.dimensions)
        // Seeds are compared in the same (centred) space as everything else.
        let seeds = seeds.map { seed -> SeededTheme in
            guard let centre else { return seed }
            var moved = seed
            moved.centroid = SphericalKMeans.normalised(zip(seed.centroid, centre).map { $0 - $1 })
            return moved
        }
        var origins: [(key: String?, name: String?, origin: SemanticThemeModel.Entry.Origin)] = []
        for seed in seeds {
            centroids.append(seed.centroid)
            origins.append((seed.key, seed.name, .seeded))
        }
        if let clusters {
            for group in 0..<clusters.centroids.count {
                // A discovered group that is one of the seeded themes is left to that theme.
                let centroid = clusters.centroids[group]
                if seeds.contains(where: { Self.dot($0.centroid, centroid) >= keepKeySimilarity }) { continue }
                centroids.append(centroid)
                origins.append((nil, nil, .discovered))
            }
        }

        let tokenizer = Tokenizer()
        let documents = sample.map { tokenizer.tokenize(texts[$0]) }
        let labels = ClassTermLabels(documents)
        var sampleAssignment = SphericalKMeans.nearest(sampleVectors, centroids).map(\.index)
        // Discovered groups whose best label term is the same are one theme found twice.
        var terms = labels.topTerms(assignment: sampleAssignment, groupCount: centroids.count, count: labelTerms)
        var mergedInto = Array(centroids.count > 0 ? 0..<centroids.count : 0..<0)
        for group in origins.indices where origins[group].origin == .discovered {
            if let first = terms[group].first,
               let earlier = (0..<group).first(where: { origins[$0].origin == .discovered && mergedInto[$0] == $0 && terms[$0].first == first }) {
                mergedInto[group] = earlier
            }
        }
        let survivors = origins.indices.filter { mergedInto[$0] == $0 }
        let renumber = Dictionary(uniqueKeysWithValues: survivors.enumerated().map { ($1, $0) })
        sampleAssignment = sampleAssignment.map { renumber[mergedInto[$0]]! }
        let groupCount = survivors.count
        var merged = SphericalKMeans.means(sampleVectors, assignment: sampleAssignment,
                                           previous: EmbeddingMatrix(dimensions: vectors.dimensions, values: survivors.flatMap { Array(centroids[$0]) }))
        // Seeded centroids stay where the person put them.
        for (index, group) in survivors.enumerated() where origins[group].origin == .seeded { merged[index] = centroids[group] }
        var nearest = SphericalKMeans.nearest(sampleVectors, merged)
        sampleAssignment = nearest.map(\.index)
        if wordRefinements > 0 {
            let refined = labels.refine(assignment: sampleAssignment, groupCount: groupCount, iterations: wordRefinements).map { $0! }
            let moved = SphericalKMeans.means(sampleVectors, assignment: refined, previous: merged)
            for (index, group) in survivors.enumerated() where origins[group].origin != .seeded { merged[index] = moved[index] }
            nearest = SphericalKMeans.nearest(sampleVectors, merged)
            sampleAssignment = nearest.map(\.index)
        }
        terms = labels.topTerms(assignment: sampleAssignment, groupCount: groupCount, count: labelTerms)

        let sortedSimilarity = nearest.map(\.similarity).sorted()
        let threshold = sortedSimilarity.isEmpty ? 0 : sortedSimilarity[min(sortedSimilarity.count - 1, Int(Double(sortedSimilarity.count) * otherShare))]

        var sizes = [Int](repeating: 0, count: groupCount)
        for (row, group) in sampleAssignment.enumerated() where nearest[row].similarity >= threshold { sizes[group] += 1 }
        var entries: [SemanticThemeModel.Entry] = []
        for (index, group) in survivors.enumerated() {
            let origin = origins[group]
            entries.append(SemanticThemeModel.Entry(
                key: origin.key ?? "", name: origin.name ?? terms[index].joined(separator: " / "), terms: terms[index],
                origin: origin.origin, centroid: Array(merged[index]), size: sizes[index]))
        }
        entries = Self.keyed(entries, previous: previous, keepKeySimilarity: keepKeySimilarity)
        // Largest first; discovered groups that ended up empty are dropped.
        let order = entries.indices.filter { entries[$0].size > 0 || entries[$0].origin == .seeded }
            .sorted { (entries[$0].size, entries[$1].key) > (entries[$1].size, entries[$0].key) }
        let model = SemanticThemeModel(vectorModel: vectorModel, threshold: threshold, entries: order.map { entries[$0] }, centre: centre)

        let assigned = model.assign(vectors)
        var examples = [[(row: Int, similarity: Float)]](repeating: [], count: model.entries.count)
        for (row, result) in assigned.enumerated() {
            guard let theme = result.theme else { continue }
            examples[theme].append((row, result.similarity))
            if examples[theme].count > 4 * exampleCount {
                examples[theme].sort { ($0.similarity, -$0.row) > ($1.similarity, -$1.row) }
                examples[theme].removeLast(examples[theme].count - exampleCount)
            }
        }
        return Fit(model: model, assignment: assigned.map(\.theme),
                   examples: examples.map { $0.sorted { ($0.similarity, -$0.row) > ($1.similarity, -$1.row) }.prefix(exampleCount).map(\.row) },
                   chosenCount: clusters?.centroids.count ?? 0, silhouettes: silhouettes)
    }

    /// Keys: a seeded theme keeps its own; a discovered one takes the key of the most similar earlier
    /// discovered theme (greedy, most similar pairs first, each key once) when similar enough,
    /// else a new key from its label terms.
    static func keyed(_ entries: [SemanticThemeModel.Entry], previous: SemanticThemeModel?, keepKeySimilarity: Float) -> [SemanticThemeModel.Entry] {
        var entries = entries
        var used = Set(entries.filter { $0.origin == .seeded }.map(\.key))
        if let previous {
            var pairs: [(similarity: Float, new: Int, old: Int)] = []
            for (new, entry) in entries.enumerated() where entry.origin == .discovered {
                for (old, earlier) in previous.entries.enumerated() where earlier.origin == .discovered && earlier.centroid.count == entry.centroid.count {
                    let similarity = dot(entry.centroid, earlier.centroid)
                    if similarity >= keepKeySimilarity { pairs.append((similarity, new, old)) }
                }
            }
            pairs.sort { ($0.similarity, -$0.new, -$0.old) > ($1.similarity, -$1.new, -$1.old) }
            var taken = Set<Int>()
            for pair in pairs where entries[pair.new].key.isEmpty && !taken.contains(pair.old) && !used.contains(previous.entries[pair.old].key) {
                entries[pair.new].key = previous.entries[pair.old].key
                taken.insert(pair.old)
                used.insert(entries[pair.new].key)
            }
        }
        for index in entries.indices where entries[index].key.isEmpty {
            let words = entries[index].terms.prefix(2).map { $0.replacingOccurrences(of: " ", with: "-") }
            let base = "discovered." + (words.isEmpty ? "group" : words.joined(separator: "-"))
            var key = base
            var suffix = 2
            while used.contains(key) {
                key = "\(base)-\(suffix)"
                suffix += 1
            }
            used.insert(key)
            entries[index].key = key
        }
        return entries
    }

    /// Fits every candidate group count and scores it, on all cores: the fits are independent and
    /// seeded by their position, so the result is the same as one after another (on the airline
    /// complaints the search was 1.2 s of the static path's 1.8 s on one core).
    static func fitCandidates(_ counts: [Int], _ rows: EmbeddingMatrix, seed: UInt64,
                              score: @Sendable (SphericalKMeans) -> Double) -> [(clusters: SphericalKMeans, score: Double)] {
        let results = UnsafeMutableBufferPointer<(clusters: SphericalKMeans, score: Double)?>.allocate(capacity: counts.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let shared = SendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: counts.count) { offset in
            let fitted = SphericalKMeans(rows, k: counts[offset], seed: seed &+ UInt64(offset))
            shared.buffer[offset] = (fitted, score(fitted))
        }
        return results.map { $0! }
    }

    /// Candidate group counts: from about √(n/20) to √(n/2), at most 8 of them.
    static func defaultCandidates(_ n: Int) -> [Int] {
        let low = max(4, Int((Double(n) / 20).squareRoot()))
        let high = max(low + 1, min(60, Int((Double(n) / 2).squareRoot())))
        let step = max(1, (high - low) / 7)
        return Array(stride(from: low, through: high, by: step))
    }

    /// Mean silhouette with cosine distance, over `measured` rows, against the groups of `all`:
    /// mean distance to a group = 1 − x·(sum of the group's vectors)/size, so no pairwise matrix is needed.
    static func silhouette(_ measured: EmbeddingMatrix, assignment: [Int], centroids fitted: SphericalKMeans, all: EmbeddingMatrix) -> Double {
        let k = fitted.centroids.count, d = all.dimensions
        var sums = [Float](repeating: 0, count: k * d)
        var sizes = [Int](repeating: 0, count: k)
        all.withUnsafeBufferPointer { x in
            for (row, group) in fitted.assignment.enumerated() {
                sizes[group] += 1
                for column in 0..<d { sums[group * d + column] += x[row * d + column] }
            }
        }
        let scores = SphericalKMeans.products(measured, EmbeddingMatrix(dimensions: d, values: sums))
        var total = 0.0
        for row in 0..<measured.count {
            let own = assignment[row]
            guard sizes[own] > 1 else { continue }
            let a = 1 - (Double(scores[row * k + own]) - 1) / Double(sizes[own] - 1)
            var b = Double.infinity
            for group in 0..<k where group != own && sizes[group] > 0 {
                b = min(b, 1 - Double(scores[row * k + group]) / Double(sizes[group]))
            }
            guard b.isFinite else { continue }
            total += (b - a) / max(a, b, 1e-12)
        }
        return total / Double(max(measured.count, 1))
    }

    static func rows(_ indexes: [Int], of matrix: EmbeddingMatrix) -> EmbeddingMatrix {
        var output = EmbeddingMatrix(dimensions: matrix.dimensions)
        for index in indexes { output.append(matrix[index]) }
        return output
    }

    static func dot<A: Collection<Float>, B: Collection<Float>>(_ a: A, _ b: B) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

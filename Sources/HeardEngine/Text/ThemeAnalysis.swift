import HeardML
import HeardModel
import HeardText

/// One theme as reports show it: from the taxonomy or proposed by discovery.
public struct ThemeSummary: Sendable {
    public enum Origin: String, Sendable { case taxonomy, discovered }

    public var key: String
    public var name: String
    public var origin: Origin
    public var status: Theme.Status
    /// Comments whose main theme this is.
    public var size: Int
    public var share: Double
    public var examples: [String]
    public var terms: [String]
}

public struct ThemeAnalysisResult: Sendable {
    public var themes: [ThemeSummary]
    /// Each comment's main theme key, nil when it has none.
    public var primary: [String?]
    public var coverage: Double
    public var coveredByTaxonomy: Double
    /// The semantic model fitted when the analysis ran on vectors (nil on the lexical path).
    public var semanticModel: SemanticThemeModel?
    /// Group counts the semantic path tried, with their silhouettes.
    public var silhouettes: [(count: Int, silhouette: Double)] = []
}

/// Vectors for the semantic path: an encoder and how to discover with it.
public struct SemanticThemeSettings: Sendable {
    public var encoder: any SentenceEncoder
    public var discovery: SemanticThemeDiscovery
    /// An earlier model whose theme keys are kept where the new centroids are close.
    public var previous: SemanticThemeModel?

    public init(encoder: any SentenceEncoder, discovery: SemanticThemeDiscovery = SemanticThemeDiscovery(), previous: SemanticThemeModel? = nil) {
        self.encoder = encoder
        self.discovery = discovery
        self.previous = previous
    }
}

/// Gives every comment its themes: the taxonomy's first, then discovery on what the taxonomy
/// leaves uncovered. A comment's main theme is the taxonomy theme it mentions most (a child
/// beats its parent on a tie, then the earliest mention), else its discovered group.
///
/// With `semantic` settings, discovery runs on sentence vectors instead of terms: each taxonomy
/// theme becomes a seeded centroid (the mean of the comments its phrases matched, and of its
/// example comments), new themes are clustered among the comments no phrase matched, and every
/// such comment goes to the nearest centroid, seeded or discovered, or to "other" below the
/// model's similarity threshold.
public struct ThemeAnalysis: Sendable {
    public var taxonomy: [Theme]
    public var discovery: ThemeDiscovery?
    public var semantic: SemanticThemeSettings?
    public var exampleCount = 3

    public init(taxonomy: [Theme], discovery: ThemeDiscovery? = ThemeDiscovery(), semantic: SemanticThemeSettings? = nil) {
        self.taxonomy = taxonomy
        self.discovery = discovery
        self.semantic = semantic
    }

    public func run(texts: [String]) throws -> ThemeAnalysisResult {
        let tokenizer = Tokenizer()
        let documents = texts.map { tokenizer.tokenize($0) }
        let matcher = try ThemeMatcher(themes: taxonomy)
        var seeds = [Int?](repeating: nil, count: texts.count)
        for (index, document) in documents.enumerated() {
            seeds[index] = Self.mainTheme(matcher.match(document), themes: taxonomy)
        }
        let coveredByTaxonomy = texts.isEmpty ? 0 : Double(seeds.lazy.filter { $0 != nil }.count) / Double(texts.count)

        var primary = seeds.map { $0.map { taxonomy[$0].key } }
        var discovered: [DiscoveredTheme] = []
        var semanticModel: SemanticThemeModel?
        var silhouettes: [(count: Int, silhouette: Double)] = []
        if let semantic {
            let outcome = Self.semanticDiscovery(texts: texts, seeds: seeds, taxonomy: taxonomy, settings: semantic)
            semanticModel = outcome.fit.model
            silhouettes = outcome.fit.silhouettes
            for (offset, index) in outcome.uncovered.enumerated() {
                primary[index] = outcome.fit.assignment[offset].map { outcome.fit.model.entries[$0].key }
            }
            for (theme, entry) in outcome.fit.model.entries.enumerated() where entry.origin == .discovered {
                let members = outcome.fit.assignment.indices.filter { outcome.fit.assignment[$0] == theme }.map { outcome.uncovered[$0] }
                discovered.append(DiscoveredTheme(key: entry.key, terms: entry.terms, members: members,
                                                  examples: outcome.fit.examples[theme].map { outcome.uncovered[$0] }))
            }
        } else if let discovery {
            let result = discovery.discover(documents, seeds: seeds, seedGroups: taxonomy.count)
            discovered = result.themes
            for index in texts.indices {
                if let group = result.seededGroup[index] {
                    primary[index] = taxonomy[group].key
                } else if let group = result.assignment[index] {
                    primary[index] = result.themes[group].key
                } else {
                    primary[index] = nil
                }
            }
        }

        var members: [String: [Int]] = [:]
        for (index, key) in primary.enumerated() { if let key { members[key, default: []].append(index) } }
        var summaries: [ThemeSummary] = []
        for theme in taxonomy {
            let list = members[theme.key] ?? []
            summaries.append(ThemeSummary(
                key: theme.key, name: theme.name, origin: .taxonomy, status: theme.status, size: list.count,
                share: texts.isEmpty ? 0 : Double(list.count) / Double(texts.count),
                examples: list.prefix(exampleCount).map { texts[$0] }, terms: []))
        }
        for theme in discovered {
            let size = members[theme.key]?.count ?? 0
            summaries.append(ThemeSummary(
                key: theme.key, name: theme.label, origin: .discovered, status: .proposed, size: size,
                share: texts.isEmpty ? 0 : Double(size) / Double(texts.count),
                examples: theme.examples.map { texts[$0] }, terms: theme.terms))
        }
        let covered = primary.lazy.filter { $0 != nil }.count
        return ThemeAnalysisResult(
            themes: summaries.filter { $0.size > 0 }.sorted { ($0.size, $1.key) > ($1.size, $0.key) },
            primary: primary,
            coverage: texts.isEmpty ? 0 : Double(covered) / Double(texts.count),
            coveredByTaxonomy: coveredByTaxonomy, semanticModel: semanticModel, silhouettes: silhouettes)
    }

    /// Seeds each taxonomy theme by the comments its phrases matched and its example comments, then
    /// fits the semantic model on the comments no phrase matched.
    static func semanticDiscovery(texts: [String], seeds: [Int?], taxonomy: [Theme], settings: SemanticThemeSettings)
        -> (fit: SemanticThemeDiscovery.Fit, uncovered: [Int]) {
        let vectors = settings.encoder.embed(texts)
        var members = [[Int]](repeating: [], count: taxonomy.count)
        for (index, seed) in seeds.enumerated() { if let seed { members[seed].append(index) } }
        var seeded: [SeededTheme] = []
        for (index, theme) in taxonomy.enumerated() where theme.status == .active {
            var rows = EmbeddingMatrix(dimensions: vectors.dimensions)
            for member in members[index] { rows.append(vectors[member]) }
            if theme.examples.count >= 3 {
                let examples = settings.encoder.embed(theme.examples)
                for row in 0..<examples.count { rows.append(examples[row]) }
            }
            guard rows.count > 0 else { continue }
            seeded.append(SeededTheme(key: theme.key, name: theme.name, memberVectors: rows))
        }
        let uncovered = seeds.indices.filter { seeds[$0] == nil }
        var uncoveredVectors = EmbeddingMatrix(dimensions: vectors.dimensions)
        for index in uncovered { uncoveredVectors.append(vectors[index]) }
        let fit = settings.discovery.fit(texts: uncovered.map { texts[$0] }, vectors: uncoveredVectors,
                                         vectorModel: settings.encoder.identifier, seeds: seeded, previous: settings.previous)
        return (fit, uncovered)
    }

    static func mainTheme(_ mentions: [ThemeMention], themes: [Theme]) -> Int? {
        guard !mentions.isEmpty else { return nil }
        var count: [Int: Int] = [:]
        var first: [Int: Int] = [:]
        for (order, mention) in mentions.enumerated() {
            count[mention.theme, default: 0] += 1
            if first[mention.theme] == nil { first[mention.theme] = order }
        }
        return count.keys.max { a, b in
            let left = (count[a]!, themes[a].parentKey != nil ? 1 : 0, -first[a]!)
            let right = (count[b]!, themes[b].parentKey != nil ? 1 : 0, -first[b]!)
            return left < right
        }
    }
}

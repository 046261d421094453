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
}

/// Gives every comment its themes: the taxonomy's first, then discovery on what the taxonomy
/// leaves uncovered. A comment's main theme is the taxonomy theme it mentions most (a child
/// beats its parent on a tie, then the earliest mention), else its discovered group.
public struct ThemeAnalysis: Sendable {
    public var taxonomy: [Theme]
    public var discovery: ThemeDiscovery?
    public var exampleCount = 3

    public init(taxonomy: [Theme], discovery: ThemeDiscovery? = ThemeDiscovery()) {
        self.taxonomy = taxonomy
        self.discovery = discovery
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
        if let discovery {
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
            coveredByTaxonomy: coveredByTaxonomy)
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

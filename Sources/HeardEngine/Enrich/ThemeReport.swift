import Foundation
import HeardML
import HeardModel
import HeardStore
import HeardText

public struct ThemeReportRow: Sendable {
    public var theme: Theme
    /// Comments mentioning the theme, and their share of all comments with text.
    public var comments: Int
    public var share: Double
    public var mentions: Int
    /// Mean sentiment of the mentions (each scored on its own clause), in [-1, 1].
    public var meanSentiment: Double?
    public var negativeShare: Double?
    /// Most negative mentions first: the ones to read.
    public var verbatims: [ThemeVerbatim]
}

public struct ThemeReport: Sendable {
    public var rows: [ThemeReportRow]
    public var coverage: EnrichmentCoverage

    /// Share of comments with text that mention at least one theme.
    public var themeCoverage: Double {
        coverage.withText > 0 ? Double(coverage.withTheme) / Double(coverage.withText) : 0
    }
}

/// A theme proposed by discovery, with what a person needs to accept or reject it.
public struct ProposedTheme: Sendable {
    public var theme: Theme
    public var volume: Int
    public var share: Double
    public var meanSentiment: Double
}

/// Theme listings and discovery over a workspace: the use cases behind `heard themes`, shared
/// with the server.
public enum ThemeReporting {
    public static func report(session: WorkspaceSession, verbatims: Int = 3) async throws -> ThemeReport {
        let store = session.store, workspace = session.workspace.id
        let coverage = try await store.enrichmentCoverage(in: workspace)
        let volumes = Dictionary(uniqueKeysWithValues: try await store.themeVolumes(in: workspace).map { ($0.themeKey, $0) })
        var rows: [ThemeReportRow] = []
        for theme in try await store.themes(in: workspace) where theme.status != .retired {
            let volume = volumes[theme.key]
            rows.append(ThemeReportRow(
                theme: theme, comments: volume?.comments ?? 0,
                share: coverage.withText > 0 ? Double(volume?.comments ?? 0) / Double(coverage.withText) : 0,
                mentions: volume?.mentions ?? 0, meanSentiment: volume?.meanSentiment, negativeShare: volume?.negativeShare,
                verbatims: volume == nil ? [] : try await store.verbatims(of: theme.key, in: workspace, limit: verbatims)))
        }
        rows.sort { ($0.theme.status == .active ? 0 : 1, -$0.comments, $0.theme.key) < ($1.theme.status == .active ? 0 : 1, -$1.comments, $1.theme.key) }
        return ThemeReport(rows: rows, coverage: coverage)
    }

    /// Mines the comments no theme covers (the newest `sampleLimit`) for candidate themes and
    /// stores them as `proposed`, replacing the previous proposals. Accepting one
    /// (`heard themes accept KEY`) makes its terms match like any taxonomy phrase.
    ///
    /// With an encoder (the static table when `heard models distill` has made one), discovery
    /// clusters sentence vectors instead: the fitted model is stored, so import and analyze place
    /// new comments in its themes, and a refit keeps the ids of themes it finds again.
    public static func discover(session: WorkspaceSession, sampleLimit: Int = 20_000, modelPath: String? = nil,
                                encoder: (any SentenceEncoder)? = nil) async throws -> [ProposedTheme] {
        if let encoder { return try await discoverSemantic(session: session, encoder: encoder, sampleLimit: sampleLimit, modelPath: modelPath) }
        let store = session.store, workspace = session.workspace.id
        let texts = try await store.uncoveredTexts(in: workspace, limit: sampleLimit)
        let tokenizer = Tokenizer()
        let documents = texts.map { tokenizer.tokenize($0) }
        let result = ThemeDiscovery().discover(documents)
        let model = try DefaultModels.sentiment(path: modelPath)
        try await store.deleteThemes(withStatus: .proposed, keyPrefix: "discovered.", in: workspace)
        let known = Set(try await store.themes(in: workspace).map(\.key))
        var proposed: [ProposedTheme] = []
        for candidate in result.themes where !known.contains(candidate.key) {
            let sentiment = candidate.members.map { model.score(documents[$0]).score }.reduce(0, +) / Double(max(candidate.members.count, 1))
            let theme = Theme(
                key: candidate.key, name: candidate.label, parentKey: nil, ownerTeam: nil, status: .proposed,
                phrases: candidate.terms, exclusions: [], examples: candidate.examples.map { texts[$0] })
            try await store.save(theme, in: workspace)
            proposed.append(ProposedTheme(
                theme: theme, volume: candidate.members.count,
                share: texts.isEmpty ? 0 : Double(candidate.members.count) / Double(texts.count), meanSentiment: sentiment))
        }
        return proposed
    }

    static func discoverSemantic(session: WorkspaceSession, encoder: any SentenceEncoder, sampleLimit: Int, modelPath: String?) async throws -> [ProposedTheme] {
        let store = session.store, workspace = session.workspace.id
        let previous = try await SemanticThemeStore.load(vectorModel: encoder.identifier, session: session)
        let themes = try await store.themes(in: workspace)
        // Comments placed by the earlier semantic model are fitted again, so its themes can be found again.
        let semanticKeys = previous?.entries.map(\.key) ?? []
        let texts = try await store.uncoveredTexts(in: workspace, limit: sampleLimit, ignoring: semanticKeys)
        var seeds: [SeededTheme] = []
        for theme in themes where theme.status == .active && theme.examples.count >= 3 {
            seeds.append(SeededTheme(key: theme.key, name: theme.name, memberVectors: encoder.embed(theme.examples)))
        }
        let fit = SemanticThemeDiscovery().fit(texts: texts, vectors: encoder.embed(texts), vectorModel: encoder.identifier,
                                               seeds: seeds, previous: previous)
        try await SemanticThemeStore.save(fit.model, session: session)

        let model = try DefaultModels.sentiment(path: modelPath)
        let tokenizer = Tokenizer()
        try await store.deleteThemes(withStatus: .proposed, keyPrefix: "discovered.", in: workspace)
        let known = Set(try await store.themes(in: workspace).map(\.key))
        var proposed: [ProposedTheme] = []
        for (index, entry) in fit.model.entries.enumerated() where entry.origin == .discovered && !known.contains(entry.key) {
            let members = fit.assignment.indices.filter { fit.assignment[$0] == index }
            let sentiment = members.map { model.score(tokenizer.tokenize(texts[$0])).score }.reduce(0, +) / Double(max(members.count, 1))
            let theme = Theme(key: entry.key, name: entry.name, parentKey: nil, ownerTeam: nil, status: .proposed,
                              phrases: entry.terms, exclusions: [], examples: fit.examples[index].map { texts[$0] })
            try await store.save(theme, in: workspace)
            proposed.append(ProposedTheme(theme: theme, volume: members.count,
                                          share: texts.isEmpty ? 0 : Double(members.count) / Double(texts.count), meanSentiment: sentiment))
        }
        return proposed
    }

    /// Marks a proposed (or retired) theme active, so the next `heard analyze` matches it.
    public static func accept(_ key: String, session: WorkspaceSession) async throws -> Theme {
        guard var theme = try await session.store.themes(in: session.workspace.id).first(where: { $0.key == key }) else {
            throw ThemeNotFound(key: key)
        }
        theme.status = .active
        try await session.store.save(theme, in: session.workspace.id)
        return theme
    }
}

public struct ThemeNotFound: Error, CustomStringConvertible {
    public var key: String
    public var description: String { "no theme with id '\(key)' in this workspace (see `heard themes`)" }
}

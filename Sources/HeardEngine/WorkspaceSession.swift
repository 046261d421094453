import Foundation
import HeardModel
import HeardStore

/// An open workspace: the store and which workspace in it. Both the CLI and the server work
/// through one of these, so they compute the same things the same way.
public struct WorkspaceSession: Sendable {
    public let store: any Store
    public let workspace: Workspace
    /// The folder of the database file, when there is one: relative paths the workspace stores
    /// (persona pictures) are relative to it.
    public let folder: URL?

    public init(store: any Store, workspace: Workspace, folder: URL? = nil) {
        self.store = store
        self.workspace = workspace
        self.folder = folder
    }

    /// Opens (creating if needed) the SQLite database at `path` and the named workspace in it.
    public static func open(databasePath: String, workspace name: String = "default") async throws -> WorkspaceSession {
        let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: databasePath)
        guard let workspace = try await store.workspace(named: name, createIfMissing: true) else {
            throw ImportError(file: databasePath, line: nil, field: nil, reason: "workspace \(name) could not be created")
        }
        return WorkspaceSession(store: store, workspace: workspace, folder: folder)
    }

    public var importer: Importer { Importer(store: store, workspace: workspace.id) }

    /// Saves persona definitions (new names are added, known names updated) and re-assigns every
    /// customer: `heard personas load` and the API's persona upload.
    public func load(personas: [Persona]) async throws -> [String: Int] {
        for persona in personas { _ = try await store.save(persona, in: workspace.id) }
        return try await assignPersonas()
    }

    /// Makes `themes` the workspace's taxonomy: each is saved (added or updated), and active themes
    /// the list no longer names are retired (their history stays). `heard analyze --taxonomy` and
    /// the API's taxonomy upload; re-analyse afterwards.
    public func load(taxonomy themes: [Theme]) async throws {
        let listed = Set(themes.map(\.key))
        for var existing in try await store.themes(in: workspace.id) where existing.status == .active && !listed.contains(existing.key) {
            existing.status = .retired
            try await store.save(existing, in: workspace.id)
        }
        for theme in themes { try await store.save(theme, in: workspace.id) }
    }

    /// Recomputes every customer's persona from the current persona rules, a page at a time.
    @discardableResult
    public func assignPersonas() async throws -> [String: Int] {
        let personas = try await store.personas(in: workspace.id)
        var counts: [String: Int] = [:]
        var after: String?
        while true {
            let page = try await store.customers(in: workspace.id, after: after, limit: 5000)
            guard let last = page.last else { break }
            var assignments: [(customerID: String, personaID: Int64?)] = []
            for customer in page {
                let persona = customer.firstMatchingPersona(in: personas)
                counts[persona?.name ?? "(none)", default: 0] += 1
                if persona?.id != customer.personaID { assignments.append((customer.externalID, persona?.id)) }
            }
            try await store.assignPersonas(assignments, in: workspace.id)
            after = last.externalID
        }
        return counts
    }
}

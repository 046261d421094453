import Foundation
import HeardModel

public typealias WorkspaceID = Int64

public struct Workspace: Sendable, Hashable {
    public var id: WorkspaceID
    public var name: String
    public var createdAt: Date

    public init(id: WorkspaceID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// What one write of a batch did. `inserted + updated + unchanged` equals the batch size.
public struct UpsertCounts: Sendable, Hashable, Codable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }

    public var total: Int { inserted + updated + unchanged }

    public static func += (lhs: inout UpsertCounts, rhs: UpsertCounts) {
        lhs.inserted += rhs.inserted
        lhs.updated += rhs.updated
        lhs.unchanged += rhs.unchanged
    }
}

/// One transaction's worth of imported data: the feedback and the customer attributes that
/// came with it. Either all of it lands or none of it does.
public struct ImportBatch: Sendable {
    /// Changing any feedback drops the derived columns, so they never describe other rows.
    public var feedback: [Feedback] { didSet { derived = nil } }
    /// Attribute values to merge into customers (keys not mentioned are kept).
    public var customers: [Customer] { didSet { derived = nil } }
    /// Per-row values the writer would otherwise compute, worked out ahead by `deriveColumns()`.
    public private(set) var derived: DerivedColumns?

    /// What `deriveColumns()` computes for each feedback and each customer, in the same order.
    public struct DerivedColumns: Sendable {
        var contentHashes: [Int64]
        var metadataJSON: [String?]
        var customerAttributesJSON: [String]
    }

    public init(feedback: [Feedback], customers: [Customer] = []) {
        self.feedback = feedback
        self.customers = customers
    }

    /// Computes each row's content fingerprint and metadata JSON, and each customer's
    /// attributes JSON, now, on the caller's thread. An import calls it in its reading stage:
    /// the writing stage is the slower of the two (53% of the bench import's samples against
    /// 29%), and these were 3% (rows) and 1.5% (customers) of all samples on the writer's thread.
    public mutating func deriveColumns() {
        var hashes: [Int64] = [], metadata: [String?] = []
        hashes.reserveCapacity(feedback.count)
        metadata.reserveCapacity(feedback.count)
        // By index: `for item in feedback` copied every row, retaining each of its strings.
        for index in feedback.indices {
            hashes.append(feedback[index].contentHash)
            metadata.append(FeedbackWriter.metadataJSON(feedback[index]))
        }
        derived = DerivedColumns(contentHashes: hashes, metadataJSON: metadata,
                                 customerAttributesJSON: customers.map { JSONText.encode($0.attributes) })
    }
}

/// A record of one `heard import` run, kept so an interrupted import is noticed and reported.
public struct ImportRun: Sendable, Hashable {
    public enum Status: String, Sendable { case running, completed, failed }

    public var id: Int64
    public var file: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: Status
    public var read: Int
    public var counts: UpsertCounts
    public var rejected: Int
}

/// Which slice of feedback an aggregate covers.
public struct FeedbackFilter: Sendable, Hashable {
    /// Inclusive first day and exclusive end day.
    public var from: CalendarDay?
    public var until: CalendarDay?
    public var sources: [FeedbackSource]
    public var channels: [String]

    public init(from: CalendarDay? = nil, until: CalendarDay? = nil, sources: [FeedbackSource] = [], channels: [String] = []) {
        self.from = from
        self.until = until
        self.sources = sources
        self.channels = channels
    }
}

public struct TallyQuery: Sendable, Hashable {
    public var breakdown: Breakdown?
    public var period: Period?
    public var filter: FeedbackFilter

    public init(breakdown: Breakdown? = nil, period: Period? = nil, filter: FeedbackFilter = FeedbackFilter()) {
        self.breakdown = breakdown
        self.period = period
        self.filter = filter
    }
}

/// Everything Heard persists, behind one protocol so the embedded SQLite store and a server
/// database are interchangeable. Implementations keep all SQL to themselves and run
/// aggregations in the database; callers never load rows to count them.
public protocol Store: Sendable {
    // Workspaces
    func workspace(named name: String, createIfMissing: Bool) async throws -> Workspace?

    // Feedback and customers
    /// Inserts new feedback, updates feedback whose content changed (matched on external id),
    /// and leaves identical feedback alone, in one transaction.
    func write(_ batch: ImportBatch, into workspace: WorkspaceID) async throws -> UpsertCounts
    /// A writer for one long import that commits every `batchesPerTransaction` batches.
    func importWriter(into workspace: WorkspaceID, batchesPerTransaction: Int) async throws -> any ImportWriter
    func feedback(externalID: String, in workspace: WorkspaceID) async throws -> Feedback?
    func feedbackCount(in workspace: WorkspaceID) async throws -> Int
    /// Earliest and latest feedback day, nil when there is none.
    func feedbackDayRange(in workspace: WorkspaceID) async throws -> ClosedRange<CalendarDay>?
    /// Feedback matching every condition of `search`, newest first, one keyset page with each
    /// comment's theme mentions (the verbatim explorer).
    func searchFeedback(_ search: FeedbackSearch, in workspace: WorkspaceID) async throws -> FeedbackSearchPage
    /// Counts and last row ids of the workspace's feedback and of enrichment, read from indexes:
    /// what caches of derived results key on.
    func feedbackVersion(in workspace: WorkspaceID) async throws -> FeedbackVersion
    func customer(externalID: String, in workspace: WorkspaceID) async throws -> Customer?
    /// Customers ordered by external id, a page at a time.
    func customers(in workspace: WorkspaceID, after externalID: String?, limit: Int) async throws -> [Customer]
    func customerCount(in workspace: WorkspaceID) async throws -> Int
    func assignPersonas(_ assignments: [(customerID: String, personaID: Int64?)], in workspace: WorkspaceID) async throws

    // Aggregates
    func tallies(_ query: TallyQuery, in workspace: WorkspaceID) async throws -> [GroupedTally]

    // The rest of the loop
    func save(_ persona: Persona, in workspace: WorkspaceID) async throws -> Persona
    func personas(in workspace: WorkspaceID) async throws -> [Persona]
    func save(_ team: Team, in workspace: WorkspaceID) async throws -> Team
    func teams(in workspace: WorkspaceID) async throws -> [Team]
    func save(_ theme: Theme, in workspace: WorkspaceID) async throws
    func themes(in workspace: WorkspaceID) async throws -> [Theme]
    func deleteThemes(withStatus status: Theme.Status, keyPrefix: String, in workspace: WorkspaceID) async throws

    // Text enrichment: sentiment and theme mentions per comment, with the model versions.
    func pendingEnrichment(in workspace: WorkspaceID, version: String, afterRowID: Int64, limit: Int) async throws -> [PendingEnrichment]
    func save(_ enrichments: [FeedbackEnrichment]) async throws
    /// Comments `pendingEnrichment` would return for `version`, all batches together.
    func pendingEnrichmentCount(in workspace: WorkspaceID, version: String) async throws -> Int
    /// Lets an enrichment run with about `pending` comments to do have the theme rollup computed
    /// once at its end, when the store finds that cheaper; returns whether it did. A run that
    /// deferred calls `endThemeRollupDeferral` when it stops, also on failure.
    func deferThemeRollup(forPending pending: Int, in workspace: WorkspaceID) async throws -> Bool
    func endThemeRollupDeferral(in workspace: WorkspaceID) async throws
    func themeVolumes(in workspace: WorkspaceID) async throws -> [ThemeVolume]
    func enrichmentCoverage(in workspace: WorkspaceID) async throws -> EnrichmentCoverage
    func verbatims(of themeKey: String, in workspace: WorkspaceID, limit: Int) async throws -> [ThemeVerbatim]
    /// Texts of enriched comments with no theme mention, newest first; mentions of `themeKeys` do not count.
    func uncoveredTexts(in workspace: WorkspaceID, limit: Int, ignoring themeKeys: [String]) async throws -> [String]
    /// The semantic theme model fitted on `vectorModel`'s vectors, as the JSON it was saved with.
    func semanticThemeModel(vectorModel: String, in workspace: WorkspaceID) async throws -> String?
    func saveSemanticThemeModel(_ json: String, vectorModel: String, in workspace: WorkspaceID) async throws

    // Sentence vectors per comment (similar-feedback search, vector sentiment).
    /// Comments with text whose vector from `encoder` is missing or older than their content, in row order.
    func pendingVectors(in workspace: WorkspaceID, encoder: String, afterRowID: Int64, limit: Int) async throws -> [PendingEnrichment]
    /// Replaces each comment's vector (the new row gets a new, higher vector id), in one transaction.
    func save(_ vectors: [FeedbackVector], in workspace: WorkspaceID) async throws
    /// Stored vectors from `encoder` with a vector id above `afterVectorID`, in id order.
    func storedVectors(in workspace: WorkspaceID, encoder: String, afterVectorID: Int64, limit: Int) async throws -> [StoredVector]
    /// How many vectors from `encoder` have an id at most `upTo`, and the highest id overall.
    func vectorTally(in workspace: WorkspaceID, encoder: String, upTo: Int64) async throws -> (count: Int, maxVectorID: Int64)
    /// The vectors of these comments (those that have one from `encoder`).
    func vectors(ofFeedbackRowIDs ids: [Int64], encoder: String) async throws -> [Int64: [Float]]
    /// The comments with these row ids, as stored.
    func feedbackSummaries(rowIDs: [Int64], in workspace: WorkspaceID) async throws -> [FeedbackSummary]
    /// The themes each of these comments mentions (comments with none are left out).
    func mentionedThemes(ofFeedbackRowIDs ids: [Int64], in workspace: WorkspaceID) async throws -> [Int64: Set<String>]

    // Analytics: each an aggregate the database computes.
    /// Per theme (and one nil-theme row for all enriched comments), group and period.
    func themeSlices(_ query: TallyQuery, in workspace: WorkspaceID) async throws -> [ThemeSlice]
    /// Score tallies of the comments mentioning each theme, per group.
    func themeTallies(breakdown: Breakdown?, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [ThemeTally]
    /// Enriched comments with a `target` score and their themes, in row order after `afterRowID`,
    /// from the first range of at most `limit` row ids that holds any. Continue after the page's
    /// `lastRowID` until it is nil.
    func scoredComments(target: ScoreScale, breakdown: Breakdown?, filter: FeedbackFilter, afterRowID: Int64,
                        limit: Int, in workspace: WorkspaceID) async throws -> ScoredCommentPage
    /// Customers and their `valueAttribute` per theme, at risk or not, plus a nil-theme total row.
    func themeCustomerValues(valueAttribute: String, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [ThemeCustomerValue]
    /// Customers per cell and per interaction outcome, with the value those interactions carried.
    func outcomeTallies(split: OutcomeSplit, filter: FeedbackFilter, in workspace: WorkspaceID) async throws -> [OutcomeTally]
    /// A theme's mentions within a slice (and group when `breakdown` is set), most negative first.
    func themeVerbatims(of themeKey: String, filter: FeedbackFilter, breakdown: Breakdown?, group: String?,
                        limit: Int, in workspace: WorkspaceID) async throws -> [ThemeVerbatim]
    /// The named customers with their feedback counts, NPS sums and theme mentions.
    func customerProfiles(_ customerIDs: [String], in workspace: WorkspaceID) async throws -> [CustomerProfile]

    func append(_ events: [InteractionEvent], in workspace: WorkspaceID) async throws
    func interactionCount(in workspace: WorkspaceID) async throws -> Int
    func interactions(customerID: String, in workspace: WorkspaceID) async throws -> [InteractionEvent]
    /// Replaces the value for the same name, period, dimension and slice. Counts: inserted are
    /// new keys, updated are keys that were there (whether or not the value changed).
    @discardableResult
    func upsert(_ metrics: [OperationalMetricValue], in workspace: WorkspaceID) async throws -> UpsertCounts
    func operationalMetrics(named name: String?, in workspace: WorkspaceID) async throws -> [OperationalMetricValue]
    func save(_ feedbackCase: FeedbackCase, in workspace: WorkspaceID) async throws -> FeedbackCase
    func cases(in workspace: WorkspaceID) async throws -> [FeedbackCase]
    func save(_ action: ImprovementAction, in workspace: WorkspaceID) async throws -> ImprovementAction
    func actions(in workspace: WorkspaceID) async throws -> [ImprovementAction]

    // Import bookkeeping
    func beginImport(file: String, in workspace: WorkspaceID) async throws -> ImportRun
    func finishImport(_ run: ImportRun) async throws
    /// The most recent run for that file, if any.
    func lastImport(file: String, in workspace: WorkspaceID) async throws -> ImportRun?

    // Web: users, sessions, API keys, hosted surveys and workspace settings (`heard serve`).
    /// Inserts the user, or updates role, teams and password of the user with that name.
    func save(_ user: WebUser, in workspace: WorkspaceID) async throws -> WebUser
    func users(in workspace: WorkspaceID) async throws -> [WebUser]
    func user(named name: String, in workspace: WorkspaceID) async throws -> WebUser?
    /// Deletes the user and (by cascade) their sessions; false when there is no such user.
    func deleteUser(named name: String, in workspace: WorkspaceID) async throws -> Bool
    /// Stores a new session (and drops expired ones).
    func createSession(_ session: WebSessionRecord, in workspace: WorkspaceID) async throws
    /// The unexpired session with that token hash and its user.
    func session(tokenHash: String, at now: Date, in workspace: WorkspaceID) async throws -> (WebSessionRecord, WebUser)?
    func deleteSession(tokenHash: String) async throws
    func save(_ key: APIKeyRecord, in workspace: WorkspaceID) async throws -> APIKeyRecord
    func apiKey(hash: String, in workspace: WorkspaceID) async throws -> APIKeyRecord?
    func apiKeys(in workspace: WorkspaceID) async throws -> [APIKeyRecord]
    func deleteAPIKey(named name: String, in workspace: WorkspaceID) async throws -> Bool
    /// Inserts the survey, or replaces the definition of the survey with that key.
    func save(_ survey: Survey, in workspace: WorkspaceID) async throws -> Survey
    func surveys(in workspace: WorkspaceID) async throws -> [Survey]
    func survey(key: String, in workspace: WorkspaceID) async throws -> Survey?
    func settings(of workspace: WorkspaceID) async throws -> [String: String]
    /// Sets (or, with nil, removes) one workspace setting.
    func setSetting(_ name: String, to value: String?, in workspace: WorkspaceID) async throws
    /// Like `pendingEnrichment(in:version:afterRowID:limit:)`, for just these feedback ids: what
    /// the server enriches right after accepting it.
    func pendingEnrichment(externalIDs: [String], version: String, in workspace: WorkspaceID) async throws -> [PendingEnrichment]
    /// Feedback in row order after `afterRowID`, within the filter: exports walk the table with it.
    func feedbackPage(filter: FeedbackFilter, afterRowID: Int64, limit: Int, in workspace: WorkspaceID) async throws -> [StoredFeedback]

    /// Runs the database's own consistency check; returns the problems found (empty when sound).
    func integrityProblems() async throws -> [String]
}

extension Store {
    /// Texts of enriched comments with no theme mention at all, newest first.
    public func uncoveredTexts(in workspace: WorkspaceID, limit: Int) async throws -> [String] {
        try await uncoveredTexts(in: workspace, limit: limit, ignoring: [])
    }
}

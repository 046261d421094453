import GRDB
import HeardModel

/// The daily rollup of feedback: its key, its columns, and how a batch's changes are applied.
enum RollupSQL {
    static let tallyColumns = [
        "feedback", "nps_count", "promoters", "detractors", "csat_count", "csat_satisfied",
        "ces_count", "ces_sum", "ces_sum_sq", "ces_agree", "stars_count", "stars_sum", "stars_sum_sq",
    ]

    /// The aggregate expressions that compute each tally column from feedback rows, in order.
    static func tallyAggregates(prefix: String) -> String {
        let p = prefix
        return """
            COUNT(*), COUNT(\(p)nps), COUNT(*) FILTER (WHERE \(p)nps >= 9), COUNT(*) FILTER (WHERE \(p)nps <= 6),
            COUNT(\(p)csat), COUNT(*) FILTER (WHERE \(p)csat >= 4),
            COUNT(\(p)ces), COALESCE(SUM(\(p)ces), 0), COALESCE(SUM(\(p)ces * \(p)ces), 0), COUNT(*) FILTER (WHERE \(p)ces >= 5),
            COUNT(\(p)stars), COALESCE(SUM(\(p)stars), 0), COALESCE(SUM(\(p)stars * \(p)stars), 0)
            """
    }

    /// The rollup rows recomputed from feedback, in `feedback_rollup` column order: for the
    /// migration that created the table and for a workspace whose import died before applying
    /// its held changes. `workspaceCondition` filters feedback (`f`), e.g. on a bound workspace.
    static func recomputation(workspaceCondition: String?) -> String {
        """
        SELECT workspace_id, occurred_day, occurred_week, COALESCE(segment, ''), COALESCE(source, ''),
          COALESCE(channel, ''), COALESCE(touchpoint, ''), COALESCE(stage, ''), COALESCE(language, ''),
          \(tallyAggregates(prefix: ""))
        FROM feedback \(workspaceCondition.map { "WHERE \($0)" } ?? "") GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        """
    }

    /// Binds the tally columns in `tallyColumns` order without building an array: an import
    /// binds one per rollup slice it touches, 44,000 a transaction in the bench.
    static func bind(_ tally: ScoreTally, to statement: inout BoundStatement) {
        statement.bind(tally.feedback)
        statement.bind(tally.npsCount)
        statement.bind(tally.promoters)
        statement.bind(tally.detractors)
        statement.bind(tally.csatCount)
        statement.bind(tally.csatSatisfied)
        statement.bind(tally.cesCount)
        statement.bind(tally.cesSum)
        statement.bind(tally.cesSumOfSquares)
        statement.bind(tally.cesAgree)
        statement.bind(tally.starsCount)
        statement.bind(tally.starsSum)
        statement.bind(tally.starsSumOfSquares)
    }

    static func tally(from row: Row, startingAt offset: Int) -> ScoreTally {
        var tally = ScoreTally()
        tally.feedback = row[offset]
        tally.npsCount = row[offset + 1]
        tally.promoters = row[offset + 2]
        tally.detractors = row[offset + 3]
        tally.csatCount = row[offset + 4]
        tally.csatSatisfied = row[offset + 5]
        tally.cesCount = row[offset + 6]
        tally.cesSum = row[offset + 7]
        tally.cesSumOfSquares = row[offset + 8]
        tally.cesAgree = row[offset + 9]
        tally.starsCount = row[offset + 10]
        tally.starsSum = row[offset + 11]
        tally.starsSumOfSquares = row[offset + 12]
        return tally
    }
}

/// The built-in dimensions of a rollup slice, '' where absent.
struct SliceDimensions: Hashable {
    var segment: String
    var source: String
    var channel: String
    var touchpoint: String
    var stage: String
    var language: String
}

/// Changes to the rollup collected over a transaction's feedback (or, for a large import, over
/// all its transactions) and written once, so each slice is updated once however many rows fall
/// into it.
///
/// A slice is a day and an id for its dimensions rather than eight strings: the bench import's
/// 200,000-row transactions touch 43,800 slices but only 60 distinct dimension values, so the
/// dimensions are looked up in a table that stays in cache, and the slice table is keyed by one
/// integer. With eight strings per key, finding a row's slice missed the cache four or five
/// times and took about 6% of the 1M-row import's CPU.
struct RollupDelta {
    /// Each distinct dimensions value, by id.
    private var dimensions: [SliceDimensions] = []
    private var dimensionIDs: [SliceDimensions: UInt32] = [:]
    /// Day (days since 1970, in the high 32 bits) and dimension id (low 32 bits) → changes.
    private var changes: [UInt64: ScoreTally] = [:]

    init(expectedKeys: Int = 0) { changes.reserveCapacity(expectedKeys) }

    /// Slices with a change held.
    var count: Int { changes.count }

    /// Empties the delta and keeps its storage for the next transaction. Allocating and
    /// freeing a 10–15 MB table per transaction let glibc's adaptive mmap threshold rise and
    /// the heap fragment: peak RSS 257–307 MB for the 1M-row bench import, 218–233 MB with the
    /// storage kept (212 MB with the threshold pinned by MALLOC_MMAP_THRESHOLD_=131072).
    mutating func removeAll() {
        changes.removeAll(keepingCapacity: true)
        dimensions.removeAll(keepingCapacity: true)
        dimensionIDs.removeAll(keepingCapacity: true)
    }

    private mutating func slice(day: Int, _ dimensions: SliceDimensions) -> UInt64 {
        let id: UInt32
        if let known = dimensionIDs[dimensions] {
            id = known
        } else {
            id = UInt32(self.dimensions.count)
            self.dimensions.append(dimensions)
            dimensionIDs[dimensions] = id
        }
        return UInt64(UInt32(truncatingIfNeeded: day)) << 32 | UInt64(id)
    }

    mutating func add(day: Int, _ dimensions: SliceDimensions, nps: Int?, csat: Int?, ces: Int?, stars: Int?) {
        changes[slice(day: day, dimensions), default: ScoreTally()].add(nps: nps, csat: csat, ces: ces, stars: stars)
    }

    mutating func remove(day: Int, _ dimensions: SliceDimensions, nps: Int?, csat: Int?, ces: Int?, stars: Int?) {
        var single = ScoreTally()
        single.add(nps: nps, csat: csat, ces: ces, stars: stars)
        let key = slice(day: day, dimensions)
        changes[key] = (changes[key] ?? ScoreTally()) - single
    }

    /// Adds another delta's changes, as when a transaction's changes join those an import holds
    /// until it finishes.
    mutating func merge(_ other: RollupDelta) {
        let ids = other.dimensions.map { dimensions in slice(day: 0, dimensions) }
        for (key, tally) in other.changes {
            changes[key & 0xFFFF_FFFF_0000_0000 | ids[Int(key & 0xFFFF_FFFF)], default: ScoreTally()] += tally
        }
    }

    /// Updates the slices that exist and inserts the others: after the first batches nearly
    /// every slice exists, and an update finds its row with one search where an upsert
    /// (insert, conflict, update) needs two.
    func apply(workspace: WorkspaceID, db: Database) throws {
        guard !changes.isEmpty else { return }
        let columns = RollupSQL.tallyColumns
        let keyColumns = ["day", "segment", "source", "channel", "touchpoint", "stage", "language"]
        let keyMatch = "workspace_id = ? AND " + keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
        let update = try db.cachedStatement(sql: """
            UPDATE feedback_rollup SET \(columns.map { "\($0) = \($0) + ?" }.joined(separator: ", "))
            WHERE \(keyMatch)
            """)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO feedback_rollup (workspace_id, day, week, segment, source, channel, touchpoint, stage, language, \(columns.joined(separator: ", ")))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            """)
        let prune = try db.cachedStatement(sql: "DELETE FROM feedback_rollup WHERE \(keyMatch) AND feedback = 0")
        var updater = BoundStatement(update, in: db)
        var inserter = BoundStatement(insert, in: db)
        var pruner = BoundStatement(prune, in: db)
        var dayTexts = DayTexts()
        /// The key columns in `keyMatch` order, with the week after the day where `week` says.
        func bindKey(_ statement: inout BoundStatement, _ key: UInt64, week: Bool = false) {
            let texts = dayTexts.texts(CalendarDay(daysSinceEpoch: Int(Int32(truncatingIfNeeded: key >> 32))))
            let slice = dimensions[Int(key & 0xFFFF_FFFF)]
            statement.bind(workspace)
            statement.bind(texts.day)
            if week { statement.bind(texts.week) }
            statement.bind(slice.segment)
            statement.bind(slice.source)
            statement.bind(slice.channel)
            statement.bind(slice.touchpoint)
            statement.bind(slice.stage)
            statement.bind(slice.language)
        }
        for (key, tally) in changes where tally != ScoreTally() {
            updater.reset()
            RollupSQL.bind(tally, to: &updater)
            bindKey(&updater, key)
            if try updater.run() == 0 {
                inserter.reset()
                bindKey(&inserter, key, week: true)
                RollupSQL.bind(tally, to: &inserter)
                _ = try inserter.run()
            } else if tally.feedback < 0 {
                pruner.reset()
                bindKey(&pruner, key)
                _ = try pruner.run()
            }
        }
    }
}

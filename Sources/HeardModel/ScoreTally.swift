/// The sufficient statistics of every score in one group: counts and sums that the store adds
/// up in SQL, so that no metric ever needs the rows themselves. Tallies add and subtract, which
/// is how "this group versus the rest" is formed from a group and a total.
public struct ScoreTally: Sendable, Hashable, Codable {
    /// Pieces of feedback in the group, scored or not.
    public var feedback: Int = 0
    public var npsCount: Int = 0
    public var promoters: Int = 0
    public var detractors: Int = 0
    public var csatCount: Int = 0
    /// CSAT answers of 4 or 5.
    public var csatSatisfied: Int = 0
    public var cesCount: Int = 0
    public var cesSum: Int = 0
    public var cesSumOfSquares: Int = 0
    /// CES answers of 5–7 ("agree" the task was easy).
    public var cesAgree: Int = 0
    public var starsCount: Int = 0
    public var starsSum: Int = 0
    public var starsSumOfSquares: Int = 0

    public init() {}

    public var passives: Int { npsCount - promoters - detractors }

    /// Adds one feedback's scores; the reference implementation the SQL aggregation must match.
    public mutating func add(nps: Int?, csat: Int?, ces: Int?, stars: Int?) {
        feedback += 1
        if let nps {
            npsCount += 1
            if nps >= 9 { promoters += 1 } else if nps <= 6 { detractors += 1 }
        }
        if let csat {
            csatCount += 1
            if csat >= 4 { csatSatisfied += 1 }
        }
        if let ces {
            cesCount += 1
            cesSum += ces
            cesSumOfSquares += ces * ces
            if ces >= 5 { cesAgree += 1 }
        }
        if let stars {
            starsCount += 1
            starsSum += stars
            starsSumOfSquares += stars * stars
        }
    }

    public static func + (lhs: ScoreTally, rhs: ScoreTally) -> ScoreTally {
        lhs.combined(with: rhs, sign: 1)
    }

    public static func - (lhs: ScoreTally, rhs: ScoreTally) -> ScoreTally {
        lhs.combined(with: rhs, sign: -1)
    }

    public static func += (lhs: inout ScoreTally, rhs: ScoreTally) { lhs = lhs + rhs }

    private func combined(with other: ScoreTally, sign: Int) -> ScoreTally {
        var out = ScoreTally()
        out.feedback = feedback + sign * other.feedback
        out.npsCount = npsCount + sign * other.npsCount
        out.promoters = promoters + sign * other.promoters
        out.detractors = detractors + sign * other.detractors
        out.csatCount = csatCount + sign * other.csatCount
        out.csatSatisfied = csatSatisfied + sign * other.csatSatisfied
        out.cesCount = cesCount + sign * other.cesCount
        out.cesSum = cesSum + sign * other.cesSum
        out.cesSumOfSquares = cesSumOfSquares + sign * other.cesSumOfSquares
        out.cesAgree = cesAgree + sign * other.cesAgree
        out.starsCount = starsCount + sign * other.starsCount
        out.starsSum = starsSum + sign * other.starsSum
        out.starsSumOfSquares = starsSumOfSquares + sign * other.starsSumOfSquares
        return out
    }
}

/// One row of an aggregate query: a group (nil when not grouped), a period start (nil when not
/// bucketed in time) and its tally.
public struct GroupedTally: Sendable, Hashable {
    public var group: String?
    public var periodStart: CalendarDay?
    public var tally: ScoreTally

    public init(group: String?, periodStart: CalendarDay?, tally: ScoreTally) {
        self.group = group
        self.periodStart = periodStart
        self.tally = tally
    }
}

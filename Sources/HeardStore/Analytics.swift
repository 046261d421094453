import Foundation
import HeardModel

/// Comment-level sentiment statistics of a theme (or of every enriched comment when
/// `themeKey` is nil) in one group and period. A comment that mentions a theme twice counts
/// once, with the mean of its mentions' scores.
public struct ThemeSlice: Sendable, Hashable {
    public var themeKey: String?
    public var group: String?
    public var periodStart: CalendarDay?
    public var comments: Int
    public var sentimentSum: Double
    public var sentimentSumOfSquares: Double
    /// Comments with at least one negative (or positive) mention of the theme.
    public var negative: Int
    public var positive: Int

    public init(themeKey: String?, group: String?, periodStart: CalendarDay?, comments: Int, sentimentSum: Double,
                sentimentSumOfSquares: Double, negative: Int, positive: Int) {
        self.themeKey = themeKey
        self.group = group
        self.periodStart = periodStart
        self.comments = comments
        self.sentimentSum = sentimentSum
        self.sentimentSumOfSquares = sentimentSumOfSquares
        self.negative = negative
        self.positive = positive
    }
}

/// Score tallies of the comments that mention a theme.
public struct ThemeTally: Sendable, Hashable {
    public var themeKey: String
    public var group: String?
    public var tally: ScoreTally

    public init(themeKey: String, group: String?, tally: ScoreTally) {
        self.themeKey = themeKey
        self.group = group
        self.tally = tally
    }
}

/// A page of enriched comments that carry a score, with their theme mentions in compressed
/// rows: comment `i` owns mentions `mentionStart[i] ..< mentionStart[i + 1]`. Driver analysis
/// streams these pages into sufficient statistics instead of holding every comment.
public struct ScoredCommentPage: Sendable {
    /// Continue after this row id; nil when the page is empty (the scan is over).
    public var lastRowID: Int64?
    public var targets: [Double] = []
    /// One per comment when the query has a breakdown, else empty.
    public var groups: [String?] = []
    public var mentionStart: [Int] = [0]
    public var mentionTheme: [String] = []
    /// Mean sentiment of the comment's mentions of that theme.
    public var mentionSentiment: [Double] = []

    public init() {}

    public var count: Int { targets.count }
}

/// Customer value behind a theme: customers who mention it, those of them who are at risk
/// (a detractor answer or a negative mention), and the value attribute summed over each.
/// `themeKey` nil is every customer who gave feedback in the slice.
public struct ThemeCustomerValue: Sendable, Hashable {
    public var themeKey: String?
    public var customers: Int
    public var atRiskCustomers: Int
    public var value: Double
    public var atRiskValue: Double
    /// Customers whose value attribute is present and numeric.
    public var customersWithValue: Int

    public init(themeKey: String?, customers: Int, atRiskCustomers: Int, value: Double, atRiskValue: Double, customersWithValue: Int) {
        self.themeKey = themeKey
        self.customers = customers
        self.atRiskCustomers = atRiskCustomers
        self.value = value
        self.atRiskValue = atRiskValue
        self.customersWithValue = customersWithValue
    }
}

/// How customers are split when outcomes are counted.
public enum OutcomeSplit: Sendable, Hashable {
    /// By theme mentioned (a customer counts under every theme they mention).
    case theme
    /// By the band of the customer's latest NPS answer: promoter, passive, detractor.
    case npsBand
}

/// Customers in one split cell (theme or score band) and, per outcome, how many of them had it
/// and the value that came with it. The outcome nil row is the cell's base.
public struct OutcomeTally: Sendable, Hashable {
    public var cell: String
    public var outcome: String?
    public var customers: Int
    public var value: Double

    public init(cell: String, outcome: String?, customers: Int, value: Double) {
        self.cell = cell
        self.outcome = outcome
        self.customers = customers
        self.value = value
    }
}

/// A customer with the shape of their feedback: how much, how they score, what they talk
/// about. Used to propose personas.
public struct CustomerProfile: Sendable, Hashable {
    public var externalID: String
    public var attributes: [String: String]
    public var feedback: Int
    public var npsCount: Int
    public var npsSum: Int
    public var sentimentSum: Double
    public var enriched: Int
    /// Comments mentioning each theme.
    public var themeComments: [String: Int]

    public init(externalID: String, attributes: [String: String], feedback: Int = 0, npsCount: Int = 0, npsSum: Int = 0,
                sentimentSum: Double = 0, enriched: Int = 0, themeComments: [String: Int] = [:]) {
        self.externalID = externalID
        self.attributes = attributes
        self.feedback = feedback
        self.npsCount = npsCount
        self.npsSum = npsSum
        self.sentimentSum = sentimentSum
        self.enriched = enriched
        self.themeComments = themeComments
    }
}

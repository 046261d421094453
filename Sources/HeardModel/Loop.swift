import Foundation

/// An owner of insights and cases: product, billing, support, logistics, …
public struct Team: Sendable, Hashable, Codable {
    public var id: Int64?
    public var name: String
    /// Where digests and case notifications go (an e-mail address or a webhook URL).
    public var contact: String?

    public init(id: Int64? = nil, name: String, contact: String? = nil) {
        self.id = id
        self.name = name
        self.contact = contact
    }
}

/// A theme in the taxonomy. Its `key` is the stable id ("billing.refunds"): renames change
/// `name`, never `key`, so history stays comparable across retraining and edits.
public struct Theme: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case active, proposed, retired }

    public var key: String
    public var name: String
    public var parentKey: String?
    public var ownerTeam: String?
    public var status: Status
    /// Phrases that signal the theme; variants and exclusions are interpreted by HeardText.
    public var phrases: [String]
    public var exclusions: [String]
    public var examples: [String]

    public init(
        key: String, name: String, parentKey: String? = nil, ownerTeam: String? = nil,
        status: Status = .active, phrases: [String] = [], exclusions: [String] = [],
        examples: [String] = []
    ) {
        self.key = key
        self.name = name
        self.parentKey = parentKey
        self.ownerTeam = ownerTeam
        self.status = status
        self.phrases = phrases
        self.exclusions = exclusions
        self.examples = examples
    }
}

/// One step a customer took: visited a page, opened a ticket, received a parcel, renewed.
/// Journeys are built from these; `value` carries money (order value, refund, renewal).
public struct InteractionEvent: Sendable, Hashable, Codable {
    public var customerID: String
    public var occurredAt: Date
    public var touchpoint: String
    public var channel: String?
    public var event: String
    public var outcome: String?
    public var value: Double?

    public init(
        customerID: String, occurredAt: Date, touchpoint: String, channel: String? = nil,
        event: String, outcome: String? = nil, value: Double? = nil
    ) {
        self.customerID = customerID
        self.occurredAt = occurredAt
        self.touchpoint = touchpoint
        self.channel = channel
        self.event = event
        self.outcome = outcome
        self.value = value
    }
}

/// An inside-out number the business measures about itself (first-contact resolution, wait
/// time, on-time delivery) for one period and one slice (team, touchpoint, …).
public struct OperationalMetricValue: Sendable, Hashable, Codable {
    public var name: String
    /// First day of the period, e.g. 2024-03-01 for March, or the Monday of a week.
    public var periodStart: Date
    public var period: Period
    /// What the value is broken down by ("team", "touchpoint"), nil for company-wide.
    public var dimension: String?
    public var dimensionValue: String?
    public var value: Double

    public init(
        name: String, periodStart: Date, period: Period, dimension: String? = nil,
        dimensionValue: String? = nil, value: Double
    ) {
        self.name = name
        self.periodStart = periodStart
        self.period = period
        self.dimension = dimension
        self.dimensionValue = dimensionValue
        self.value = value
    }
}

/// A closed-loop case opened for an unhappy customer.
public struct FeedbackCase: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, inProgress = "in_progress", closed }

    public var id: Int64?
    public var feedbackExternalID: String
    public var customerID: String?
    public var ownerTeam: String?
    public var status: Status
    public var openedAt: Date
    public var dueAt: Date?
    public var closedAt: Date?
    public var resolution: String?

    public init(
        id: Int64? = nil, feedbackExternalID: String, customerID: String? = nil,
        ownerTeam: String? = nil, status: Status = .open, openedAt: Date, dueAt: Date? = nil,
        closedAt: Date? = nil, resolution: String? = nil
    ) {
        self.id = id
        self.feedbackExternalID = feedbackExternalID
        self.customerID = customerID
        self.ownerTeam = ownerTeam
        self.status = status
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.closedAt = closedAt
        self.resolution = resolution
    }
}

/// An improvement the business commits to, tied to a theme so its effect can be measured
/// before and after, and announced to the customers who asked for it.
public struct ImprovementAction: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case planned, inProgress = "in_progress", done }

    public var id: Int64?
    public var title: String
    public var themeKey: String?
    public var ownerTeam: String?
    public var status: Status
    public var startedAt: Date?
    public var completedAt: Date?

    public init(
        id: Int64? = nil, title: String, themeKey: String? = nil, ownerTeam: String? = nil,
        status: Status = .planned, startedAt: Date? = nil, completedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.themeKey = themeKey
        self.ownerTeam = ownerTeam
        self.status = status
        self.startedAt = startedAt
        self.completedAt = completedAt
    }
}

import Foundation

/// One piece of customer voice: a survey answer, review, ticket, chat, call, post or note.
/// It keeps who said it, where, and when, so every number can be cut by those later.
public struct Feedback: Sendable, Hashable, Codable {
    /// The id in the system it came from; re-importing the same id updates instead of duplicating.
    public var externalID: String
    public var source: FeedbackSource?
    public var channel: String?
    public var touchpoint: String?
    public var journeyStage: String?
    public var occurredAt: Date
    public var language: String?
    public var text: String?
    /// The text before PII redaction; nil unless the workspace is configured to keep it.
    public var originalText: String? = nil
    public var nps: Int?
    public var csat: Int?
    public var ces: Int?
    public var stars: Int?
    /// External id of the customer who gave it, if known.
    public var customerID: String?
    /// The customer's segment when the feedback was given; segments change, feedback stays put.
    public var segment: String?
    /// Anything else the source carried (plan, agent, order id, app version…).
    public var metadata: [String: String]

    public init(
        externalID: String, source: FeedbackSource? = nil, channel: String? = nil,
        touchpoint: String? = nil, journeyStage: String? = nil, occurredAt: Date,
        language: String? = nil, text: String? = nil, nps: Int? = nil, csat: Int? = nil,
        ces: Int? = nil, stars: Int? = nil, customerID: String? = nil, segment: String? = nil,
        metadata: [String: String] = [:]
    ) {
        self.externalID = externalID
        self.source = source
        self.channel = channel
        self.touchpoint = touchpoint
        self.journeyStage = journeyStage
        self.occurredAt = occurredAt
        self.language = language
        self.text = text
        self.nps = nps
        self.csat = csat
        self.ces = ces
        self.stars = stars
        self.customerID = customerID
        self.segment = segment
        self.metadata = metadata
    }

    /// Checks every score against its scale. Readers call it before anything is stored.
    public func validate() throws(ScoreError) {
        if let nps { try ScoreScale.nps.validate(nps) }
        if let csat { try ScoreScale.csat.validate(csat) }
        if let ces { try ScoreScale.ces.validate(ces) }
        if let stars { try ScoreScale.stars.validate(stars) }
    }

    /// A fingerprint of everything the customer said and everything known about it. Re-imports
    /// compare it to decide between "unchanged" and "updated" without reading the stored row.
    public var contentHash: Int64 {
        var hasher = StableHasher()
        hasher.combine(externalID)
        hasher.combine(source?.rawValue)
        hasher.combine(channel)
        hasher.combine(touchpoint)
        hasher.combine(journeyStage)
        hasher.combine(decimal: Int64(occurredAt.timeIntervalSince1970 * 1000))
        hasher.combine(language)
        hasher.combine(text)
        hasher.combine(decimal: nps.map(Int64.init))
        hasher.combine(decimal: csat.map(Int64.init))
        hasher.combine(decimal: ces.map(Int64.init))
        hasher.combine(decimal: stars.map(Int64.init))
        hasher.combine(customerID)
        hasher.combine(segment)
        hasher.combine(inKeyOrder: metadata)
        // Only when kept, so that fingerprints stored before the column existed stay valid.
        if let originalText { hasher.combine(originalText) }
        return Int64(bitPattern: hasher.value)
    }
}

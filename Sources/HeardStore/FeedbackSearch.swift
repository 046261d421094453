import Foundation
import HeardModel

/// Which feedback the verbatim explorer (and the API's search) lists. Every condition that is
/// set must hold (AND); unset ones do not filter. Results come newest first, a page at a time.
public struct FeedbackSearch: Sendable, Hashable {
    /// Inclusive first day and exclusive end day (UTC).
    public var from: CalendarDay?
    public var until: CalendarDay?
    public var segment: String?
    public var personaID: Int64?
    public var channel: String?
    public var touchpoint: String?
    /// Comments that mention this theme.
    public var themeKey: String?
    /// When set, only comments that mention at least one of these themes (a team's view).
    public var restrictToThemes: [String]?
    /// The comment's overall sentiment label: negative, neutral or positive.
    public var sentiment: String?
    /// Case-insensitive (ASCII) substring of the stored text.
    public var textContains: String?
    /// Only comments that have text.
    public var withTextOnly: Bool
    /// Continue after this hit of the previous page.
    public var after: FeedbackCursor?
    public var limit: Int

    public init(from: CalendarDay? = nil, until: CalendarDay? = nil, segment: String? = nil, personaID: Int64? = nil,
                channel: String? = nil, touchpoint: String? = nil, themeKey: String? = nil, restrictToThemes: [String]? = nil,
                sentiment: String? = nil, textContains: String? = nil, withTextOnly: Bool = true,
                after: FeedbackCursor? = nil, limit: Int = 25) {
        self.from = from
        self.until = until
        self.segment = segment
        self.personaID = personaID
        self.channel = channel
        self.touchpoint = touchpoint
        self.themeKey = themeKey
        self.restrictToThemes = restrictToThemes
        self.sentiment = sentiment
        self.textContains = textContains
        self.withTextOnly = withTextOnly
        self.after = after
        self.limit = limit
    }

    /// Largest page a caller may ask for.
    public static let maximumLimit = 500
}

/// Where a page ended: the last hit's time and row id. Keyset pagination, so a page costs the
/// same however deep it is and rows written meanwhile do not shift later pages.
public struct FeedbackCursor: Sendable, Hashable, CustomStringConvertible {
    public var occurredAt: Double
    public var rowID: Int64

    public init(occurredAt: Double, rowID: Int64) {
        self.occurredAt = occurredAt
        self.rowID = rowID
    }

    /// "1727740800.5_1234": safe in a URL, parsed back by `init?(token:)`.
    public var description: String { "\(occurredAt)_\(rowID)" }

    public init?(token: String) {
        let parts = token.split(separator: "_")
        guard parts.count == 2, let time = Double(parts[0]), time.isFinite, let row = Int64(parts[1]) else { return nil }
        self.init(occurredAt: time, rowID: row)
    }
}

public struct FeedbackSearchHit: Sendable, Equatable {
    public var rowID: Int64
    public var externalID: String
    public var occurredAt: Date
    public var source: String?
    public var channel: String?
    public var touchpoint: String?
    public var segment: String?
    public var customerID: String?
    public var personaName: String?
    public var text: String?
    public var nps: Int?
    public var csat: Int?
    public var ces: Int?
    public var stars: Int?
    public var sentimentScore: Double?
    public var sentimentLabel: String?
    /// Theme mentions in text order; spans are UTF-8 byte offsets into `text`.
    public var mentions: [FeedbackEnrichment.Mention]

    public var cursor: FeedbackCursor { FeedbackCursor(occurredAt: occurredAt.timeIntervalSince1970, rowID: rowID) }
}

public struct FeedbackSearchPage: Sendable {
    public var hits: [FeedbackSearchHit]
    /// Where the next page starts; nil on the last page.
    public var next: FeedbackCursor?

    public init(hits: [FeedbackSearchHit], next: FeedbackCursor?) {
        self.hits = hits
        self.next = next
    }
}

/// A cheap fingerprint of a workspace's feedback and of enrichment: it changes when feedback is
/// added or removed and when comments are enriched for the first time (in any workspace of the
/// store). Caches key on it.
public struct FeedbackVersion: Sendable, Hashable, CustomStringConvertible {
    public var feedback: Int
    public var lastRowID: Int64
    public var enriched: Int
    public var lastEnrichedRowID: Int64

    public init(feedback: Int, lastRowID: Int64, enriched: Int, lastEnrichedRowID: Int64) {
        self.feedback = feedback
        self.lastRowID = lastRowID
        self.enriched = enriched
        self.lastEnrichedRowID = lastEnrichedRowID
    }

    public var description: String { "\(feedback).\(lastRowID).\(enriched).\(lastEnrichedRowID)" }
}

import Foundation

/// What the text pipeline found in one comment, under the model versions that found it.
public struct FeedbackEnrichment: Sendable, Equatable {
    public struct Mention: Sendable, Equatable {
        public var themeKey: String
        /// UTF-8 byte offsets into the stored (redacted) text.
        public var span: Range<Int>
        public var sentimentScore: Double
        public var sentimentLabel: String

        public init(themeKey: String, span: Range<Int>, sentimentScore: Double, sentimentLabel: String) {
            self.themeKey = themeKey
            self.span = span
            self.sentimentScore = sentimentScore
            self.sentimentLabel = sentimentLabel
        }
    }

    public var feedbackRowID: Int64
    /// The feedback's content fingerprint when it was enriched: a changed row is enriched again.
    public var contentHash: Int64
    /// Which models produced this ("sentiment=default@…;taxonomy=…"): an older one is redone.
    public var version: String
    public var sentimentScore: Double?
    public var sentimentLabel: String?
    public var mentions: [Mention]

    public init(feedbackRowID: Int64, contentHash: Int64, version: String, sentimentScore: Double?, sentimentLabel: String?, mentions: [Mention]) {
        self.feedbackRowID = feedbackRowID
        self.contentHash = contentHash
        self.version = version
        self.sentimentScore = sentimentScore
        self.sentimentLabel = sentimentLabel
        self.mentions = mentions
    }
}

/// A feedback row waiting for (re-)enrichment.
public struct PendingEnrichment: Sendable {
    public var feedbackRowID: Int64
    public var contentHash: Int64
    public var text: String?

    public init(feedbackRowID: Int64, contentHash: Int64, text: String?) {
        self.feedbackRowID = feedbackRowID
        self.contentHash = contentHash
        self.text = text
    }
}

/// Per-theme totals over the enriched feedback.
public struct ThemeVolume: Sendable, Equatable {
    public var themeKey: String
    /// Comments that mention the theme at least once.
    public var comments: Int
    public var mentions: Int
    public var meanSentiment: Double
    public var negativeShare: Double
}

public struct EnrichmentCoverage: Sendable, Equatable {
    /// Comments with text.
    public var withText: Int
    public var enriched: Int
    /// Comments with at least one theme mention.
    public var withTheme: Int
    public var meanSentiment: Double?
}

/// A mention with its comment, for showing verbatims.
public struct ThemeVerbatim: Sendable, Equatable {
    public var externalID: String
    public var text: String
    public var span: Range<Int>
    public var sentimentScore: Double
}

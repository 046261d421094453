import HeardModel
import HeardStore
import HeardText

/// The text models applied to each comment at ingest (after redaction): overall sentiment and
/// theme mentions, each mention with the sentiment of its own clause.
public struct TextPipeline: Sendable {
    public let sentiment: SentimentModel
    public let matcher: ThemeMatcher
    /// Recorded with every enrichment; when it changes, `heard analyze` redoes the affected rows.
    public let version: String

    public init(sentiment: SentimentModel, themes: [Theme]) throws {
        self.sentiment = sentiment
        let active = themes.filter { $0.status == .active }
        matcher = try ThemeMatcher(themes: active)
        var hasher = StableHasher()
        hasher.combine("stems \(Stemmer.rulesVersion)")
        for theme in active.sorted(by: { $0.key < $1.key }) {
            hasher.combine(theme.key)
            for phrase in theme.phrases { hasher.combine(phrase) }
            hasher.combine("|")
            for phrase in theme.exclusions { hasher.combine(phrase) }
        }
        version = "sentiment=\(sentiment.identifier);taxonomy=\(String(hasher.value, radix: 16))"
    }

    public func enrich(_ pending: PendingEnrichment, tokenizer: Tokenizer, buffer: inout TokenizedText) -> FeedbackEnrichment {
        guard let text = pending.text, !text.isEmpty else {
            return FeedbackEnrichment(feedbackRowID: pending.feedbackRowID, contentHash: pending.contentHash, version: version,
                                      sentimentScore: nil, sentimentLabel: nil, mentions: [])
        }
        tokenizer.tokenize(text, into: &buffer)
        let overall = sentiment.score(buffer)
        let mentions = matcher.match(buffer).map { mention -> FeedbackEnrichment.Mention in
            let clause = sentiment.score(buffer, tokens: ThemeMatcher.clause(of: mention, in: buffer))
            return FeedbackEnrichment.Mention(
                themeKey: matcher.themes[mention.theme].key, span: mention.bytes,
                sentimentScore: clause.score, sentimentLabel: clause.label.rawValue)
        }
        return FeedbackEnrichment(feedbackRowID: pending.feedbackRowID, contentHash: pending.contentHash, version: version,
                                  sentimentScore: overall.score, sentimentLabel: overall.label.rawValue, mentions: mentions)
    }
}

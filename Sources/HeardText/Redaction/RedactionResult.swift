/// A redacted text and what was taken out of it.
public struct RedactionResult: Sendable {
    /// The text with every span replaced by its kind's placeholder.
    public let text: String
    /// The spans, in byte offsets of the original text (not of `text`).
    public let spans: [PIISpan]

    public var changed: Bool { !spans.isEmpty }

    public init(text: String, spans: [PIISpan]) {
        self.text = text
        self.spans = spans
    }
}

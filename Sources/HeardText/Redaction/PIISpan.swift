/// One piece of personal data found in a text. `range` counts UTF-8 bytes of the text it was
/// found in, so it stays exact whatever the text's scripts and never depends on String indices.
public struct PIISpan: Sendable, Equatable, Hashable {
    public let kind: PIIKind
    public let range: Range<Int>

    public init(kind: PIIKind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// The covered part of `text`; `text` must be the string the span was found in.
    public func substring(of text: String) -> String {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(start, offsetBy: range.count)
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }
}

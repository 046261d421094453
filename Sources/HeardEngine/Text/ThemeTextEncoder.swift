import HeardML

/// The encoder as theme analysis uses it: @handles and links are taken out of each text first.
/// They name who was addressed or where something lives, not what the comment is about, yet in
/// short social posts they can outweigh the words that are ("@united" in every complaint to one
/// airline would group comments by airline instead of by problem).
public struct ThemeTextEncoder: SentenceEncoder {
    public let base: any SentenceEncoder

    public init(_ base: any SentenceEncoder) {
        self.base = base
    }

    public var identifier: String { base.identifier + "+content" }
    public var dimensions: Int { base.dimensions }

    public func embed(_ texts: [String]) -> EmbeddingMatrix {
        base.embed(texts.map(Self.content))
    }

    /// The text without words that start with "@" (and more after it), "http://", "https://" or "www.".
    public static func content(_ text: String) -> String {
        // Most comments have neither; a byte scan lets them through without splitting.
        var text = text
        let clean = text.withUTF8 { bytes in
            !bytes.contains(UInt8(ascii: "@")) && !bytes.contains(UInt8(ascii: ":")) && !bytes.indices.contains { index in
                index + 3 < bytes.count && bytes[index] == UInt8(ascii: "w") && bytes[index + 1] == UInt8(ascii: "w")
                    && bytes[index + 2] == UInt8(ascii: "w") && bytes[index + 3] == UInt8(ascii: ".")
            }
        }
        if clean { return text }
        var kept: [Substring] = []
        var dropped = false
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            if (word.hasPrefix("@") && word.count > 1) || word.hasPrefix("http://") || word.hasPrefix("https://") || word.hasPrefix("www.") {
                dropped = true
            } else {
                kept.append(word)
            }
        }
        return dropped ? kept.joined(separator: " ") : text
    }
}

/// Groups tokens into sentences: a sentence ends at ".", "!", "?" or "…" (with any emoji,
/// emoticons or closing marks that follow it) or at a line break. A full stop after a known
/// abbreviation or a single letter ("Mr.", "J. Smith") does not end one.
enum SentenceSplitter {
    private static let abbreviations = KeySet(
        ["mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "inc", "ltd", "jr", "sr", "prof", "dept", "min", "hr", "hrs", "mins", "eg", "ie", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
            .map { stableKey($0) }
    )
    private static var fullStop: UInt64 { stableKey(literal: ".") }
    private static var ellipsis: UInt64 { stableKey(literal: "…") }
    private static var exclamation: UInt64 { stableKey(literal: "!") }
    private static var question: UInt64 { stableKey(literal: "?") }

    static func split(_ text: inout TokenizedText) {
        guard !text.tokens.isEmpty else { return }
        // Behind a plain pointer: indexing the array cost a bounds check per token read.
        let tokenArray = text.tokens
        tokenArray.withUnsafeBufferPointer { split(&text, tokens: $0) }
    }

    @inline(__always)
    private static func split(_ text: inout TokenizedText, tokens: UnsafeBufferPointer<Token>) {
        let abbreviations = Self.abbreviations
        var sentenceStart = 0
        var position = 0
        @inline(__always)
        func close(at end: Int) {
            guard end > sentenceStart else { return }
            text.sentences.append(SentenceSpan(
                tokens: sentenceStart..<end,
                bytes: Int(tokens[sentenceStart].start)..<Int(tokens[end - 1].end)
            ))
            sentenceStart = end
        }
        while position < tokens.count {
            let token = tokens[position]
            if token.flags.contains(.lineStart), position > sentenceStart { close(at: position) }
            if token.kind == .punctuation, endsSentence(at: position, tokens, abbreviations: abbreviations) {
                var end = position + 1
                while end < tokens.count, !tokens[end].flags.contains(.lineStart),
                      tokens[end].kind == .emoji || tokens[end].kind == .emoticon
                      || (tokens[end].kind == .punctuation && (isClosing(tokens[end].key) || isTerminal(tokens[end].key))) {
                    end += 1
                }
                close(at: end)
                position = end
                continue
            }
            position += 1
        }
        close(at: tokens.count)
    }

    /// Compared with literal keys, which fold to constants: a `Set` lookup hashes the key first.
    @inline(__always)
    private static func isClosing(_ key: UInt64) -> Bool {
        key == stableKey(literal: "\"") || key == stableKey(literal: ")") || key == stableKey(literal: "'") || key == stableKey(literal: "]")
    }

    @inline(__always)
    private static func isTerminal(_ key: UInt64) -> Bool {
        key == fullStop || key == ellipsis || key == exclamation || key == question
    }

    @inline(__always)
    private static func endsSentence(at position: Int, _ tokens: UnsafeBufferPointer<Token>, abbreviations: KeySet) -> Bool {
        let token = tokens[position]
        guard isTerminal(token.key) else { return false }
        guard token.key == fullStop, position > 0 else { return true }
        let before = tokens[position - 1]
        // "3.5" is one number token already; here only words matter.
        guard before.kind == .word, before.end == token.start else { return true }
        if abbreviations.contains(before.key) { return false }
        if before.normEnd - before.normStart == 1 && before.flags.contains(.capitalised) { return false }
        return true
    }
}

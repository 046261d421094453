/// Groups tokens into sentences: a sentence ends at ".", "!", "?" or "…" (with any emoji,
/// emoticons or closing marks that follow it) or at a line break. A full stop after a known
/// abbreviation or a single letter ("Mr.", "J. Smith") does not end one.
enum SentenceSplitter {
    private static let abbreviations: Set<UInt64> = Set(
        ["mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "inc", "ltd", "jr", "sr", "prof", "dept", "min", "hr", "hrs", "mins", "eg", "ie", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
            .map { stableKey($0) }
    )
    private static var fullStop: UInt64 { stableKey(literal: ".") }
    private static var ellipsis: UInt64 { stableKey(literal: "…") }
    private static var exclamation: UInt64 { stableKey(literal: "!") }
    private static var question: UInt64 { stableKey(literal: "?") }
    private static let closing: Set<UInt64> = Set(["\"", ")", "'", "]"].map { stableKey($0) })

    static func split(_ text: inout TokenizedText) {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return }
        var sentenceStart = 0
        var position = 0
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
            if token.kind == .punctuation, endsSentence(at: position, tokens) {
                var end = position + 1
                while end < tokens.count, !tokens[end].flags.contains(.lineStart),
                      tokens[end].kind == .emoji || tokens[end].kind == .emoticon
                      || (tokens[end].kind == .punctuation && (closing.contains(tokens[end].key) || isTerminal(tokens[end].key))) {
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

    private static func isTerminal(_ key: UInt64) -> Bool {
        key == fullStop || key == ellipsis || key == exclamation || key == question
    }

    private static func endsSentence(at position: Int, _ tokens: [Token]) -> Bool {
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

/// Person names, found only where the text announces one: "my name is …", "Name: …", "I'm …",
/// "call me …", "this is … from", "signed …", "regards, …" and other closings, a title ("Mr",
/// "Dr."), a sign-off ending the text ("Thanks, Olivia"), or a mention of staff ("spoke to …",
/// "the agent, …"). Without a cue a
/// capitalised word is as likely a product, place or brand, so none is guessed at.
///
/// A name is one to three capitalised words (any script, with hyphens and apostrophes), with
/// particles like "de" or "van" between them. Common capitalised words ("I'm Sorry", "Regards,
/// The Team") are not names, and a phrase containing an organisation word ("Northwind Mobile")
/// is not a person.
struct PersonNameScanner: PIIScanner {
    /// What a cue asks of the words after it.
    private struct Cue {
        /// How the name may be separated from the cue.
        var gaps: Set<NameWord.Gap>
        /// "this is Tom from accounts": without "from", "this is Ridiculous" would be a name.
        var needsFromAfter = false
        /// "Thanks, Olivia" counts only as the last words of the text.
        var needsEndOfText = false
        /// "my name is sarah": people type their own name in lower case.
        var allowsLowercase = false
    }

    private static let maximumNameWords = 3

    func mayFind(in traits: TextTraits) -> Bool { traits.mayHoldName }

    /// Off only in tests, which compare the scan with and without the `CueEndings` filter.
    var filtersByCueEnding = true

    func scan(_ text: UTF8Text) -> [ScanCandidate] {
        let words = NameWordTokenizer.words(in: text)
        var found: [ScanCandidate] = []
        var index = 0
        var nextFree = 0
        let endings = Self.cueEndings
        while index < words.count {
            defer { index += 1 }
            guard index + 1 >= nextFree, !filtersByCueEnding || endings.mayEndCue(words[index].range, in: text),
                  let cue = cue(endingAt: index, in: words, text: text),
                  index + 1 < words.count, cue.gaps.contains(words[index + 1].gapBefore),
                  let name = name(startingAt: index + 1, in: words, text: text, cue: cue)
            else { continue }
            found.append(ScanCandidate(range: name.range, verdict: .pii(.personName)))
            nextFree = name.endIndex
        }
        return found
    }

    // MARK: Cues

    private static let afterSpace: Set<NameWord.Gap> = [.space]
    private static let afterSpaceOrComma: Set<NameWord.Gap> = [.space, .comma]

    private static let im = ASCII.words(["i'm", "i’m"])
    private static let nameIs = ASCII.words(["name's", "name’s"])
    private static let its = ASCII.words(["it's", "it’s"])
    private static let greetings = ASCII.words(["hi", "hello", "hey"])
    private static let titles = ASCII.words(["mr", "mrs", "ms", "miss", "dr", "mx"])
    private static let signOffs = ASCII.words(["thanks", "cheers", "best", "thx"])
    private static let spokeVerbs = ASCII.words(["spoke", "spoken", "talked", "speaking", "chatted"])
    private static let closings = ASCII.words(["regards", "wishes", "sincerely", "faithfully", "truly"])
    private static let callVerbs = ASCII.words(["call", "calls"])
    /// Words before "name is" / "name:" that make it a person's name rather than a product's.
    private static let personalNameOwners = ASCII.words(["my", "full", "first", "last", "his", "her", "maiden", "contact"])
    private static let toOrWith = ASCII.words(["to", "with"])

    /// The last word of every cue below, so that words which cannot end one skip the cue tests
    /// (trying every cue at every word was 12% of the reading stage's samples on the airline tweets).
    static let cueLastWords = ASCII.words(["is", "name", "me", "am", "signed", "agent", "to"])
        + nameIs + im + its + closings + toOrWith + titles + signOffs
    private static let cueEndings = CueEndings(cueLastWords)

    private func cue(endingAt index: Int, in words: [NameWord], text: UTF8Text) -> Cue? {
        func isPhraseWord(_ offset: Int) -> Int? {
            let position = index - offset
            guard position >= 0 else { return nil }
            // Words of one cue phrase are only ever separated by spaces.
            if offset > 0, words[position + 1].gapBefore != .space { return nil }
            return position
        }
        func word(_ offset: Int, is candidates: [[UInt8]]) -> Bool {
            guard let position = isPhraseWord(offset) else { return false }
            return candidates.contains { text.matches(words[position].range, lowercased: $0) }
        }
        // Compared as the literal's bytes: building an array per call was most of the scanner's time.
        func word(_ offset: Int, is candidate: StaticString) -> Bool {
            guard let position = isPhraseWord(offset) else { return false }
            return text.matches(words[position].range, lowercased: UnsafeBufferPointer(start: candidate.utf8Start, count: candidate.utf8CodeUnitCount))
        }

        if word(0, is: "is"), word(1, is: "name"), word(2, is: "my") {
            return Cue(gaps: Self.afterSpace, allowsLowercase: true)
        }
        if word(0, is: "is"), word(1, is: "name"), startsPhrase(index - 1, in: words, text: text) || word(2, is: Self.personalNameOwners) {
            return Cue(gaps: Self.afterSpace)
        }
        if word(0, is: "name"), startsPhrase(index, in: words, text: text) || word(1, is: Self.personalNameOwners) {
            return Cue(gaps: [.colon])
        }
        if word(0, is: "me"), word(1, is: Self.callVerbs) { return Cue(gaps: Self.afterSpace) }
        if word(0, is: Self.nameIs) { return Cue(gaps: Self.afterSpace, allowsLowercase: true) }
        if word(0, is: Self.im) || (word(0, is: "am") && word(1, is: "i")) { return Cue(gaps: Self.afterSpace) }
        if word(0, is: Self.its), index > 0, word(1, is: Self.greetings) || (words[index].gapBefore == .comma && wordAt(index - 1, in: words, text: text, isOneOf: Self.greetings)) {
            return Cue(gaps: Self.afterSpace)
        }
        if word(0, is: "is"), word(1, is: "this") { return Cue(gaps: Self.afterSpace, needsFromAfter: true) }
        if word(0, is: "signed") { return Cue(gaps: [.space, .comma, .colon]) }
        if word(0, is: Self.closings) { return Cue(gaps: Self.afterSpaceOrComma) }
        if word(0, is: "agent") { return Cue(gaps: Self.afterSpaceOrComma) }
        if word(0, is: Self.toOrWith), word(1, is: Self.spokeVerbs) { return Cue(gaps: Self.afterSpace) }
        if word(0, is: "to"), word(1, is: "out") || word(1, is: "thanks") { return Cue(gaps: Self.afterSpace) }
        if word(0, is: Self.titles), words[index].letterCase == .capitalised || words[index].letterCase == .upper {
            return Cue(gaps: [.space, .period])
        }
        if word(0, is: Self.signOffs), words[index].gapBefore == .none || startsSentence(words[index], text: text) {
            return Cue(gaps: [.comma], needsEndOfText: true)
        }
        return nil
    }

    /// Whether the word opens the text or follows punctuation rather than another word of the
    /// same phrase ("Hi, name is …", "Name: …").
    private func startsPhrase(_ position: Int, in words: [NameWord], text: UTF8Text) -> Bool {
        position >= 0 && words[position].gapBefore != .space
    }

    private func wordAt(_ position: Int, in words: [NameWord], text: UTF8Text, isOneOf candidates: [[UInt8]]) -> Bool {
        candidates.contains { text.matches(words[position].range, lowercased: $0) }
    }

    /// Whether only sentence punctuation and spaces come before the word since the last one.
    private func startsSentence(_ word: NameWord, text: UTF8Text) -> Bool {
        var cursor = word.range.lowerBound
        while cursor > 0, ASCII.isSpace(text[cursor - 1]) { cursor -= 1 }
        guard cursor > 0 else { return true }
        let previous = text[cursor - 1]
        return previous == UInt8(ascii: ".") || previous == UInt8(ascii: "!") || previous == UInt8(ascii: "?")
    }

    // MARK: Names

    private struct Name {
        var range: Range<Int>
        /// Index of the first word after the name.
        var endIndex: Int
    }

    private func name(startingAt first: Int, in words: [NameWord], text: UTF8Text, cue: Cue) -> Name? {
        var last = first - 1
        var nameWords = 0
        var position = first
        while position < words.count, nameWords < Self.maximumNameWords {
            let word = words[position]
            if position > first, word.gapBefore != .space { break }
            let lowercased = text.string(word.range).lowercased()
            if NameVocabulary.organisationWords.contains(lowercased), word.letterCase == .capitalised { return nil }
            if word.letterCase == .capitalised, word.letterCount >= 2, !NameVocabulary.isCommonWord(lowercased) {
                last = position
                nameWords += 1
                position += 1
                if word.isPossessive { break }
                continue
            }
            if position > first, NameVocabulary.particles.contains(lowercased), position + 1 < words.count,
               words[position + 1].gapBefore == .space, words[position + 1].letterCase == .capitalised {
                position += 1
                continue
            }
            break
        }
        if nameWords == 0 {
            guard cue.allowsLowercase, let lowercaseName = lowercaseName(at: first, in: words, text: text) else { return nil }
            return lowercaseName
        }
        if cue.needsFromAfter {
            guard last + 1 < words.count, words[last + 1].gapBefore == .space,
                  text.matches(words[last + 1].range, lowercased: Array("from".utf8))
            else { return nil }
        }
        if cue.needsEndOfText, !isEndOfText(after: words[last].range.upperBound, text: text) { return nil }
        let end = words[last].isPossessive ? possessiveStart(words[last], text: text) : words[last].range.upperBound
        return Name(range: words[first].range.lowerBound..<end, endIndex: last + 1)
    }

    /// "my name is sarah and …": one lowercase word, not a common one, ending the phrase.
    private func lowercaseName(at position: Int, in words: [NameWord], text: UTF8Text) -> Name? {
        let word = words[position]
        guard word.letterCase == .lowercase, word.letterCount >= 2 else { return nil }
        let lowercased = text.string(word.range)
        guard !NameVocabulary.isCommonWord(lowercased), !lowercased.hasSuffix("ed"), !lowercased.hasSuffix("ing") else { return nil }
        if position + 1 < words.count, words[position + 1].gapBefore == .space,
           !text.matches(words[position + 1].range, lowercased: Array("and".utf8)) {
            return nil
        }
        return Name(range: word.range, endIndex: position + 1)
    }

    private func isEndOfText(after offset: Int, text: UTF8Text) -> Bool {
        (offset..<text.count).allSatisfy { !text.isWordCharacter(at: $0) }
    }

    private func possessiveStart(_ word: NameWord, text: UTF8Text) -> Int {
        text[word.range.upperBound - 2] == UInt8(ascii: "'") ? word.range.upperBound - 2 : word.range.upperBound - 4
    }
}

/// A 256-bit filter over (length, first letter, last letter) of the words that end a cue: a word
/// whose shape has no bit set cannot be one of them (ASCII case ignored, as the cue tests do).
/// It may pass words that are not, never the other way round.
struct CueEndings: Sendable {
    private var bits = SIMD4<UInt64>(repeating: 0)

    init(_ words: [[UInt8]]) {
        for word in words where !word.isEmpty {
            let bit = Self.bit(count: word.count, first: word[0], last: word[word.count - 1])
            bits[Int(bit >> 6)] |= 1 << (bit & 63)
        }
    }

    func mayEndCue(_ range: Range<Int>, in text: UTF8Text) -> Bool {
        guard !range.isEmpty else { return false }
        let bit = Self.bit(count: range.count, first: text[range.lowerBound], last: text[range.upperBound - 1])
        return bits[Int(bit >> 6)] & (1 << (bit & 63)) != 0
    }

    private static func bit(count: Int, first: UInt8, last: UInt8) -> UInt64 {
        let key = UInt32(truncatingIfNeeded: count) << 16 | UInt32(ASCII.lowercased(first)) << 8 | UInt32(ASCII.lowercased(last))
        return UInt64((key &* 0x9E37_79B1) >> 24)
    }
}

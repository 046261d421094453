/// Addresses spelled out to dodge spam filters: "john dot smith at gmail dot com",
/// "anna [at] example [dot] org", "m.schmidt(at)gmx.de". A bracketed "(at)" or "[at]" is
/// unmistakable; ordinary English is full of "at" and "dot", so a bare "at" needs the shape of an
/// address: the domain spelled with "dot", and the local part itself containing a "dot" unless
/// the domain is a well-known mail provider ("jsmith at gmail dot com"). Either way the address
/// must end in a common top-level domain.
struct ObfuscatedEmailScanner: PIIScanner {
    private static let atWords = ASCII.words(["at", "[at]", "(at)"])
    private static let bracketedAtWords = ASCII.words(["[at]", "(at)"])
    private static let dotWords = ASCII.words(["dot", "[dot]", "(dot)"])
    private static let topLevelDomains: Set<String> = [
        "com", "net", "org", "edu", "gov", "io", "co", "uk", "de", "fr", "es", "it", "nl", "be", "ch",
        "at", "ie", "pl", "pt", "se", "dk", "no", "fi", "au", "ca", "in", "jp", "br", "ru", "info", "me",
    ]
    private static let mailProviders: Set<String> = [
        "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "icloud", "aol", "gmx", "web",
        "protonmail", "proton", "mail", "yandex", "orange", "free", "libero",
    ]

    /// A run of spelled-out address: labels joined by "dot" words or real dots.
    private struct DottedLabels {
        var range: Range<Int>
        var labels: [Range<Int>]
        var spelledDots: Int
    }

    func mayFind(in traits: TextTraits) -> Bool { traits.mayHoldSpelledAddress }

    func scan(_ text: UTF8Text) -> [ScanCandidate] {
        var found: [ScanCandidate] = []
        var offset = 0
        var floor = 0
        while offset < text.count {
            guard let atWord = word(at: offset, in: text, oneOf: Self.atWords) ?? bracketedWord(at: offset, in: text) else {
                offset += 1
                continue
            }
            if let range = address(around: atWord, in: text, notBefore: floor) {
                found.append(ScanCandidate(range: range, verdict: .pii(.email)))
                floor = range.upperBound
                offset = range.upperBound
            } else {
                offset = atWord.upperBound
            }
        }
        return found
    }

    private func address(around atWord: Range<Int>, in text: UTF8Text, notBefore floor: Int) -> Range<Int>? {
        let isBracketed = text[atWord.lowerBound] != UInt8(ascii: "a") && text[atWord.lowerBound] != UInt8(ascii: "A")
        guard let domain = labels(forwardFrom: atWord.upperBound, in: text),
              domain.spelledDots > 0 || isBracketed, domain.labels.count >= 2,
              let local = labels(backwardFrom: atWord.lowerBound, in: text, notBefore: floor)
        else { return nil }
        let topLevel = text.string(domain.labels[domain.labels.count - 1]).lowercased()
        guard Self.topLevelDomains.contains(topLevel) else { return nil }
        let provider = text.string(domain.labels[0]).lowercased()
        guard isBracketed || local.labels.count >= 2 || Self.mailProviders.contains(provider) else { return nil }
        return local.range.lowerBound..<domain.range.upperBound
    }

    /// Labels after `offset`: " label dot label ...".
    private func labels(forwardFrom offset: Int, in text: UTF8Text) -> DottedLabels? {
        var cursor = skipSpaces(from: offset, in: text)
        guard let first = label(startingAt: cursor, in: text) else { return nil }
        var result = DottedLabels(range: first, labels: [first], spelledDots: 0)
        cursor = first.upperBound
        while true {
            if text.byte(at: cursor) == UInt8(ascii: "."), let next = label(startingAt: cursor + 1, in: text) {
                result.labels.append(next)
                cursor = next.upperBound
                continue
            }
            let afterSpace = skipSpaces(from: cursor, in: text)
            guard afterSpace > cursor, let dotWord = word(at: afterSpace, in: text, oneOf: Self.dotWords),
                  let next = label(startingAt: skipSpaces(from: dotWord.upperBound, in: text), in: text)
            else { break }
            result.labels.append(next)
            result.spelledDots += 1
            cursor = next.upperBound
        }
        result.range = first.lowerBound..<cursor
        return result
    }

    /// Labels before `offset`: "label dot label " ending just before the "at".
    private func labels(backwardFrom offset: Int, in text: UTF8Text, notBefore floor: Int) -> DottedLabels? {
        var cursor = skipSpacesBackward(from: offset, in: text)
        guard let last = label(endingAt: cursor, in: text, notBefore: floor) else { return nil }
        var result = DottedLabels(range: last, labels: [last], spelledDots: 0)
        cursor = last.lowerBound
        while true {
            if text.byte(at: cursor - 1) == UInt8(ascii: "."), let previous = label(endingAt: cursor - 1, in: text, notBefore: floor) {
                result.labels.insert(previous, at: 0)
                cursor = previous.lowerBound
                continue
            }
            let beforeSpace = skipSpacesBackward(from: cursor, in: text)
            guard beforeSpace < cursor, let dotWord = word(endingAt: beforeSpace, in: text, oneOf: Self.dotWords) else { break }
            let beforeDot = skipSpacesBackward(from: dotWord.lowerBound, in: text)
            guard beforeDot < dotWord.lowerBound, let previous = label(endingAt: beforeDot, in: text, notBefore: floor) else { break }
            result.labels.insert(previous, at: 0)
            result.spelledDots += 1
            cursor = previous.lowerBound
        }
        result.range = cursor..<last.upperBound
        return result
    }

    private func label(startingAt offset: Int, in text: UTF8Text) -> Range<Int>? {
        guard !text.isWordCharacter(before: offset) else { return nil }
        var end = offset
        while let byte = text.byte(at: end), Self.isLabelByte(byte) { end += 1 }
        guard end > offset, !text.isWordCharacter(at: end) else { return nil }
        let range = offset..<end
        return isSpelledPunctuation(range, in: text) ? nil : range
    }

    private func label(endingAt offset: Int, in text: UTF8Text, notBefore floor: Int) -> Range<Int>? {
        guard !text.isWordCharacter(at: offset) else { return nil }
        var start = offset
        while start > floor, let byte = text.byte(at: start - 1), Self.isLabelByte(byte) { start -= 1 }
        guard start < offset, !text.isWordCharacter(before: start) else { return nil }
        let range = start..<offset
        return isSpelledPunctuation(range, in: text) ? nil : range
    }

    private func isSpelledPunctuation(_ range: Range<Int>, in text: UTF8Text) -> Bool {
        Self.atWords.contains { text.matches(range, lowercased: $0) } || Self.dotWords.contains { text.matches(range, lowercased: $0) }
    }

    private func word(at offset: Int, in text: UTF8Text, oneOf words: [[UInt8]]) -> Range<Int>? {
        guard !text.isWordCharacter(before: offset) else { return nil }
        for word in words where offset + word.count <= text.count {
            let range = offset..<offset + word.count
            if text.matches(range, lowercased: word), !text.isWordCharacter(at: range.upperBound) { return range }
        }
        return nil
    }

    /// "(at)" or "[at]" glued to the words around it.
    private func bracketedWord(at offset: Int, in text: UTF8Text) -> Range<Int>? {
        for word in Self.bracketedAtWords where offset + word.count <= text.count {
            let range = offset..<offset + word.count
            if text.matches(range, lowercased: word) { return range }
        }
        return nil
    }

    private func word(endingAt offset: Int, in text: UTF8Text, oneOf words: [[UInt8]]) -> Range<Int>? {
        for word in words where offset - word.count >= 0 {
            if let range = self.word(at: offset - word.count, in: text, oneOf: [word]) { return range }
        }
        return nil
    }

    private func skipSpaces(from offset: Int, in text: UTF8Text) -> Int {
        var cursor = offset
        while let byte = text.byte(at: cursor), byte == 0x20 { cursor += 1 }
        return cursor
    }

    private func skipSpacesBackward(from offset: Int, in text: UTF8Text) -> Int {
        var cursor = offset
        while let byte = text.byte(at: cursor - 1), byte == 0x20 { cursor -= 1 }
        return cursor
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}

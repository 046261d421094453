/// E-mail addresses, found by growing outwards from each "@": a local part of the characters
/// addresses really use (including "+" tags and letters beyond ASCII), and a domain of at least two labels whose last
/// label, the top-level domain, is letters only. Handles, "name@host" without a dot and a lone
/// "@" are therefore not addresses.
struct EmailScanner: PIIScanner {
    func mayFind(in traits: TextTraits) -> Bool { traits.hasAt }

    func scan(_ text: UTF8Text) -> [ScanCandidate] {
        var found: [ScanCandidate] = []
        var searchFrom = 0
        var offset = 0
        while offset < text.count {
            defer { offset += 1 }
            guard text[offset] == UInt8(ascii: "@"), offset >= searchFrom else { continue }
            guard let range = address(around: offset, in: text, notBefore: searchFrom) else { continue }
            found.append(ScanCandidate(range: range, verdict: .pii(.email)))
            searchFrom = range.upperBound
            offset = range.upperBound - 1
        }
        return found
    }

    private func address(around at: Int, in text: UTF8Text, notBefore floor: Int) -> Range<Int>? {
        var start = at
        while start > floor {
            if Self.isLocalPartByte(text[start - 1]) {
                start -= 1
            } else if text[start - 1] >= 0x80, let (scalar, scalarStart) = text.scalar(endingAt: start),
                      scalarStart >= floor, scalar.properties.isAlphabetic {
                // Internationalised local parts (RFC 6531): "zoë.o@…" is one address.
                start = scalarStart
            } else {
                break
            }
        }
        // Dots cannot open or close a local part; a leading one is sentence punctuation.
        while start < at, text[start] == UInt8(ascii: ".") { start += 1 }
        guard start < at, text[at - 1] != UInt8(ascii: ".") else { return nil }
        guard !text.isWordCharacter(before: start) else { return nil }

        var end = at + 1
        var labelStart = end
        var labels = 0
        var lastLabel = end..<end
        while end <= text.count {
            let byte = text.byte(at: end)
            if let byte, ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: "-") {
                end += 1
                continue
            }
            // A label ends here; a dot continues the domain only if another label follows.
            let label = labelStart..<end
            guard !label.isEmpty, text[label.lowerBound] != UInt8(ascii: "-"), text[end - 1] != UInt8(ascii: "-") else { break }
            labels += 1
            lastLabel = label
            if byte == UInt8(ascii: "."), let next = text.byte(at: end + 1), ASCII.isAlphanumeric(next) {
                end += 1
                labelStart = end
                continue
            }
            break
        }
        guard labels >= 2, lastLabel.count >= 2, lastLabel.allSatisfy({ ASCII.isLetter(text[$0]) }) else { return nil }
        return start..<lastLabel.upperBound
    }

    private static func isLocalPartByte(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "%")
    }
}

/// A phone-number-shaped run of text: an optional "+", then digit groups joined by the
/// separators people type in phone numbers (a space, ".", "-", " - ", parentheses around an area
/// code or trunk "(0)", and one "/" after a leading-zero area code as in "089/1234567").
/// Reading the shape is separate from judging it (`PhoneScanner`), which needs the context.
struct PhoneNumberShape {
    struct Group {
        let digits: Range<Int>
        let isParenthesised: Bool
    }

    enum Separator: Equatable {
        case none, space, dot, dash, slash, spacedDash
    }

    let range: Range<Int>
    let hasPlus: Bool
    let groups: [Group]
    /// `separators[i]` joins `groups[i]` and `groups[i + 1]`.
    let separators: [Separator]

    var groupSizes: [Int] { groups.map(\.digits.count) }
    var digitCount: Int { groups.reduce(0) { $0 + $1.digits.count } }

    /// Reads the shape starting at `start` (a "+", "(" or digit), or nil if none starts there.
    static func read(at start: Int, in text: UTF8Text) -> PhoneNumberShape? {
        var cursor = start
        let hasPlus = text[cursor] == UInt8(ascii: "+")
        if hasPlus { cursor += 1 }
        var groups: [Group] = []
        var separators: [Separator] = []
        var end = cursor
        while true {
            guard let group = readGroup(at: cursor, in: text) else { break }
            groups.append(group.group)
            end = group.end
            guard let (separator, next) = readSeparator(after: group.end, in: text),
                  separator != .slash || isSlashAllowed(after: groups, in: text),
                  separator != .none || group.group.isParenthesised || text.byte(at: next) == UInt8(ascii: "(")
            else { break }
            separators.append(separator)
            cursor = next
        }
        guard !groups.isEmpty else { return nil }
        // The separator list may hold one entry too many when the last group was not found.
        separators = Array(separators.prefix(groups.count - 1))
        return PhoneNumberShape(range: start..<end, hasPlus: hasPlus, groups: groups, separators: separators)
    }

    private static func readGroup(at offset: Int, in text: UTF8Text) -> (group: Group, end: Int)? {
        var cursor = offset
        let isParenthesised = text.byte(at: cursor) == UInt8(ascii: "(")
        if isParenthesised { cursor += 1 }
        let digitsStart = cursor
        while let byte = text.byte(at: cursor), ASCII.isDigit(byte) { cursor += 1 }
        guard cursor > digitsStart else { return nil }
        let digits = digitsStart..<cursor
        if isParenthesised {
            guard text.byte(at: cursor) == UInt8(ascii: ")") else { return nil }
            cursor += 1
        }
        return (Group(digits: digits, isParenthesised: isParenthesised), cursor)
    }

    /// The separator after a group and where the next group would start, if a group follows.
    private static func readSeparator(after offset: Int, in text: UTF8Text) -> (Separator, Int)? {
        let separator: Separator
        var next = offset
        switch text.byte(at: offset) {
        case 0x20:
            if text.byte(at: offset + 1) == UInt8(ascii: "-"), text.byte(at: offset + 2) == 0x20 {
                separator = .spacedDash
                next += 3
            } else {
                separator = .space
                next += 1
            }
        case UInt8(ascii: "."): separator = .dot; next += 1
        case UInt8(ascii: "-"): separator = .dash; next += 1
        case UInt8(ascii: "/"): separator = .slash; next += 1
        case UInt8(ascii: "("): separator = .none
        case let byte? where ASCII.isDigit(byte): separator = .none // only after ")"
        default: return nil
        }
        guard let first = text.byte(at: next) else { return nil }
        if ASCII.isDigit(first) { return (separator, next) }
        if first == UInt8(ascii: "("), let second = text.byte(at: next + 1), ASCII.isDigit(second) { return (separator, next) }
        return nil
    }

    /// A slash joins only a leading-zero area code to the rest ("089/1234567"); anywhere else it
    /// is a date or a fraction.
    private static func isSlashAllowed(after groups: [Group], in text: UTF8Text) -> Bool {
        guard groups.count == 1, let area = groups.first, !area.isParenthesised else { return false }
        return text[area.digits.lowerBound] == UInt8(ascii: "0") && (3...5).contains(area.digits.count)
    }
}

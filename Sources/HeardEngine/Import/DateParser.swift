import Foundation
import HeardModel

/// Turns the date formats found in exports into instants, by scanning, without Foundation
/// formatters (which cost more than the rest of the row).
///
/// Automatic mode accepts ISO 8601 (with `T` or a space, optional seconds, fractions, and `Z`,
/// `±HH:MM`, `±HHMM` or `±HH`), year-first slashed dates, `24 Feb 2015`, `Feb 24, 2015`, and
/// Unix seconds or milliseconds. `03/04/2024` is ambiguous (March or April?) and is refused
/// rather than guessed; `--date-format` settles it. Times without an offset are read in
/// `timeZone` (UTC by default).
public struct DateParser: Sendable {
    public var pattern: [Token]?
    public var timeZone: TimeZone

    public init(format: String? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws(DateFormatError) {
        self.pattern = try format.map(DateParser.compile)
        self.timeZone = timeZone
    }

    public enum Token: Sendable, Equatable {
        case year4, year2, month, monthName, day, hour24, hour12, minute, second, fraction, meridiem, offset
        case literal(UInt8)
        case whitespace
    }

    public func parse(_ text: String) throws(DateValueError) -> Date {
        if pattern == nil, let fields = text.utf8.withContiguousStorageIfAvailable(Self.plainISO) ?? nil {
            return try fields.instant(text: text, timeZone: timeZone)
        }
        var fields = Fields()
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        if start > 0 { bytes.removeFirst(start) }
        let input = bytes
        guard !input.isEmpty else { throw .empty }
        if let pattern {
            var cursor = Cursor(bytes: input)
            guard Self.match(pattern, cursor: &cursor, into: &fields), cursor.atEnd else {
                throw .doesNotMatchFormat(text)
            }
        } else {
            try Self.detect(input, original: text, into: &fields)
        }
        return try fields.instant(text: text, timeZone: timeZone)
    }

    // MARK: Fields

    struct Fields {
        var year: Int?
        var month: Int?
        var day: Int?
        var hour = 0
        var minute = 0
        var second = 0
        var nanos = 0
        var pm: Bool?
        var offsetSeconds: Int?
        var epoch: Double?

        func instant(text: String, timeZone: TimeZone) throws(DateValueError) -> Date {
            if let epoch { return Date(timeIntervalSince1970: epoch) }
            guard let year, let month, let day else { throw .unrecognised(text) }
            guard (1...12).contains(month), (1...CalendarDay.daysIn(month: month, year: year)).contains(day) else {
                throw .invalidDate(text)
            }
            var hour = self.hour
            if let pm {
                guard (1...12).contains(hour) else { throw .invalidTime(text) }
                hour = hour % 12 + (pm ? 12 : 0)
            }
            guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else {
                throw .invalidTime(text)
            }
            let days = CalendarDay(year: year, month: month, day: day).daysSinceEpoch
            let local = Double(days * 86_400 + hour * 3600 + minute * 60 + min(second, 59)) + Double(nanos) / 1e9
            if let offsetSeconds { return Date(timeIntervalSince1970: local - Double(offsetSeconds)) }
            // Local time: the zone's offset at that moment (probe with the local reading, then correct once for DST edges).
            let guess = Date(timeIntervalSince1970: local)
            let first = timeZone.secondsFromGMT(for: guess)
            let corrected = timeZone.secondsFromGMT(for: guess.addingTimeInterval(-Double(first)))
            return Date(timeIntervalSince1970: local - Double(corrected))
        }
    }

    struct Cursor {
        let bytes: [UInt8]
        var index = 0
        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func digits(min: Int, max: Int) -> (value: Int, count: Int)? {
            var value = 0
            var count = 0
            while count < max, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            if count < min {
                index -= count
                return nil
            }
            return (value, count)
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func skipSpaces() -> Bool {
            var moved = false
            while let byte = peek, byte == 0x20 || byte == 0x09 {
                index += 1
                moved = true
            }
            return moved
        }

        mutating func letters() -> String {
            let start = index
            while let byte = peek, (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
        }
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        let prefix = String(word.prefix(3))
        guard let index = monthNames.firstIndex(of: prefix) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][index]
        return word == prefix || full.hasPrefix(word) || word == "sept" ? index + 1 : nil
    }

    // MARK: Automatic detection

    /// `2024-03-05T14:30:00Z`, `2024-03-05 14:30:00`, `2015-02-24 11:35:52 -0800` and `…+05:30`:
    /// the layouts exports write most, read in place. nil for anything else, which `detect` then
    /// reads the long way (it copies the text into an array and tries each layout); the fields
    /// for these layouts are the ones `detect` finds, so the instant is the same.
    static func plainISO(_ bytes: UnsafeBufferPointer<UInt8>) -> Fields? {
        guard bytes.count >= 19 else { return nil }
        func digit(_ index: Int) -> Int? {
            let value = bytes[index] &- 0x30
            return value < 10 ? Int(value) : nil
        }
        func number(_ index: Int, _ count: Int) -> Int? {
            var value = 0
            for position in index..<(index + count) {
                guard let digit = digit(position) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var fields = Fields()
        fields.year = year
        fields.month = month
        fields.day = day
        fields.hour = hour
        fields.minute = minute
        fields.second = second
        switch bytes.count {
        case 19:
            break
        case 20 where bytes[19] == UInt8(ascii: "Z"):
            fields.offsetSeconds = 0
        case 24...26:
            // "-0800", "+05:30", each possibly after one space.
            var index = 19
            if bytes[index] == 0x20 { index += 1 }
            let sign = bytes[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let hours = number(index + 1, 2) else { return nil }
            index += 3
            if bytes.count - index == 3, bytes[index] == UInt8(ascii: ":") { index += 1 }
            guard bytes.count - index == 2, let minutes = number(index, 2), hours <= 14, minutes < 60 else { return nil }
            let seconds = hours * 3600 + minutes * 60
            fields.offsetSeconds = sign == UInt8(ascii: "-") ? -seconds : seconds
        default:
            return nil
        }
        return fields
    }

    static func detect(_ input: [UInt8], original: String, into fields: inout Fields) throws(DateValueError) {
        var cursor = Cursor(bytes: input)
        // Unix time: seconds (9–10 digits) or milliseconds (12–13 digits), optionally with a fraction.
        if input.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }), let value = Double(original.trimmingCharacters(in: .whitespaces)) {
            let integerDigits = input.firstIndex(of: UInt8(ascii: ".")) ?? input.count
            switch integerDigits {
            case 9...10: fields.epoch = value
            case 12...13: fields.epoch = value / 1000
            case 8 where !input.contains(UInt8(ascii: ".")):
                // 20240305: a compact ISO date.
                let number = Int(value)
                fields.year = number / 10_000
                fields.month = number / 100 % 100
                fields.day = number % 100
            default: throw .unrecognised(original)
            }
            return
        }
        if let (first, count) = cursor.digits(min: 1, max: 4) {
            if count == 4 {
                // Year first: 2024-03-05, 2024/03/05, 2024.03.05
                guard let separator = cursor.peek, separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") else {
                    throw .unrecognised(original)
                }
                cursor.index += 1
                guard let month = cursor.digits(min: 1, max: 2), cursor.take(separator), let day = cursor.digits(min: 1, max: 2) else {
                    throw .unrecognised(original)
                }
                fields.year = first
                fields.month = month.value
                fields.day = day.value
            } else {
                // Day or month first.
                let separator = cursor.peek
                if separator == UInt8(ascii: "/") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") {
                    cursor.index += 1
                    guard let second = cursor.digits(min: 1, max: 2) else {
                        // 24-Feb-2015
                        let word = cursor.letters()
                        guard let month = monthNumber(word), cursor.take(separator!), let year = cursor.digits(min: 4, max: 4) else {
                            throw .unrecognised(original)
                        }
                        fields.day = first
                        fields.month = month
                        fields.year = year.value
                        try time(&cursor, original: original, into: &fields)
                        return
                    }
                    guard cursor.take(separator!), cursor.digits(min: 2, max: 4) != nil else { throw .unrecognised(original) }
                    if first > 12 && second.value <= 12 || second.value > 12 && first <= 12 {
                        throw .ambiguous(original, hint: first > 12 ? "dd/MM/yyyy" : "MM/dd/yyyy")
                    }
                    throw .ambiguous(original, hint: nil)
                }
                // 24 Feb 2015
                guard cursor.skipSpaces(), let month = monthNumber(cursor.letters()) else { throw .unrecognised(original) }
                _ = cursor.take(UInt8(ascii: ","))
                _ = cursor.skipSpaces()
                guard let year = cursor.digits(min: 4, max: 4) else { throw .unrecognised(original) }
                fields.day = first
                fields.month = month
                fields.year = year.value
            }
        } else {
            // Optional weekday ("Tue, "), then "Feb 24, 2015" or "24 Feb 2015".
            var word = cursor.letters()
            if monthNumber(word) == nil {
                // A weekday name ("Tue,") comes first; skip it.
                _ = cursor.take(UInt8(ascii: ","))
                _ = cursor.skipSpaces()
                if let day = cursor.digits(min: 1, max: 2) {
                    guard cursor.skipSpaces(), let month = monthNumber(cursor.letters()), cursor.skipSpaces(),
                          let year = cursor.digits(min: 4, max: 4) else { throw .unrecognised(original) }
                    fields.day = day.value
                    fields.month = month
                    fields.year = year.value
                    try time(&cursor, original: original, into: &fields)
                    return
                }
                word = cursor.letters()
            }
            guard let month = monthNumber(word) else { throw .unrecognised(original) }
            _ = cursor.skipSpaces()
            guard let day = cursor.digits(min: 1, max: 2) else { throw .unrecognised(original) }
            _ = cursor.take(UInt8(ascii: ","))
            _ = cursor.skipSpaces()
            guard let year = cursor.digits(min: 4, max: 4) else { throw .unrecognised(original) }
            fields.month = month
            fields.day = day.value
            fields.year = year.value
        }
        try time(&cursor, original: original, into: &fields)
    }

    /// Optional time after the date: [T or spaces] HH:MM[:SS[.fff]] [AM/PM] [Z | ±HH[:]MM | ±HH | UTC].
    static func time(_ cursor: inout Cursor, original: String, into fields: inout Fields) throws(DateValueError) {
        if cursor.atEnd { return }
        if !cursor.take(UInt8(ascii: "T")) {
            _ = cursor.take(UInt8(ascii: ","))
            guard cursor.skipSpaces() else { throw .unrecognised(original) }
        }
        guard let hour = cursor.digits(min: 1, max: 2), cursor.take(UInt8(ascii: ":")), let minute = cursor.digits(min: 2, max: 2) else {
            throw .unrecognised(original)
        }
        fields.hour = hour.value
        fields.minute = minute.value
        if cursor.take(UInt8(ascii: ":")) {
            guard let second = cursor.digits(min: 2, max: 2) else { throw .unrecognised(original) }
            fields.second = second.value
            if cursor.take(UInt8(ascii: ".")) || cursor.take(UInt8(ascii: ",")) {
                guard let fraction = cursor.digits(min: 1, max: 9) else { throw .unrecognised(original) }
                var nanos = fraction.value
                for _ in fraction.count..<9 { nanos *= 10 }
                fields.nanos = nanos
                while let byte = cursor.peek, byte >= 0x30, byte <= 0x39 { cursor.index += 1 }
            }
        }
        _ = cursor.skipSpaces()
        let save = cursor.index
        let word = cursor.letters()
        if word == "am" || word == "pm" {
            fields.pm = word == "pm"
            _ = cursor.skipSpaces()
        } else {
            cursor.index = save
        }
        if cursor.atEnd { return }
        guard let offset = offset(&cursor), cursor.atEnd else { throw .unrecognised(original) }
        fields.offsetSeconds = offset
    }

    static func offset(_ cursor: inout Cursor) -> Int? {
        if cursor.take(UInt8(ascii: "Z")) { return 0 }
        let save = cursor.index
        let word = cursor.letters()
        if word == "utc" || word == "gmt" {
            if cursor.atEnd { return 0 }
        } else {
            cursor.index = save
        }
        guard let sign = cursor.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        cursor.index += 1
        guard let hours = cursor.digits(min: 2, max: 2) else { return nil }
        var minutes = 0
        if cursor.take(UInt8(ascii: ":")) {
            guard let value = cursor.digits(min: 2, max: 2) else { return nil }
            minutes = value.value
        } else if let value = cursor.digits(min: 2, max: 2) {
            minutes = value.value
        }
        guard hours.value <= 14, minutes < 60 else { return nil }
        let seconds = hours.value * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    // MARK: Explicit formats

    /// Compiles a pattern such as `dd/MM/yyyy HH:mm`. Letters: yyyy yy MM M MMM dd d HH H hh h
    /// mm ss SSS a Z/XXX; text in single quotes is literal.
    static func compile(_ format: String) throws(DateFormatError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(format)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            var run = 1
            while index + run < characters.count, characters[index + run] == character { run += 1 }
            switch (character, run) {
            case ("y", 4): tokens.append(.year4)
            case ("y", 2): tokens.append(.year2)
            case ("M", 1), ("M", 2): tokens.append(.month)
            case ("M", 3), ("M", 4): tokens.append(.monthName)
            case ("d", 1), ("d", 2): tokens.append(.day)
            case ("H", 1), ("H", 2): tokens.append(.hour24)
            case ("h", 1), ("h", 2): tokens.append(.hour12)
            case ("m", 1), ("m", 2): tokens.append(.minute)
            case ("s", 1), ("s", 2): tokens.append(.second)
            case ("S", _): tokens.append(.fraction)
            case ("a", 1): tokens.append(.meridiem)
            case ("Z", _), ("X", _), ("x", _): tokens.append(.offset)
            case (" ", _): tokens.append(.whitespace)
            case ("'", _):
                guard let close = characters[(index + 1)...].firstIndex(of: "'") else { throw .unclosedQuote(format) }
                for literal in String(characters[(index + 1)..<close]).utf8 { tokens.append(.literal(literal)) }
                index = close + 1
                continue
            default:
                if character.isLetter { throw .unknownLetter(format, character) }
                for _ in 0..<run { for byte in String(character).utf8 { tokens.append(.literal(byte)) } }
            }
            index += run
        }
        guard tokens.contains(.year4) || tokens.contains(.year2), tokens.contains(.month) || tokens.contains(.monthName), tokens.contains(.day) else {
            throw .incomplete(format)
        }
        return tokens
    }

    static func match(_ pattern: [Token], cursor: inout Cursor, into fields: inout Fields) -> Bool {
        for token in pattern {
            switch token {
            case .year4:
                guard let value = cursor.digits(min: 4, max: 4) else { return false }
                fields.year = value.value
            case .year2:
                guard let value = cursor.digits(min: 2, max: 2) else { return false }
                fields.year = value.value < 70 ? 2000 + value.value : 1900 + value.value
            case .month:
                guard let value = cursor.digits(min: 1, max: 2) else { return false }
                fields.month = value.value
            case .monthName:
                guard let value = monthNumber(cursor.letters()) else { return false }
                fields.month = value
            case .day:
                guard let value = cursor.digits(min: 1, max: 2) else { return false }
                fields.day = value.value
            case .hour24, .hour12:
                guard let value = cursor.digits(min: 1, max: 2) else { return false }
                fields.hour = value.value
                if token == .hour12 && fields.pm == nil { fields.pm = false }
            case .minute:
                guard let value = cursor.digits(min: 1, max: 2) else { return false }
                fields.minute = value.value
            case .second:
                guard let value = cursor.digits(min: 1, max: 2) else { return false }
                fields.second = value.value
            case .fraction:
                guard let value = cursor.digits(min: 1, max: 9) else { return false }
                var nanos = value.value
                for _ in value.count..<9 { nanos *= 10 }
                fields.nanos = nanos
            case .meridiem:
                let word = cursor.letters()
                guard word == "am" || word == "pm" else { return false }
                fields.pm = word == "pm"
            case .offset:
                guard let value = offset(&cursor) else { return false }
                fields.offsetSeconds = value
            case let .literal(byte):
                guard cursor.take(byte) else { return false }
            case .whitespace:
                guard cursor.skipSpaces() else { return false }
            }
        }
        return true
    }
}

public enum DateFormatError: Error, Equatable, CustomStringConvertible {
    case unknownLetter(String, Character)
    case unclosedQuote(String)
    case incomplete(String)

    public var description: String {
        switch self {
        case let .unknownLetter(format, letter):
            "date format \"\(format)\": unknown letter '\(letter)' (use yyyy yy MM MMM dd HH hh mm ss SSS a Z, quote other text)"
        case let .unclosedQuote(format): "date format \"\(format)\": quote is not closed"
        case let .incomplete(format): "date format \"\(format)\": needs at least a year, a month and a day"
        }
    }
}

public enum DateValueError: Error, Equatable, CustomStringConvertible {
    case empty
    case unrecognised(String)
    case ambiguous(String, hint: String?)
    case doesNotMatchFormat(String)
    case invalidDate(String)
    case invalidTime(String)

    public var description: String {
        switch self {
        case .empty: "no date given"
        case let .unrecognised(text): "unrecognised date \"\(text)\"; pass --date-format (e.g. dd/MM/yyyy HH:mm)"
        case let .ambiguous(text, hint):
            if let hint {
                "ambiguous date \"\(text)\" (day and month could be swapped elsewhere in the file); pass --date-format \(hint)"
            } else {
                "ambiguous date \"\(text)\": day/month or month/day? pass --date-format dd/MM/yyyy or MM/dd/yyyy"
            }
        case let .doesNotMatchFormat(text): "date \"\(text)\" does not match the --date-format"
        case let .invalidDate(text): "no such calendar day: \"\(text)\""
        case let .invalidTime(text): "no such time of day: \"\(text)\""
        }
    }
}

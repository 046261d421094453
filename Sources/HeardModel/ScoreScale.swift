import Foundation

/// The four score scales Heard understands. Each has a fixed range; values outside it are
/// rejected where data enters instead of being clamped, because a clamped 11 on a 0–10 scale
/// silently turns a data error into a promoter.
public enum ScoreScale: String, Sendable, CaseIterable, Codable, Hashable {
    case nps, csat, ces, stars

    public var range: ClosedRange<Int> {
        switch self {
        case .nps: 0...10
        case .csat: 1...5
        case .ces: 1...7
        case .stars: 1...5
        }
    }

    public var title: String {
        switch self {
        case .nps: "NPS"
        case .csat: "CSAT"
        case .ces: "CES"
        case .stars: "Stars"
        }
    }

    /// Parses a score the way exports write them: "9", "9.0", " 9 ". Fractions other than .0
    /// are errors: a 4.5 on a 1–5 CSAT scale is not a CSAT answer.
    public func parse(_ raw: String) throws(ScoreError) -> Int {
        // The usual case, one or two plain digits, without walking Characters.
        let bytes = raw.utf8
        if !bytes.isEmpty, bytes.count <= 2, bytes.allSatisfy({ $0 &- 0x30 < 10 }) {
            let value = bytes.reduce(0) { $0 * 10 + Int($1 &- 0x30) }
            try validate(value)
            return value
        }
        var digits = Substring(raw)
        while digits.first == " " || digits.first == "\t" { digits = digits.dropFirst() }
        while digits.last == " " || digits.last == "\t" { digits = digits.dropLast() }
        if let dot = digits.firstIndex(of: ".") {
            let fraction = digits[digits.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" }) else {
                throw ScoreError.notAWholeNumber(scale: self, value: raw)
            }
            digits = digits[..<dot]
        }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(digits)
        else { throw ScoreError.notAWholeNumber(scale: self, value: raw) }
        try validate(value)
        return value
    }

    public func validate(_ value: Int) throws(ScoreError) {
        guard range.contains(value) else { throw ScoreError.outOfRange(scale: self, value: value) }
    }
}

public enum ScoreError: Error, Equatable, CustomStringConvertible {
    case outOfRange(scale: ScoreScale, value: Int)
    case notAWholeNumber(scale: ScoreScale, value: String)

    public var description: String {
        switch self {
        case let .outOfRange(scale, value):
            "\(scale.title) must be \(scale.range.lowerBound)–\(scale.range.upperBound), got \(value)"
        case let .notAWholeNumber(scale, value):
            "\(scale.title) must be a whole number \(scale.range.lowerBound)–\(scale.range.upperBound), got \"\(value)\""
        }
    }
}

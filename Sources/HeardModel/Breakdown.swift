import Foundation

/// What metrics can be broken down by. Built-in fields cover where and who; `meta.KEY` reaches
/// anything an import carried along, and `customer.KEY` any customer attribute.
public enum Breakdown: Sendable, Hashable, CustomStringConvertible {
    case segment, persona, channel, source, touchpoint, stage, language
    case metadata(String)
    case customerAttribute(String)

    public init(parsing raw: String) throws(BreakdownError) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        switch lowered {
        case "segment": self = .segment
        case "persona": self = .persona
        case "channel": self = .channel
        case "source": self = .source
        case "touchpoint": self = .touchpoint
        case "stage", "journey_stage", "journey-stage": self = .stage
        case "language", "lang": self = .language
        default:
            if lowered.hasPrefix("meta.") {
                let key = String(trimmed.dropFirst(5))
                guard Breakdown.isValidKey(key) else { throw .invalidKey(raw) }
                self = .metadata(key)
            } else if lowered.hasPrefix("customer.") {
                let key = String(trimmed.dropFirst(9))
                guard Breakdown.isValidKey(key) else { throw .invalidKey(raw) }
                self = .customerAttribute(key)
            } else {
                throw .unknown(raw)
            }
        }
    }

    /// Keys are limited to a safe alphabet so they can be used in JSON paths and column labels
    /// without quoting surprises.
    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 64 && key.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_- ".unicodeScalars.contains($0)
        }
    }

    public var description: String {
        switch self {
        case .segment: "segment"
        case .persona: "persona"
        case .channel: "channel"
        case .source: "source"
        case .touchpoint: "touchpoint"
        case .stage: "stage"
        case .language: "language"
        case let .metadata(key): "meta.\(key)"
        case let .customerAttribute(key): "customer.\(key)"
        }
    }
}

public enum BreakdownError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    case invalidKey(String)

    public var description: String {
        switch self {
        case let .unknown(raw):
            "unknown breakdown \"\(raw)\"; use segment, persona, channel, source, touchpoint, stage, language, meta.KEY or customer.KEY"
        case let .invalidKey(raw):
            "invalid key in \"\(raw)\": keys are 1–64 letters, digits, spaces, '_' or '-'"
        }
    }
}

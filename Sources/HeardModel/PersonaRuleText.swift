import Foundation

/// Persona rules as people write them: `segment = enterprise and plan in (pro, max) and
/// revenue >= 10000`. Conditions are joined by `and`; values may be quoted.
extension PersonaRule {
    public init(parsing text: String) throws(PersonaRuleError) {
        var conditions: [Condition] = []
        for part in Self.splitOnAnd(text) {
            conditions.append(try Self.condition(part))
        }
        guard !conditions.isEmpty else { throw .empty }
        self.init(conditions)
    }

    public var text: String {
        conditions.map { condition in
            let values = condition.values.map(Self.quotedIfNeeded)
            switch condition.op {
            case .oneOf: return "\(condition.attribute) in (\(values.joined(separator: ", ")))"
            default: return "\(condition.attribute) \(condition.op.rawValue) \(values.first ?? "")"
            }
        }.joined(separator: " and ")
    }

    static func quotedIfNeeded(_ value: String) -> String {
        value.contains(where: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" }) || value.lowercased() == "and"
            ? "\"" + value.replacingOccurrences(of: "\"", with: "") + "\"" : value
    }

    /// Splits on the word `and` outside quotes and parentheses.
    static func splitOnAnd(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var depth = 0
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        for word in words {
            for character in word {
                if character == "\"" { quoted.toggle() }
                if !quoted && character == "(" { depth += 1 }
                if !quoted && character == ")" { depth -= 1 }
            }
            if !quoted && depth == 0 && word.lowercased() == "and" && !current.isEmpty {
                parts.append(current)
                current = ""
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(current) }
        return parts
    }

    static func condition(_ text: String) throws(PersonaRuleError) -> Condition {
        // Longest operators first so ">=" is not read as ">".
        let symbols: [(String, Condition.Operator)] = [("!=", .notEquals), (">=", .atLeast), ("<=", .atMost), ("=", .equals), (">", .greaterThan), ("<", .lessThan)]
        let lowered = text.lowercased()
        for word in [(" in ", Condition.Operator.oneOf), (" contains ", .contains)] {
            if let range = lowered.range(of: word.0) {
                let offset = lowered.distance(from: lowered.startIndex, to: range.lowerBound)
                let attribute = String(text.prefix(offset)).trimmingCharacters(in: .whitespaces)
                var rest = String(text.dropFirst(offset + word.0.count)).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("(") && rest.hasSuffix(")") { rest = String(rest.dropFirst().dropLast()) }
                let values = rest.split(separator: ",").map { unquote(String($0)) }.filter { !$0.isEmpty }
                return try make(attribute, word.1, values, text)
            }
        }
        for (symbol, op) in symbols {
            if let range = text.range(of: symbol) {
                let attribute = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                let value = unquote(String(text[range.upperBound...]))
                return try make(attribute, op, value.isEmpty ? [] : [value], text)
            }
        }
        throw .noOperator(text)
    }

    static func make(_ attribute: String, _ op: Condition.Operator, _ values: [String], _ text: String) throws(PersonaRuleError) -> Condition {
        guard !attribute.isEmpty, !attribute.contains(" ") || attribute.hasPrefix("\"") else { throw .badAttribute(text) }
        guard !values.isEmpty else { throw .noValue(text) }
        if [.greaterThan, .atLeast, .lessThan, .atMost].contains(op), Double(values[0]) == nil { throw .notANumber(text) }
        return Condition(attribute: unquote(attribute), op: op, values: values)
    }

    static func unquote(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return value
    }
}

public enum PersonaRuleError: Error, Equatable, CustomStringConvertible {
    case empty
    case noOperator(String)
    case badAttribute(String)
    case noValue(String)
    case notANumber(String)

    public var description: String {
        switch self {
        case .empty: "the rule is empty; write conditions such as: segment = enterprise and revenue >= 10000"
        case let .noOperator(text): "\"\(text)\": no operator (use =, !=, in, >, >=, <, <=, contains)"
        case let .badAttribute(text): "\"\(text)\": the attribute name is missing or has spaces (quote it)"
        case let .noValue(text): "\"\(text)\": no value"
        case let .notANumber(text): "\"\(text)\": numeric comparisons need a number"
        }
    }
}

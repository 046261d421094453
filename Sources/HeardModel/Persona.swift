/// A named archetype of customer ("Busy small-business owner") with a rule that says who
/// belongs. Personas are checked in priority order; a customer takes the first that matches.
public struct Persona: Sendable, Hashable, Codable {
    public var id: Int64?
    public var name: String
    public var description: String
    public var pictureURL: String?
    public var rule: PersonaRule
    /// Lower numbers are checked first.
    public var priority: Int

    public init(
        id: Int64? = nil, name: String, description: String, pictureURL: String? = nil,
        rule: PersonaRule, priority: Int = 0
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.pictureURL = pictureURL
        self.rule = rule
        self.priority = priority
    }
}

/// All conditions must hold (AND). An empty rule matches nobody, so that a persona being
/// written does not swallow every customer.
public struct PersonaRule: Sendable, Hashable, Codable {
    public var conditions: [Condition]

    public init(_ conditions: [Condition]) { self.conditions = conditions }

    public struct Condition: Sendable, Hashable, Codable {
        public enum Operator: String, Sendable, Codable, CaseIterable {
            case equals = "=", notEquals = "!=", oneOf = "in"
            case greaterThan = ">", atLeast = ">=", lessThan = "<", atMost = "<="
            case contains = "contains"
        }

        public var attribute: String
        public var op: Operator
        /// One value, or several for `in`. Numeric operators compare as numbers.
        public var values: [String]

        public init(attribute: String, op: Operator, values: [String]) {
            self.attribute = attribute
            self.op = op
            self.values = values
        }

        public func matches(_ attributes: [String: String]) -> Bool {
            guard let actual = attributes[attribute] else { return op == .notEquals }
            let folded = actual.lowercased()
            switch op {
            case .equals: return values.contains { $0.lowercased() == folded }
            case .notEquals: return !values.contains { $0.lowercased() == folded }
            case .oneOf: return values.contains { $0.lowercased() == folded }
            case .contains: return values.contains { folded.contains($0.lowercased()) }
            case .greaterThan, .atLeast, .lessThan, .atMost:
                guard let number = Double(actual), let first = values.first, let bound = Double(first)
                else { return false }
                switch op {
                case .greaterThan: return number > bound
                case .atLeast: return number >= bound
                case .lessThan: return number < bound
                default: return number <= bound
                }
            }
        }
    }

    public func matches(_ attributes: [String: String]) -> Bool {
        !conditions.isEmpty && conditions.allSatisfy { $0.matches(attributes) }
    }
}

extension Customer {
    /// The first persona (by priority, then id) whose rule matches.
    public func firstMatchingPersona(in personas: [Persona]) -> Persona? {
        personas
            .sorted { ($0.priority, $0.id ?? .max) < ($1.priority, $1.id ?? .max) }
            .first { $0.rule.matches(attributes) }
    }
}

/// One customer's interaction value, in all and per outcome, for counting outcomes by cell.
struct CustomerOutcomes {
    var totalValue = 0.0
    var outcomes: [(outcome: String, value: Double)] = []

    mutating func add(outcome: String, value: Double) {
        totalValue += value
        if !outcome.isEmpty { outcomes.append((outcome, value)) }
    }

    /// Per cell: its customers and their total interaction value (outcome nil), and per outcome
    /// the customers who had it and the value of those interactions. Ordered by cell, then outcome.
    static func tallies(cells: [(cell: String, customer: String)], history: [String: CustomerOutcomes]) -> [OutcomeTally] {
        var bases: [String: OutcomeTally] = [:]
        var hits: [String: [String: OutcomeTally]] = [:]
        for (cell, customer) in cells {
            let past = history[customer]
            bases[cell, default: OutcomeTally(cell: cell, outcome: nil, customers: 0, value: 0)].customers += 1
            bases[cell]!.value += past?.totalValue ?? 0
            for (outcome, value) in past?.outcomes ?? [] {
                hits[cell, default: [:]][outcome, default: OutcomeTally(cell: cell, outcome: outcome, customers: 0, value: 0)].customers += 1
                hits[cell]![outcome]!.value += value
            }
        }
        return bases.keys.sorted().flatMap { cell in
            [bases[cell]!] + (hits[cell] ?? [:]).keys.sorted().map { hits[cell]![$0]! }
        }
    }
}

/// Which customers spoke about each theme and whether any of it put them at risk, with one
/// byte per customer and theme: at a million comments this is a few megabytes, where a
/// dictionary of (theme, customer) pairs held 1.6 million entries.
struct CustomerThemeMarks {
    private enum Mark: UInt8 { case none = 0, seen, atRisk }

    private var customers: [String: Int] = [:]
    private var customerIDs: [String] = []
    private var themeIndex: [String: Int] = [:]
    /// Row 0 is every comment (the total); rows 1… follow `themeKeys`.
    private var marks: [[UInt8]] = [[]]
    private var themeKeys: [String?] = [nil]

    mutating func customerIndex(_ id: String) -> Int {
        if let index = customers[id] { return index }
        let index = customerIDs.count
        customers[id] = index
        customerIDs.append(id)
        for row in marks.indices { marks[row].append(Mark.none.rawValue) }
        return index
    }

    mutating func mark(customer: Int, theme: String?, atRisk: Bool) {
        let row: Int
        if let theme {
            if let known = themeIndex[theme] {
                row = known
            } else {
                row = marks.count
                themeIndex[theme] = row
                themeKeys.append(theme)
                marks.append(Array(repeating: Mark.none.rawValue, count: customerIDs.count))
            }
        } else {
            row = 0
        }
        let mark = atRisk ? Mark.atRisk.rawValue : Mark.seen.rawValue
        if marks[row][customer] < mark { marks[row][customer] = mark }
    }

    /// Each (theme, customer) pair seen, theme by theme.
    func themeCustomers() -> [(cell: String, customer: String)] {
        var pairs: [(cell: String, customer: String)] = []
        for row in marks.indices.dropFirst() {
            for (customer, mark) in marks[row].enumerated() where mark != Mark.none.rawValue {
                pairs.append((themeKeys[row]!, customerIDs[customer]))
            }
        }
        return pairs
    }

    /// One total per theme (nil: all comments), ordered with nil first and then by theme key.
    func totals(values: [String: Double]) -> [ThemeCustomerValue] {
        let customerValues = customerIDs.map { values[$0] }
        var totals: [ThemeCustomerValue] = []
        for row in marks.indices {
            var total = ThemeCustomerValue(themeKey: themeKeys[row], customers: 0, atRiskCustomers: 0, value: 0, atRiskValue: 0,
                                           customersWithValue: 0)
            for (customer, mark) in marks[row].enumerated() where mark != Mark.none.rawValue {
                let atRisk = mark == Mark.atRisk.rawValue
                total.customers += 1
                if atRisk { total.atRiskCustomers += 1 }
                if let value = customerValues[customer] {
                    total.value += value
                    total.customersWithValue += 1
                    if atRisk { total.atRiskValue += value }
                }
            }
            if total.customers > 0 { totals.append(total) }
        }
        return totals.sorted { ($0.themeKey == nil ? 0 : 1, $0.themeKey ?? "") < ($1.themeKey == nil ? 0 : 1, $1.themeKey ?? "") }
    }
}

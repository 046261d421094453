import Foundation
import HeardModel
import HeardStats

/// Northwind Mobile, the demo company: who its customers are and what happened in its year.
/// Everything generated here is seeded, so every demo workspace is the same.
enum DemoCompany {
    static let firstDay = CalendarDay(year: 2025, month: 12, day: 1)
    static let lastDay = CalendarDay(year: 2026, month: 11, day: 22)
    /// A courier change made deliveries late for eight weeks.
    static let lateDeliveries = CalendarDay(year: 2026, month: 8, day: 3)...CalendarDay(year: 2026, month: 9, day: 27)
    /// A wallet app release broke top-ups for six weeks.
    static let topUpBug = CalendarDay(year: 2026, month: 6, day: 8)...CalendarDay(year: 2026, month: 7, day: 19)

    /// Named as the starter taxonomy's owners, so that every theme routes to a team that exists
    /// (a team member signed in to the dashboard sees the themes their teams own).
    static let teams: [Team] = [
        Team(name: "Customer Support", contact: "support-leads@northwind.example"),
        Team(name: "Logistics", contact: "logistics@northwind.example"),
        Team(name: "Digital", contact: "wallet-product@northwind.example"),
        Team(name: "Billing", contact: "billing@northwind.example"),
        Team(name: "Frontline", contact: "retail@northwind.example"),
        Team(name: "Operations", contact: "operations@northwind.example"),
        Team(name: "Product", contact: "devices@northwind.example"),
        Team(name: "Marketing", contact: "marketing@northwind.example"),
        Team(name: "Sales", contact: "sales@northwind.example"),
        Team(name: "Legal", contact: "legal@northwind.example"),
    ]

    /// What Northwind did about its two incidents, on the starter taxonomy's themes.
    static let actions: [ImprovementAction] = [
        ImprovementAction(
            title: "Second courier for next-day deliveries", themeKey: "delays.shipping", ownerTeam: "Logistics",
            status: .done, startedAt: CalendarDay(year: 2026, month: 9, day: 14).date, completedAt: lateDeliveries.upperBound.date),
        ImprovementAction(
            title: "Fix card top-ups failing after the 6.2 wallet release", themeKey: "digital", ownerTeam: "Digital",
            status: .done, startedAt: CalendarDay(year: 2026, month: 7, day: 1).date, completedAt: topUpBug.upperBound.date),
    ]

    static let personas: [Persona] = [
        Persona(name: "Enterprise fleet buyer", description: "Buys phones for a company of hundreds; cares about delivery dates and account management.",
                pictureURL: "personas/enterprise-fleet-buyer.svg",
                rule: PersonaRule([.init(attribute: "segment", op: .equals, values: ["enterprise"])]), priority: 1),
        Persona(name: "Small-business owner", description: "Runs a shop or a trade with a few phones; short on time, pays with the wallet card.",
                pictureURL: "personas/small-business-owner.svg",
                rule: PersonaRule([.init(attribute: "segment", op: .equals, values: ["smb"])]), priority: 2),
        Persona(name: "Wallet power user", description: "Consumer on the unlimited plan who tops up and transfers money every week.",
                pictureURL: "personas/wallet-power-user.svg",
                rule: PersonaRule([.init(attribute: "segment", op: .equals, values: ["consumer"]), .init(attribute: "plan", op: .equals, values: ["unlimited"])]), priority: 3),
        Persona(name: "Value seeker", description: "Prepaid consumer who compares prices and notices every fee.",
                pictureURL: "personas/value-seeker.svg",
                rule: PersonaRule([.init(attribute: "segment", op: .equals, values: ["consumer"]), .init(attribute: "plan", op: .oneOf, values: ["prepaid", "standard"])]), priority: 4),
    ]

    struct GeneratedCustomer {
        var customer: Customer
        var segment: String
        /// How this customer leans, −1…+1: shifts their scores a little.
        var mood: Double
    }

    static func customers(count: Int, generator: inout SeededGenerator) -> [GeneratedCustomer] {
        let regions = ["North", "South", "East", "West"]
        return (0..<count).map { index in
            let roll = Double.random(in: 0..<1, using: &generator)
            let segment = roll < 0.70 ? "consumer" : roll < 0.92 ? "smb" : "enterprise"
            let plan: String
            let revenue: Double
            switch segment {
            case "enterprise":
                plan = "business"
                revenue = Double(Int.random(in: 40...400, using: &generator)) * 1000
            case "smb":
                plan = Bool.random(using: &generator) ? "business" : "unlimited"
                revenue = Double(Int.random(in: 20...200, using: &generator)) * 100
            default:
                plan = ["prepaid", "standard", "unlimited"][Int.random(in: 0..<3, using: &generator)]
                revenue = Double(Int.random(in: 15...90, using: &generator)) * 10
            }
            let attributes = [
                "segment": segment, "plan": plan, "region": regions[Int.random(in: 0..<4, using: &generator)],
                "revenue": String(Int(revenue)), "tenure_months": String(Int.random(in: 1...72, using: &generator)),
            ]
            let id = "NW-" + String(100_000 + index * 7)
            return GeneratedCustomer(customer: Customer(externalID: id, attributes: attributes), segment: segment,
                                     mood: Double.random(in: -1...1, using: &generator))
        }
    }

    /// A day in the year, optionally favouring a window (weight > 1 makes it that much likelier).
    static func day(generator: inout SeededGenerator, favouring window: ClosedRange<CalendarDay>? = nil, weight: Double = 1) -> CalendarDay {
        let span = lastDay.daysSinceEpoch - firstDay.daysSinceEpoch + 1
        while true {
            let candidate = firstDay.adding(days: Int.random(in: 0..<span, using: &generator))
            guard let window, weight > 1 else { return candidate }
            if window.contains(candidate) || Double.random(in: 0..<weight, using: &generator) < 1 { return candidate }
        }
    }

    static func timestamp(_ day: CalendarDay, generator: inout SeededGenerator) -> Date {
        day.date.addingTimeInterval(Double(Int.random(in: 7 * 3600..<22 * 3600, using: &generator)))
    }

    /// Which part of the wallet a support intent is about.
    static func touchpoint(forIntent intent: String) -> String {
        if intent.contains("top_up") || intent.contains("topping_up") { return "top-up" }
        if intent.contains("transfer") || intent.contains("receiving_money") || intent.contains("beneficiary") { return "transfers" }
        if intent.contains("card") || intent.contains("pin") || intent.contains("contactless") || intent.contains("atm") { return "card" }
        if intent.contains("exchange") || intent.contains("currency") || intent.contains("fiat") { return "exchange" }
        if intent.contains("verify") || intent.contains("identity") || intent.contains("passcode") || intent.contains("personal_details") || intent.contains("terminate") || intent.contains("age_limit") { return "account" }
        if intent.contains("refund") || intent.contains("charge") || intent.contains("fee") || intent.contains("direct_debit") || intent.contains("statement") { return "fees & refunds" }
        return "payments"
    }

    /// How badly an intent tends to go for the customer, 0 (routine) to 1 (money missing).
    static func severity(ofIntent intent: String) -> Double {
        let serious = ["not_received", "not_recognised", "charged_twice", "compromised", "stolen", "swallowed", "failed", "reverted", "declined", "wrong_amount", "Refund_not_showing_up", "not_working", "pending"]
        return serious.contains { intent.contains($0) } ? 0.8 : intent.contains("fee") || intent.contains("charge") ? 0.5 : 0.15
    }

    static func clamp(_ value: Double, _ range: ClosedRange<Int>) -> Int {
        min(range.upperBound, max(range.lowerBound, Int(value.rounded())))
    }

    /// A normally distributed draw (Box–Muller).
    static func gaussian(_ generator: inout SeededGenerator, sd: Double) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let u2 = Double.random(in: 0..<1, using: &generator)
        return sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    static func avatarSVG(initials: String, hue: Int) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="\(initials)">
          <circle cx="64" cy="64" r="64" fill="hsl(\(hue), 45%, 42%)"/>
          <text x="64" y="78" font-family="sans-serif" font-size="44" font-weight="bold" fill="#fff" text-anchor="middle">\(initials)</text>
        </svg>

        """
    }
}

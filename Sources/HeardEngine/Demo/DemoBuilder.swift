import Foundation
import HeardModel
import HeardStats
import HeardStore

/// What `heard demo` built.
public struct DemoResult: Sendable {
    public var folder: String
    public var databasePath: String
    public var imports: [ImportSummary]
    public var customers: Int
    public var interactions: Int
    public var personaCounts: [String: Int]
    public var session: WorkspaceSession
}

/// Builds the demo workspace: writes Northwind Mobile's exports (an NPS survey as CSV, support
/// conversations as JSON Lines, app reviews as a JSON array) into a folder and imports them
/// through the ordinary importer, then adds customers, personas, journeys and operational
/// metrics that tell the same story as the text.
public struct DemoBuilder {
    public var folder: String
    public var seed: UInt64 = 2026

    public init(folder: String) { self.folder = folder }

    public func build(progress: (@Sendable (String) -> Void)? = nil) async throws -> DemoResult {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: folder + "/personas", withIntermediateDirectories: true)
        let texts = try SampleTexts.load()
        var generator = SeededGenerator(seed: seed)
        let people = DemoCompany.customers(count: 1500, generator: &generator)

        progress?("writing sample exports")
        let survey = surveyCSV(texts.surveyComments, people: people, generator: &generator)
        let support = supportJSONLines(texts.supportQueries, people: people, generator: &generator)
        let reviews = reviewsJSON(texts.reviews, people: people, generator: &generator)
        try write(survey, to: "survey-responses.csv")
        try write(support, to: "support-conversations.jsonl")
        try write(reviews, to: "app-reviews.json")

        let databasePath = folder + "/heard.sqlite"
        let session = try await WorkspaceSession.open(databasePath: databasePath)
        let store = session.store, workspace = session.workspace.id
        for team in DemoCompany.teams { _ = try await store.save(team, in: workspace) }
        _ = try await store.write(ImportBatch(feedback: [], customers: people.map(\.customer)), into: workspace)

        progress?("importing the exports")
        var imports: [ImportSummary] = []
        var surveyOptions = ImportOptions(path: folder + "/survey-responses.csv", preset: .surveyNPS, rejectsPath: folder + "/survey-responses.rejects.csv")
        try surveyOptions.mapping.add(assignment: "stage=Journey Stage")
        imports.append(try await session.importer.run(surveyOptions))

        var supportOptions = ImportOptions(path: folder + "/support-conversations.jsonl", rejectsPath: folder + "/support-conversations.rejects.csv")
        for assignment in ["id=id", "text=message", "time=created_at", "customer=customer.id", "source=source", "channel=channel",
                           "touchpoint=topic", "csat=csat", "ces=ces", "meta.intent=intent", "meta.team=team", "stage=stage"] {
            try supportOptions.mapping.add(assignment: assignment)
        }
        imports.append(try await session.importer.run(supportOptions))

        var reviewOptions = ImportOptions(path: folder + "/app-reviews.json", preset: .reviews, rejectsPath: folder + "/app-reviews.rejects.csv")
        try reviewOptions.mapping.add(assignment: "customer=customerId")
        reviewOptions.mapping.constants[.touchpoint] = "product"
        reviewOptions.mapping.constants[.stage] = "use"
        imports.append(try await session.importer.run(reviewOptions))

        progress?("adding personas, journeys and operational metrics")
        for (index, persona) in DemoCompany.personas.enumerated() {
            _ = try await store.save(persona, in: workspace)
            let initials = persona.name.split(separator: " ").prefix(2).compactMap(\.first).map(String.init).joined().uppercased()
            try write(DemoCompany.avatarSVG(initials: initials, hue: 200 + index * 40), to: persona.pictureURL!)
        }
        let personaCounts = try await session.assignPersonas()
        let events = journeys(people: people, generator: &generator)
        if try await store.interactionCount(in: workspace) == 0 {
            for chunk in stride(from: 0, to: events.count, by: 5000) {
                try await store.append(Array(events[chunk..<min(chunk + 5000, events.count)]), in: workspace)
            }
        }
        try await store.upsert(operationalMetrics(generator: &generator), in: workspace)
        if try await store.actions(in: workspace).isEmpty {
            for action in DemoCompany.actions { _ = try await store.save(action, in: workspace) }
        }
        return DemoResult(folder: folder, databasePath: databasePath, imports: imports, customers: people.count,
                          interactions: try await store.interactionCount(in: workspace), personaCounts: personaCounts, session: session)
    }

    private func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    // MARK: Exports

    /// Post-purchase NPS survey. Negative comments cluster in the late-delivery weeks and are
    /// then mostly about delivery, as they were.
    private func surveyCSV(_ comments: [(text: String, rating: Double)], people: [DemoCompany.GeneratedCustomer], generator: inout SeededGenerator) -> String {
        var out = "Response ID,Customer ID,Submitted At,Score,Comment,Touchpoint,Journey Stage,Channel,Segment\n"
        let stages = ["purchase": "buy", "delivery": "receive", "activation": "use", "support": "get help"]
        for (index, comment) in comments.enumerated() {
            let person = people[Int.random(in: 0..<people.count, using: &generator)]
            let negative = comment.rating < -0.5
            let day = DemoCompany.day(generator: &generator, favouring: negative ? DemoCompany.lateDeliveries : nil, weight: 3)
            var touchpoint = ["purchase", "delivery", "delivery", "activation", "support"][Int.random(in: 0..<5, using: &generator)]
            if negative && DemoCompany.lateDeliveries.contains(day) && Double.random(in: 0..<1, using: &generator) < 0.7 { touchpoint = "delivery" }
            let segmentLift = person.segment == "enterprise" ? 0.4 : 0
            let score = DemoCompany.clamp(6.3 + 1.5 * comment.rating + 0.6 * person.mood + segmentLift + DemoCompany.gaussian(&generator, sd: 1.0), 0...10)
            let answeredComment = Double.random(in: 0..<1, using: &generator) < 0.92
            let cells = [
                "R_\(String(900_000 + index * 13, radix: 36).uppercased())", person.customer.externalID,
                Self.isoTimestamp(DemoCompany.timestamp(day, generator: &generator)), String(score),
                answeredComment ? comment.text : "", touchpoint, stages[touchpoint]!,
                Double.random(in: 0..<1, using: &generator) < 0.7 ? "email" : "sms", person.segment,
            ]
            out += cells.map(CSVField.quoted).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Wallet support conversations. Top-up problems surge during the broken release; serious
    /// problems get lower CSAT and harder effort.
    private func supportJSONLines(_ queries: [(text: String, intent: String)], people: [DemoCompany.GeneratedCustomer], generator: inout SeededGenerator) -> String {
        var out = ""
        for (index, query) in queries.enumerated() {
            let person = people[Int.random(in: 0..<people.count, using: &generator)]
            let topUp = query.intent.contains("top_up")
            let day = DemoCompany.day(generator: &generator, favouring: topUp ? DemoCompany.topUpBug : nil, weight: 4)
            let severity = DemoCompany.severity(ofIntent: query.intent) + (topUp && DemoCompany.topUpBug.contains(day) ? 0.3 : 0)
            let chat = Double.random(in: 0..<1, using: &generator) < 0.6
            var record: [String: Any] = [
                "id": "C-\(50_000 + index)", "message": query.text, "intent": query.intent,
                "created_at": Self.isoTimestamp(DemoCompany.timestamp(day, generator: &generator)),
                "source": chat ? "chat" : "ticket", "channel": chat ? "in-app chat" : "email",
                "topic": DemoCompany.touchpoint(forIntent: query.intent), "stage": "get help",
                "team": query.intent.contains("refund") || query.intent.contains("charge") || query.intent.contains("fee") ? "Billing" : "Customer Support",
                "customer": ["id": person.customer.externalID, "segment": person.segment],
            ]
            if Double.random(in: 0..<1, using: &generator) < 0.55 {
                record["csat"] = DemoCompany.clamp(4.6 - 2.4 * severity + 0.5 * person.mood + DemoCompany.gaussian(&generator, sd: 0.8), 1...5)
            }
            if Double.random(in: 0..<1, using: &generator) < 0.35 {
                record["ces"] = DemoCompany.clamp(6.0 - 3.0 * severity + 0.4 * person.mood + DemoCompany.gaussian(&generator, sd: 1.0), 1...7)
            }
            let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            out += String(decoding: data, as: UTF8.self) + "\n"
        }
        return out
    }

    /// App store and website reviews with stars that follow the review's sentiment.
    private func reviewsJSON(_ reviews: [(text: String, positive: Bool)], people: [DemoCompany.GeneratedCustomer], generator: inout SeededGenerator) -> String {
        var records: [[String: Any]] = []
        for (index, review) in reviews.enumerated() {
            let day = DemoCompany.day(generator: &generator)
            let roll = Double.random(in: 0..<1, using: &generator)
            let stars = review.positive ? (roll < 0.65 ? 5 : roll < 0.95 ? 4 : 3) : (roll < 0.55 ? 1 : roll < 0.9 ? 2 : 3)
            var record: [String: Any] = [
                "reviewId": "rv-\(700_000 + index * 3)", "userName": "user\(Int.random(in: 1000...99_999, using: &generator))",
                "content": review.text, "score": stars, "at": Self.isoTimestamp(DemoCompany.timestamp(day, generator: &generator)),
                "platform": ["App Store", "Google Play", "northwind.example"][Int.random(in: 0..<3, using: &generator)],
            ]
            if roll < 0.4 { record["customerId"] = people[Int.random(in: 0..<people.count, using: &generator)].customer.externalID }
            records.append(record)
        }
        let data = try! JSONSerialization.data(withJSONObject: records, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: Journeys and operational metrics

    /// Each customer browses, buys, receives, activates, may contact support, and renews or
    /// churns. Deliveries in the courier weeks are often late, and late deliveries churn more.
    private func journeys(people: [DemoCompany.GeneratedCustomer], generator: inout SeededGenerator) -> [InteractionEvent] {
        var events: [InteractionEvent] = []
        for person in people {
            let id = person.customer.externalID
            let start = DemoCompany.day(generator: &generator)
            var day = start
            let value = person.segment == "enterprise" ? Double(Int.random(in: 20...300, using: &generator)) * 350 : Double(Int.random(in: 199...1299, using: &generator))
            let browseChannel = Bool.random(using: &generator) ? "web" : "app"
            events.append(InteractionEvent(customerID: id, occurredAt: DemoCompany.timestamp(day, generator: &generator), touchpoint: "browse", channel: browseChannel, event: "viewed product"))
            day = day.adding(days: Int.random(in: 0...3, using: &generator))
            let abandoned = Double.random(in: 0..<1, using: &generator) < 0.12
            events.append(InteractionEvent(customerID: id, occurredAt: DemoCompany.timestamp(day, generator: &generator), touchpoint: "checkout", channel: browseChannel,
                                           event: abandoned ? "abandoned cart" : "purchased", outcome: abandoned ? "abandoned" : "success", value: abandoned ? nil : value))
            if abandoned { continue }
            day = day.adding(days: Int.random(in: 1...4, using: &generator))
            let lateRisk = DemoCompany.lateDeliveries.contains(day) ? 0.45 : 0.06
            let late = Double.random(in: 0..<1, using: &generator) < lateRisk
            if late { day = day.adding(days: Int.random(in: 2...6, using: &generator)) }
            events.append(InteractionEvent(customerID: id, occurredAt: DemoCompany.timestamp(day, generator: &generator), touchpoint: "delivery", channel: "courier",
                                           event: "delivered", outcome: late ? "late" : "on time"))
            day = day.adding(days: Int.random(in: 0...2, using: &generator))
            events.append(InteractionEvent(customerID: id, occurredAt: DemoCompany.timestamp(day, generator: &generator), touchpoint: "activation", channel: "app", event: "activated wallet", outcome: "success"))
            var contacted = false
            if Double.random(in: 0..<1, using: &generator) < (late ? 0.5 : 0.2) {
                contacted = true
                day = day.adding(days: Int.random(in: 1...20, using: &generator))
                let channel = Bool.random(using: &generator) ? "in-app chat" : "phone"
                let resolved = Double.random(in: 0..<1, using: &generator) < 0.72
                events.append(InteractionEvent(customerID: id, occurredAt: DemoCompany.timestamp(day, generator: &generator), touchpoint: "support", channel: channel,
                                               event: "contacted support", outcome: resolved ? "resolved first contact" : "follow-up needed"))
                if !resolved {
                    day = day.adding(days: Int.random(in: 1...5, using: &generator))
                    events.append(InteractionEvent(customerID: id, occurredAt: DemoCompany.timestamp(day, generator: &generator), touchpoint: "support",
                                                   channel: channel == "phone" ? "email" : "phone", event: "contacted support again", outcome: "resolved"))
                }
            }
            let renewalDay = start.adding(days: 300)
            guard renewalDay <= DemoCompany.lastDay else { continue }
            let churnRisk = 0.08 + (late ? 0.14 : 0) + (contacted ? 0.05 : 0) - 0.06 * person.mood
            let churned = Double.random(in: 0..<1, using: &generator) < churnRisk
            events.append(InteractionEvent(customerID: id, occurredAt: DemoCompany.timestamp(renewalDay, generator: &generator), touchpoint: "renewal", channel: "web",
                                           event: churned ? "cancelled plan" : "renewed plan", outcome: churned ? "churned" : "renewed", value: churned ? nil : value * 0.3))
        }
        return events
    }

    /// Weekly inside-out numbers per team, moving with the story: on-time delivery drops in the
    /// courier weeks; wallet top-up success and support resolution drop during the broken release.
    private func operationalMetrics(generator: inout SeededGenerator) -> [OperationalMetricValue] {
        var metrics: [OperationalMetricValue] = []
        var week = DemoCompany.firstDay.weekStart
        while week <= DemoCompany.lastDay {
            let late = DemoCompany.lateDeliveries.contains(week) || DemoCompany.lateDeliveries.contains(week.adding(days: 6))
            let broken = DemoCompany.topUpBug.contains(week) || DemoCompany.topUpBug.contains(week.adding(days: 6))
            func noise(_ sd: Double) -> Double { DemoCompany.gaussian(&generator, sd: sd) }
            let values: [(String, String, Double)] = [
                ("on_time_delivery_pct", "Logistics", (late ? 77 : 95) + noise(1.5)),
                ("top_up_success_pct", "Digital", (broken ? 91.5 : 99.2) + noise(0.3)),
                ("first_contact_resolution_pct", "Customer Support", (broken ? 63 : 74) + noise(2)),
                ("avg_wait_minutes", "Customer Support", max(0.5, (broken ? 11 : late ? 8 : 4) + noise(0.8))),
                ("avg_handle_minutes", "Customer Support", 9 + noise(0.7)),
            ]
            for (name, team, value) in values {
                metrics.append(OperationalMetricValue(name: name, periodStart: week.date, period: .week, dimension: "team",
                                                      dimensionValue: team, value: (value * 10).rounded() / 10))
            }
            week = week.adding(days: 7)
        }
        return metrics
    }

    static func isoTimestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        let day = CalendarDay(daysSinceEpoch: seconds / 86_400)
        let rest = seconds % 86_400
        return day.description + "T" + String(format: "%02d:%02d:%02dZ", rest / 3600, rest / 60 % 60, rest % 60)
    }
}

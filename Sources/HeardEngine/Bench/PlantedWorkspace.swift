import Foundation
import HeardModel
import HeardStats
import HeardStore

/// Generates a workspace whose causes are known: which themes drive NPS, the week one theme
/// spikes, an operational metric that moves NPS some weeks later, customers whose value and
/// churn follow their experience. Tests check that the analytics find exactly these; the
/// benchmarks use it at scale. Mentions are written directly as enrichment (no text model), and
/// each comment's text spells out its mentions so spans point at real characters.
public struct PlantedWorkspace: Sendable {
    public var comments: Int
    public var themes: Int
    public var weeks: Int
    public var customers: Int
    public var firstDay: CalendarDay
    /// Theme index → NPS points a mention costs (negative) or adds.
    public var driverEffects: [Int: Double]
    /// Theme index and week index of the planted spike, and how many times the usual volume.
    public var spike: (theme: Int, week: Int, factor: Double)?
    /// NPS points per standard deviation of the operational metric, felt `lag` weeks later.
    public var operationalEffect: (metric: String, lag: Int, pointsPerSD: Double)?
    public var touchpoints: [String]
    public var seed: UInt64

    public init(comments: Int = 20_000, themes: Int = 20, weeks: Int = 52, customers: Int = 4_000,
                firstDay: CalendarDay = CalendarDay(year: 2024, month: 12, day: 30),
                driverEffects: [Int: Double] = [3: -3.0, 7: -2.5, 12: 2.0],
                spike: (theme: Int, week: Int, factor: Double)? = (theme: 5, week: 39, factor: 3),
                operationalEffect: (metric: String, lag: Int, pointsPerSD: Double)? = (metric: "wait_minutes", lag: 2, pointsPerSD: -1.2),
                touchpoints: [String] = ["store", "web", "app", "phone", "delivery"], seed: UInt64 = 7) {
        self.comments = comments
        self.themes = themes
        self.weeks = weeks
        self.customers = customers
        self.firstDay = firstDay
        self.driverEffects = driverEffects
        self.spike = spike
        self.operationalEffect = operationalEffect
        self.touchpoints = touchpoints
        self.seed = seed
    }

    public static func themeKey(_ index: Int) -> String { "planted.t" + (index < 10 ? "0\(index)" : "\(index)") }

    /// How often each theme is mentioned: a few common themes and a long tail.
    func mentionRate(_ theme: Int) -> Double { 0.18 / (1 + Double(theme) * 0.35) + 0.01 }

    static let segments = ["consumer", "smb", "enterprise"]
    static let regions = ["north", "south", "east", "west"]

    /// Writes everything in batches; returns the number of comments written.
    @discardableResult
    public func write(into session: WorkspaceSession, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Int {
        let store = session.store, workspace = session.workspace.id
        var generator = SeededGenerator(seed: seed)
        for index in 0..<themes {
            try await store.save(Theme(key: Self.themeKey(index), name: "Planted theme \(index)", ownerTeam: index % 2 == 0 ? "ops" : "product"), in: workspace)
        }

        // Customers: segment sets value; a latent mood sets how they score and whether they churn.
        var customerMood = [Double](repeating: 0, count: customers)
        var customerSegment = [String](repeating: "", count: customers)
        var batch: [Customer] = []
        var events: [InteractionEvent] = []
        for index in 0..<customers {
            let segment = Self.segments[index % 3]
            customerSegment[index] = segment
            customerMood[index] = Self.normal(&generator) * 1.2
            let base = segment == "enterprise" ? 50_000.0 : segment == "smb" ? 5_000 : 500
            let revenue = (base * exp(0.5 * Self.normal(&generator))).rounded()
            batch.append(Customer(externalID: Self.customerID(index), attributes: [
                "segment": segment, "region": Self.regions[(index / 3) % 4], "revenue": String(Int(revenue)),
                "plan": segment == "consumer" ? (index % 2 == 0 ? "basic" : "plus") : "business",
            ]))
            let churnChance = 1 / (1 + exp(2 + 1.5 * customerMood[index]))
            let churned = Double.random(in: 0..<1, using: &generator) < churnChance
            events.append(InteractionEvent(
                customerID: Self.customerID(index), occurredAt: firstDay.adding(days: weeks * 7).date, touchpoint: "account",
                event: "renewal", outcome: churned ? "churned" : "renewed", value: churned ? 0 : revenue))
            if batch.count == 5_000 {
                _ = try await store.write(ImportBatch(feedback: [], customers: batch), into: workspace)
                try await store.append(events, in: workspace)
                batch.removeAll(keepingCapacity: true)
                events.removeAll(keepingCapacity: true)
            }
        }
        _ = try await store.write(ImportBatch(feedback: [], customers: batch), into: workspace)
        try await store.append(events, in: workspace)

        // The operational metric: an AR(1) series per touchpoint, standardised.
        var operational: [[Double]] = []
        if let effect = operationalEffect {
            var values: [OperationalMetricValue] = []
            for touchpoint in touchpoints {
                var series: [Double] = []
                var level = 0.0
                for _ in 0..<weeks {
                    level = 0.5 * level + Self.normal(&generator)
                    series.append(level)
                }
                operational.append(series)
                for (week, value) in series.enumerated() {
                    values.append(OperationalMetricValue(name: effect.metric, periodStart: firstDay.adding(days: 7 * week).date, period: .week,
                                                         dimension: "touchpoint", dimensionValue: touchpoint, value: 12 + 4 * value))
                }
            }
            try await store.upsert(values, in: workspace)
        }

        var feedback: [Feedback] = []
        var written = 0
        for index in 0..<comments {
            let week = index * weeks / comments
            let day = firstDay.adding(days: 7 * week + Int.random(in: 0..<7, using: &generator))
            let customer = Int.random(in: 0..<customers, using: &generator)
            let touchpointIndex = Int.random(in: 0..<touchpoints.count, using: &generator)
            var latent = 7.2 + customerMood[customer] + Self.normal(&generator) * 1.6
            if let effect = operationalEffect, week >= effect.lag {
                latent += effect.pointsPerSD * operational[touchpointIndex][week - effect.lag]
            }
            var parts: [String] = []
            for theme in 0..<themes {
                var rate = mentionRate(theme)
                if let spike, spike.theme == theme, spike.week == week { rate *= spike.factor }
                guard Double.random(in: 0..<1, using: &generator) < rate else { continue }
                let effect = driverEffects[theme] ?? 0
                latent += effect
                // Mentions of costly themes read negative, of helpful ones positive.
                let tone = max(-1, min(1, (effect == 0 ? -0.1 : effect / 3) + 0.35 * Self.normal(&generator)))
                parts.append("\(Self.themeKey(theme)) \(String(format: "%+.2f", tone))")
            }
            let nps = max(0, min(10, Int(latent.rounded())))
            feedback.append(Feedback(
                externalID: "P\(index)", source: .survey, channel: "email", touchpoint: touchpoints[touchpointIndex],
                occurredAt: day.date.addingTimeInterval(43_200), text: parts.isEmpty ? "nothing in particular" : parts.joined(separator: "; "),
                nps: nps, customerID: Self.customerID(customer), segment: customerSegment[customer]))
            if feedback.count == 5_000 || index == comments - 1 {
                _ = try await store.write(ImportBatch(feedback: feedback), into: workspace)
                written += feedback.count
                feedback.removeAll(keepingCapacity: true)
                progress?(written)
            }
        }
        try await enrich(session)
        return written
    }

    /// Reads each comment's mentions back from its text and stores them as enrichment.
    func enrich(_ session: WorkspaceSession) async throws {
        let version = "planted"
        var after: Int64 = 0
        while true {
            let pending = try await session.store.pendingEnrichment(in: session.workspace.id, version: version, afterRowID: after, limit: 10_000)
            guard let last = pending.last else { break }
            after = last.feedbackRowID
            let enrichments = pending.map { row -> FeedbackEnrichment in
                let text = row.text ?? ""
                var mentions: [FeedbackEnrichment.Mention] = []
                var offset = 0
                var sum = 0.0
                for part in text.split(separator: ";", omittingEmptySubsequences: false) {
                    let bytes = part.utf8.count
                    let trimmed = part.trimmingCharacters(in: .whitespaces)
                    let fields = trimmed.split(separator: " ")
                    if fields.count == 2, fields[0].hasPrefix("planted."), let tone = Double(fields[1]) {
                        let start = offset + (part.utf8.count - part.drop { $0 == " " }.utf8.count)
                        mentions.append(FeedbackEnrichment.Mention(
                            themeKey: String(fields[0]), span: start..<(start + trimmed.utf8.count), sentimentScore: tone,
                            sentimentLabel: tone < -0.25 ? "negative" : tone > 0.25 ? "positive" : "neutral"))
                        sum += tone
                    }
                    offset += bytes + 1
                }
                let score = mentions.isEmpty ? 0 : sum / Double(mentions.count)
                return FeedbackEnrichment(feedbackRowID: row.feedbackRowID, contentHash: row.contentHash, version: version,
                                          sentimentScore: score,
                                          sentimentLabel: score < -0.25 ? "negative" : score > 0.25 ? "positive" : "neutral",
                                          mentions: mentions)
            }
            try await session.store.save(enrichments)
        }
    }

    static func customerID(_ index: Int) -> String { "PC\(index)" }

    static func normal(_ generator: inout SeededGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

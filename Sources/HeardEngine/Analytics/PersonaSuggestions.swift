import Foundation
import HeardModel
import HeardStats
import HeardStore

/// A proposed segment: who is in it, what sets it apart from everyone else, and a rule over
/// customer attributes that would capture it (when one does).
public struct PersonaSuggestion: Sendable {
    public struct Trait: Sendable {
        public var feature: String
        /// How it reads: "segment = enterprise: 98% vs 33%".
        public var text: String
        /// Standardised difference from everyone else (sign shows direction).
        public var strength: Double
    }

    public var name: String
    public var customers: Int
    public var share: Double
    /// Mean NPS answer (0–10) of the cluster and of everyone.
    public var meanNPS: Double?
    public var overallMeanNPS: Double?
    public var traits: [Trait]
    public var rule: PersonaRule?
    /// Customers the rule would take, and how many of those are in the cluster.
    public var ruleMatches: Int
    public var rulePrecision: Double?
    public var description: String
}

public struct PersonaSuggestionReport: Sendable {
    public var customersSampled: Int
    public var customersTotal: Int
    public var k: Int
    public var silhouette: Double
    public var suggestions: [PersonaSuggestion]
}

/// Proposes personas by clustering customers on their attributes and on what they talk about:
/// categorical attributes one-hot, numeric ones standardised (logged when skewed), each of the
/// most common themes as the share of the customer's comments that mention it, and their mean
/// NPS answer. k is chosen by the silhouette. Works on a seeded sample of customers.
public struct PersonaSuggestions: Sendable {
    let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func suggest(k requested: Int? = nil, sampleSize: Int = 4_000, seed: UInt64 = 1) async throws -> PersonaSuggestionReport {
        let store = session.store, workspace = session.workspace.id
        // Reservoir sample of customer ids: one pass, bounded memory, same sample for a seed.
        var generator = SeededGenerator(seed: seed)
        var sample: [String] = []
        var seen = 0
        var after: String?
        while true {
            let page = try await store.customers(in: workspace, after: after, limit: 5_000)
            guard let last = page.last else { break }
            after = last.externalID
            for customer in page {
                seen += 1
                if sample.count < sampleSize {
                    sample.append(customer.externalID)
                } else {
                    let slot = Int.random(in: 0..<seen, using: &generator)
                    if slot < sampleSize { sample[slot] = customer.externalID }
                }
            }
        }
        var profiles: [CustomerProfile] = []
        for start in stride(from: 0, to: sample.count, by: 1_000) {
            profiles += try await store.customerProfiles(Array(sample[start..<min(start + 1_000, sample.count)]), in: workspace)
        }
        profiles = profiles.filter { $0.feedback > 0 }
        let themeNames = Dictionary(try await store.themes(in: workspace).map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        return Self.suggest(profiles: profiles, totalCustomers: seen, themeNames: themeNames, k: requested, seed: seed)
    }

    /// The features: one column each, with how to describe it.
    struct Feature {
        enum Kind { case category(attribute: String, value: String), number(attribute: String, logged: Bool), theme(String), nps }
        var kind: Kind
        var raw: [Double]
        var mean: Double
        var sd: Double
        var weight: Double
    }

    static func features(_ profiles: [CustomerProfile], themeNames: [String: String]) -> [Feature] {
        var features: [Feature] = []
        let n = Double(profiles.count)
        let keys = Set(profiles.flatMap(\.attributes.keys)).sorted()
        for key in keys {
            let values = profiles.map { $0.attributes[key] }
            let present = values.compactMap { $0 }
            guard Double(present.count) >= 0.5 * n else { continue }
            let numbers = present.compactMap(Double.init)
            let distinct = Set(present)
            if numbers.count == present.count && distinct.count > 12 {
                let logged = (numbers.min() ?? 0) >= 0 && (numbers.max() ?? 0) > 10 * max(median(numbers), 1)
                let fill = median(numbers)
                let raw = values.map { value -> Double in
                    let number = value.flatMap(Double.init) ?? fill
                    return logged ? log1p(number) : number
                }
                features.append(make(.number(attribute: key, logged: logged), raw, weight: 1))
            } else if distinct.count <= 12 && distinct.count >= 2 {
                // Each value column is weighted so an attribute's columns carry about one unit together.
                for value in distinct.sorted() {
                    let raw = values.map { $0 == value ? 1.0 : 0 }
                    features.append(make(.category(attribute: key, value: value), raw, weight: 1 / Double(distinct.count).squareRoot()))
                }
            }
        }
        var coverage: [String: Int] = [:]
        for profile in profiles { for key in profile.themeComments.keys { coverage[key, default: 0] += 1 } }
        for (theme, _) in coverage.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).prefix(12) {
            let raw = profiles.map { Double($0.themeComments[theme] ?? 0) / Double(max($0.enriched, 1)) }
            features.append(make(.theme(theme), raw, weight: 0.5))
        }
        if profiles.contains(where: { $0.npsCount > 0 }) {
            let overall = Double(profiles.reduce(0) { $0 + $1.npsSum }) / Double(max(1, profiles.reduce(0) { $0 + $1.npsCount }))
            let raw = profiles.map { $0.npsCount > 0 ? Double($0.npsSum) / Double($0.npsCount) : overall }
            features.append(make(.nps, raw, weight: 0.7))
        }
        return features.filter { $0.sd > 0 }
    }

    static func make(_ kind: Feature.Kind, _ raw: [Double], weight: Double) -> Feature {
        let mean = raw.reduce(0, +) / Double(raw.count)
        let variance = raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(raw.count)
        return Feature(kind: kind, raw: raw, mean: mean, sd: variance.squareRoot(), weight: weight)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func suggest(profiles: [CustomerProfile], totalCustomers: Int, themeNames: [String: String], k requested: Int?, seed: UInt64) -> PersonaSuggestionReport {
        let features = features(profiles, themeNames: themeNames)
        guard profiles.count >= 20, !features.isEmpty else {
            return PersonaSuggestionReport(customersSampled: profiles.count, customersTotal: totalCustomers, k: 0, silhouette: 0, suggestions: [])
        }
        let rows = profiles.indices.map { index in features.map { ($0.raw[index] - $0.mean) / $0.sd * $0.weight } }
        let silhouetteSample = Array(rows.indices.prefix(1_200))
        var chosen: (k: Int, clustering: EuclideanKMeans, silhouette: Double)?
        for k in requested.map({ [$0] }) ?? Array(2...6) where k < rows.count {
            let clustering = EuclideanKMeans(rows: rows, k: k, seed: seed)
            let score = EuclideanKMeans.silhouette(rows: silhouetteSample.map { rows[$0] },
                                                   assignments: silhouetteSample.map { clustering.assignments[$0] }, k: k)
            if chosen == nil || score > chosen!.silhouette + 1e-9 { chosen = (k, clustering, score) }
        }
        guard let chosen else {
            return PersonaSuggestionReport(customersSampled: profiles.count, customersTotal: totalCustomers, k: 0, silhouette: 0, suggestions: [])
        }
        let overallNPS = meanNPS(profiles)
        var suggestions: [PersonaSuggestion] = []
        for cluster in 0..<chosen.k {
            let members = profiles.indices.filter { chosen.clustering.assignments[$0] == cluster }
            guard !members.isEmpty else { continue }
            let memberSet = Set(members)
            var traits: [PersonaSuggestion.Trait] = []
            var conditions: [PersonaRule.Condition] = []
            for feature in features {
                let inside = members.reduce(0) { $0 + feature.raw[$1] } / Double(members.count)
                let strength = (inside - feature.mean) / feature.sd
                guard abs(strength) >= 0.5 else { continue }
                let text: String
                switch feature.kind {
                case let .category(attribute, value):
                    guard strength > 0 else { continue }
                    text = "\(attribute) = \(value): \(percent(inside)) vs \(percent(feature.mean))"
                    if inside >= 0.8 && inside >= 1.5 * feature.mean {
                        conditions.append(.init(attribute: attribute, op: .equals, values: [value]))
                    }
                case let .number(attribute, logged):
                    let values = members.map { feature.raw[$0] }.map { logged ? expm1($0) : $0 }.sorted()
                    let everyone = feature.raw.map { logged ? expm1($0) : $0 }
                    text = "\(attribute) median \(short(values[values.count / 2])) vs \(short(median(everyone)))"
                    if abs(strength) >= 1 {
                        let bound = strength > 0 ? values[values.count / 10] : values[values.count * 9 / 10]
                        conditions.append(.init(attribute: attribute, op: strength > 0 ? .atLeast : .atMost, values: [short(bound, plain: true)]))
                    }
                case let .theme(key):
                    text = "mentions \(themeNames[key] ?? key) in \(percent(inside)) of comments vs \(percent(feature.mean))"
                case .nps:
                    text = "NPS answer \(String(format: "%.1f", inside)) vs \(String(format: "%.1f", feature.mean))"
                }
                traits.append(.init(feature: describe(feature.kind), text: text, strength: strength))
            }
            traits.sort { abs($0.strength) > abs($1.strength) }
            let rule = conditions.isEmpty ? nil : PersonaRule(conditions)
            let matches = rule.map { rule in profiles.indices.filter { rule.matches(profiles[$0].attributes) } } ?? []
            let precision = matches.isEmpty ? nil : Double(matches.filter { memberSet.contains($0) }.count) / Double(matches.count)
            let memberProfiles = members.map { profiles[$0] }
            let name = traits.prefix(2).map(\.feature).joined(separator: " · ")
            var description = "\(members.count) of \(profiles.count) sampled customers (\(percent(Double(members.count) / Double(profiles.count))))"
            if let first = traits.first { description += "; " + traits.prefix(3).map(\.text).joined(separator: "; ") + (first.text.isEmpty ? "" : "") }
            suggestions.append(PersonaSuggestion(
                name: name.isEmpty ? "Cluster \(cluster + 1)" : name, customers: members.count,
                share: Double(members.count) / Double(profiles.count), meanNPS: meanNPS(memberProfiles), overallMeanNPS: overallNPS,
                traits: Array(traits.prefix(6)), rule: rule, ruleMatches: matches.count, rulePrecision: precision, description: description))
        }
        suggestions.sort { $0.customers > $1.customers }
        return PersonaSuggestionReport(customersSampled: profiles.count, customersTotal: totalCustomers, k: chosen.k,
                                       silhouette: chosen.silhouette, suggestions: suggestions)
    }

    static func describe(_ kind: Feature.Kind) -> String {
        switch kind {
        case let .category(attribute, value): "\(attribute) \(value)"
        case let .number(attribute, _): attribute
        case let .theme(key): "talks about \(key)"
        case .nps: "NPS"
        }
    }

    static func meanNPS(_ profiles: [CustomerProfile]) -> Double? {
        let count = profiles.reduce(0) { $0 + $1.npsCount }
        return count == 0 ? nil : Double(profiles.reduce(0) { $0 + $1.npsSum }) / Double(count)
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", 100 * share) }

    static func short(_ value: Double, plain: Bool = false) -> String {
        if abs(value) >= 100 && (plain || abs(value) < 1_000) { return String(Int(value.rounded())) }
        if plain || abs(value) < 1_000 { return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value) }
        return abs(value) >= 1_000_000 ? String(format: "%.1fM", value / 1_000_000) : String(format: "%.1fk", value / 1_000)
    }
}

/// A customer as the business knows them. Attributes are free-form (segment, plan, region,
/// revenue, …) because every company slices its customers differently.
public struct Customer: Sendable, Hashable, Codable {
    public var externalID: String
    public var attributes: [String: String]
    /// The persona whose rule this customer matched first, recomputed when personas change.
    public var personaID: Int64?

    public init(externalID: String, attributes: [String: String] = [:], personaID: Int64? = nil) {
        self.externalID = externalID
        self.attributes = attributes
        self.personaID = personaID
    }

    public var segment: String? { attributes["segment"] }

    /// Revenue (or any money value) the business attaches to the customer, if it parses.
    public var revenue: Double? { attributes["revenue"].flatMap { Double($0) } }
}

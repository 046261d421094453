/// A hosted survey: one score question on a standard scale, an open follow-up question, and
/// optional thank-you text per score band. Hidden fields (customer, touchpoint, channel) arrive
/// with each response, from the link the customer followed.
public struct Survey: Sendable, Hashable, Codable {
    /// Score bands, in the terms customers and CX teams use for each scale.
    public enum Band: String, Sendable, Codable, CaseIterable {
        /// NPS 0–6, CSAT 1–2, CES 1–3.
        case low
        /// NPS 7–8, CSAT 3, CES 4.
        case middle
        /// NPS 9–10, CSAT 4–5, CES 5–7.
        case high
    }

    public var id: Int64?
    /// The short name in public URLs (`/s/{key}`): lowercase letters, digits and dashes.
    public var key: String
    public var scale: ScoreScale
    public var question: String
    public var followUpQuestion: String
    /// Thank-you text per band; a band without one gets the default thanks.
    public var thankYou: [Band: String]
    /// Default hidden fields, used when the link does not carry them.
    public var touchpoint: String?
    public var channel: String?

    public init(id: Int64? = nil, key: String, scale: ScoreScale, question: String, followUpQuestion: String,
                thankYou: [Band: String] = [:], touchpoint: String? = nil, channel: String? = nil) {
        self.id = id
        self.key = key
        self.scale = scale
        self.question = question
        self.followUpQuestion = followUpQuestion
        self.thankYou = thankYou
        self.touchpoint = touchpoint
        self.channel = channel
    }

    /// Scales a hosted survey can ask (stars belong to reviews, not surveys).
    public static let scales: [ScoreScale] = [.nps, .csat, .ces]

    public static func isValidKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count)
            && key.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
            && key.first != "-"
    }

    public func band(of score: Int) -> Band {
        switch scale {
        case .nps: score <= 6 ? .low : score <= 8 ? .middle : .high
        case .csat, .stars: score <= 2 ? .low : score == 3 ? .middle : .high
        case .ces: score <= 3 ? .low : score == 4 ? .middle : .high
        }
    }
}

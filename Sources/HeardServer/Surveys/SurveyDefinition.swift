import HeardModel

/// Checks and completes a survey definition, for the CLI (`heard surveys add`) and the API alike.
public enum SurveyDefinition {
    public static func make(key: String, scale: String, question: String?, followUp: String?, thankYou: [Survey.Band: String],
                            touchpoint: String?, channel: String?) throws -> Survey {
        guard Survey.isValidKey(key) else {
            throw APIError.invalid("key", "a survey key is 1–64 lowercase letters, digits and dashes (it appears in the link)")
        }
        guard let scale = ScoreScale(rawValue: scale.lowercased()), Survey.scales.contains(scale) else {
            throw APIError.invalid("scale", "scale must be nps, csat or ces")
        }
        for (name, text, limit) in [("question", question, 300), ("follow_up", followUp, 300), ("touchpoint", touchpoint, 200), ("channel", channel, 200)] {
            if let text, text.count > limit { throw APIError.invalid(name, "\(name) is longer than \(limit) characters") }
        }
        for (band, text) in thankYou where text.count > 1000 {
            throw APIError.invalid("thank_you.\(band.rawValue)", "thank-you text is longer than 1,000 characters")
        }
        return Survey(key: key, scale: scale, question: question ?? defaultQuestion(scale), followUpQuestion: followUp ?? defaultFollowUp(scale),
                      thankYou: thankYou, touchpoint: touchpoint, channel: channel)
    }

    public static func defaultQuestion(_ scale: ScoreScale) -> String {
        switch scale {
        case .nps: "How likely are you to recommend us to a friend or colleague?"
        case .csat: "How satisfied are you with your experience?"
        case .ces: "How easy was it to get what you needed?"
        case .stars: "How would you rate us?"
        }
    }

    public static func defaultFollowUp(_ scale: ScoreScale) -> String {
        switch scale {
        case .nps: "What is the main reason for your score?"
        case .csat, .stars: "What could we have done better?"
        case .ces: "What made it easy or hard?"
        }
    }

    /// Paths of the survey's public page and of its one-click score links (for e-mail templates).
    public static func links(_ survey: Survey) -> (page: String, oneClick: String) {
        ("/s/\(survey.key)", "/s/\(survey.key)/{score}?customer={customer}&touchpoint={touchpoint}&channel={channel}")
    }
}

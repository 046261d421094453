import Foundation

/// Where a piece of customer voice came from. The set is closed so that reports can compare
/// like with like; anything finer (which survey, which app store) belongs in `channel`.
public enum FeedbackSource: String, Sendable, CaseIterable, Codable, Hashable {
    case survey, review, ticket, chat, call, sms, social, email, employee

    /// Accepts the canonical names plus the spellings common in exports ("Tickets", "phone",
    /// "tweet"), so a helpdesk export does not need a rewrite before import.
    public init?(parsing raw: String) {
        if let exact = FeedbackSource(rawValue: raw) {
            self = exact
            return
        }
        let key = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if let exact = FeedbackSource(rawValue: key) { self = exact; return }
        switch key {
        case "surveys", "nps", "csat", "ces", "questionnaire": self = .survey
        case "reviews", "rating", "app review", "app store", "store review": self = .review
        case "tickets", "support", "case", "helpdesk", "help desk", "web form", "form": self = .ticket
        case "chats", "live chat", "messaging", "whatsapp", "messenger": self = .chat
        case "calls", "phone", "voice", "transcript", "call transcript": self = .call
        case "text", "text message": self = .sms
        case "tweet", "twitter", "x", "facebook", "instagram", "reddit", "social media", "post": self = .social
        case "e-mail", "mail", "emails": self = .email
        case "employee note", "staff", "frontline", "front-line", "agent note": self = .employee
        default: return nil
        }
    }
}

/// The kinds of personal data the redactor knows. Raw values are the labels used in fixtures and
/// reports, so they must stay stable.
public enum PIIKind: String, CaseIterable, Sendable, Codable {
    case email
    case phone
    case paymentCard = "payment_card"
    case iban
    case personName = "person_name"

    /// What replaces a span of this kind in redacted text.
    public var placeholder: String {
        switch self {
        case .email: "[EMAIL]"
        case .phone: "[PHONE]"
        case .paymentCard: "[CARD]"
        case .iban: "[IBAN]"
        case .personName: "[NAME]"
        }
    }
}

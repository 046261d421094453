/// Column names of common exports. Each field lists the names it goes by in those exports; the
/// first one present in a file's header wins, compared without case. `automatic` is what an
/// import uses when nothing is mapped: every name any preset knows.
public enum MappingPreset: String, CaseIterable, Sendable {
    /// NPS survey tools (Delighted, SurveyMonkey, Qualtrics, Typeform style exports).
    case surveyNPS = "survey-nps"
    /// Helpdesk ticket exports (Zendesk, Freshdesk, Help Scout style).
    case helpdeskTickets = "helpdesk-tickets"
    /// Review exports (app stores, Trustpilot, Google reviews style).
    case reviews
    case automatic

    var candidates: [FeedbackField: [String]] {
        switch self {
        case .surveyNPS:
            [
                .id: ["Response ID", "ResponseId", "response_id", "Respondent ID", "id"],
                .time: ["Response Timestamp", "Submitted At", "Submit Date (UTC)", "RecordedDate", "EndDate", "Date", "created_at", "timestamp"],
                .nps: ["Score", "NPS", "NPS Score", "Likelihood to recommend", "How likely are you to recommend us to a friend or colleague?", "nps", "score"],
                .text: ["Comment", "Comments", "Reason", "What is the primary reason for your score?", "Why?", "Feedback", "comment", "text"],
                .customer: ["Customer ID", "customer_id", "Email", "Recipient Email", "Person", "Contact ID"],
                .segment: ["Segment", "Plan", "Customer Segment", "segment"],
                .channel: ["Channel", "Distribution Channel", "channel"],
                .touchpoint: ["Touchpoint", "touchpoint", "Trigger"],
                .language: ["Language", "UserLanguage", "language"],
            ]
        case .helpdeskTickets:
            [
                .id: ["Ticket ID", "Id", "ID", "ticket_id", "Conversation ID", "id"],
                .time: ["Created at", "Created", "Date Created", "created_at", "Created time", "Opened"],
                .text: ["Description", "Body", "Message", "First message", "description", "Subject", "text"],
                .customer: ["Requester id", "Requester ID", "Requester", "Requester email", "Customer", "Contact ID", "customer_id"],
                .csat: ["Satisfaction Score", "Satisfaction rating", "CSAT", "csat"],
                .channel: ["Via", "Channel", "Source", "channel"],
                .touchpoint: ["Group", "Category", "Ticket form", "Type", "touchpoint"],
                .segment: ["Organization", "Company", "Segment", "segment"],
                .metadata("priority"): ["Priority", "priority"],
                .metadata("status"): ["Status", "status"],
                .metadata("assignee"): ["Assignee", "Agent", "assignee"],
                .metadata("tags"): ["Tags", "tags"],
            ]
        case .reviews:
            [
                .id: ["review_id", "reviewId", "Review ID", "id"],
                .time: ["at", "date", "Date", "review_date", "Review Date", "created_at", "Published"],
                .text: ["content", "review_text", "Review Text", "Review", "Body", "text", "review"],
                .stars: ["score", "rating", "Rating", "stars", "Stars", "Star Rating", "review_rating"],
                .customer: ["userName", "user_name", "author", "Author", "Reviewer", "reviewer"],
                .channel: ["platform", "Platform", "store", "Store", "Site", "source_site"],
                .metadata("app_version"): ["appVersion", "reviewCreatedVersion", "App Version"],
                .metadata("title"): ["title", "Title", "Review Title"],
            ]
        case .automatic:
            {
                var merged: [FeedbackField: [String]] = [:]
                for field in FeedbackField.builtIn { merged[field] = [field.description] }
                merged[.stage] = ["stage", "journey_stage", "Journey Stage"]
                merged[.source] = ["source", "Source", "type"]
                for preset in [MappingPreset.surveyNPS, .helpdeskTickets, .reviews] {
                    for (field, names) in preset.candidates where !field.isMetadata {
                        merged[field, default: []].append(contentsOf: names.filter { !(merged[field] ?? []).contains($0) })
                    }
                }
                // A bare "score" is an NPS in surveys but stars in reviews; automatic mode does not guess.
                merged[.nps]?.removeAll { $0.lowercased() == "score" }
                merged[.stars]?.removeAll { $0.lowercased() == "score" }
                return merged
            }()
        }
    }

    /// The source every row of such an export is, unless a column says otherwise.
    var defaultSource: String? {
        switch self {
        case .surveyNPS: "survey"
        case .helpdeskTickets: "ticket"
        case .reviews: "review"
        case .automatic: nil
        }
    }

    /// Resolves the candidates against a header: for each field, the first listed name present.
    func resolve(header: [String]) -> [FeedbackField: String] {
        var byLowercased: [String: String] = [:]
        for name in header where byLowercased[name.lowercased()] == nil { byLowercased[name.lowercased()] = name }
        var resolved: [FeedbackField: String] = [:]
        var used: Set<String> = []
        for (field, names) in candidates.sorted(by: { $0.key < $1.key }) {
            if let match = names.lazy.compactMap({ byLowercased[$0.lowercased()] }).first(where: { !used.contains($0) }) {
                resolved[field] = match
                used.insert(match)
            }
        }
        return resolved
    }
}

extension FeedbackField {
    var isMetadata: Bool {
        if case .metadata = self { return true }
        return false
    }
}

import Foundation
import HeardEngine
import HeardModel
import Hummingbird

/// Public survey pages: `/s/{survey}` (the form), `/s/{survey}/{score}` (one-click score links
/// for e-mail: records the score, then asks the open question) and `POST /s/{survey}` (the
/// answer). Every public request spends a token from its client's rate-limit bucket.
struct SurveyRoutes {
    let environment: ServerEnvironment

    func register(on router: Router<HeardContext>) {
        router.get("/survey.css") { _, _ in
            var headers = Responses.headers(contentType: "text/css; charset=utf-8")
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: SurveyPages.stylesheet)))
        }
        router.get("/s/{survey}") { request, context in
            try limit(request, context)
            let survey = try await survey(context)
            return Responses.html(SurveyPages.question(survey, hidden: try hidden(QueryReader(request)), responseID: Secrets.token(bytes: 16)))
        }
        router.get("/s/{survey}/{score}") { request, context in
            try limit(request, context)
            let survey = try await survey(context)
            let score = try self.score(context.parameters.get("score") ?? "", survey: survey)
            let hidden = try hidden(QueryReader(request))
            let responseID = Secrets.token(bytes: 16)
            try await record(survey: survey, responseID: responseID, score: score, comment: nil, hidden: hidden)
            return Responses.html(SurveyPages.followUp(survey, score: score, hidden: hidden, responseID: responseID))
        }
        router.post("/s/{survey}") { request, context in
            try limit(request, context)
            let survey = try await survey(context)
            let form = try await FormBody.read(request, context: context)
            guard let scoreText = form["score"] else { throw APIError.invalid("score", "choose a score") }
            let score = try self.score(scoreText, survey: survey)
            guard let responseID = form["response"], (16...64).contains(responseID.count),
                  responseID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { throw APIError.invalid("response", "the form is incomplete; open the survey link again") }
            let comment = form["comment"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            guard (comment?.count ?? 0) <= 5000 else { throw APIError.invalid("comment", "the answer is longer than 5,000 characters") }
            let hidden = try hidden(form)
            try await record(survey: survey, responseID: responseID, score: score, comment: comment, hidden: hidden)
            return Responses.html(SurveyPages.thanks(survey, score: score))
        }
    }

    private func limit(_ request: Request, _ context: HeardContext) throws {
        if let seconds = environment.publicRateLimit.retryAfter(client: environment.clientAddress(request, context)) {
            throw APIError.rateLimited(retryAfter: seconds)
        }
    }

    private func survey(_ context: HeardContext) async throws -> Survey {
        let key = context.parameters.get("survey") ?? ""
        guard Survey.isValidKey(key), let survey = try await environment.surveys.survey(key: key) else {
            throw APIError.notFound("there is no survey here; check the link")
        }
        return survey
    }

    private func score(_ text: String, survey: Survey) throws -> Int {
        guard let score = Int(text), survey.scale.range.contains(score) else {
            throw APIError.invalid("score", "the score must be \(survey.scale.range.lowerBound)–\(survey.scale.range.upperBound)")
        }
        return score
    }

    private func hidden(_ query: QueryReader) throws -> SurveyPages.Hidden {
        try hidden(["customer": query.string("customer"), "touchpoint": query.string("touchpoint"), "channel": query.string("channel")].compactMapValues { $0 })
    }

    private func hidden(_ values: [String: String]) throws -> SurveyPages.Hidden {
        for name in ["customer", "touchpoint", "channel"] where (values[name]?.count ?? 0) > SurveyPages.Hidden.maximumLength {
            throw APIError.invalid(name, "\(name) is longer than \(SurveyPages.Hidden.maximumLength) characters")
        }
        func value(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }
        return SurveyPages.Hidden(customer: value("customer"), touchpoint: value("touchpoint"), channel: value("channel"))
    }

    /// The response goes through the importer's mapper (validation, redaction) as one record;
    /// the follow-up answer updates the same feedback (same id) with the text.
    private func record(survey: Survey, responseID: String, score: Int, comment: String?, hidden: SurveyPages.Hidden) async throws {
        var record: [String: String] = [
            "id": survey.key + "-" + responseID, "source": "survey", survey.scale.rawValue: String(score), "meta.survey": survey.key,
        ]
        record["text"] = comment
        record["customer"] = hidden.customer
        record["touchpoint"] = hidden.touchpoint ?? survey.touchpoint
        record["channel"] = hidden.channel ?? survey.channel
        let prepared = environment.ingest.prepare(records: [record], receivedAt: Date())
        if let rejection = prepared.rejections.first {
            throw APIError.invalid(rejection.field, rejection.reason)
        }
        try await environment.surveyWriter.write(prepared.batch)
    }
}

import Foundation
import HeardEngine
import HeardModel
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Server: hosted surveys")
struct ServerSurveyTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func surveyFeedback(_ fixture: ServerFixture) async throws -> [FeedbackSearchHit] {
        try await fixture.session.store.searchFeedback(FeedbackSearch(touchpoint: "onboarding", withTextOnly: false, limit: 100),
                                                       in: fixture.session.workspace.id).hits
    }

    @Test("the form answer is stored as survey feedback with its hidden fields and enriched")
    func submit() async throws {
        let fixture = try await ServerFixture.build(comments: 20)
        try await fixture.app().test(.router) { client in
            let page = try await client.execute(uri: "/s/onboarding?customer=c-1&channel=email", method: .get)
            #expect(page.status == .ok)
            let response = try #require(BrowserSession.hiddenField(page.text, "response"))
            #expect(page.text.contains("name=\"customer\" value=\"c-1\""))
            let answer = try await client.execute(uri: "/s/onboarding", method: .post, headers: Self.form, body: ByteBuffer(
                string: "response=\(response)&score=3&customer=c-1&channel=email&comment=The+setup+wizard+crashed+twice"))
            #expect(answer.status == .ok)
            #expect(answer.text.contains("Sorry &lt;script&gt;"))
        }
        var hits: [FeedbackSearchHit] = []
        for _ in 0..<100 {
            hits = try await surveyFeedback(fixture)
            if hits.first?.sentimentLabel != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let hit = try #require(hits.first)
        #expect(hits.count == 1)
        #expect(hit.nps == 3)
        #expect(hit.customerID == "c-1")
        #expect(hit.channel == "email")
        #expect(hit.source == "survey")
        #expect(hit.text == "The setup wizard crashed twice")
        #expect(hit.sentimentLabel != nil)
    }

    @Test("a one-click link records the score at once; the follow-up answer completes the same response")
    func oneClick() async throws {
        let fixture = try await ServerFixture.build(comments: 20)
        try await fixture.app().test(.router) { client in
            let clicked = try await client.execute(uri: "/s/onboarding/9?customer=c-2", method: .get)
            #expect(clicked.status == .ok)
            let response = try #require(BrowserSession.hiddenField(clicked.text, "response"))
            let afterClick = try await surveyFeedback(fixture)
            #expect(afterClick.count == 1)
            #expect(afterClick.first?.nps == 9)
            #expect(afterClick.first?.text == nil)
            let answer = try await client.execute(uri: "/s/onboarding", method: .post, headers: Self.form,
                                                  body: ByteBuffer(string: "response=\(response)&score=9&customer=c-2&comment=Quick+and+easy"))
            #expect(answer.text.contains("Thanks!"))
            let afterAnswer = try await surveyFeedback(fixture)
            #expect(afterAnswer.count == 1)
            #expect(afterAnswer.first?.text == "Quick and easy")
            #expect(afterAnswer.first?.customerID == "c-2")

            #expect(try await client.execute(uri: "/s/onboarding/11", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/s/no-such-survey", method: .get).status == .notFound)
            let noScore = try await client.execute(uri: "/s/onboarding", method: .post, headers: Self.form, body: ByteBuffer(string: "response=\(response)"))
            #expect(noScore.status == .badRequest)
        }
    }

    @Test("public endpoints answer 429 with Retry-After once a client's bucket is empty, other clients unaffected")
    func rateLimit() async throws {
        let fixture = try await ServerFixture.build(comments: 10)
        let configuration = ServerConfiguration(trustForwardedFor: true, publicRequestsPerSecond: 0.01, publicBurst: 3)
        try await fixture.app(configuration).test(.router) { client in
            let first: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.7"]
            for _ in 0..<3 { #expect(try await client.execute(uri: "/s/onboarding", method: .get, headers: first).status == .ok) }
            let limited = try await client.execute(uri: "/s/onboarding/5", method: .get, headers: first)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            let other = try await client.execute(uri: "/s/onboarding", method: .get, headers: [.init("X-Forwarded-For")!: "198.51.100.2"])
            #expect(other.status == .ok)
        }
        #expect(try await surveyFeedback(fixture).isEmpty)
    }

    @Test("surveys are defined through the API with validation")
    func defineThroughAPI() async throws {
        let fixture = try await ServerFixture.build(comments: 10)
        let headers = ServerFixture.json(fixture.keys[.admin])
        try await fixture.app().test(.router) { client in
            let created = try await client.execute(uri: "/api/v1/surveys", method: .post, headers: headers, body: ByteBuffer(
                string: #"{"key": "support-csat", "scale": "csat", "thank_you": {"low": "We will call you."}, "channel": "email"}"#))
            #expect(created.status == .created)
            #expect(created.json?["one_click"] as? String == "/s/support-csat/{score}?customer={customer}&touchpoint={touchpoint}&channel={channel}")
            let page = try await client.execute(uri: "/s/support-csat", method: .get)
            #expect(page.text.contains("value=\"5\""))
            #expect(!page.text.contains("value=\"6\""))
            for (body, field) in [(#"{"key": "Bad Key", "scale": "nps"}"#, "key"), (#"{"key": "ok", "scale": "stars"}"#, "scale"),
                                  (#"{"key": "ok", "scale": "nps", "thank_you": {"best": "x"}}"#, "thank_you.best")] {
                let response = try await client.execute(uri: "/api/v1/surveys", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorField == field, "\(body)")
            }
        }
    }
}

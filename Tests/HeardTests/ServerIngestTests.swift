import Foundation
import HeardEngine
@testable import HeardServer
import HeardStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Server: ingesting feedback")
struct ServerIngestTests {
    @Test("one item: stored through the importer's rules (redaction, source ids) and enriched soon after")
    func single() async throws {
        let fixture = try await ServerFixture.build(comments: 20)
        let headers = ServerFixture.json(fixture.keys[.ingest])
        try await fixture.app().test(.router) { client in
            let body = #"{"id": "t-1", "source": "ticket", "text": "Refund took weeks, write to jane.doe@example.com", "nps": 3, "customer": "c-9", "meta": {"plan": "pro"}}"#
            let created = try await client.execute(uri: "/api/v1/feedback", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            #expect(created.json?["id"] as? String == "ticket:t-1")
            let again = try await client.execute(uri: "/api/v1/feedback", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(again.json?["status"] as? String == "unchanged")
        }
        let stored = try #require(try await fixture.session.store.feedback(externalID: "ticket:t-1", in: fixture.session.workspace.id))
        #expect(stored.text?.contains("jane.doe@example.com") == false)
        #expect(stored.metadata["plan"] == "pro")
        #expect(stored.nps == 3)
        var enriched = false
        for _ in 0..<100 where !enriched {
            let page = try await fixture.session.store.searchFeedback(FeedbackSearch(textContains: "Refund took weeks", withTextOnly: true), in: fixture.session.workspace.id)
            enriched = page.hits.first?.sentimentLabel != nil
            if !enriched { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(enriched)
    }

    @Test("one item: invalid fields are 400 naming the field")
    func singleValidation() async throws {
        let fixture = try await ServerFixture.build(comments: 20)
        let headers = ServerFixture.json(fixture.keys[.ingest])
        let cases: [(String, String?)] = [
            (#"{"text": "fine", "nps": 11}"#, "nps"), (#"{"text": "fine", "scroe": 3}"#, "scroe"),
            (#"{"text": "fine", "time": "31/31/2024"}"#, "time"), (#"{"text": "fine", "source": "pigeon"}"#, "source"),
            (#"{"channel": "web"}"#, nil), ("{\"text\": \"", nil), (#"[1, 2]"#, nil),
        ]
        try await fixture.app().test(.router) { client in
            for (body, field) in cases {
                let response = try await client.execute(uri: "/api/v1/feedback", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorCode == "invalid", "\(body)")
                #expect(response.errorField == field, "\(body)")
            }
        }
    }

    @Test("a batch stores the valid items and reports the others by index and field")
    func batch() async throws {
        let fixture = try await ServerFixture.build(comments: 20)
        let headers = ServerFixture.json(fixture.keys[.analyst])
        let body = #"[{"id": "a", "text": "Great app", "csat": 5}, {"id": "b", "text": "meh", "csat": 9}, {"id": "c", "nps": 8}, {"id": "a", "text": "dup"}, "nope"]"#
        try await fixture.app().test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/feedback/batch", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let result = try #require(response.json)
            #expect(result["received"] as? Int == 5)
            #expect(result["inserted"] as? Int == 2)
            #expect(result["rejected"] as? Int == 3)
            let errors = result["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["index"] as? Int } == [1, 3, 4])
            #expect(errors.first?["field"] as? String == "csat")
            #expect(errors[1]["field"] as? String == "id")
        }
    }

    @Test("bodies over the cap are 413: 1 MiB for one item, 10 MiB for a batch")
    func sizeCaps() async throws {
        let fixture = try await ServerFixture.build(comments: 20)
        let headers = ServerFixture.json(fixture.keys[.ingest])
        try await fixture.app().test(.router) { client in
            let big = #"{"text": ""# + String(repeating: "a", count: BodyLimits.single) + #""}"#
            let single = try await client.execute(uri: "/api/v1/feedback", method: .post, headers: headers, body: ByteBuffer(string: big))
            #expect(single.status == .contentTooLarge)
            #expect(single.errorCode == "too_large")
            let item = #"{"text": ""# + String(repeating: "b", count: 1_000) + #"", "nps": 5},"#
            let huge = "[" + String(repeating: item, count: BodyLimits.batch / item.utf8.count + 10) + #"{"nps": 1}]"#
            let batch = try await client.execute(uri: "/api/v1/feedback/batch", method: .post, headers: headers, body: ByteBuffer(string: huge))
            #expect(batch.status == .contentTooLarge)
            let fits = try await client.execute(uri: "/api/v1/feedback/batch", method: .post, headers: headers, body: ByteBuffer(string: "[" + big + "]"))
            #expect(fits.status == .ok)
        }
    }
}

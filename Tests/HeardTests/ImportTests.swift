import Foundation
@testable import HeardEngine
import HeardModel
import HeardStore
import Testing

@Suite struct ImportTests {
    let header = "id,comment,date,score\n"

    func importFile(_ path: String, in scratch: Scratch, session: WorkspaceSession? = nil, mapping: [String] = ["id=id", "text=comment", "time=date", "nps=score"], source: String = "survey") async throws -> ImportSummary {
        let session = if let session { session } else { try await scratch.session() }
        var options = ImportOptions(path: path, rejectsPath: scratch.path("rejects.csv"))
        for entry in mapping { try options.mapping.add(assignment: entry) }
        options.mapping.constants[.source] = source
        return try await session.importer.run(options)
    }

    func rejects(_ scratch: Scratch) throws -> [[String]] {
        let reader = try CSVReader(path: scratch.path("rejects.csv"))
        #expect(reader.header == ["file", "line", "field", "value", "reason"])
        var rows: [[String]] = []
        while let record = try reader.next() {
            if case let .positional(values) = record.values { rows.append(values.map { $0 ?? "" }) }
        }
        return rows
    }

    @Test func rfc4180QuotingNewlinesBOMAndCRLF() async throws {
        let scratch = try Scratch()
        let text = "\u{FEFF}id,comment,date,score\r\n1,\"Great, \"\"really\"\" great\",2024-03-01,10\r\n2,\"line one\r\nline two\",2024-03-02,3\r\n3,,2024-03-03,8\r\n"
        let path = try scratch.write("quoted.csv", text)
        let summary = try await importFile(path, in: scratch)
        #expect(summary.line == "read 3, inserted 3, updated 0, unchanged 0, rejected 0")
        let session = try await scratch.session()
        let first = try #require(try await session.store.feedback(externalID: "survey:1", in: session.workspace.id))
        #expect(first.text == "Great, \"really\" great")
        #expect(first.nps == 10)
        let second = try #require(try await session.store.feedback(externalID: "survey:2", in: session.workspace.id))
        #expect(second.text == "line one\r\nline two")
        let third = try #require(try await session.store.feedback(externalID: "survey:3", in: session.workspace.id))
        #expect(third.text == nil && third.nps == 8)
    }

    /// Plain quoted fields are sliced straight from the read buffer, the others (doubled quotes,
    /// text after the closing quote) copied; over several 1 MB read chunks, with fields of
    /// every kind cut at every chunk boundary, both must give the same values and line numbers.
    @Test func quotedFieldsAcrossReadChunks() throws {
        let scratch = try Scratch()
        let forms: [(written: String, value: String)] = [
            ("\"plain, quoted\"", "plain, quoted"), ("\"say \"\"hi\"\"\"", "say \"hi\""), ("\"\"", ""),
            ("\"two\nlines\"", "two\nlines"), ("\"kept\" after", "kept after"), ("bare", "bare"), ("\"ü ✓\"", "ü ✓"),
        ]
        var text = "id,a,b\n"
        var expected: [(line: Int, a: String, b: String)] = []
        var line = 2
        var row = 0
        while text.utf8.count < 3 << 20 {
            let a = forms[row % forms.count], b = forms[(row / forms.count + row) % forms.count]
            text += "\(row),\(a.written),\(b.written)\(row % 3 == 0 ? "\r\n" : "\n")"
            expected.append((line, a.value, b.value))
            line += 1 + a.value.filter { $0 == "\n" }.count + b.value.filter { $0 == "\n" }.count
            row += 1
        }
        let reader = try CSVReader(path: try scratch.write("chunks.csv", text))
        var index = 0
        while let record = try reader.next() {
            #expect(record.problem == nil)
            guard case let .positional(values) = record.values, index < expected.count else { break }
            if values != [String(index), expected[index].a, expected[index].b] || record.line != expected[index].line {
                Issue.record("row \(index): \(values) on line \(record.line), expected \(expected[index])")
                break
            }
            index += 1
        }
        #expect(index == expected.count)
    }

    @Test func badRowsAreRejectedWithLineFieldAndReasonAndCountsAddUp() async throws {
        let scratch = try Scratch()
        var bytes = Array((header + "1,fine,2024-03-01,9\n2,too many,2024-03-01,9,extra\n3,eleven,2024-03-01,11\n4,bad date,31/02/2024x,5\n").utf8)
        bytes += Array("5,".utf8) + [0xC3, 0x28] + Array(",2024-03-01,7\n".utf8)
        bytes += Array("6,last good,2024-03-02,0\n".utf8)
        let path = try scratch.write("bad.csv", bytes: bytes)
        let summary = try await importFile(path, in: scratch)
        #expect(summary.read == 6)
        #expect(summary.counts.inserted == 2)
        #expect(summary.rejected == 4)
        #expect(summary.read == summary.counts.total + summary.rejected)
        let rows = try rejects(scratch)
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0[0] == path })
        #expect(rows[0][1] == "3" && rows[0].last!.contains("expected 4 fields"))
        #expect(rows[1][1] == "4" && rows[1][2] == "score" && rows[1].last!.contains("NPS must be 0–10, got 11"))
        #expect(rows[2][1] == "5" && rows[2][2] == "date" && rows[2].last!.contains("date"))
        #expect(rows[3][1] == "6" && rows[3][2] == "comment" && rows[3].last!.contains("UTF-8"))
    }

    /// ASCII fields take a fast path; anything else is still validated, so bad bytes are caught.
    @Test func fieldTextIsValidatedBeyondASCII() {
        func text(_ bytes: [UInt8]) -> String? { bytes.withUnsafeBufferPointer { CSVReader.validatedText($0) } }
        #expect(text(Array("plain, ASCII".utf8)) == "plain, ASCII")
        #expect(text([]) == "")
        #expect(text(Array("café ☕ 🚀".utf8)) == "café ☕ 🚀")
        #expect(text([0x61, 0xC3, 0x28]) == nil)
        #expect(text([0xED, 0xA0, 0x80]) == nil)   // a UTF-16 surrogate encoded as UTF-8
        #expect(text([0x61, 0xF0, 0x9F, 0x9A]) == nil)   // a truncated four-byte sequence
    }

    @Test func unclosedQuoteIsRejectedAndEarlierRowsLand() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("open.csv", header + "1,ok,2024-03-01,9\n2,\"never closed,2024-03-01,9\n3,lost,2024-03-01,9\n")
        let summary = try await importFile(path, in: scratch)
        #expect(summary.counts.inserted == 1)
        #expect(summary.rejected == 1)
        let rows = try rejects(scratch)
        #expect(rows.first?[1] == "3")
        #expect(rows.first?[2] == "comment")
        #expect(rows.first?.last?.contains("never closed") == true)
    }

    @Test func emptyAndHeaderOnlyFilesAreErrorsNamingFileAndLine() async throws {
        let scratch = try Scratch()
        let empty = try scratch.write("empty.csv", "")
        await #expect { try await importFile(empty, in: scratch) } throws: { error in
            let text = "\(error)"
            return text.contains("empty.csv:1") && text.contains("empty")
        }
        let headerOnly = try scratch.write("header.csv", header)
        await #expect { try await importFile(headerOnly, in: scratch) } throws: { error in
            "\(error)".contains("header.csv:2") && "\(error)".contains("no data rows")
        }
    }

    @Test func missingColumnNamesTheFieldAndListsColumns() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("cols.csv", header + "1,x,2024-03-01,9\n")
        await #expect { try await importFile(path, in: scratch, mapping: ["text=comment", "time=date", "nps=Scor"]) } throws: { error in
            let text = "\(error)"
            return text.contains("cols.csv:1") && text.contains("\"nps\"") && text.contains("Scor") && text.contains("columns: id, comment, date, score")
        }
    }

    @Test func reimportIsIdempotentAndUpdatesChangedRows() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let path = try scratch.write("a.csv", header + "1,slow delivery,2024-03-01,3\n2,lovely staff,2024-03-02,10\n")
        let first = try await importFile(path, in: scratch, session: session)
        #expect(first.line == "read 2, inserted 2, updated 0, unchanged 0, rejected 0")
        let second = try await importFile(path, in: scratch, session: session)
        #expect(second.line == "read 2, inserted 0, updated 0, unchanged 2, rejected 0")
        try scratch.write("a.csv", header + "1,slow delivery again,2024-03-01,2\n2,lovely staff,2024-03-02,10\n3,new,2024-03-03,7\n")
        let third = try await importFile(path, in: scratch, session: session)
        #expect(third.line == "read 3, inserted 1, updated 1, unchanged 1, rejected 0")
        let updated = try await session.store.feedback(externalID: "survey:1", in: session.workspace.id)
        #expect(updated?.text == "slow delivery again" && updated?.nps == 2)
        #expect(try await session.store.feedbackCount(in: session.workspace.id) == 3)
    }

    @Test func filesWithoutIdsAreStillIdempotentAndKeepDuplicates() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let path = try scratch.write("noid.csv", "comment,date,score\ngreat,2024-03-01,10\ngreat,2024-03-01,10\nmeh,2024-03-01,7\n")
        let mapping = ["text=comment", "time=date", "nps=score"]
        let first = try await importFile(path, in: scratch, session: session, mapping: mapping)
        #expect(first.counts.inserted == 3)
        let second = try await importFile(path, in: scratch, session: session, mapping: mapping)
        #expect(second.counts.unchanged == 3 && second.counts.inserted == 0)
    }

    @Test func duplicateIdsInOneFileKeepTheFirst() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("dup.csv", header + "1,first,2024-03-01,9\n1,second,2024-03-01,2\n")
        let summary = try await importFile(path, in: scratch)
        #expect(summary.counts.inserted == 1 && summary.rejected == 1)
        #expect(try rejects(scratch).first?.last?.contains("already on line 2") == true)
    }

    @Test func jsonArrayAndJSONLines() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let array = try scratch.write("a.json", """
            [
              {"id": 1, "comment": "Fast refund, thanks", "date": "2024-03-01T10:00:00Z", "score": 9, "customer": {"id": "c1", "plan": "pro"}},
              {"id": 2, "comment": "App keeps crashing", "date": "2024-03-02", "score": 2.0, "customer": {"id": "c2", "plan": "free"}}
            ]
            """)
        let mapping = ["id=id", "text=comment", "time=date", "nps=score", "customer=customer.id", "customer.plan=customer.plan"]
        let first = try await importFile(array, in: scratch, session: session, mapping: mapping)
        #expect(first.line == "read 2, inserted 2, updated 0, unchanged 0, rejected 0")
        #expect(try await session.store.customer(externalID: "c1", in: session.workspace.id)?.attributes["plan"] == "pro")

        let lines = try scratch.write("b.jsonl", """
            {"id": 3, "comment": "ok", "date": "2024-03-03", "score": 7}
            {"id": 4, "comment": "broken
            {"id": 5, "comment": "late", "date": "2024-03-04", "score": 11}
            {"id": 6, "comment": "good", "date": "2024-03-05", "score": 10}

            """)
        let second = try await importFile(lines, in: scratch, session: session, mapping: ["id=id", "text=comment", "time=date", "nps=score"])
        #expect(second.read == 4)
        #expect(second.counts.inserted == 2)
        #expect(second.rejected == 2)
        let rows = try rejects(scratch)
        #expect(rows.map { $0[1] } == ["2", "3"])
    }

    @Test func presetsRecogniseCommonExports() async throws {
        let scratch = try Scratch()
        let session = try await scratch.session()
        let path = try scratch.write("zendesk.csv", "Id,Subject,Description,Created at,Requester id,Via,Group,Priority\n77,Refund,Where is my refund?,2024-03-01 09:00:00,u1,email,Billing,high\n")
        var options = ImportOptions(path: path, preset: .helpdeskTickets, rejectsPath: scratch.path("r.csv"))
        options.batchSize = 10
        let summary = try await session.importer.run(options)
        #expect(summary.counts.inserted == 1)
        let ticket = try #require(try await session.store.feedback(externalID: "ticket:77", in: session.workspace.id))
        #expect(ticket.source == .ticket && ticket.text == "Where is my refund?" && ticket.channel == "email")
        #expect(ticket.touchpoint == "Billing" && ticket.metadata["priority"] == "high" && ticket.customerID == "u1")
    }

    @Test func mappingFileInYAML() async throws {
        let scratch = try Scratch()
        let mappingPath = try scratch.write("map.yaml", """
            map:
              id: id
              text: comment
              time: date
              nps: score
              meta.wave: wave
            source: survey
            channel: email
            date_format: dd/MM/yyyy
            """)
        let loaded = try MappingFile.load(path: mappingPath)
        #expect(loaded.mapping.columns[.metadata("wave")] == "wave")
        #expect(loaded.mapping.constants[.channel] == "email")
        let path = try scratch.write("m.csv", "id,comment,date,score,wave\n1,hi,03/04/2024,9,spring\n")
        var options = ImportOptions(path: path, mapping: loaded.mapping, dateFormat: loaded.dateFormat, rejectsPath: scratch.path("r.csv"))
        options.batchSize = 10
        let session = try await scratch.session()
        _ = try await session.importer.run(options)
        let stored = try #require(try await session.store.feedback(externalID: "survey:1", in: session.workspace.id))
        #expect(CalendarDay(stored.occurredAt) == CalendarDay(year: 2024, month: 4, day: 3))
        #expect(stored.metadata["wave"] == "spring" && stored.channel == "email")
    }
}

import Foundation
@testable import HeardEngine
import Testing

@Suite struct DateParserTests {
    let utc = try! DateParser()

    func seconds(_ text: String, _ parser: DateParser? = nil) throws -> Int {
        Int(try (parser ?? utc).parse(text).timeIntervalSince1970)
    }

    @Test func iso8601Variants() throws {
        #expect(try seconds("2024-03-05") == 1_709_596_800)
        #expect(try seconds("2024-03-05T10:20:30Z") == 1_709_634_030)
        #expect(try seconds("2024-03-05 10:20:30") == 1_709_634_030)
        #expect(try seconds("2024-03-05T10:20:30.123+01:00") == 1_709_630_430)
        #expect(try seconds("2024-03-05T10:20+0100") == 1_709_630_400)
        #expect(try seconds("2024/03/05") == 1_709_596_800)
    }

    @Test func twitterStyleOffset() throws {
        // 2015-02-24 11:35:52 -0800 is 19:35:52 UTC.
        #expect(try seconds("2015-02-24 11:35:52 -0800") == 1_424_806_552)
    }

    @Test func monthNamesAndEpochs() throws {
        #expect(try seconds("24 Feb 2015") == 1_424_736_000)
        #expect(try seconds("Feb 24, 2015") == 1_424_736_000)
        #expect(try seconds("Tue, 24 Feb 2015 11:35:52 -0800") == 1_424_806_552)
        #expect(try seconds("1424806552") == 1_424_806_552)
        #expect(try seconds("1424806552000") == 1_424_806_552)
    }

    @Test func slashedDatesNeedAFormat() throws {
        #expect(throws: DateValueError.self) { try utc.parse("03/04/2024 10:00") }
        let european = try DateParser(format: "dd/MM/yyyy HH:mm")
        #expect(try seconds("03/04/2024 10:00", european) == 1_712_138_400)
        let american = try DateParser(format: "MM/dd/yyyy h:mm a")
        #expect(try seconds("04/03/2024 10:00 AM", american) == 1_712_138_400)
        #expect(try seconds("04/03/2024 12:30 PM", american) == 1_712_147_400)
        #expect(throws: DateValueError.self) { try european.parse("2024-04-03") }
    }

    @Test func invalidDatesAreErrors() {
        #expect(throws: DateValueError.self) { try utc.parse("2023-02-29") }
        #expect(throws: DateValueError.self) { try utc.parse("2024-03-05 25:00") }
        #expect(throws: DateValueError.self) { try utc.parse("yesterday") }
        #expect(throws: DateValueError.self) { try utc.parse("") }
        #expect(throws: DateFormatError.self) { try DateParser(format: "dd/QQ/yyyy") }
    }

    @Test func localTimesInAZone() throws {
        let berlin = try DateParser(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        // Winter (UTC+1) and summer (UTC+2).
        #expect(try seconds("2024-01-15 12:00", berlin) == 1_705_316_400)
        #expect(try seconds("2024-07-15 12:00", berlin) == 1_721_037_600)
    }
}

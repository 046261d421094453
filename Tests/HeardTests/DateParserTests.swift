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

    /// The in-place reading of plain ISO layouts must give what the general detection gives,
    /// instant or error, for every text it accepts; it may only decline.
    @Test func plainISOLayoutsMatchGeneralDetection() throws {
        func general(_ text: String, _ zone: TimeZone) -> Result<Date, DateValueError> {
            var fields = DateParser.Fields()
            do {
                try DateParser.detect(Array(text.utf8), original: text, into: &fields)
                return .success(try fields.instant(text: text, timeZone: zone))
            } catch {
                return .failure(error)
            }
        }
        let dates = ["2024-03-05", "1970-01-01", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "0000-01-01", "9999-12-31", "2024-3-05", "202a-03-05"]
        let times = ["T10:20:30", " 10:20:30", "T23:59:60", "T24:00:00", "T10:60:00", "T1:20:30", "x10:20:30", "T10:20", "T10:20:30.5"]
        let offsets = ["", "Z", "z", " -0800", "-0800", "+05:30", " +05:30", "+0530", "+15:00", "+05:60", " +05", "-08", " Z", "UTC", " +05:3", "+05:300"]
        var accepted = 0
        for zone in [TimeZone(identifier: "UTC")!, TimeZone(identifier: "America/Los_Angeles")!] {
            let parser = try DateParser(timeZone: zone)
            for date in dates {
                for time in times {
                    for offset in offsets {
                        let text = date + time + offset
                        let fast: Result<Date, DateValueError> = Result { () throws(DateValueError) in try parser.parse(text) }
                        #expect(fast == general(text, zone), "\(text)")
                        if text.utf8.withContiguousStorageIfAvailable(DateParser.plainISO) ?? nil != nil { accepted += 1 }
                    }
                }
            }
        }
        // The layouts it is meant for do take the in-place path.
        #expect(accepted > 500)
        for text in ["2024-03-05T10:20:30Z", "2024-03-05 10:20:30", "2015-02-24 11:35:52 -0800", "2024-03-05T10:20:30+01:00"] {
            #expect(text.utf8.withContiguousStorageIfAvailable(DateParser.plainISO) ?? nil != nil, "\(text)")
        }
    }
}

import Foundation
import HeardModel
import HeardStats

/// Writes a large, realistic-looking feedback CSV for benchmarks, streaming it in chunks so
/// the generator itself stays small in memory.
public enum GeneratedFeedbackFile {
    public static let header = "id,created_at,customer_id,segment,channel,touchpoint,nps,csat,comment,plan"

    public static func write(rows: Int, to path: String, seed: UInt64 = 42) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ImportError(file: path, line: nil, field: nil, reason: "cannot write the benchmark file")
        }
        defer { try? handle.close() }
        var generator = SeededGenerator(seed: seed)
        let segments = ["consumer", "consumer", "consumer", "smb", "enterprise"]
        let channels = ["email", "web", "app", "sms"]
        let touchpoints = ["purchase", "delivery", "activation", "support", "billing"]
        let plans = ["prepaid", "standard", "unlimited", "business"]
        let phrases = [
            "delivery was late again", "lovely staff in the shop", "the app keeps logging me out", "refund took three weeks",
            "easy to set up", "billing is confusing", "great value for money", "waited forty minutes on the phone",
            "card top-up failed twice", "fast and friendly support",
        ]
        let start = CalendarDay(year: 2024, month: 1, day: 1).daysSinceEpoch * 86_400
        var chunk = header + "\n"
        for index in 0..<rows {
            let seconds = start + Int.random(in: 0..<(730 * 86_400), using: &generator)
            let day = CalendarDay(daysSinceEpoch: seconds / 86_400)
            let rest = seconds % 86_400
            let phrase = phrases[Int.random(in: 0..<phrases.count, using: &generator)]
            let hasCSAT = Int.random(in: 0..<3, using: &generator) == 0
            // A customer keeps one segment, as in real exports.
            let customer = Int.random(in: 0..<200_000, using: &generator)
            chunk += "\(index),\(day)T\(pad(rest / 3600)):\(pad(rest / 60 % 60)):\(pad(rest % 60))Z,C\(customer),"
            chunk += "\(segments[customer % 5]),\(channels[Int.random(in: 0..<4, using: &generator)]),"
            chunk += "\(touchpoints[Int.random(in: 0..<5, using: &generator)]),\(Int.random(in: 0...10, using: &generator)),"
            chunk += (hasCSAT ? String(Int.random(in: 1...5, using: &generator)) : "") + ",\"\(phrase), order \(index)\",\(plans[index % 4])\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }

    /// The `--map` arguments that import this file.
    public static let mapArguments = [
        "id=id", "time=created_at", "customer=customer_id", "segment=segment", "channel=channel",
        "touchpoint=touchpoint", "nps=nps", "csat=csat", "text=comment", "meta.plan=plan",
    ]

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

import Foundation

/// The real customer text bundled with Heard (see SAMPLE-DATA.md), read from the module's
/// resources.
struct SampleTexts {
    /// Product review sentences, positive or not.
    var reviews: [(text: String, positive: Bool)]
    /// Survey comments with their mean human rating from −4 to +4.
    var surveyComments: [(text: String, rating: Double)]
    /// Support queries with their intent.
    var supportQueries: [(text: String, intent: String)]

    static func load() throws -> SampleTexts {
        SampleTexts(
            reviews: try rows("reviews").compactMap { $0.count == 2 ? ($0[0], $0[1] == "1") : nil },
            surveyComments: try rows("survey").compactMap { row in
                guard row.count == 2, let rating = Double(row[1]) else { return nil }
                return (row[0], rating)
            },
            supportQueries: try rows("support").compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil })
    }

    private static func rows(_ name: String) throws -> [[String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Sample") else {
            throw DemoError.missingSample(name + ".tsv")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}

public enum DemoError: Error, CustomStringConvertible {
    case missingSample(String)

    public var description: String {
        switch self {
        case let .missingSample(name): "the bundled sample \(name) is missing from this build of Heard"
        }
    }
}

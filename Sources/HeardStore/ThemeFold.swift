import Foundation

/// One comment's mentions of one theme, summed: a comment that names a theme twice counts once
/// in theme analytics, with the mean of its mentions' sentiment.
struct ThemeFold: Equatable {
    var themeKey: String
    var mentions = 0
    var sentimentSum = 0.0
    var negativeMentions = 0
    var positiveMentions = 0

    /// The folds of a comment's mentions, in order of each theme's first mention.
    static func fold(_ mentions: [FeedbackEnrichment.Mention]) -> [ThemeFold] {
        var folds: [ThemeFold] = []
        for mention in mentions {
            let index = folds.firstIndex { $0.themeKey == mention.themeKey } ?? {
                folds.append(ThemeFold(themeKey: mention.themeKey))
                return folds.count - 1
            }()
            folds[index].mentions += 1
            folds[index].sentimentSum += mention.sentimentScore
            if mention.sentimentLabel == "negative" { folds[index].negativeMentions += 1 }
            if mention.sentimentLabel == "positive" { folds[index].positiveMentions += 1 }
        }
        return folds
    }
}

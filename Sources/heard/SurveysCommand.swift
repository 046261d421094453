import ArgumentParser
import Foundation
import HeardEngine
import HeardModel
import HeardServer

struct SurveysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surveys",
        abstract: "Hosted NPS, CSAT and CES surveys served by `heard serve` at /s/KEY.",
        discussion: """
            Each survey asks one score question and an open follow-up. Links carry hidden fields: customer, touchpoint
            and channel. One-click links for e-mail record the score and then ask the follow-up:
            /s/KEY/SCORE?customer=ID. Answers are imported like any feedback and analysed within a second.

              heard surveys add onboarding --scale nps --touchpoint onboarding --thanks-low "Sorry — we will call you."
              heard surveys list
            """,
        subcommands: [SurveysAddCommand.self, SurveysListCommand.self],
        defaultSubcommand: SurveysListCommand.self)
}

struct SurveysAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Define a survey (or redefine one with the same key).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Short name used in the link: lowercase letters, digits, dashes.")
    var key: String

    @Option(name: .long, help: "nps, csat or ces.")
    var scale: String = "nps"

    @Option(name: .long, help: "The score question (default: the standard wording for the scale).")
    var question: String?

    @Option(name: .long, help: "The open follow-up question.")
    var followUp: String?

    @Option(name: .long, help: "Thank-you text for low scores (NPS 0–6, CSAT 1–2, CES 1–3).")
    var thanksLow: String?

    @Option(name: .long, help: "Thank-you text for middle scores (NPS 7–8, CSAT 3, CES 4).")
    var thanksMiddle: String?

    @Option(name: .long, help: "Thank-you text for high scores (NPS 9–10, CSAT 4–5, CES 5–7).")
    var thanksHigh: String?

    @Option(name: .long, help: "Touchpoint of responses whose link does not say.")
    var touchpoint: String?

    @Option(name: .long, help: "Channel of responses whose link does not say.")
    var channel: String?

    func run() async throws {
        var thanks: [Survey.Band: String] = [:]
        thanks[.low] = thanksLow
        thanks[.middle] = thanksMiddle
        thanks[.high] = thanksHigh
        let survey: Survey
        do {
            survey = try SurveyDefinition.make(key: key, scale: scale, question: question, followUp: followUp, thankYou: thanks,
                                               touchpoint: touchpoint, channel: channel)
        } catch let error as APIError {
            throw ValidationError(error.message)
        }
        let session = try await global.open()
        let saved = try await session.store.save(survey, in: session.workspace.id)
        let links = SurveyDefinition.links(saved)
        print("survey \(saved.key) (\(saved.scale.title)): \(saved.question)")
        print("  page:      \(links.page)")
        print("  one-click: \(links.oneClick)")
    }
}

struct SurveysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List surveys (the default).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let session = try await global.open()
        let surveys = try await session.store.surveys(in: session.workspace.id)
        guard !surveys.isEmpty else { return print("No surveys. Define one with `heard surveys add KEY --scale nps`.") }
        print(MetricsTable.layout([["key", "scale", "question", "link"]] + surveys.map { survey in
            [survey.key, survey.scale.title, survey.question, SurveyDefinition.links(survey).page]
        }))
    }
}

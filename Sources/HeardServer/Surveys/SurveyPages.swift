import HeardDashboard
import HeardModel

/// The public survey pages: plain HTML forms that work without JavaScript, large touch
/// targets, and every piece of survey and link text escaped.
enum SurveyPages {
    /// The values a response carries from the link (hidden fields), passed along from page to page.
    struct Hidden: Sendable {
        var customer: String?
        var touchpoint: String?
        var channel: String?

        static let maximumLength = 200

        var formFields: String {
            [("customer", customer), ("touchpoint", touchpoint), ("channel", channel)].compactMap { name, value in
                value.map { "<input type=\"hidden\" name=\"\(name)\" value=\"\(DashboardSite.escape($0))\">" }
            }.joined(separator: "\n")
        }
    }

    static func scoreLabels(_ scale: ScoreScale) -> (low: String, high: String) {
        switch scale {
        case .nps: ("Not at all likely", "Extremely likely")
        case .csat: ("Very unsatisfied", "Very satisfied")
        case .ces: ("Very difficult", "Very easy")
        case .stars: ("Poor", "Excellent")
        }
    }

    /// The score question and the open question on one form.
    static func question(_ survey: Survey, hidden: Hidden, responseID: String) -> String {
        let labels = scoreLabels(survey.scale)
        let buttons = survey.scale.range.map { score in
            "<label class=\"score\"><input type=\"radio\" name=\"score\" value=\"\(score)\" required><span>\(score)</span></label>"
        }.joined()
        return page(title: survey.question, body: """
            <form method="post" action="/s/\(DashboardSite.escape(survey.key))" class="survey">
            <input type="hidden" name="response" value="\(DashboardSite.escape(responseID))">
            \(hidden.formFields)
            <fieldset class="scores"><legend>\(DashboardSite.escape(survey.question))</legend>
            <div class="score-row">\(buttons)</div>
            <p class="score-ends"><span>\(labels.low)</span><span>\(labels.high)</span></p>
            </fieldset>
            \(followUpField(survey))
            <button type="submit">Send</button>
            </form>
            """)
    }

    /// After a one-click score: the score is stored; this asks the open question.
    static func followUp(_ survey: Survey, score: Int, hidden: Hidden, responseID: String) -> String {
        page(title: "Thank you", body: """
            <p>We recorded your answer: <strong>\(score)</strong>.</p>
            <form method="post" action="/s/\(DashboardSite.escape(survey.key))" class="survey">
            <input type="hidden" name="response" value="\(DashboardSite.escape(responseID))">
            <input type="hidden" name="score" value="\(score)">
            \(hidden.formFields)
            \(followUpField(survey))
            <button type="submit">Send</button>
            </form>
            """)
    }

    static func thanks(_ survey: Survey, score: Int) -> String {
        let text = survey.thankYou[survey.band(of: score)] ?? "Thank you for your feedback. It goes straight to the team that can act on it."
        return page(title: "Thank you", body: "<p class=\"thanks\">\(DashboardSite.escape(text))</p>")
    }

    private static func followUpField(_ survey: Survey) -> String {
        """
        <p class="follow-up"><label for="comment">\(DashboardSite.escape(survey.followUpQuestion))</label>
        <textarea id="comment" name="comment" rows="5" maxlength="5000"></textarea></p>
        """
    }

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(DashboardSite.escape(title))</title>
        <link rel="stylesheet" href="/survey.css">
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// Served at /survey.css: large tap targets that wrap on narrow screens, system fonts, no web fonts.
    static let stylesheet = """
        body { font: 1.05rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1b1f; background: #f6f6f8; }
        main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
        legend { font-size: 1.3rem; font-weight: 600; margin-bottom: 1rem; }
        .score-row { display: flex; flex-wrap: wrap; gap: 0.4rem; }
        .score { flex: 1 0 2.6rem; }
        .score input { position: absolute; opacity: 0; }
        .score span { display: block; text-align: center; padding: 0.7rem 0; border: 2px solid #4b4b9a; border-radius: 6px; background: #fff; cursor: pointer; }
        .score input:checked + span { background: #3a3a8c; color: #fff; }
        .score input:focus-visible + span { outline: 3px solid #e0a100; outline-offset: 2px; }
        .score-ends { display: flex; justify-content: space-between; font-size: 0.9rem; color: #55555f; }
        label { display: block; font-weight: 600; margin-bottom: 0.4rem; }
        textarea { width: 100%; box-sizing: border-box; font: inherit; padding: 0.5rem; border: 1px solid #6b6b75; border-radius: 6px; }
        button { font: inherit; font-weight: 600; padding: 0.7rem 1.6rem; border: 0; border-radius: 6px; background: #3a3a8c; color: #fff; cursor: pointer; }
        .thanks { font-size: 1.2rem; }

        """
}

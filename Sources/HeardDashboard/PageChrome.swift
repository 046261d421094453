import Foundation

/// The frame every dashboard page (and the server's own login and survey pages) sits in:
/// skip link, navigation, main landmark, the stylesheet and the optional script.
enum PageChrome {
    static let navigation: [(path: String, label: String)] = [
        ("/", "Overview"), ("/themes", "Themes"), ("/drivers", "Drivers"), ("/emerging", "Emerging"),
        ("/verbatims", "Verbatims"), ("/personas", "Personas"), ("/revenue", "Revenue"), ("/inside-out", "Inside-out"),
        ("/taxonomy", "Taxonomy"),
    ]

    static func page(title: String, viewer: DashboardViewer?, current: String?, body: String) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Heard</title>
            <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/static/heard.css">
            <script src="/static/heard.js" defer></script>
            </head>
            <body>
            <a class="skip-link" href="#main">Skip to content</a>
            <header class="site-header">
            <a class="brand" href="/">Heard</a>

            """
        if let viewer {
            out += "<nav aria-label=\"Dashboard\"><ul>"
            for item in navigation {
                let isCurrent = current == item.path
                out += "<li><a href=\"\(item.path)\"\(isCurrent ? " aria-current=\"page\"" : "")>\(item.label)</a></li>"
            }
            out += "</ul></nav>"
            out += "<p class=\"who\">\(HTML.escape(viewer.userName)) <span class=\"role\">(\(HTML.escape(roleName(viewer.role))))</span>"
            out += " <a href=\"/logout\">Sign out</a></p>"
        }
        out += """
            </header>
            <main id="main" tabindex="-1">
            <h1>\(HTML.escape(title))</h1>
            \(body)
            </main>
            <footer class="site-footer"><p>Heard · intervals are 95%; a change is marked only when its test is significant (p &lt; 0.05).</p></footer>
            </body>
            </html>

            """
        return out
    }

    static func roleName(_ role: DashboardRole) -> String {
        switch role {
        case .admin: "admin"
        case .analyst: "analyst"
        case .teamMember: "team member"
        case .viewer: "viewer"
        }
    }

    /// A plain sentence in a box, for empty and not-enough-data states.
    static func notice(_ text: String) -> String { "<p class=\"notice\">\(HTML.escape(text))</p>" }
}

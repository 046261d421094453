import HeardDashboard

/// The server's own pages (sign-in, messages), in the dashboard's chrome. Everything that
/// comes from outside is escaped here; callers pass plain text.
enum Pages {
    static func message(title: String, text: String) -> String {
        DashboardSite.page(title: title, viewer: nil, body: "<p>\(DashboardSite.escape(text))</p>")
    }

    static func login(error: String?, next: String, loginCSRF: String) -> String {
        var body = ""
        if let error { body += "<p class=\"notice\" role=\"alert\">\(DashboardSite.escape(error))</p>" }
        body += """
            <form method="post" action="/login" class="filters">
            <input type="hidden" name="csrf" value="\(DashboardSite.escape(loginCSRF))">
            <input type="hidden" name="next" value="\(DashboardSite.escape(next))">
            <div class="field"><label for="name">User name</label>
            <input id="name" name="name" autocomplete="username" required autofocus></div>
            <div class="field"><label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required></div>
            <button type="submit">Sign in</button>
            </form>
            """
        return DashboardSite.page(title: "Sign in", viewer: nil, body: body)
    }

    static func logout(csrf: String) -> String {
        DashboardSite.page(title: "Sign out", viewer: nil, body: """
            <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(DashboardSite.escape(csrf))">
            <button type="submit">Sign out</button> <a href="/">Back to the dashboard</a></form>
            """)
    }
}

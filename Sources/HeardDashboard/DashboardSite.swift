import Foundation
import HeardEngine
import HeardModel
import HeardStore

/// The dashboard: every page as server-rendered HTML with SVG charts, plus its stylesheet and
/// script. The server authenticates, checks CSRF on POST, and hands requests here.
public struct DashboardSite: Sendable {
    let session: WorkspaceSession
    let cache: ResultCache
    let similar: SimilarCommentSearch?

    /// `similar`: the server's similar-comment search; without it the verbatim explorer offers none.
    public init(session: WorkspaceSession, similar: SimilarCommentSearch? = nil) {
        self.session = session
        self.cache = ResultCache(lifetime: 300)
        self.similar = similar
    }

    /// True when this path belongs to the dashboard (so the server routes it here).
    public static func handles(path: String) -> Bool {
        let exact: Set<String> = ["/", "/themes", "/drivers", "/emerging", "/verbatims", "/personas", "/revenue", "/inside-out", "/taxonomy", "/verbatims/similar"]
        if exact.contains(path) { return true }
        return path.hasPrefix("/personas/") || path.hasPrefix("/taxonomy/") || path.hasPrefix("/static/")
    }

    public func respond(to request: DashboardRequest) async -> DashboardResponse {
        if request.path.hasPrefix("/static/") {
            guard request.method == "GET" || request.method == "HEAD" else { return errorPage(405, "Static files are read-only.", request) }
            return StaticAssets.response(for: request.path) ?? errorPage(404, "There is no such file.", request)
        }
        do {
            switch (request.method, request.path) {
            case ("GET", "/"): return .html(try await OverviewPage(session: session, request: request).render())
            case ("GET", "/themes"): return .html(try await ThemeMapPage(session: session, cache: cache, request: request).render())
            case ("GET", "/drivers"): return .html(try await DriversPage(session: session, cache: cache, request: request).render())
            case ("GET", "/emerging"): return .html(try await EmergingPage(session: session, cache: cache, request: request).render())
            case ("GET", "/verbatims"):
                let offersSimilar = await similar?.isAvailable() ?? false
                return .html(try await VerbatimsPage(session: session, request: request, offersSimilar: offersSimilar).render())
            case ("GET", "/verbatims/similar"): return .html(try await SimilarPage(session: session, similar: similar, request: request).render())
            case ("GET", "/personas"): return .html(try await PersonasPage(session: session, cache: cache, request: request).renderList())
            case ("GET", "/revenue"): return .html(try await RevenuePage(session: session, cache: cache, request: request).render())
            case ("GET", "/inside-out"): return .html(try await InsideOutPage(session: session, cache: cache, request: request).render())
            case ("GET", "/taxonomy"): return .html(try await TaxonomyPage(session: session, cache: cache, request: request).render())
            case ("POST", _) where request.path.hasPrefix("/taxonomy/"):
                return try await TaxonomyPage(session: session, cache: cache, request: request).handlePost()
            case ("GET", _) where request.path.hasPrefix("/personas/") && request.path.hasSuffix("/picture"):
                let raw = request.path.dropFirst("/personas/".count).dropLast("/picture".count)
                guard let id = Int64(raw), let picture = try await PersonasPage(session: session, cache: cache, request: request).pictureResponse(id: id) else {
                    return errorPage(404, "There is no such picture.", request)
                }
                return picture
            case ("GET", _) where request.path.hasPrefix("/personas/"):
                let raw = request.path.dropFirst("/personas/".count)
                guard let id = Int64(raw) else { return errorPage(404, "There is no such persona.", request) }
                guard let page = try await PersonasPage(session: session, cache: cache, request: request).renderDetail(id: id) else {
                    return errorPage(404, "There is no such persona.", request)
                }
                return .html(page)
            default:
                if Self.handles(path: request.path) && request.method != "GET" {
                    return errorPage(405, "This page only answers GET.", request)
                }
                return errorPage(404, "There is no such page.", request)
            }
        } catch let error as DashboardError {
            return errorPage(error.status, error.message, request)
        } catch {
            // The details are for the operator's log, not for the page.
            FileHandle.standardError.write(Data("heard dashboard: \(request.method) \(request.path): \(error)\n".utf8))
            return errorPage(500, "Something went wrong while reading the workspace. The server log has the details.", request)
        }
    }

    /// The shared page chrome, so server-rendered pages (login, survey pages) look the same.
    /// `body` is already-escaped HTML.
    public static func page(title: String, viewer: DashboardViewer?, body: String) -> String {
        PageChrome.page(title: title, viewer: viewer, current: nil, body: body)
    }

    /// HTML-escapes text for element content and attribute values.
    public static func escape(_ text: String) -> String { HTML.escape(text) }

    private func errorPage(_ status: Int, _ message: String, _ request: DashboardRequest) -> DashboardResponse {
        let title = switch status {
        case 400: "Bad request"
        case 403: "Not allowed"
        case 404: "Not found"
        case 405: "Method not allowed"
        default: "Error"
        }
        let body = "<p>\(HTML.escape(message))</p><p><a href=\"/\">Back to the overview</a></p>"
        return .html(PageChrome.page(title: title, viewer: request.viewer, current: nil, body: body), status: status)
    }
}

/// A request the dashboard refuses, with the status and a sentence for the page.
struct DashboardError: Error {
    var status: Int
    var message: String
}

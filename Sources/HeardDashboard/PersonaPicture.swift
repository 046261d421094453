import Foundation
import HeardModel

/// Persona pictures: web URLs are used as they are; a relative path (how persona files and the
/// demo name them) is a file next to the workspace database, served at /personas/ID/picture.
enum PersonaPicture {
    static let types = ["svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                        "gif": "image/gif", "webp": "image/webp"]
    static let maximumBytes = 2_000_000

    /// What an <img src> gets, or nil when there is no picture that may be shown.
    static func source(for persona: Persona, folder: URL?) -> String? {
        guard let url = HTML.safeImageURL(persona.pictureURL), let id = persona.id else { return nil }
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || url.hasPrefix("/") { return url }
        // Only when the file is there, so the page never points at a picture that fails to load.
        guard let folder, let path = servablePath(url),
              FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) else { return nil }
        return "/personas/\(id)/picture"
    }

    /// A relative path inside the workspace folder with a picture extension, or nil.
    static func servablePath(_ path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !path.contains("\\"), !path.contains(":"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              let ext = path.split(separator: ".").last.map({ $0.lowercased() }), types[ext] != nil
        else { return nil }
        return path
    }

    static func response(for persona: Persona, folder: URL?) -> DashboardResponse? {
        guard let folder, let raw = persona.pictureURL, let path = servablePath(raw),
              let type = types[path.split(separator: ".").last!.lowercased()] else { return nil }
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let file = folder.appendingPathComponent(path).standardizedFileURL.resolvingSymlinksInPath()
        // A symbolic link must not lead out of the workspace folder.
        guard file.path.hasPrefix(base.hasSuffix("/") ? base : base + "/"),
              let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int,
              size <= maximumBytes, let data = try? Data(contentsOf: file)
        else { return nil }
        return DashboardResponse(status: 200, contentType: type, body: Array(data), cacheSeconds: 300)
    }
}

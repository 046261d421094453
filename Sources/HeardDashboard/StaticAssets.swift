import Foundation

/// The stylesheet and script under Static/, served at /static/NAME. Only the names listed here
/// are served, so a request path never reaches the file system.
enum StaticAssets {
    static let types: [String: String] = [
        "heard.css": "text/css; charset=utf-8",
        "heard.js": "text/javascript; charset=utf-8",
        "favicon.svg": "image/svg+xml",
    ]

    private static let contents: [String: [UInt8]] = {
        var out: [String: [UInt8]] = [:]
        for name in types.keys {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            if let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Static")
                ?? Bundle.module.url(forResource: parts[0], withExtension: parts[1]),
               let data = try? Data(contentsOf: url) {
                out[name] = Array(data)
            }
        }
        return out
    }()

    static func response(for path: String) -> DashboardResponse? {
        guard path.hasPrefix("/static/") else { return nil }
        let name = String(path.dropFirst("/static/".count))
        guard let type = types[name], let body = contents[name] else { return nil }
        return DashboardResponse(status: 200, contentType: type, body: body, cacheSeconds: 3600)
    }
}

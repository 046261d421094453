import Foundation
import HeardModel
import Yams

/// Reads a theme taxonomy from YAML or JSON (JSON is YAML too): a tree of themes, each with a
/// stable `id`, a `name`, an `owner` team, `phrases`, `exclusions`, `examples` and `children`.
/// Errors name the file, the theme and the field.
public enum TaxonomyFile {
    public static func read(path: String) throws -> [Theme] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ImportError(file: path, line: nil, field: nil, reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// The starter taxonomy Heard ships.
    public static func starter() throws -> [Theme] {
        try parse(DefaultModels.resourceText("starter-taxonomy", ext: "yaml"), file: "starter-taxonomy.yaml")
    }

    public static func parse(_ text: String, file: String) throws -> [Theme] {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch let error as YamlError {
            throw ImportError(file: file, line: nil, field: nil, reason: "not valid YAML or JSON: \(error)")
        }
        guard let root = document as? [String: Any], let list = root["themes"] as? [Any] else {
            throw ImportError(file: file, line: nil, field: "themes", reason: "expected a top-level 'themes:' list")
        }
        var themes: [Theme] = []
        var seen: Set<String> = []
        try collect(list, parent: nil, file: file, into: &themes, seen: &seen)
        return themes
    }

    private static func collect(_ list: [Any], parent: String?, file: String, into themes: inout [Theme], seen: inout Set<String>) throws {
        for (position, item) in list.enumerated() {
            let place = parent.map { "children of '\($0)', item \(position + 1)" } ?? "theme \(position + 1)"
            guard let fields = item as? [String: Any] else {
                throw ImportError(file: file, line: nil, field: place, reason: "expected a mapping with id, name, phrases…")
            }
            let known: Set<String> = ["id", "name", "owner", "status", "phrases", "exclusions", "examples", "children"]
            if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
                throw ImportError(file: file, line: nil, field: "\(place).\(unknown)", reason: "unknown field; expected one of \(known.sorted().joined(separator: ", "))")
            }
            guard let id = fields["id"].map({ "\($0)" }), isValidID(id) else {
                throw ImportError(file: file, line: nil, field: "\(place).id", reason: "every theme needs an id of lower-case letters, digits, '.', '-' or '_'")
            }
            guard seen.insert(id).inserted else {
                throw ImportError(file: file, line: nil, field: "\(id).id", reason: "id used twice; ids must be unique")
            }
            guard let name = fields["name"] as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ImportError(file: file, line: nil, field: "\(id).name", reason: "every theme needs a name")
            }
            var status = Theme.Status.active
            if let raw = fields["status"] {
                guard let parsed = Theme.Status(rawValue: "\(raw)") else {
                    throw ImportError(file: file, line: nil, field: "\(id).status", reason: "must be active, proposed or retired")
                }
                status = parsed
            }
            func strings(_ key: String) throws -> [String] {
                guard let value = fields[key] else { return [] }
                guard let array = value as? [Any] else {
                    throw ImportError(file: file, line: nil, field: "\(id).\(key)", reason: "expected a list")
                }
                return array.map { "\($0)" }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            }
            themes.append(Theme(
                key: id, name: name, parentKey: parent, ownerTeam: fields["owner"].map { "\($0)" }, status: status,
                phrases: try strings("phrases"), exclusions: try strings("exclusions"), examples: try strings("examples")))
            if let children = fields["children"] {
                guard let childList = children as? [Any] else {
                    throw ImportError(file: file, line: nil, field: "\(id).children", reason: "expected a list of themes")
                }
                try collect(childList, parent: id, file: file, into: &themes, seen: &seen)
            }
        }
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && id.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}

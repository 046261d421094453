import Foundation
import HeardModel
import Yams

/// Personas as the user writes them, in YAML or JSON:
///
///     personas:
///       - name: Enterprise fleet buyer
///         description: Buys phones for hundreds of staff; cares about delivery dates.
///         picture: personas/fleet.svg
///         rule: segment = enterprise and revenue >= 20000
///         priority: 1
///
/// Errors name the file, the persona and the field.
public enum PersonaFile {
    public static func load(path: String) throws -> [Persona] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(file: path, line: nil, field: nil, reason: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> [Persona] {
        let document: Any?
        do { document = try Yams.load(yaml: text) } catch {
            throw ImportError(file: file, line: nil, field: nil, reason: "not valid YAML or JSON: \(error)")
        }
        guard let root = document as? [String: Any], let list = root["personas"] as? [Any] else {
            throw ImportError(file: file, line: nil, field: "personas", reason: "expected a top-level 'personas:' list")
        }
        var personas: [Persona] = []
        var names: Set<String> = []
        let known: Set<String> = ["name", "description", "picture", "rule", "priority"]
        for (position, item) in list.enumerated() {
            let place = "persona \(position + 1)"
            guard let fields = item as? [String: Any] else {
                throw ImportError(file: file, line: nil, field: place, reason: "expected a mapping with name, description, rule…")
            }
            if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
                throw ImportError(file: file, line: nil, field: "\(place).\(unknown)", reason: "unknown field; expected one of \(known.sorted().joined(separator: ", "))")
            }
            guard let name = (fields["name"] as? String)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw ImportError(file: file, line: nil, field: "\(place).name", reason: "every persona needs a name")
            }
            guard names.insert(name.lowercased()).inserted else {
                throw ImportError(file: file, line: nil, field: "\(name).name", reason: "name used twice")
            }
            guard let ruleText = fields["rule"] as? String else {
                throw ImportError(file: file, line: nil, field: "\(name).rule", reason: "every persona needs a rule such as: segment = enterprise")
            }
            let rule: PersonaRule
            do { rule = try PersonaRule(parsing: ruleText) } catch {
                throw ImportError(file: file, line: nil, field: "\(name).rule", reason: error.description)
            }
            var priority = position + 1
            if let raw = fields["priority"] {
                guard let value = raw as? Int else {
                    throw ImportError(file: file, line: nil, field: "\(name).priority", reason: "priority must be a whole number")
                }
                priority = value
            }
            let picture = (fields["picture"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            if let picture, !isSafePicture(picture) {
                throw ImportError(file: file, line: nil, field: "\(name).picture", reason: "picture must be an http(s) URL or a relative path")
            }
            personas.append(Persona(name: name, description: fields["description"] as? String ?? "", pictureURL: picture,
                                    rule: rule, priority: priority))
        }
        return personas
    }

    /// Pictures end up in HTML: only web URLs and plain relative paths, never `javascript:`.
    static func isSafePicture(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") { return true }
        return !lowered.contains(":") && !lowered.hasPrefix("/") && !lowered.contains("..")
    }
}

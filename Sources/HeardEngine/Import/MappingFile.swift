import Foundation
import Yams

/// A saved mapping, in YAML or JSON:
///
///     preset: helpdesk-tickets       # optional starting point
///     map:                            # field: column
///       id: Ticket ID
///       meta.priority: Priority
///     source: ticket                  # constants for the whole file
///     channel: email
///     date_format: dd/MM/yyyy HH:mm
///     timezone: Europe/London
public struct MappingFile: Sendable {
    public var mapping = ColumnMapping()
    public var preset: MappingPreset?
    public var dateFormat: String?
    public var timeZone: String?
    public var delimiter: String?

    public static func load(path: String) throws -> MappingFile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MappingError.badMappingFile(path, "cannot be read as UTF-8 text")
        }
        let parsed: Any?
        do { parsed = try Yams.load(yaml: text) } catch { throw MappingError.badMappingFile(path, "not valid YAML or JSON: \(error)") }
        guard let root = parsed as? [String: Any] else { throw MappingError.badMappingFile(path, "expected a mapping of keys to values at the top") }
        var file = MappingFile()
        for (key, value) in root {
            switch key {
            case "map", "columns":
                guard let entries = value as? [String: Any] else { throw MappingError.badMappingFile(path, "\"\(key)\" must map fields to column names") }
                for (field, column) in entries {
                    guard let column = column as? String ?? (column as? CustomStringConvertible)?.description else {
                        throw MappingError.badMappingFile(path, "column for \"\(field)\" must be text")
                    }
                    file.mapping.columns[try FeedbackField(parsing: field)] = column
                }
            case "preset":
                guard let name = value as? String, let preset = MappingPreset(rawValue: name) else {
                    throw MappingError.unknownPreset("\(value)")
                }
                file.preset = preset
            case "date_format": file.dateFormat = value as? String
            case "timezone": file.timeZone = value as? String
            case "delimiter": file.delimiter = value as? String
            default:
                guard let constant = value as? String ?? (value as? CustomStringConvertible)?.description else {
                    throw MappingError.badMappingFile(path, "\"\(key)\" must be text")
                }
                file.mapping.constants[try FeedbackField(parsing: key)] = constant
            }
        }
        return file
    }
}

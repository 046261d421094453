import Foundation
import Hummingbird

/// Request bodies, read with a cap so an oversized body is a 413 before anything is parsed.
enum FormBody {
    /// An application/x-www-form-urlencoded body as name → value (the last value of a repeated name).
    static func read(_ request: Request, context: HeardContext, limit: Int = BodyLimits.form) async throws -> [String: String] {
        let buffer = try await collect(request, limit: limit)
        let text = String(buffer: buffer)
        do {
            return try URLEncodedFormDecoder().decode([String: String].self, from: text)
        } catch {
            throw APIError.invalid(nil, "the form body could not be read")
        }
    }

    /// A text body (a YAML or JSON file) as a string.
    static func text(_ request: Request, limit: Int) async throws -> String {
        String(decoding: try await collect(request, limit: limit).readableBytesView, as: UTF8.self)
    }

    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw APIError.tooLarge(limit: limit) }
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.tooLarge(limit: limit)
        }
    }
}

/// Small JSON request bodies (settings, theme edits, survey definitions) as a key → value object.
struct JSONObjectBody {
    let values: [String: Any]

    static func read(_ request: Request, allowed: Set<String>, limit: Int = BodyLimits.single) async throws -> JSONObjectBody {
        let buffer = try await FormBody.collect(request, limit: limit)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)), let values = object as? [String: Any] else {
            throw APIError.invalid(nil, "the body must be a JSON object")
        }
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalid(unknown, "unknown field \"\(unknown)\"; fields are \(allowed.sorted().joined(separator: ", "))")
        }
        return JSONObjectBody(values: values)
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    /// A string field; `nullable` lets JSON null through as nil (to clear a value).
    func string(_ key: String, required: Bool = false, maximumLength: Int = 200) throws -> String? {
        guard let raw = values[key], !(raw is NSNull) else {
            if required { throw APIError.invalid(key, "\(key) is required") }
            return nil
        }
        guard let text = raw as? String else { throw APIError.invalid(key, "\(key) must be a string") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty || !required else { throw APIError.invalid(key, "\(key) must not be empty") }
        guard trimmed.count <= maximumLength else { throw APIError.invalid(key, "\(key) is longer than \(maximumLength) characters") }
        return trimmed
    }

    func bool(_ key: String) throws -> Bool? {
        guard let raw = values[key] else { return nil }
        guard let number = raw as? NSNumber, String(cString: number.objCType) == "c" || String(cString: number.objCType) == "B" else {
            throw APIError.invalid(key, "\(key) must be true or false")
        }
        return number.boolValue
    }
}

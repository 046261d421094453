import GRDB
import GRDBSQLite

/// Binds and steps a prepared GRDB statement through SQLite's C API. Used only on hot paths
/// (import writes, driver scans): GRDB's `StatementArguments` box every value in an existential and cast it back,
/// which took about 40% of import time in `perf` profiles (32k rows/s before, see
/// bench/RESULTS.md). Everything else goes through GRDB.
struct BoundStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private var index: Int32 = 0
    /// Holds the bytes of the bound texts until the next `reset`, so SQLite can read them in
    /// place instead of allocating a copy of each (that copy was a tenth of import time).
    private let texts: BindArena

    init(_ statement: Statement, in db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        texts = BindArena(statement)
    }

    /// Clears the previous bindings and result; call before binding a new row.
    mutating func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        texts.reset()
        index = 0
    }

    mutating func bind(_ text: String?) {
        index += 1
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        let handle = self.handle, index = self.index, texts = self.texts
        text.withUTF8 { bytes in
            let copy = texts.store(bytes)
            // SQLITE_STATIC (nil): the arena keeps the bytes until `reset` clears the bindings.
            _ = sqlite3_bind_text(handle, index, copy, Int32(bytes.count), nil)
        }
    }

    mutating func bind(_ value: Int?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func bind(_ value: Double) {
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    /// Steps once: true when a row is available, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(code)"
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Steps a statement that returns no rows to completion and reports how many rows it
    /// inserted, updated or deleted (not counting triggers). Cheaper than `RETURNING`, which
    /// makes SQLite buffer the results of every execution.
    func run() throws -> Int {
        while try step() {}
        return connection.map { Int(sqlite3_changes($0)) } ?? 0
    }

    /// Steps to completion and reports the first row's first column as text, if there was a row.
    func firstText() throws -> (hasRow: Bool, text: String?) {
        guard try step() else { return (false, nil) }
        let text = text(column: 0)
        while try step() {}
        return (true, text)
    }

    func text(column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }

    func int64(column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func double(column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }

    func int(column: Int32) -> Int? { int64(column: column).map(Int.init) }
}

/// A bump allocator for bound text: chunks that never move, so pointers stay valid until
/// `reset`. Texts larger than a chunk get a chunk of their own. It keeps its statement alive
/// and unbinds it before freeing, so a cached statement never points at freed bytes.
final class BindArena {
    private static let chunkSize = 64 << 10
    private let statement: Statement
    private var chunks: [UnsafeMutablePointer<CChar>] = []
    private var current: UnsafeMutablePointer<CChar>?
    private var used = 0
    private var capacity = 0

    init(_ statement: Statement) {
        self.statement = statement
    }

    func store(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar> {
        let count = bytes.count
        if current == nil || used + count > capacity {
            let size = max(Self.chunkSize, count)
            let chunk = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            chunks.append(chunk)
            current = chunk
            used = 0
            capacity = size
        }
        let target = current! + used
        if let base = bytes.baseAddress, count > 0 {
            UnsafeMutableRawPointer(target).copyMemory(from: base, byteCount: count)
        }
        used += count
        return UnsafePointer(target)
    }

    /// Forgets every text; keeps the first chunk for the next row.
    func reset() {
        if chunks.count > 1 {
            for chunk in chunks.dropFirst() { chunk.deallocate() }
            chunks.removeSubrange(1...)
        }
        current = chunks.first
        used = 0
        capacity = current == nil ? 0 : Self.chunkSize
    }

    deinit {
        if !chunks.isEmpty {
            sqlite3_reset(statement.sqliteStatement)
            sqlite3_clear_bindings(statement.sqliteStatement)
        }
        for chunk in chunks { chunk.deallocate() }
    }
}

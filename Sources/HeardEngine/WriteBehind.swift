/// Keeps one batch's write in flight while the caller reads and computes the next, so the
/// database writer and the analysis share the cores instead of taking turns. Writes still happen
/// one at a time and in order; a failed write surfaces at the next `submit` or at `finish`.
struct WriteBehind {
    private var inFlight: Task<Void, any Error>?

    /// Waits for the previous write, then starts `write`.
    mutating func submit(_ write: @escaping @Sendable () async throws -> Void) async throws {
        try await finish()
        inFlight = Task { try await write() }
    }

    /// Waits for the write in flight, if any.
    mutating func finish() async throws {
        guard let write = inFlight else { return }
        inFlight = nil
        try await write.value
    }
}

import Foundation

/// Whether the process that recorded deferred work (an index or a rollup an import postponed)
/// is still running, so that others leave the work to it rather than redo it under its feet.
enum ProcessLiveness {
    /// `kill(pid, 0)` sends nothing: it only says whether the process exists (EPERM: it exists
    /// but belongs to someone else).
    static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}

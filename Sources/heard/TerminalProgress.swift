import Foundation
import HeardEngine

/// A one-line progress display on stderr (rows, rows/s, percent, ETA), shown only when stderr
/// is a terminal so logs and pipes stay clean.
final class TerminalProgress: @unchecked Sendable {
    private let label: String
    private let started = Date()
    private let lock = NSLock()
    private var drawn = false

    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["CI"] == nil else { return nil }
        self.label = label
    }

    func update(_ progress: ImportProgress) {
        lock.lock()
        defer { lock.unlock() }
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(progress.rows) / elapsed
        var line = "\r\u{1B}[K\(label): \(progress.rows.formatted()) rows, \(Int(rate).formatted()) rows/s"
        if progress.totalBytes > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(progress.totalBytes))
            line += String(format: ", %.0f%%", fraction * 100)
            if fraction > 0.01 && fraction < 1 {
                let remaining = elapsed * (1 - fraction) / fraction
                line += String(format: ", ETA %d:%02d", Int(remaining) / 60, Int(remaining) % 60)
            }
        }
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

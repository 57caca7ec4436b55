import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (never in logs or CI).
/// A class with a lock: experiment workers advance it from several threads.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    let label: String
    private(set) var done = 0
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    func advance(_ note: String = "") {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        guard enabled else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total) \(note)\u{1B}[K".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension ProgressBar {
    /// Redraws the line with the progress within the current phase: its name and how many of its
    /// steps are done (at most about 100 redraws per phase).
    func phase(_ name: String, done: Int, total: Int) {
        guard isatty(STDERR_FILENO) == 1, total > 0 else { return }
        let every = max(1, total / 100)
        guard done == 0 || done == total || done % every == 0 else { return }
        let width = 30
        let filled = width * min(done, total) / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(name) \(bar) \(done)/\(total)\u{1B}[K".utf8))
    }
}

/// Writes one line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

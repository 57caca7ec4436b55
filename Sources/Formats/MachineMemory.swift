import Foundation

/// The memory a command may use, and the one-line refusal when an estimate exceeds it.
public struct MemoryLimit: Sendable, Equatable {
    public var bytes: Double
    /// Where the limit comes from, for the message (`the 21.3 GiB this machine has available`).
    public var origin: String

    public init(bytes: Double, origin: String) { self.bytes = bytes; self.origin = origin }

    /// `--max-memory` when given, else the machine's available memory (MemAvailable of
    /// /proc/meminfo, which counts reclaimable caches), else unlimited.
    public static func resolve(maxMemory: Int?) -> MemoryLimit {
        if let m = maxMemory { return MemoryLimit(bytes: Double(m), origin: "--max-memory \(ByteCount.text(m))") }
        if let a = available() {
            return MemoryLimit(
                bytes: Double(a),
                origin:
                    "the \(ByteCount.text(a)) of memory available on this machine (raise or lower it with --max-memory)"
            )
        }
        return MemoryLimit(bytes: .infinity, origin: "no limit")
    }

    /// MemAvailable in bytes, when the system says.
    public static func available() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let parts = line.split(separator: " ")
            if parts.count >= 2, let kB = Int(parts[1]) { return kB * 1024 }
        }
        return nil
    }

    /// Throws `CostError` when `estimate` (bytes) is above the limit; `what` names the work.
    public func check(_ estimate: Double, _ what: String) throws {
        guard estimate.isFinite, estimate <= bytes else {
            throw CostError(
                message: "\(what) needs about \(ByteCount.text(estimate)) of memory (estimate), more than \(origin)")
        }
    }
}

/// Work refused before it starts because its estimated cost is above a limit.
public struct CostError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

import Foundation
import Recurrent

/// Resident memory of this process, from /proc/self/status (Linux), for the benchmark's
/// peak-memory figures.
///
/// `measurePeak` frees what can be freed (GradPath's `BufferCache`, glibc's free heap pages),
/// resets the kernel's high-water mark (writing 5 to /proc/self/clear_refs, Linux ≥ 4.0), runs
/// the work and reads VmHWM: the peak of the pages the work itself touched, beyond what the
/// process held before. nil where /proc is not available or the reset is refused.
public enum ProcessMemory {
    /// (VmRSS, VmHWM) in bytes.
    public static func current() -> (resident: Int, peak: Int)? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = s.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kB = Int(parts[1]) else { return nil }
            return kB * 1024
        }
        guard let rss = field("VmRSS"), let hwm = field("VmHWM") else { return nil }
        return (rss, hwm)
    }

    /// glibc's malloc_trim(0): returns free heap pages to the kernel (looked up at run time, as
    /// the Glibc module does not export malloc.h; a no-op elsewhere).
    static func trimHeap() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {  // RTLD_DEFAULT
            _ = unsafeBitCast(f, to: Trim.self)(0)
        }
        #endif
    }

    /// Resets VmHWM to the current resident size; false when the kernel refuses.
    static func resetPeak() -> Bool {
        guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? h.close() }
        do { try h.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }

    /// Runs `body` and returns its result with the peak resident bytes it added (nil when the
    /// peak cannot be measured here).
    public static func measurePeak<R>(_ body: () throws -> R) rethrows -> (result: R, peakBytes: Int?) {
        BufferCache.release()
        trimHeap()
        guard resetPeak(), let before = current() else { return (try body(), nil) }
        let r = try body()
        guard let after = current() else { return (r, nil) }
        return (r, max(0, after.peak - before.resident))
    }
}

import Formats
import Foundation

/// Replaces a whole output folder at once, so that it always holds exactly one run's files.
///
/// The new content is written into a fresh sibling `.NAME.partial-TOKEN` (TOKEN = pid and 64
/// random bits, so names never collide, not even between containers where every run is pid 1).
/// The run holds an exclusive `flock` on that folder for as long as it lives. Then `NAME` is
/// renamed to `.NAME.old-TOKEN`, the entries to carry over (shard folders of a sweep) are moved
/// from it into the new folder, the new folder is renamed to `NAME`, and the old one is deleted.
/// Every failure undoes what was done, so the previous folder is never lost; the error names the
/// real cause.
///
/// Leftovers of runs that died (killed, out of power) are recognised by their lock being free
/// and are resolved before each swap: a dead `.old-*` is restored as `NAME` if `NAME` is missing
/// (the swap was cut between its two renames) and deleted otherwise; a dead `.partial-*` gives
/// back any carried entries that `NAME` lacks and is deleted.
public enum FolderSwap {
    /// Fills a new folder with `fill`, then puts it in place of `dir`. `carry` names the entries of
    /// the existing `dir` that move into the new one. `dir` must be missing, empty, or look like
    /// GradPath output (`isOutputFolder`): a folder of other files is never replaced.
    public static func replace(
        _ dir: URL, carry: @escaping (String) -> Bool = { _ in false },
        _ fill: (OutputFolder) throws -> Void
    ) throws {
        let dir = dir.standardizedFileURL
        let name = dir.lastPathComponent
        let parent = dir.deletingLastPathComponent()
        guard !name.isEmpty, name != "/", name != ".", name != "..", dir.path != parent.path else {
            throw ReportError.notAnOutputFolder(
                path: dir.path, reason: "cannot replace this folder; name a folder of its own for the output")
        }
        try AtomicFile.createDirectory(parent)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ReportError.cannotWrite(path: dir.path, reason: "a file of that name is in the way")
            }
            if let why = notOutput(dir) { throw ReportError.notAnOutputFolder(path: dir.path, reason: why) }
        }
        recover(parent: parent, name: name, carry: carry)

        let token = "\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let tmp = parent.appendingPathComponent(".\(name).partial-\(token)")
        let old = parent.appendingPathComponent(".\(name).old-\(token)")
        guard mkdir(tmp.path, 0o755) == 0 else {
            throw ReportError.cannotCreateDirectory(path: tmp.path, reason: FileInput.reason(errno, reading: false))
        }
        let lock = open(tmp.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { close(lock) } }
        let fm = FileManager.default
        do { try fill(OutputFolder(tmp)) } catch { try? fm.removeItem(at: tmp); throw error }

        let exists = fm.fileExists(atPath: dir.path)
        var moved: [String] = []
        if exists {
            guard rename(dir.path, old.path) == 0 else {
                let reason = FileInput.reason(errno, reading: false)
                try? fm.removeItem(at: tmp)
                throw ReportError.cannotWrite(path: dir.path, reason: reason)
            }
            for entry in ((try? fm.contentsOfDirectory(atPath: old.path)) ?? []).sorted() where carry(entry) {
                let src = old.appendingPathComponent(entry), dst = tmp.appendingPathComponent(entry)
                if fm.fileExists(atPath: dst.path) { continue }  // the new run wrote its own
                guard rename(src.path, dst.path) == 0 else {
                    let reason = FileInput.reason(errno, reading: false)
                    for m in moved {
                        _ = rename(tmp.appendingPathComponent(m).path, old.appendingPathComponent(m).path)
                    }
                    _ = rename(old.path, dir.path)
                    try? fm.removeItem(at: tmp)
                    throw ReportError.cannotWrite(
                        path: src.path, reason: "cannot move it into the new folder: \(reason)")
                }
                moved.append(entry)
            }
        }
        guard rename(tmp.path, dir.path) == 0 else {
            let reason = FileInput.reason(errno, reading: false)
            if exists {
                for m in moved { _ = rename(tmp.appendingPathComponent(m).path, old.appendingPathComponent(m).path) }
                _ = rename(old.path, dir.path)
            }
            try? fm.removeItem(at: tmp)
            throw ReportError.cannotWrite(path: dir.path, reason: reason)
        }
        if exists { try? fm.removeItem(at: old) }
    }

    /// nil when `dir` may be replaced: it is empty or holds GradPath output (a report.md,
    /// experiment.json, run.json or gradient_norms.csv, or only shard folders); otherwise why not.
    static func notOutput(_ dir: URL) -> String? {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            !$0.hasPrefix(".")
        }
        if entries.isEmpty { return nil }
        let markers: Set = ["report.md", "experiment.json", "run.json", "gradient_norms.csv"]
        if entries.contains(where: markers.contains) || entries.allSatisfy({ $0.hasPrefix("shard-") }) { return nil }
        return
            """
            exists and does not look like GradPath output (no report.md, experiment.json or gradient_norms.csv);\
             refusing to replace it: choose another output folder or remove this one
            """
    }

    /// Whether a leftover folder's run is dead: its lock can be taken. Returns the lock's descriptor
    /// (held until closed) or nil when the run is alive or the folder cannot be opened.
    static func takeDeadLock(_ url: URL) -> Int32? {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return fd }
        close(fd)
        return nil
    }

    /// Resolves the leftovers of dead runs for `parent/name` (see the type's documentation).
    static func recover(parent: URL, name: String, carry: (String) -> Bool) {
        let fm = FileManager.default
        let entries = ((try? fm.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
        let partialPrefix = ".\(name).partial-", oldPrefix = ".\(name).old-"
        let dir = parent.appendingPathComponent(name)
        for e in entries where e.hasPrefix(oldPrefix) {
            let token = String(e.dropFirst(oldPrefix.count))
            let partial = parent.appendingPathComponent(partialPrefix + token)
            var partialLock: Int32? = nil
            if fm.fileExists(atPath: partial.path) {
                guard let fd = takeDeadLock(partial) else { continue }  // its run is alive
                partialLock = fd
            }
            defer { if let fd = partialLock { close(fd) } }
            let old = parent.appendingPathComponent(e)
            if !fm.fileExists(atPath: dir.path) {
                _ = rename(old.path, dir.path)
            } else {
                try? fm.removeItem(at: old)
            }
        }
        for e in entries where e.hasPrefix(partialPrefix) {
            let partial = parent.appendingPathComponent(e)
            guard let fd = takeDeadLock(partial) else { continue }
            defer { close(fd) }
            for entry in ((try? fm.contentsOfDirectory(atPath: partial.path)) ?? []) where carry(entry) {
                if !fm.fileExists(atPath: dir.path) { try? AtomicFile.createDirectory(dir) }
                let dst = dir.appendingPathComponent(entry)
                if !fm.fileExists(atPath: dst.path) { _ = rename(partial.appendingPathComponent(entry).path, dst.path) }
            }
            try? fm.removeItem(at: partial)
        }
    }
}

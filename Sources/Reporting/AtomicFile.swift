import Formats
import Foundation

/// Errors while writing report files; each names the path and says what is wrong in plain words.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// A file name that would leave its output folder or that is not in the safe alphabet.
    case unsafeName(folder: String, name: String, reason: String)
    /// The folder to replace holds something that is not GradPath output.
    case notAnOutputFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreateDirectory(p, r): return "\(p): cannot create the folder (\(r))"
        case let .cannotWrite(p, r): return "\(p): cannot write (\(r))"
        case let .unsafeName(f, n, r): return "\(f): refusing to write '\(SafeName.printable(n))': \(r)"
        case let .notAnOutputFolder(p, r): return "\(p): \(r)"
        }
    }
}

/// A folder that a command writes into. Every file GradPath writes goes through `write`, which
/// checks that the name is one plain path component (no `/`, no `..`), so that whatever names it
/// is handed, the file lies inside the folder. Each file is written atomically: the bytes go to a
/// temporary file in the same folder, which is then renamed over the target, so a reader never
/// sees half of one and an interrupted write leaves the previous file intact.
public struct OutputFolder: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url.standardizedFileURL }

    /// The URL of the file `name` in this folder, after checking that `name` stays inside it.
    public func file(_ name: String) throws -> URL {
        let bad: String?
        if name.isEmpty {
            bad = "an empty name"
        } else if name == "." || name == ".." {
            bad = "'.' and '..' are not file names"
        } else if name.contains("/") {
            bad = "a file name may not contain '/'"
        } else if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            bad = "a file name may not contain control characters"
        } else if name.utf8.count > 255 {
            bad = "longer than 255 bytes"
        } else {
            bad = nil
        }
        if let bad { throw ReportError.unsafeName(folder: url.path, name: name, reason: bad) }
        let target = url.appendingPathComponent(name).standardizedFileURL
        guard target.deletingLastPathComponent().path == url.path else {
            throw ReportError.unsafeName(folder: url.path, name: name, reason: "it would lie outside the output folder")
        }
        return target
    }

    /// A sub-folder `name` (one plain path component), created if needed.
    public func subfolder(_ name: String) throws -> OutputFolder {
        let u = try file(name)
        try AtomicFile.createDirectory(u)
        return OutputFolder(u)
    }

    public func write(_ text: String, to name: String) throws { try write(Data(text.utf8), to: name) }

    public func write(_ data: Data, to name: String) throws {
        try AtomicFile.write(data, to: try file(name))
    }
}

/// Atomic file writes (POSIX calls, so errors are errno in plain words).
public enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try createDirectory(dir)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw ReportError.cannotWrite(path: url.path, reason: "a folder of that name is in the way")
        }
        let tmp = dir.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ReportError.cannotWrite(path: url.path, reason: FileInput.reason(errno, reading: false))
        }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(tmp.path)
            throw ReportError.cannotWrite(path: url.path, reason: FileInput.reason(failure, reading: false))
        }
        if rename(tmp.path, url.path) != 0 {
            let code = errno
            unlink(tmp.path)
            throw ReportError.cannotWrite(path: url.path, reason: FileInput.reason(code, reading: false))
        }
    }

    /// Creates `dir` and its missing parents; a failure names the path and the reason, and where a
    /// part of the path is a file, which part.
    public static func createDirectory(_ dir: URL) throws {
        let path = dir.standardizedFileURL.path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return }
            throw ReportError.cannotCreateDirectory(path: path, reason: "a file of that name is in the way")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path && !parent.isEmpty {
            var parentIsDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsDir) {
                if !parentIsDir.boolValue {
                    throw ReportError.cannotCreateDirectory(path: path, reason: "\(parent) is a file, not a folder")
                }
            } else {
                try createDirectory(URL(fileURLWithPath: parent))
            }
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw ReportError.cannotCreateDirectory(path: path, reason: FileInput.reason(errno, reading: false))
        }
    }
}

import Foundation

/// Errors while writing report files; each names the path.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreateDirectory(p, r): return "\(p): cannot create the directory (\(r))"
        case let .cannotWrite(p, r): return "\(p): cannot write (\(r))"
        }
    }
}

/// Writes files so that a reader never sees half of one: the text goes to a temporary file in the
/// same directory, which is then renamed over the target (rename(2) is atomic within a file
/// system). An interrupted or failing run leaves the previous file intact.
public enum AtomicFile {
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try createDirectory(dir)
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: tmp)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ReportError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw ReportError.cannotWrite(path: url.path, reason: reason)
        }
    }

    public static func createDirectory(_ dir: URL) throws {
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotCreateDirectory(path: dir.path, reason: error.localizedDescription)
        }
    }
}

import Foundation

/// Why a file could not be read, in plain words (never Foundation's error domains).
public struct FileInputError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, _ message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): \(message)" }
}

/// Reads input files after checking what they are: a regular file (a folder, a named pipe, a
/// socket or a device is refused before it is opened, so a FIFO never blocks), readable, and no
/// larger than the caller allows.
public enum FileInput {
    /// What kind of thing is at `path`, or the plain-words reason it cannot be read.
    public static func checkRegularFile(_ path: String, maxBytes: Int) throws -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw FileInputError(file: path, reason(errno, reading: true)) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileInputError(file: path, "is a folder; expected a file")
        case S_IFIFO: throw FileInputError(file: path, "is a named pipe (FIFO); expected a regular file")
        case S_IFSOCK: throw FileInputError(file: path, "is a socket; expected a regular file")
        case S_IFCHR, S_IFBLK: throw FileInputError(file: path, "is a device; expected a regular file")
        default: throw FileInputError(file: path, "is not a regular file")
        }
        let size = Int(st.st_size)
        guard size <= maxBytes else {
            throw FileInputError(
                file: path,
                "is \(ByteCount.text(size)); at most \(ByteCount.text(maxBytes)) is accepted for this kind of file")
        }
        return size
    }

    /// The bytes of the regular file at `path` (memory-mapped where the system allows).
    public static func read(_ path: String, maxBytes: Int) throws -> Data {
        _ = try checkRegularFile(path, maxBytes: maxBytes)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileInputError(file: path, reason(errno, reading: true)) }
        close(fd)
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
            throw FileInputError(file: path, "cannot be read (an input/output error)")
        }
    }

    /// The text of the regular file at `path`, which must be UTF-8.
    public static func readText(_ path: String, maxBytes: Int) throws -> String {
        let data = try read(path, maxBytes: maxBytes)
        guard let s = String(data: data, encoding: .utf8) else { throw FileInputError(file: path, "is not UTF-8 text") }
        return s
    }

    /// errno in plain words, for reading or for writing.
    public static func reason(_ code: Int32, reading: Bool) -> String {
        switch code {
        case ENOENT: return reading ? "no such file" : "a folder on the way does not exist"
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EISDIR: return "is a folder"
        case ENAMETOOLONG: return "the path is too long"
        case ELOOP: return "too many symbolic links in the path"
        case EROFS: return "the file system is read-only"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "the disk quota is exhausted"
        case EEXIST: return "something of that name is in the way"
        case ENOTEMPTY: return "a folder of that name is in the way and not empty"
        case EXDEV: return "the target is on another file system"
        case EIO: return "an input/output error"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}

/// Byte counts for messages: 1.6 TB, 512 MiB …
public enum ByteCount {
    public static func text(_ bytes: Int) -> String { text(Double(bytes)) }

    public static func text(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "more than any machine has" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = bytes, u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        if u == 0 { return "\(Int(v)) bytes" }
        if v >= 1024 { return String(format: "%.3g %@", v, units[u]) }  // beyond EiB
        return String(format: v < 10 ? "%.1f %@" : "%.0f %@", v, units[u])
    }

    /// Parses `8G`, `512M`, `1.5GiB`, `100000` (bytes) …; nil when it is not such a size.
    public static func parse(_ s: String) -> Int? {
        let t = s.trimmingCharacters(in: .whitespaces).uppercased()
        let suffixes: [(String, Double)] = [
            ("TIB", 0x1p40), ("GIB", 0x1p30), ("MIB", 0x1p20), ("KIB", 0x1p10),
            ("TB", 0x1p40), ("GB", 0x1p30), ("MB", 0x1p20), ("KB", 0x1p10),
            ("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1),
        ]
        var number = Substring(t), factor = 1.0
        for (suffix, f) in suffixes where t.hasSuffix(suffix) { number = t.dropLast(suffix.count); factor = f; break }
        guard let v = Double(number.trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else { return nil }
        let bytes = v * factor
        guard bytes < 0x1p62 else { return nil }
        return Int(bytes)
    }
}

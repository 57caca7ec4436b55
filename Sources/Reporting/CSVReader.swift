import Formats
import Foundation

/// A CSV file read back: header and rows as strings, with typed accessors. Reads what `CSVTable`
/// writes (RFC 4180 quoting, `inf`/`-inf`/`nan`).
public struct CSVData: Sendable {
    public var columns: [String]
    public var rows: [[String]]
    /// The file name it was read from (empty when made in memory).
    public var file: String = ""

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Parses CSV text; `file` names the source in errors.
    public init(text: String, file: String) throws {
        var records: [[String]] = []
        var field = "", record: [String] = []
        var inQuotes = false, atFieldStart = true
        var it = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? { if let p = pending { pending = nil; return p }; return it.next() }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = d }
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart: inQuotes = true; atFieldStart = false
            case ",": record.append(field); field = ""; atFieldStart = true
            case "\n":
                record.append(field); records.append(record); record = []; field = ""; atFieldStart = true
            case "\r": break
            default: field.unicodeScalars.append(c); atFieldStart = false
            }
        }
        if inQuotes { throw CSVError(file: file, message: "unterminated quoted field") }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let header = records.first, !header.isEmpty, header != [""] else {
            throw CSVError(file: file, message: "empty file: expected a header line")
        }
        columns = header
        rows = Array(records.dropFirst())
        self.file = (file as NSString).lastPathComponent
        for (i, r) in rows.enumerated() where r.count != columns.count {
            throw CSVError(file: file, message: "line \(i + 2) has \(r.count) fields, the header has \(columns.count)")
        }
    }

    /// Largest CSV file read (parsed, a file takes several times its size in memory).
    public static let maxFileBytes = 2 << 30

    public static func read(_ url: URL) throws -> CSVData {
        let text: String
        do { text = try FileInput.readText(url.path, maxBytes: maxFileBytes) } catch let e as FileInputError {
            throw CSVError(file: url.path, message: e.message)
        }
        return try CSVData(text: text, file: url.path)
    }

    /// The column `name`, or an error naming the file, the column and the columns there are.
    public func column(_ name: String, file: String) throws -> Int {
        guard let i = index(of: name) else {
            throw CSVError(
                file: file,
                message:
                    """
                    no column '\(name)' (it has\
                     \(columns.map { SafeName.printable($0) }.joined(separator: ", "))); was it written by another\
                     kind of experiment?
                    """
            )
        }
        return i
    }

    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }

    /// A number from a field: `inf`, `-inf`, `nan` and decimals; nil for an empty or non-numeric field.
    public static func number(_ s: String) -> Double? {
        switch s {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan": return .nan
        case "": return nil
        default: return Double(s)
        }
    }

    /// Rows where every `filter` column equals its value.
    public func rows(where filter: [String: String]) -> [[String]] {
        let idx = filter.map { (index(of: $0.key), $0.value) }
        return rows.filter { r in idx.allSatisfy { i, v in i.map { r[$0] == v } ?? false } }
    }

    /// Values of `column` in `rows` (nil entries for empty fields).
    public func values(_ column: String, in rows: [[String]]? = nil) -> [Double?] {
        guard let i = index(of: column) else { return [] }
        return (rows ?? self.rows).map { CSVData.number($0[i]) }
    }

    /// Distinct values of `column`, in order of first appearance.
    public func distinct(_ column: String, in rows: [[String]]? = nil) -> [String] {
        guard let i = index(of: column) else { return [] }
        var seen = Set<String>(), out: [String] = []
        for r in rows ?? self.rows where seen.insert(r[i]).inserted { out.append(r[i]) }
        return out
    }

    /// The text form (as `CSVTable` writes it).
    public var text: String {
        var out = columns.map(CSVTable.quote).joined(separator: ",") + "\n"
        for r in rows { out += r.map(CSVTable.quote).joined(separator: ",") + "\n" }
        return out
    }
}

public struct CSVError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String
    public init(file: String, message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): \(message)" }
}

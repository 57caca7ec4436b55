/// A tidy CSV table: one observation per row, snake_case headers, numbers in full round-trip
/// precision (`NumberFormat.roundTrip`), `inf`/`-inf`/`nan` spelled the same everywhere, an empty
/// field for "not applicable".
public struct CSVTable: Sendable {
    public let columns: [String]
    public private(set) var rows: [[String]] = []

    public init(columns: [String]) {
        precondition(Set(columns).count == columns.count, "CSVTable: duplicate column names")
        self.columns = columns
    }

    /// A cell of a row.
    public enum Field: Sendable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
        case text(String)
        case number(Double)
        case integer(Int)
        /// A value given by its log10, written without underflow (`NumberFormat.fromLog10`).
        case fromLog10(Double)
        case empty

        public init(stringLiteral value: String) { self = .text(value) }
        public init(floatLiteral value: Double) { self = .number(value) }
        public init(integerLiteral value: Int) { self = .integer(value) }

        var rendered: String {
            switch self {
            case .text(let s): return CSVTable.quote(s)
            case .number(let x): return NumberFormat.roundTrip(x)
            case .integer(let i): return String(i)
            case .fromLog10(let l): return NumberFormat.fromLog10(l)
            case .empty: return ""
            }
        }
    }

    public mutating func append(_ fields: [Field]) {
        precondition(
            fields.count == columns.count,
            "CSVTable: row has \(fields.count) fields, table has \(columns.count) columns")
        rows.append(fields.map(\.rendered))
    }

    /// Appends the rows of a table with the same columns.
    public mutating func append(contentsOf other: CSVTable) {
        precondition(other.columns == columns, "CSVTable: cannot append a table with other columns")
        rows += other.rows
    }

    /// Appends rows already rendered by another table of the same columns (see `RecordGrid`).
    mutating func appendRows(_ rendered: [[String]]) {
        precondition(rendered.allSatisfy { $0.count == columns.count }, "CSVTable: row width differs")
        rows += rendered
    }

    /// RFC 4180 quoting: fields with a comma, quote or newline are quoted, quotes doubled.
    static func quote(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// The file's text: header line, then one line per row, each ending in "\n".
    public var text: String {
        var out = columns.joined(separator: ",") + "\n"
        for r in rows { out += r.joined(separator: ",") + "\n" }
        return out
    }
}

import Foundation

import Foundation

/// A JSON value as parsed by `JSON.parse`: objects keep their keys in file order, numbers keep
/// their literal text (so an integer beyond 2^53 is read exactly, and `true` is never a number).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The value and the literal as written (`1`, `2.5e-3`).
    case number(Double, literal: String)
    case string(String)
    case array([JSONValue])
    /// (key, value) pairs in file order; keys are unique (a duplicate is a parse error).
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x, _), .number(y, _)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var object: [(String, JSONValue)]? { if case .object(let m) = self { return m }; return nil }
    public var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var number: Double? { if case .number(let x, _) = self { return x }; return nil }

    /// A whole number written without fraction or exponent (`12`, `-3`), within Int's range.
    public var integer: Int? {
        guard case .number(_, let literal) = self, literal.allSatisfy({ $0.isNumber || $0 == "-" }) else { return nil }
        return Int(literal)
    }

    /// A non-negative whole number written without fraction or exponent, within UInt64's range.
    public var unsigned: UInt64? {
        guard case .number(_, let literal) = self, literal.allSatisfy(\.isNumber) else { return nil }
        return UInt64(literal)
    }

    /// A short rendering for error messages (`'abc'`, `12`, `true`, `null`, `a list`, `an object`).
    public var brief: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(_, let literal): return literal
        case .string(let s): return "'\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

/// A JSON syntax error with its 1-based line and column.
public struct JSONError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A strict RFC 8259 JSON parser: no trailing commas, comments or NaN; duplicate keys and
/// nesting deeper than `maxDepth` are errors. Work and memory are linear in the input.
public enum JSON {
    public static let maxDepth = 128

    /// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func quote(_ s: String) -> String {
        StringEscape.quoted(s) { c in c.value < 0x20 ? String(format: "\\u%04x", c.value) : nil }
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        var p = Parser(bytes: Array(bytes))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < p.b.count { throw p.error("unexpected \(p.describe(p.i)) after the end of the JSON value") }
        return v
    }

    public static func parse(_ text: String) throws -> JSONValue { try parse(Array(text.utf8)) }

    struct Parser {
        let b: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { b = bytes }

        func error(_ message: String, at offset: Int? = nil) -> JSONError {
            let end = min(offset ?? i, b.count)
            var line = 1, column = 1
            var k = 0
            while k < end {
                if b[k] == 0x0A { line += 1; column = 1 } else if b[k] & 0xC0 != 0x80 { column += 1 }
                k += 1
            }
            return JSONError(line: line, column: column, message: message)
        }

        func describe(_ k: Int) -> String {
            guard k < b.count else { return "end of input" }
            let c = b[k]
            if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
            return String(format: "byte 0x%02X", Int(c))
        }

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard i < b.count else { throw error("unexpected end of input; expected a value") }
            switch b[i] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default:
                throw error(
                    "unexpected \(describe(i)); expected a value (object, list, string, number, true, false or null)")
            }
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else {
                throw error("unexpected \(describe(i)); expected a value (did you mean \(word)?)")
            }
            i += w.count
        }

        mutating func object(depth: Int) throws -> JSONValue {
            guard depth <= JSON.maxDepth else { throw error("nesting deeper than \(JSON.maxDepth) levels") }
            i += 1
            var members: [(String, JSONValue)] = []
            var seen = Set<String>()
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else {
                    throw error("unexpected \(describe(i)); expected a key in double quotes")
                }
                let keyAt = i
                let key = try string()
                guard seen.insert(key).inserted else { throw error("duplicate key '\(key)'", at: keyAt) }
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else {
                    throw error("unexpected \(describe(i)); expected ':' after the key")
                }
                i += 1
                skipSpace()
                members.append((key, try value(depth: depth)))
                skipSpace()
                guard i < b.count else { throw error("unexpected end of input; expected ',' or '}'") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw error("unexpected \(describe(i)); expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            guard depth <= JSON.maxDepth else { throw error("nesting deeper than \(JSON.maxDepth) levels") }
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth))
                skipSpace()
                guard i < b.count else { throw error("unexpected end of input; expected ',' or ']'") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("unexpected \(describe(i)); expected ',' or ']'")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw error("unexpected end of input in a \\u escape") }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = b[i + k]
                let d: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
                default: throw error("bad \\u escape: expected 4 hexadecimal digits", at: i + k)
                }
                v = v << 4 | UInt32(d)
            }
            i += 4
            return v
        }

        mutating func string() throws -> String {
            let start = i
            i += 1
            var bytes: [UInt8] = []
            while true {
                guard i < b.count else { throw error("unterminated string (opened here)", at: start) }
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; break }
                if c < 0x20 {
                    throw error("control character \(describe(i)) inside a string; write it as an escape such as \\n")
                }
                if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
                i += 1
                guard i < b.count else { throw error("unterminated string (opened here)", at: start) }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by \uDC00 … \uDFFF.
                        guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                            throw error("lone UTF-16 surrogate in a \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw error("lone UTF-16 surrogate in a \\u escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw error("lone UTF-16 surrogate in a \\u escape")
                    }
                    bytes.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
                default: throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: i - 2)
                }
            }
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw error("string is not valid UTF-8", at: start)
            }
            return s
        }

        mutating func number() throws -> JSONValue {
            let start = i
            if b[i] == UInt8(ascii: "-") { i += 1 }
            func digits() -> Int {
                let s = i
                while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
                return i - s
            }
            guard i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else {
                throw error("bad number: expected a digit")
            }
            if b[i] == UInt8(ascii: "0") {
                i += 1
                if i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                    throw error("bad number: no leading zeros allowed")
                }
            } else {
                _ = digits()
            }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw error("bad number: expected a digit after '.'") }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw error("bad number: expected a digit in the exponent") }
            }
            let literal = String(decoding: b[start..<i], as: UTF8.self)
            guard let v = Double(literal), v.isFinite else {
                throw error("number \(literal) is out of range", at: start)
            }
            return .number(v, literal: literal)
        }
    }
}

/// Double-quoted string literals for C-like languages (JSON, gnuplot, Python): backslash, quote,
/// newline, tab and carriage return escaped as `\\ \\" \\n \\t \\r`, and every other character for
/// which `other` gives an escape.
public enum StringEscape {
    public static func quoted(_ s: String, other: (Unicode.Scalar) -> String?) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: if let e = other(c) { out += e } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

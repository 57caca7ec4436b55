import Foundation

/// A tensor read from a safetensors file, converted to Double.
public struct SafetensorsTensor: Sendable, Equatable {
    public var dtype: String
    public var shape: [Int]
    public var values: [Double]
}

/// Why a model or input file could not be read. Every message names the file, and the tensor or
/// field where there is one, and what was expected.
public struct ModelImportError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, _ message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): \(message)" }
}

/// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
/// JSON header `{"name": {"dtype": "F64", "shape": [..], "data_offsets": [begin, end]}, ...,
/// "__metadata__": {...}}`, then the raw little-endian data, offsets relative to its start.
/// Read here with no dependency; dtypes F64 and F32 (converted exactly to Double).
public enum Safetensors {
    /// Largest header accepted (the format's reference implementation uses 100 MB).
    public static let maxHeaderBytes = 100_000_000

    /// Reads every tensor of the file at `path`.
    public static func read(_ path: String) throws -> [String: SafetensorsTensor] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) }
        catch { throw ModelImportError(file: path, "cannot read the file (\((error as NSError).localizedDescription))") }
        return try parse(data, file: path)
    }

    /// Parses safetensors bytes; `file` names the source in error messages.
    public static func parse(_ data: Data, file: String) throws -> [String: SafetensorsTensor] {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
        guard data.count >= 8 else {
            throw fail("not a safetensors file: \(data.count) bytes, expected at least an 8-byte header length")
        }
        let n = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard n >= 2, n <= UInt64(maxHeaderBytes), n <= UInt64(data.count - 8) else {
            throw fail("bad header length \(n): expected 2 … \(min(maxHeaderBytes, data.count - 8)) for a \(data.count)-byte file (not a safetensors file, or truncated)")
        }
        let headerBytes = data.subdata(in: 8..<(8 + Int(n)))
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw fail("malformed header: expected a JSON object starting with '{' after the 8-byte length")
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: headerBytes) }
        catch { throw fail("malformed JSON header (\((error as NSError).localizedDescription))") }
        guard let header = json as? [String: Any] else { throw fail("malformed header: expected a JSON object") }
        let body = data.subdata(in: (8 + Int(n))..<data.count)
        var out: [String: SafetensorsTensor] = [:]
        for (name, entry) in header where name != "__metadata__" {
            guard let e = entry as? [String: Any] else { throw fail("tensor '\(name)': expected an object with dtype, shape and data_offsets") }
            guard let dtype = e["dtype"] as? String else { throw fail("tensor '\(name)': missing field 'dtype'") }
            guard let shapeAny = e["shape"] as? [Any], let shape = ints(shapeAny), shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("tensor '\(name)': field 'shape' must be a list of non-negative integers")
            }
            guard let offAny = e["data_offsets"] as? [Any], let off = ints(offAny), off.count == 2, off[0] >= 0, off[1] >= off[0] else {
                throw fail("tensor '\(name)': field 'data_offsets' must be [begin, end] with 0 ≤ begin ≤ end")
            }
            let size: Int
            switch dtype {
            case "F64": size = 8
            case "F32": size = 4
            default: throw fail("tensor '\(name)': unsupported dtype \(dtype); expected F64 or F32")
            }
            let count = shape.reduce(1, *)
            guard off[1] - off[0] == count * size else {
                throw fail("tensor '\(name)': data_offsets span \(off[1] - off[0]) bytes, shape \(shape) of \(dtype) needs \(count * size)")
            }
            guard off[1] <= body.count else {
                throw fail("tensor '\(name)': data ends at byte \(off[1]) but the file holds \(body.count) data bytes (truncated?)")
            }
            var values = [Double](repeating: 0, count: count)
            body.withUnsafeBytes { raw in
                let base = raw.baseAddress! + off[0]
                for i in 0..<count {
                    if size == 8 {
                        values[i] = Double(bitPattern: UInt64(littleEndian: (base + 8 * i).loadUnaligned(as: UInt64.self)))
                    } else {
                        values[i] = Double(Float(bitPattern: UInt32(littleEndian: (base + 4 * i).loadUnaligned(as: UInt32.self))))
                    }
                }
            }
            out[name] = SafetensorsTensor(dtype: dtype, shape: shape, values: values)
        }
        return out
    }

    private static func ints(_ a: [Any]) -> [Int]? {
        var r: [Int] = []
        for v in a {
            guard let n = v as? NSNumber else { return nil }
            let d = n.doubleValue
            guard d == d.rounded(), abs(d) < 1e15 else { return nil }
            r.append(Int(d))
        }
        return r
    }

    /// Writes tensors as an F64 safetensors file (for tests and for exporting results).
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Double])]) -> Data {
        var header: [String: Any] = [:]
        var offset = 0
        for t in tensors {
            header[t.name] = ["dtype": "F64", "shape": t.shape, "data_offsets": [offset, offset + 8 * t.values.count]]
            offset += 8 * t.values.count
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }   // keep the data 8-byte aligned
        var out = Data()
        var n = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(json)
        for t in tensors {
            for v in t.values { var b = v.bitPattern.littleEndian; withUnsafeBytes(of: &b) { out.append(contentsOf: $0) } }
        }
        return out
    }
}

import Formats
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
        do { data = try FileInput.read(path, maxBytes: Int.max) } catch let e as FileInputError {
            throw ModelImportError(file: path, e.message)
        }
        return try parse(data, file: path)
    }

    /// What a file that is not safetensors is, from its first bytes (nil when it may be safetensors).
    static func recogniseOther(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return "a zip archive (a torch.save checkpoint, or a .keras file), not safetensors"
        }
        if head.first == 0x80, head.count > 1, (2...5).contains(head[1]) {
            return "a Python pickle (an old-style torch.save file), not safetensors"
        }
        if head.starts(with: [0x89, 0x48, 0x44, 0x46]) { return "an HDF5 file (Keras .h5 weights), not safetensors" }
        return nil
    }

    /// Parses safetensors bytes; `file` names the source in error messages.
    ///
    /// The checks follow the format's reference implementation (huggingface/safetensors,
    /// `Metadata::validate`): shapes are lists of non-negative integers (not booleans), each
    /// tensor's byte span equals its element count times its dtype size (computed without
    /// overflow), and the spans, sorted by start, tile the data section exactly: no overlap, no
    /// gap, nothing left over.
    public static func parse(_ data: Data, file: String) throws -> [String: SafetensorsTensor] {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
        let resave =
            """
            re-save it from Python with: from safetensors.torch import save_file; save_file(model.state_dict(),\
             \"weights.safetensors\")
            """
        if let other = recogniseOther(data) { throw fail("\(other); \(resave)") }
        guard data.count >= 8 else {
            throw fail("not a safetensors file: \(data.count) bytes, expected at least an 8-byte header length")
        }
        let n = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard n >= 2, n <= UInt64(maxHeaderBytes), n <= UInt64(data.count - 8) else {
            throw fail(
                """
                bad header length \(n): expected 2 … \(min(maxHeaderBytes, data.count - 8)) for a\
                 \(data.count)-byte file (not a safetensors file, or truncated; \(resave))
                """
            )
        }
        let start = data.startIndex
        let headerBytes = data[(start + 8)..<(start + 8 + Int(n))]
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw fail("malformed header: expected a JSON object starting with '{' after the 8-byte length")
        }
        let json: JSONValue
        do { json = try JSON.parse(headerBytes) } catch let e as JSONError { throw fail("malformed JSON header: \(e)") }
        guard let header = json.object else { throw fail("malformed header: expected a JSON object") }
        let bodyStart = start + 8 + Int(n)
        let bodyCount = data.count - 8 - Int(n)
        var entries: [(name: String, dtype: String, shape: [Int], begin: Int, end: Int, count: Int)] = []
        for (name, e) in header where name != "__metadata__" {
            let shown = SafeName.printable(name)
            guard e.object != nil else {
                throw fail("tensor '\(shown)': expected an object with dtype, shape and data_offsets")
            }
            guard let dtype = e["dtype"]?.string else { throw fail("tensor '\(shown)': missing field 'dtype'") }
            guard let shapeList = e["shape"]?.array, let shape = ints(shapeList) else {
                throw fail("tensor '\(shown)': field 'shape' must be a list of non-negative integers")
            }
            guard let offList = e["data_offsets"]?.array, let off = ints(offList), off.count == 2, off[1] >= off[0]
            else {
                throw fail("tensor '\(shown)': field 'data_offsets' must be [begin, end] with 0 ≤ begin ≤ end")
            }
            let size: Int
            switch dtype {
            case "F64": size = 8
            case "F32": size = 4
            default:
                throw fail("tensor '\(shown)': unsupported dtype \(SafeName.printable(dtype)); expected F64 or F32")
            }
            var count = 1, overflow = false
            for d in shape {
                let (p, o) = count.multipliedReportingOverflow(by: d)
                count = p
                overflow = overflow || o
            }
            let (bytes, o) = count.multipliedReportingOverflow(by: size)
            guard !overflow, !o else {
                throw fail(
                    """
                    tensor '\(shown)': shape \(shape) has more elements than any file can hold (the count\
                     overflows 64 bits)
                    """
                )
            }
            guard off[1] - off[0] == bytes else {
                throw fail(
                    """
                    tensor '\(shown)': data_offsets span \(off[1] - off[0]) bytes, shape \(shape) of \(dtype)\
                     needs \(bytes)
                    """
                )
            }
            guard off[1] <= bodyCount else {
                throw fail(
                    """
                    tensor '\(shown)': data ends at byte \(off[1]) but the file holds \(bodyCount) data bytes\
                     (truncated?)
                    """
                )
            }
            entries.append((name, dtype, shape, off[0], off[1], count))
        }
        var next = 0
        var previous: String? = nil
        for e in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if e.begin < next {
                throw fail(
                    """
                    tensors '\(SafeName.printable(previous ?? ""))' and '\(SafeName.printable(e.name))' overlap:\
                     data_offsets must not share bytes
                    """
                )
            }
            if e.begin > next {
                throw fail(
                    """
                    tensor '\(SafeName.printable(e.name))': data starts at byte \(e.begin), but the previous\
                     tensor ends at \(next); data_offsets must be contiguous
                    """
                )
            }
            next = e.end
            previous = e.name
        }
        guard next == bodyCount else {
            throw fail(
                """
                the tensors cover \(next) of the \(bodyCount) data bytes; the file has \(bodyCount - next) bytes\
                 no tensor describes
                """
            )
        }
        var out: [String: SafetensorsTensor] = [:]
        for e in entries {
            var values = [Double](repeating: 0, count: e.count)
            data.withUnsafeBytes { raw in
                guard let base0 = raw.baseAddress, e.count > 0 else { return }
                let base = base0 + (bodyStart - start) + e.begin
                for i in 0..<e.count {
                    if e.dtype == "F64" {
                        values[i] = Double(
                            bitPattern: UInt64(littleEndian: (base + 8 * i).loadUnaligned(as: UInt64.self)))
                    } else {
                        values[i] = Double(
                            Float(bitPattern: UInt32(littleEndian: (base + 4 * i).loadUnaligned(as: UInt32.self))))
                    }
                }
            }
            out[e.name] = SafetensorsTensor(dtype: e.dtype, shape: e.shape, values: values)
        }
        return out
    }

    /// Non-negative integers (JSON numbers without fraction, up to 2^53; booleans are not numbers).
    private static func ints(_ a: [JSONValue]) -> [Int]? {
        var r: [Int] = []
        for v in a {
            guard let d = v.number, d >= 0, d == d.rounded(), d <= 9_007_199_254_740_992 else { return nil }
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
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }  // keep the data 8-byte aligned
        var out = Data()
        var n = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(json)
        for t in tensors {
            for v in t.values {
                var b = v.bitPattern.littleEndian; withUnsafeBytes(of: &b) { out.append(contentsOf: $0) }
            }
        }
        return out
    }
}

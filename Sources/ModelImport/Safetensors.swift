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
/// Read here with no dependency; dtypes F64, F32, F16 and BF16, each widened exactly to Double
/// (every float16 and bfloat16 value, subnormals included, is a Double).
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

    /// The one line of Python that re-saves a `torch.save` file (a state_dict, or a whole model) as
    /// safetensors.
    public static let torchResave =
        """
        python3 -c "import torch; from safetensors.torch import save_file; m = torch.load('FILE', map_location='cpu',\
         weights_only=False); sd = m.state_dict() if hasattr(m, 'state_dict') else m; save_file({k: v.contiguous()\
         for k, v in sd.items()}, 'weights.safetensors')"
        """

    /// What a file that is not safetensors is, from its first bytes (nil when it may be safetensors),
    /// with the line that converts it.
    static func recogniseOther(_ data: Data, file: String = "FILE") -> String? {
        let torchResave = Safetensors.torchResave.replacingOccurrences(of: "'FILE'", with: "'\(file)'")
        let head = [UInt8](data.prefix(8))
        func holds(_ name: String) -> Bool { data.range(of: Data(name.utf8)) != nil }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            // A zip archive: torch.save's format since PyTorch 1.6 holds `…/data.pkl`; a .keras
            // archive holds `config.json` and `model.weights.h5`.
            if holds("model.weights.h5") || (holds("config.json") && holds("metadata.json")) {
                return
                    """
                    a .keras archive, not safetensors; save the PyTorch model's weights with\
                     safetensors.torch.save_file(model.state_dict(), 'weights.safetensors')
                    """
            }
            let what = holds("data.pkl") ? "a torch.save checkpoint (zip)" : "a zip archive (a torch.save checkpoint?)"
            return "\(what), not safetensors; re-save it with: \(torchResave)"
        }
        if head.first == 0x80, head.count > 1, (2...5).contains(head[1]) {
            return
                "a Python pickle (a torch.save file, legacy format), not safetensors; re-save it with: \(torchResave)"
        }
        if head.starts(with: [0x89, 0x48, 0x44, 0x46]) {
            return
                "an HDF5 file (Keras weights: pass it to --weights, which reads Keras 3 .weights.h5), not safetensors"
        }
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
        if let other = recogniseOther(data, file: file) {
            throw fail(other.hasPrefix("an HDF5") ? "\(other); \(resave)" : other)
        }
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
            case "F16", "BF16": size = 2
            default:
                throw fail(
                    """
                    tensor '\(shown)': unsupported dtype \(SafeName.printable(dtype)); expected F64, F32, F16 or\
                     BF16 (floating-point weights and inputs)
                    """
                )
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
                    switch e.dtype {
                    case "F64":
                        values[i] = Double(
                            bitPattern: UInt64(littleEndian: (base + 8 * i).loadUnaligned(as: UInt64.self)))
                    case "F32":
                        values[i] = Double(
                            Float(bitPattern: UInt32(littleEndian: (base + 4 * i).loadUnaligned(as: UInt32.self))))
                    case "F16":
                        values[i] = Safetensors.widenFloat16(
                            UInt16(littleEndian: (base + 2 * i).loadUnaligned(as: UInt16.self)))
                    default:
                        values[i] = Safetensors.widenBFloat16(
                            UInt16(littleEndian: (base + 2 * i).loadUnaligned(as: UInt16.self)))
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

    /// IEEE 754 binary16 (sign, 5 exponent bits, 10 fraction bits) widened exactly to Double, by
    /// its fields (independent of the platform's Float16 support): subnormals are f·2^−24.
    static func widenFloat16(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F), fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// bfloat16 (the upper half of a binary32) widened exactly to Double.
    static func widenBFloat16(_ bits: UInt16) -> Double { Double(Float(bitPattern: UInt32(bits) << 16)) }

    /// The nearest binary16 of v (ties to even; beyond the range, ±inf).
    static func narrowFloat16(_ v: Double) -> UInt16 {
        if v.isNaN { return 0x7E00 }
        let sign: UInt16 = v.sign == .minus ? 0x8000 : 0
        let a = abs(v)
        if a >= 65520 { return sign | 0x7C00 }  // rounds to inf
        if a < 0x1p-14 {  // subnormal: multiples of 2^-24
            return sign | UInt16((a * 0x1p24).rounded(.toNearestOrEven))
        }
        let e = Int(a.exponent)  // −14 … 15
        var f = ((a / Double(sign: .plus, exponent: e, significand: 1) - 1) * 1024).rounded(.toNearestOrEven)
        var biased = e + 15
        if f == 1024 { f = 0; biased += 1 }
        if biased >= 31 { return sign | 0x7C00 }
        return sign | UInt16(biased << 10) | UInt16(f)
    }

    /// The nearest bfloat16 of v (ties to even, through binary32).
    static func narrowBFloat16(_ v: Double) -> UInt16 {
        let bits = Float(v).bitPattern
        if Float(v).isNaN { return 0x7FC0 }
        return UInt16((bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }

    /// Writes tensors as an F64 safetensors file (for tests and for exporting results).
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Double])]) -> Data {
        encode(tensors.map { ($0.name, $0.shape, $0.values, "F64") })
    }

    /// Writes tensors, each in its own dtype (F64, F32, F16 or BF16; values rounded to nearest).
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Double], dtype: String)]) -> Data {
        func size(_ d: String) -> Int { d == "F64" ? 8 : d == "F32" ? 4 : 2 }
        precondition(tensors.allSatisfy { ["F64", "F32", "F16", "BF16"].contains($0.dtype) }, "encode: dtype")
        var header: [String: Any] = [:]
        var offset = 0
        for t in tensors {
            let n = size(t.dtype) * t.values.count
            header[t.name] = ["dtype": t.dtype, "shape": t.shape, "data_offsets": [offset, offset + n]]
            offset += n
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }  // keep the data 8-byte aligned
        var out = Data()
        var n = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(json)
        for t in tensors {
            for v in t.values {
                switch t.dtype {
                case "F64": var b = v.bitPattern.littleEndian; withUnsafeBytes(of: &b) { out.append(contentsOf: $0) }
                case "F32":
                    var b = Float(v).bitPattern.littleEndian; withUnsafeBytes(of: &b) { out.append(contentsOf: $0) }
                case "F16":
                    var b = narrowFloat16(v).littleEndian; withUnsafeBytes(of: &b) { out.append(contentsOf: $0) }
                default:
                    var b = narrowBFloat16(v).littleEndian; withUnsafeBytes(of: &b) { out.append(contentsOf: $0) }
                }
            }
        }
        return out
    }
}

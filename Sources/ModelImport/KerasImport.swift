import CHDF5
import Formats
import Foundation
import Recurrent

/// Keras 3 weight files (`model.save_weights("….weights.h5")`), read through libhdf5: every
/// recurrent layer (`SimpleRNN`, `LSTM`, `GRU`) under `layers/<name>/cell/vars/{0,1,2}` — kernel
/// (I × G·H), recurrent kernel (H × G·H), bias (G·H, or 2 × 3H for a GRU with `reset_after=True`)
/// — converted exactly to PyTorch's layout: the kernels transposed, the GRU's gates reordered from
/// Keras's (z, r, h) to PyTorch's (r, z, n), a single Keras bias as `bias_ih` with `bias_hh` = 0.
/// The result is a state_dict of tensors named `<layer>.weight_ih_l0`, … that `StateDict` and
/// `PyTorchImport` read like a PyTorch model's; a GRU without `reset_after` is marked so that it
/// reads as GradPath's `gru-reset-before` (Keras's `reset_after=False` equations).
public enum KerasImport {
    /// Whether `data` starts with the HDF5 signature.
    public static func isHDF5(_ data: Data) -> Bool {
        data.prefix(8).elementsEqual([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    /// The layers of a Keras weights file whose GRUs use `reset_after=False` are named here.
    public struct Converted: Sendable {
        public var tensors: [String: SafetensorsTensor]
        /// Prefixes (`gru.`) of GRU layers saved with `reset_after=False`.
        public var resetBefore: Set<String>
        /// From a `.keras` archive's `config.json`: the cell of each SimpleRNN layer (prefix
        /// `simple_rnn.`), read from its `activation`. Empty for a bare weights file.
        public var simpleRNNCells: [String: CellKind] = [:]
    }

    /// The bytes of `model.weights.h5` inside a `.keras` archive (a zip whose members Keras stores
    /// uncompressed), or nil when `data` is not such an archive.
    public static func weightsInArchive(_ data: Data) -> Data? { member("model.weights.h5", of: data) }

    /// What a `.keras` archive's `config.json` says about its recurrent layers: each SimpleRNN's
    /// activation as a cell (`tanh` → rnn-tanh, `relu` → rnn-relu, `sigmoid` → rnn-sigmoid,
    /// `linear` → rnn-identity), keyed by its prefix in the weights file (`simple_rnn.`). Keras 3
    /// names a model's layers in `model.weights.h5` not by their names but by their class in snake
    /// case, numbered from the second of a class on (`simple_rnn`, `simple_rnn_1`, …, `lstm`,
    /// `gru`), in the order of the model's `layers` list, so that order maps config to weights. Settings whose equations GradPath
    /// does not compute are refused by name (the file, the layer, the field, what is supported): an
    /// LSTM's or GRU's `activation` other than tanh or `recurrent_activation` other than sigmoid, any
    /// other SimpleRNN activation, and `go_backwards: true` (the layer reads its input reversed).
    public static func recurrentConfig(_ config: Data, file: String) throws -> [String: CellKind] {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, "config.json: \(m)") }
        let root: JSONValue
        do { root = try JSON.parse(config) } catch { throw fail("not valid JSON (\(error))") }
        var cells: [String: CellKind] = [:]
        let snake = ["SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"]
        var used: [String: Int] = [:]
        for v in root["config"]?["layers"]?.array ?? [] {
            guard let cls = v["class_name"]?.string, let path = snake[cls], let c = v["config"] else { continue }
            let n = used[path, default: 0]
            used[path] = n + 1
            let key = n == 0 ? path : "\(path)_\(n)"
            let name = c["name"]?.string ?? key
            if c["go_backwards"]?.bool == true {
                throw fail("layer '\(name)' has go_backwards: true (it reads its input reversed); expected false")
            }
            let activation = c["activation"]?.string ?? "tanh"
            if cls == "SimpleRNN" {
                let map: [String: CellKind] = [
                    "tanh": .rnn(.tanh), "relu": .rnn(.relu), "sigmoid": .rnn(.sigmoid), "linear": .rnn(.identity),
                ]
                guard let k = map[activation] else {
                    throw fail(
                        "layer '\(name)' has activation '\(activation)'; expected tanh, relu, sigmoid or linear")
                }
                cells[key + "."] = k
            } else {
                let recurrent = c["recurrent_activation"]?.string ?? "sigmoid"
                guard activation == "tanh", recurrent == "sigmoid" else {
                    throw fail(
                        "layer '\(name)' (\(cls)) has activation '\(activation)' and recurrent_activation"
                            + " '\(recurrent)'; expected tanh and sigmoid (PyTorch's equations)")
                }
            }
        }
        return cells
    }

    /// The bytes of the stored member `wanted` of a zip archive, or nil.
    static func member(_ wanted: String, of data: Data) -> Data? {
        let bytes = [UInt8](data)
        func u16(_ i: Int) -> Int { i + 2 <= bytes.count ? Int(bytes[i]) | Int(bytes[i + 1]) << 8 : -1 }
        func u32(_ i: Int) -> Int { i + 4 <= bytes.count ? u16(i) | u16(i + 2) << 16 : -1 }
        var i = 0
        // Walk the local file headers (signature PK\3\4) from the start.
        while i + 30 <= bytes.count, u32(i) == 0x0403_4B50 {
            let flags = u16(i + 6), method = u16(i + 8), size = u32(i + 18), nameLength = u16(i + 26),
                extraLength = u16(i + 28)
            let nameStart = i + 30, dataStart = nameStart + nameLength + extraLength
            guard size >= 0, nameLength >= 0, extraLength >= 0, dataStart + size <= bytes.count else { return nil }
            let name = String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            if name == wanted {
                // Stored (method 0) with its size in the header (no data descriptor): Keras's way.
                guard method == 0, flags & 0x8 == 0 else { return nil }
                return Data(bytes[dataStart..<(dataStart + size)])
            }
            i = dataStart + size
        }
        return nil
    }

    /// Reads every recurrent layer of a `.keras` archive's weights: extracted into a temporary file
    /// for libhdf5, which is removed afterwards.
    public static func read(archive data: Data, file path: String) throws -> Converted {
        guard let weights = weightsInArchive(data) else {
            throw ModelImportError(
                file: path,
                "a zip archive without a stored model.weights.h5 (expected a .keras file saved by Keras 3)")
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gradpath-\(UUID().uuidString).weights.h5")
        try weights.write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var converted: Converted
        do {
            converted = try read(tmp.path)
        } catch let e as ModelImportError {
            throw ModelImportError(file: path, "model.weights.h5: \(e.message)")
        }
        if let config = member("config.json", of: data) {
            converted.simpleRNNCells = try recurrentConfig(config, file: path)
        }
        return converted
    }

    /// Reads every recurrent layer of the Keras 3 `.weights.h5` file at `path`.
    public static func read(_ path: String) throws -> Converted {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: path, m) }
        gp_h5_quiet()
        let file = H5Fopen(path, gp_h5f_acc_rdonly(), gp_h5p_default())
        guard file >= 0 else { throw fail("not a readable HDF5 file (libhdf5 could not open it)") }
        defer { H5Fclose(file) }
        guard H5Lexists(file, "layers", gp_h5p_default()) > 0 else {
            throw fail("no group 'layers': expected a Keras 3 weights file (model.save_weights(\"….weights.h5\"))")
        }
        var out: [String: SafetensorsTensor] = [:]
        var resetBefore: Set<String> = []
        for name in try members(file, "layers", path: path) {
            let vars = "layers/\(name)/cell/vars"
            guard exists(file, vars) else { continue }
            let parts = try members(file, vars, path: path)
            guard ["0", "1", "2"].allSatisfy(parts.contains) else { continue }
            let kernel = try dataset(file, "\(vars)/0", path: path)
            let recurrent = try dataset(file, "\(vars)/1", path: path)
            let bias = try dataset(file, "\(vars)/2", path: path)
            guard kernel.shape.count == 2, recurrent.shape.count == 2 else { continue }
            let I = kernel.shape[0], H = recurrent.shape[0], GH = recurrent.shape[1]
            guard H >= 1, GH % H == 0, [1, 3, 4].contains(GH / H), kernel.shape[1] == GH else {
                throw fail(
                    "layer '\(name)': kernel \(kernel.shape) and recurrent kernel \(recurrent.shape) fit no SimpleRNN, GRU or LSTM"
                )
            }
            let G = GH / H
            // Keras's GRU blocks (z, r, h) in PyTorch's order (r, z, n); others keep theirs.
            let order = G == 3 ? [1, 0, 2] : Array(0..<G)
            func transposed(_ m: SafetensorsTensor) -> [Double] {
                // (rows × G·H) row-major → (G·H × rows) with the gate blocks reordered.
                let rows = m.shape[0]
                var v = [Double](repeating: 0, count: m.values.count)
                for (dst, src) in order.enumerated() {
                    for j in 0..<H {
                        for r in 0..<rows { v[(dst * H + j) * rows + r] = m.values[r * GH + src * H + j] }
                    }
                }
                return v
            }
            func reordered(_ v: ArraySlice<Double>) -> [Double] {
                let b = Array(v)
                return order.flatMap { b[($0 * H)..<(($0 + 1) * H)] }
            }
            let prefix = "\(name)."
            out[prefix + "weight_ih_l0"] = SafetensorsTensor(
                dtype: kernel.dtype, shape: [GH, I], values: transposed(kernel))
            out[prefix + "weight_hh_l0"] = SafetensorsTensor(
                dtype: recurrent.dtype, shape: [GH, H], values: transposed(recurrent))
            let zero = [Double](repeating: 0, count: GH)
            if bias.shape == [2, GH] {
                out[prefix + "bias_ih_l0"] = SafetensorsTensor(
                    dtype: bias.dtype, shape: [GH], values: reordered(bias.values[0..<GH]))
                out[prefix + "bias_hh_l0"] = SafetensorsTensor(
                    dtype: bias.dtype, shape: [GH], values: reordered(bias.values[GH..<(2 * GH)]))
            } else if bias.shape == [GH] {
                out[prefix + "bias_ih_l0"] = SafetensorsTensor(
                    dtype: bias.dtype, shape: [GH], values: reordered(bias.values[...]))
                out[prefix + "bias_hh_l0"] = SafetensorsTensor(dtype: bias.dtype, shape: [GH], values: zero)
                if G == 3 { resetBefore.insert(prefix) }
            } else {
                throw fail("layer '\(name)': bias of shape \(bias.shape), expected [\(GH)] or [2, \(GH)]")
            }
        }
        guard !out.isEmpty else {
            throw fail("no SimpleRNN, LSTM or GRU layer under 'layers' (expected layers/<name>/cell/vars/0, 1, 2)")
        }
        return Converted(tensors: out, resetBefore: resetBefore)
    }

    static func exists(_ file: hid_t, _ path: String) -> Bool {
        // H5Lexists needs every parent to exist: check them in turn.
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + part
            guard H5Lexists(file, prefix, gp_h5p_default()) > 0 else { return false }
        }
        return true
    }

    /// The names of a group's members, sorted.
    static func members(_ file: hid_t, _ group: String, path: String) throws -> [String] {
        let g = H5Gopen2(file, group, gp_h5p_default())
        guard g >= 0 else { throw ModelImportError(file: path, "cannot open group '\(group)'") }
        defer { H5Gclose(g) }
        var info = H5G_info_t()
        guard H5Gget_info(g, &info) >= 0 else { throw ModelImportError(file: path, "cannot read group '\(group)'") }
        var names: [String] = []
        for i in 0..<info.nlinks {
            let n = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, gp_h5p_default())
            guard n > 0, n < 4096 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(n) + 1)
            _ = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, Int(n) + 1, gp_h5p_default())
            names.append(String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names.sorted()
    }

    /// A floating-point dataset as Doubles (libhdf5 converts float16/32/64 exactly), at most 2^28 values.
    static func dataset(_ file: hid_t, _ name: String, path: String) throws -> SafetensorsTensor {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: path, "dataset '\(name)': \(m)") }
        let d = H5Dopen2(file, name, gp_h5p_default())
        guard d >= 0 else { throw fail("cannot open") }
        defer { H5Dclose(d) }
        let type = H5Dget_type(d)
        defer { H5Tclose(type) }
        guard H5Tget_class(type) == H5T_FLOAT else { throw fail("not floating-point") }
        let bits = H5Tget_size(type) * 8
        let space = H5Dget_space(d)
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 4 else { throw fail("rank \(rank), expected at most 4") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        H5Sget_simple_extent_dims(space, &dims, nil)
        let shape = dims.map { Int($0) }
        let count = shape.reduce(1, *)
        guard count <= 1 << 28 else { throw fail("\(count) values, more than the limit of 2^28") }
        var values = [Double](repeating: 0, count: count)
        guard
            count == 0 || H5Dread(d, gp_h5t_native_double(), gp_h5s_all(), gp_h5s_all(), gp_h5p_default(), &values) >= 0
        else { throw fail("cannot read") }
        return SafetensorsTensor(
            dtype: bits == 64 ? "F64" : bits == 32 ? "F32" : "F\(bits)", shape: shape, values: values)
    }
}

import Formats
import Foundation
import LinearAlgebra
import Recurrent

/// Builds networks and inputs from PyTorch files saved as safetensors.
///
/// Weights: the `state_dict` of `nn.RNN`, `nn.LSTM` or `nn.GRU` (unidirectional or bidirectional;
/// an LSTM with `proj_size = P` adds `weight_hr_l{k}` (P × H) and its `weight_hh_l{k}` is G·H × P), bare or inside a whole model (`load` finds it by its keys, `StateDict`), as
/// written by `safetensors.torch.save_file(model.state_dict(), F)`: `weight_ih_l{k}` (G·H × I),
/// `weight_hh_l{k}` (G·H × H), `bias_ih_l{k}`, `bias_hh_l{k}` (G·H), k = 0 … L − 1, in PyTorch's
/// gate order (`…_reverse` for the reverse direction). Models built with `bias=False` have no bias
/// tensors; their biases are zero here. GradPath's own variants add `weight_peephole_{i,f,o}_l{k}`
/// (H). Inputs: a tensor `input` of shape (T, B, I) (PyTorch's sequence-first layout) or (B, T, I)
/// with `batchFirst`, and optionally `h0` (and `c0` for the LSTM) of shape (L, B, H) (2L for a
/// bidirectional module; h0 is (L, B, P) with projections). The user's loss: `lossGradient` (`grad_output`, `grad_h_n`, `grad_c_n`).
public enum PyTorchImport {
    /// A network read from a state_dict: the module it came from and the tensors that belong to no
    /// recurrent module (an embedding, a head: ignored).
    public struct Loaded: Sendable {
        /// The network; for a bidirectional module, a stand-in of its cell with I, H and 2L layers
        /// (zero weights: it gives the shapes of h0 and grad_h_n, (2L, B, H), and the cost).
        public var network: RecurrentNetwork
        public var module: RecurrentModule
        public var ignored: [String]
        /// The bidirectional module itself, when it is one.
        public var bidirectional: BidirectionalNetwork? = nil
    }

    /// Reads the recurrent module `module` (or the only one) of a bare or whole-model state_dict,
    /// as `cell` when given (it must fit the shapes) or as the shapes say (an RNN needs `cell`).
    /// The tensors of a weights file: a safetensors state_dict, or a Keras 3 `.weights.h5` file
    /// converted to PyTorch's layout (`KerasImport`); with the Keras GRU layers saved with
    /// `reset_after=False`.
    /// `kerasCells`: the SimpleRNN cells a `.keras` archive's config.json names.
    public static func readWeights(_ path: String) throws -> (
        tensors: [String: SafetensorsTensor], kerasResetBefore: Set<String>, keras: Bool,
        kerasCells: [String: CellKind]
    ) {
        let data: Data
        do { data = try FileInput.read(path, maxBytes: Int.max) } catch let e as FileInputError {
            throw ModelImportError(file: path, e.message)
        }
        if KerasImport.isHDF5(data) {
            let k = try KerasImport.read(path)
            return (k.tensors, k.resetBefore, true, [:])
        }
        if KerasImport.weightsInArchive(data) != nil {
            let k = try KerasImport.read(archive: data, file: path)
            return (k.tensors, k.resetBefore, true, k.simpleRNNCells)
        }
        return (try Safetensors.parse(data, file: path), [], false, [:])
    }

    public static func load(weights path: String, cell: CellKind?, module: String?) throws -> Loaded {
        let (tensors, resetBefore, keras, kerasCells) = try readWeights(path)
        let (m, ignored) = try StateDict.select(tensors, module: module, file: path)
        let kind: CellKind
        if resetBefore.contains(m.prefix) {
            // A Keras GRU with reset_after=False: GradPath's reset-before GRU, whatever else fits.
            if let cell, cell != .gru(.resetBefore) {
                throw ModelImportError(
                    file: path,
                    "--cell \(cell) contradicts layer \(m.name): a Keras GRU saved with reset_after=False is gru-reset-before"
                )
            }
            kind = .gru(.resetBefore)
        } else if keras, m.gateCount == 1, let configured = kerasCells[m.prefix] {
            // A .keras archive's SimpleRNN: its activation is in config.json.
            if let cell, cell != configured {
                throw ModelImportError(
                    file: path,
                    "--cell \(cell) contradicts layer \(m.name): its activation in config.json makes it \(configured)")
            }
            kind = configured
        } else if keras, m.gateCount == 1, cell == nil {
            throw ModelImportError(
                file: path,
                """
                layer \(m.name) is a Keras SimpleRNN, whose activation is not stored in the weights file: give\
                 --cell rnn-tanh (Keras's default) or the cell of its activation
                """
            )
        } else {
            kind = try StateDict.cell(for: m, requested: cell, file: path)
        }
        if keras, case .gru(.resetBefore) = kind, !resetBefore.contains(m.prefix) {
            throw ModelImportError(
                file: path,
                "--cell gru-reset-before contradicts layer \(m.name): a Keras GRU saved with reset_after=True is gru")
        }
        func fail(_ s: String) -> ModelImportError { ModelImportError(file: path, s) }
        if m.directions == 2 {
            let bi = try bidirectional(kind, tensors: StateDict.strip(tensors, m), file: path, prefix: m.prefix)
            let standIn = RecurrentNetwork(
                cell: kind, inputSize: bi.inputSize, hiddenSize: bi.hiddenSize, layerCount: 2 * bi.layerCount,
                projectionSize: bi.directions[0][0].projectionSize)
            return Loaded(network: standIn, module: m, ignored: ignored, bidirectional: bi)
        }
        let net = try network(kind, tensors: StateDict.strip(tensors, m), file: path, prefix: m.prefix)
        return Loaded(network: net, module: m, ignored: ignored)
    }

    /// Reads a bidirectional module (`bidirectional=True`): directions `…_l{k}` and `…_l{k}_reverse`
    /// of every layer, layer k > 0 reading 2H inputs. `tensors` are the module's, prefix removed.
    public static func bidirectional(
        _ cell: CellKind, tensors: [String: SafetensorsTensor], file: String, prefix: String = ""
    ) throws -> BidirectionalNetwork {
        var forward: [String: SafetensorsTensor] = [:], reverse: [String: SafetensorsTensor] = [:]
        for (k, v) in tensors {
            if k.hasSuffix("_reverse") { reverse[String(k.dropLast("_reverse".count))] = v } else { forward[k] = v }
        }
        func layer(_ dict: [String: SafetensorsTensor], _ l: Int, reverse: Bool) throws -> RecurrentNetwork {
            // One layer as a 1-layer network: its tensors renamed to `_l0`.
            let own = dict.filter { $0.key.hasSuffix("_l\(l)") }
            let renamed = Dictionary(
                uniqueKeysWithValues: own.map { (String($0.key.dropLast("_l\(l)".count)) + "_l0", $0.value) })
            do {
                return try network(cell, tensors: renamed, file: file, prefix: prefix)
            } catch let e as ModelImportError {
                // Name the tensor as the file does.
                throw ModelImportError(
                    file: file,
                    e.message.replacingOccurrences(of: "_l0'", with: "_l\(l)\(reverse ? "_reverse" : "")'")
                        .replacingOccurrences(of: "(layer 0 of 1)", with: "(layer \(l))"))
            }
        }
        var L = 0
        while forward["weight_hh_l\(L)"] != nil { L += 1 }
        var net = BidirectionalNetwork(cell: cell, inputSize: 1, hiddenSize: 1, layerCount: L)
        for l in 0..<L {
            net.directions[l] = [try layer(forward, l, reverse: false), try layer(reverse, l, reverse: true)]
            let want = l == 0 ? net.directions[0][0].inputSize : 2 * net.directions[0][0].outputSize
            for d in 0..<2
            where net.directions[l][d].inputSize != want || net.directions[l][d].hiddenSize != net.hiddenSize
                || net.directions[l][d].outputSize != net.outputSize
            {
                let name = "\(prefix)weight_ih_l\(l)\(d == 1 ? "_reverse" : "")"
                throw ModelImportError(
                    file: file,
                    """
                    tensor '\(name)': shape [\(cell.gateCount * net.directions[l][d].hiddenSize), \(net.directions[l][d].inputSize)],\
                     expected [\(cell.gateCount * net.hiddenSize), \(want)] (layer \(l) of a bidirectional \(cell) reads\
                     \(l == 0 ? "the input" : "both directions of the layer below, 2·\(net.projectionSize > 0 ? "P" : "H")"))
                    """)
            }
        }
        return net
    }

    /// Reads a state_dict for `cell` from the safetensors file at `path`.
    public static func network(_ cell: CellKind, weights path: String) throws -> RecurrentNetwork {
        try network(cell, tensors: try Safetensors.read(path), file: path)
    }

    /// `prefix` is the module's key prefix in the file, for messages (the tensors come without it).
    public static func network(
        _ cell: CellKind, tensors: [String: SafetensorsTensor], file: String, prefix: String = ""
    ) throws -> RecurrentNetwork {
        func fail(_ m: String) -> ModelImportError {
            ModelImportError(
                file: file,
                prefix.isEmpty
                    ? m
                    : m.replacingOccurrences(of: "tensor '", with: "tensor '\(prefix)")
                        .replacingOccurrences(of: "tensors '", with: "tensors '\(prefix)"))
        }
        let G = cell.gateCount
        if tensors.keys.contains(where: { $0.hasSuffix("_reverse") }) {
            throw fail(
                """
                bidirectional models are not supported (found tensors ending in _reverse); expected a\
                 unidirectional \(cell)
                """
            )
        }
        guard let hh0 = tensors["weight_hh_l0"] else {
            throw fail(
                """
                missing tensor 'weight_hh_l0' (expected a PyTorch \(cell) state_dict with weight_ih_l0,\
                 weight_hh_l0, …)
                """
            )
        }
        // With projections (proj_size = P): weight_hr_l0 is [P, H] and weight_hh_l0 [G·H, P].
        var P = 0
        let H: Int
        if let hr = tensors["weight_hr_l0"] {
            guard cell.hasCellState else {
                throw fail("tensor 'weight_hr_l0': projections (proj_size) exist only for an LSTM, not a \(cell)")
            }
            guard hr.shape.count == 2, hr.shape[0] >= 1, hr.shape[1] > hr.shape[0] else {
                throw fail("tensor 'weight_hr_l0': shape \(hr.shape), expected [P, H] with 1 ≤ P < H (proj_size)")
            }
            (P, H) = (hr.shape[0], hr.shape[1])
            guard hh0.shape == [G * H, P] else {
                throw fail(
                    """
                    tensor 'weight_hh_l0': shape \(hh0.shape), expected [\(G * H), \(P)] for a \(cell) with H = \(H)\
                     and proj_size P = \(P) (weight_hr_l0 is [\(P), \(H)])
                    """
                )
            }
        } else {
            guard hh0.shape.count == 2, hh0.shape[1] >= 1, hh0.shape[0] == G * hh0.shape[1] else {
                throw fail(
                    """
                    tensor 'weight_hh_l0': shape \(hh0.shape) does not fit a \(cell) (expected [\(G)·H, H] with gates\
                     \(cell.gateNames.joined(separator: ", ")))
                    """
                )
            }
            H = hh0.shape[1]
        }
        guard let ih0 = tensors["weight_ih_l0"] else { throw fail("missing tensor 'weight_ih_l0'") }
        guard ih0.shape.count == 2, ih0.shape[0] == G * H, ih0.shape[1] >= 1 else {
            throw fail(
                """
                tensor 'weight_ih_l0': shape \(ih0.shape) does not fit a \(cell) with H = \(H) (expected\
                 [\(G * H), I])
                """
            )
        }
        let I = ih0.shape[1]
        var L = 0
        while tensors["weight_hh_l\(L)"] != nil || tensors["weight_ih_l\(L)"] != nil { L += 1 }
        var net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: L, projectionSize: P)
        var used: Set<String> = []
        let hasBias = tensors["bias_ih_l0"] != nil || tensors["bias_hh_l0"] != nil
        for l in 0..<L {
            for t in net.layers[l].tensors {
                let name = "\(t.name)_l\(l)"
                guard let v = tensors[name] else {
                    if !hasBias && t.name.hasPrefix("bias_") { continue }  // bias=False
                    throw fail("missing tensor '\(name)' (layer \(l) of \(L))")
                }
                guard v.shape == t.shape else {
                    throw fail(
                        """
                        tensor '\(name)': shape \(v.shape), expected \(t.shape) for a \(cell) with I = \(I), H = \(H)\
                        \(P > 0 ? ", proj_size P = \(P)" : "")
                        """)
                }
                if let bad = v.values.firstIndex(where: { !$0.isFinite }) {
                    throw fail("tensor '\(name)': element \(bad) is \(v.values[bad]); expected finite weights")
                }
                net.layers[l].setTensor(t.name, v.values)
                used.insert(name)
            }
        }
        let unknown = tensors.keys.filter { !used.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw fail(
                """
                unexpected tensor\(unknown.count > 1 ? "s" : "")\
                 \(unknown.map { "'\($0)'" }.joined(separator: ", ")) for a \(L)-layer \(cell)
                """
            )
        }
        return net
    }

    /// Reads `input` (T, B, I) and optional `h0`/`c0` (L, B, H) from the safetensors file at `path`.
    /// With `batchFirst`, `input` is (B, T, I), as a `batch_first=True` module takes it (h0 and c0
    /// stay (L, B, H), as in PyTorch).
    public static func inputs(_ path: String, for network: RecurrentNetwork, batchFirst: Bool = false) throws -> (
        SequenceBatch, [RecurrentState]?
    ) {
        try inputs(tensors: try Safetensors.read(path), file: path, for: network, batchFirst: batchFirst)
    }

    /// (B, T, …) → (T, B, …): the first two axes of a row-major tensor swapped.
    public static func swapLeadingAxes(_ t: SafetensorsTensor) -> SafetensorsTensor {
        guard t.shape.count >= 2 else { return t }
        let a = t.shape[0], b = t.shape[1], inner = t.shape.dropFirst(2).reduce(1, *)
        var out = [Double](repeating: 0, count: t.values.count)
        for i in 0..<a {
            for j in 0..<b {
                let src = (i * b + j) * inner, dst = (j * a + i) * inner
                for k in 0..<inner { out[dst + k] = t.values[src + k] }
            }
        }
        return SafetensorsTensor(dtype: t.dtype, shape: [b, a] + t.shape.dropFirst(2), values: out)
    }

    public static func inputs(
        tensors given: [String: SafetensorsTensor], file: String,
        for network: RecurrentNetwork, batchFirst: Bool = false
    ) throws -> (SequenceBatch, [RecurrentState]?) {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
        var tensors = given
        if batchFirst, let x = tensors["input"] {
            guard x.shape.count == 3 else {
                throw fail(
                    "tensor 'input': shape \(x.shape), expected (B, T, \(network.inputSize)) with --batch-first")
            }
            tensors["input"] = swapLeadingAxes(x)
        }
        guard let x = tensors["input"] else {
            throw fail(
                """
                missing tensor 'input' (expected shape (T, B, I) = (steps, batch, \(network.inputSize)),\
                 sequence-first)
                """
            )
        }
        guard x.shape.count == 3, x.shape[0] >= 1, x.shape[1] >= 1, x.shape[2] == network.inputSize else {
            throw fail(
                """
                tensor 'input': shape \(batchFirst ? given["input"]!.shape : x.shape), expected\
                 \(batchFirst ? "(B, T, \(network.inputSize))" : "(T, B, \(network.inputSize))") with T, B ≥ 1\
                 \(batchFirst ? "(batch-first, as given by --batch-first)" : "(sequence-first; for batch_first data give --batch-first)")
                """
            )
        }
        if let bad = x.values.firstIndex(where: { !$0.isFinite }) {
            throw fail("tensor 'input': element \(bad) is \(x.values[bad]); expected finite inputs")
        }
        let batch = SequenceBatch(steps: x.shape[0], batchSize: x.shape[1], featureSize: x.shape[2], values: x.values)
        let L = network.layerCount, B = x.shape[1], H = network.hiddenSize, S = network.outputSize
        func state(_ name: String, _ width: Int) throws -> [[Double]]? {
            try perLayer(tensors, name, layers: L, batch: B, hidden: width, file: file, what: "initial state")
        }
        let h0 = try state("h0", S)
        let c0 = network.cell.hasCellState ? try state("c0", H) : nil
        if !network.cell.hasCellState && tensors["c0"] != nil {
            throw fail("tensor 'c0' given, but a \(network.cell) has no cell state")
        }
        let unknown = tensors.keys.filter { !["input", "h0", "c0"].contains($0) }.sorted()
        if !unknown.isEmpty {
            throw fail(
                """
                unexpected tensor\(unknown.count > 1 ? "s" : "")\
                 \(unknown.map { "'\($0)'" }.joined(separator: ", ")); expected input, h0, c0
                """
            )
        }
        guard h0 != nil || c0 != nil else { return (batch, nil) }
        let states = (0..<L).map { l in
            RecurrentState(
                hidden: Matrix(rows: B, columns: S, storage: h0?[l] ?? [Double](repeating: 0, count: B * S)),
                cell: Matrix(
                    rows: B, columns: network.cell.hasCellState ? H : 0,
                    storage: network.cell.hasCellState ? (c0?[l] ?? [Double](repeating: 0, count: B * H)) : []))
        }
        return (batch, states)
    }

    /// Reads the gradient of the user's loss from a safetensors file: `grad_output` = ∂L/∂output of
    /// the module's output sequence, (T, B, H) (or (B, T, H) with `batchFirst`), and optionally
    /// `grad_h_n` and `grad_c_n` = ∂L/∂h_n, ∂L/∂c_n, (L, B, H), for a loss that reads the final
    /// states. T and B must be the inputs'.
    /// `outputWidth` is the width of one step of the output (H, or 2H for a bidirectional module).
    public static func lossGradient(
        _ path: String, for network: RecurrentNetwork, steps T: Int, batch B: Int, batchFirst: Bool = false,
        outputWidth: Int? = nil
    ) throws -> LossGradientValues {
        try lossGradient(
            tensors: try Safetensors.read(path), file: path, for: network, steps: T, batch: B, batchFirst: batchFirst,
            outputWidth: outputWidth)
    }

    /// ∂L/∂output (T·B·H, sequence-first) and the final-state gradients (one per layer).
    public struct LossGradientValues: Sendable {
        public var outputs: [Double]
        public var finalStates: [RecurrentState]?
    }

    public static func lossGradient(
        tensors given: [String: SafetensorsTensor], file: String, for network: RecurrentNetwork, steps T: Int,
        batch B: Int, batchFirst: Bool = false, outputWidth: Int? = nil
    ) throws -> LossGradientValues {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
        let H = network.hiddenSize, S = network.outputSize, L = network.layerCount, W = outputWidth ?? S
        var tensors = given
        guard let g0 = tensors["grad_output"] else {
            throw fail(
                """
                missing tensor 'grad_output' (expected ∂L/∂output of shape \(batchFirst ? "(B, T, H)" : "(T, B, H)") =\
                 \(batchFirst ? "(\(B), \(T), \(W))" : "(\(T), \(B), \(W))"), as tools/export_for_gradpath.py writes it)
                """
            )
        }
        if batchFirst, g0.shape.count == 3 { tensors["grad_output"] = swapLeadingAxes(g0) }
        let g = tensors["grad_output"]!
        guard g.shape == [T, B, W] else {
            let expected = batchFirst ? "(B, T, H) = (\(B), \(T), \(W))" : "(T, B, H) = (\(T), \(B), \(W))"
            throw fail(
                """
                tensor 'grad_output': shape \(g0.shape), expected \(expected) to match the inputs and the module's\
                 output size\(W == 2 * S ? " (2·\(S == H ? "H" : "P"): both directions)" : S == H ? "" : " (P = proj_size)")
                """
            )
        }
        if let bad = g.values.firstIndex(where: { !$0.isFinite }) {
            throw fail("tensor 'grad_output': element \(bad) is \(g.values[bad]); expected a finite gradient")
        }
        func state(_ name: String, _ width: Int) throws -> [[Double]]? {
            try perLayer(tensors, name, layers: L, batch: B, hidden: width, file: file, what: "gradient")
        }
        let dh = try state("grad_h_n", S)
        if !network.cell.hasCellState && tensors["grad_c_n"] != nil {
            throw fail("tensor 'grad_c_n' given, but a \(network.cell) has no cell state")
        }
        let dc = network.cell.hasCellState ? try state("grad_c_n", H) : nil
        let unknown = tensors.keys.filter { !["grad_output", "grad_h_n", "grad_c_n"].contains($0) }.sorted()
        if !unknown.isEmpty {
            throw fail(
                """
                unexpected tensor\(unknown.count > 1 ? "s" : "")\
                 \(unknown.map { "'\($0)'" }.joined(separator: ", ")); expected grad_output, grad_h_n, grad_c_n
                """
            )
        }
        guard dh != nil || dc != nil else { return LossGradientValues(outputs: g.values, finalStates: nil) }
        let zeros = [Double](repeating: 0, count: B * H)
        let states = (0..<L).map { l in
            RecurrentState(
                hidden: Matrix(rows: B, columns: S, storage: dh?[l] ?? [Double](repeating: 0, count: B * S)),
                cell: Matrix(
                    rows: B, columns: network.cell.hasCellState ? H : 0,
                    storage: network.cell.hasCellState ? (dc?[l] ?? zeros) : []))
        }
        return LossGradientValues(outputs: g.values, finalStates: states)
    }

    /// Tensor `name` of shape (L, B, width), finite, split per layer; nil when absent.
    static func perLayer(
        _ tensors: [String: SafetensorsTensor], _ name: String, layers L: Int, batch B: Int, hidden H: Int,
        file: String, what: String
    ) throws -> [[Double]]? {
        guard let s = tensors[name] else { return nil }
        guard s.shape == [L, B, H] else {
            throw ModelImportError(
                file: file, "tensor '\(name)': shape \(s.shape), expected (L, B, H) = (\(L), \(B), \(H))")
        }
        if let bad = s.values.firstIndex(where: { !$0.isFinite }) {
            throw ModelImportError(
                file: file, "tensor '\(name)': element \(bad) is \(s.values[bad]); expected a finite \(what)")
        }
        return (0..<L).map { Array(s.values[($0 * B * H)..<(($0 + 1) * B * H)]) }
    }
}

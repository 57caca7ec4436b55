import Foundation
import LinearAlgebra
import Recurrent

/// Builds networks and inputs from PyTorch files saved as safetensors.
///
/// Weights: the `state_dict` of `nn.RNN`, `nn.LSTM` or `nn.GRU` (unidirectional, `batch_first`
/// irrelevant, no `proj_size`), as written by `safetensors.torch.save_file(model.state_dict(), F)`:
/// `weight_ih_l{k}` (G·H × I), `weight_hh_l{k}` (G·H × H), `bias_ih_l{k}`, `bias_hh_l{k}` (G·H),
/// k = 0 … L − 1, in PyTorch's gate order. Models built with `bias=False` have no bias tensors;
/// their biases are zero here. GradPath's own variants add `weight_peephole_{i,f,o}_l{k}` (H).
/// Inputs: a tensor `input` of shape (T, B, I) (PyTorch's sequence-first layout), and optionally
/// `h0` (and `c0` for the LSTM) of shape (L, B, H).
public enum PyTorchImport {
    /// Reads a state_dict for `cell` from the safetensors file at `path`.
    public static func network(_ cell: CellKind, weights path: String) throws -> RecurrentNetwork {
        try network(cell, tensors: try Safetensors.read(path), file: path)
    }

    public static func network(_ cell: CellKind, tensors: [String: SafetensorsTensor], file: String) throws
        -> RecurrentNetwork
    {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
        let G = cell.gateCount
        if tensors.keys.contains(where: { $0.hasSuffix("_reverse") }) {
            throw fail(
                """
                bidirectional models are not supported (found tensors ending in _reverse); expected a\
                 unidirectional \(cell)
                """
            )
        }
        if let p = tensors.keys.first(where: { $0.hasPrefix("weight_hr_l") }) {
            throw fail("tensor '\(p)': LSTM projections (proj_size > 0) are not supported")
        }
        guard let hh0 = tensors["weight_hh_l0"] else {
            throw fail(
                """
                missing tensor 'weight_hh_l0' (expected a PyTorch \(cell) state_dict with weight_ih_l0,\
                 weight_hh_l0, …)
                """
            )
        }
        guard hh0.shape.count == 2, hh0.shape[1] >= 1, hh0.shape[0] == G * hh0.shape[1] else {
            throw fail(
                """
                tensor 'weight_hh_l0': shape \(hh0.shape) does not fit a \(cell) (expected [\(G)·H, H] with gates\
                 \(cell.gateNames.joined(separator: ", ")))
                """
            )
        }
        let H = hh0.shape[1]
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
        var net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: L)
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
                        "tensor '\(name)': shape \(v.shape), expected \(t.shape) for a \(cell) with I = \(I), H = \(H)")
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
    public static func inputs(_ path: String, for network: RecurrentNetwork) throws -> (
        SequenceBatch, [RecurrentState]?
    ) {
        try inputs(tensors: try Safetensors.read(path), file: path, for: network)
    }

    public static func inputs(
        tensors: [String: SafetensorsTensor], file: String,
        for network: RecurrentNetwork
    ) throws -> (SequenceBatch, [RecurrentState]?) {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
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
                tensor 'input': shape \(x.shape), expected (T, B, \(network.inputSize)) with T, B ≥ 1\
                 (sequence-first; for batch_first data use x.transpose(0, 1))
                """
            )
        }
        if let bad = x.values.firstIndex(where: { !$0.isFinite }) {
            throw fail("tensor 'input': element \(bad) is \(x.values[bad]); expected finite inputs")
        }
        let batch = SequenceBatch(steps: x.shape[0], batchSize: x.shape[1], featureSize: x.shape[2], values: x.values)
        let L = network.layerCount, B = x.shape[1], H = network.hiddenSize
        func state(_ name: String) throws -> [[Double]]? {
            guard let s = tensors[name] else { return nil }
            guard s.shape == [L, B, H] else {
                throw fail("tensor '\(name)': shape \(s.shape), expected (L, B, H) = (\(L), \(B), \(H))")
            }
            if let bad = s.values.firstIndex(where: { !$0.isFinite }) {
                throw fail("tensor '\(name)': element \(bad) is \(s.values[bad]); expected a finite initial state")
            }
            return (0..<L).map { Array(s.values[($0 * B * H)..<(($0 + 1) * B * H)]) }
        }
        let h0 = try state("h0")
        let c0 = network.cell.hasCellState ? try state("c0") : nil
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
                hidden: Matrix(rows: B, columns: H, storage: h0?[l] ?? [Double](repeating: 0, count: B * H)),
                cell: Matrix(
                    rows: B, columns: network.cell.hasCellState ? H : 0,
                    storage: network.cell.hasCellState ? (c0?[l] ?? [Double](repeating: 0, count: B * H)) : []))
        }
        return (batch, states)
    }
}

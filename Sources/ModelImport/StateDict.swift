import Foundation
import Recurrent

/// One recurrent module found in a state_dict by its key pattern: `PREFIXweight_hh_l0`, … (an
/// `nn.RNN`, `nn.LSTM` or `nn.GRU` inside a whole model saved with `model.state_dict()`, whose
/// keys carry the module's path, `rnn.weight_ih_l0`, `encoder.lstm.weight_hh_l1_reverse`, …).
public struct RecurrentModule: Sendable, Equatable {
    /// The key prefix, with its trailing dot (`rnn.`); empty for a bare module's state_dict.
    public var prefix: String
    /// G, the number of H-row gate blocks: 1 (RNN), 3 (GRU, or GradPath's coupled LSTM), 4 (LSTM).
    public var gateCount: Int
    public var layers: Int
    public var inputSize: Int
    public var hiddenSize: Int
    /// 1, or 2 for a bidirectional module (`*_reverse` tensors).
    public var directions: Int
    /// P of an LSTM with `proj_size = P > 0` (`weight_hr_l{k}`), else nil.
    public var projectionSize: Int?
    /// Whether the module has bias tensors (`bias=True`).
    public var bias: Bool
    /// Whether it holds GradPath's peephole weights (`weight_peephole_{i,f,o}_l{k}`).
    public var peephole: Bool
    /// The dtypes of its tensors, sorted (`F32`, `BF16`, …).
    public var dtypes: [String]
    /// Its tensors' full keys, sorted.
    public var keys: [String]

    /// The module's name as `--module` takes it: the prefix without its trailing dot, or `(root)`.
    public var name: String { prefix.isEmpty ? "(root)" : String(prefix.dropLast()) }

    /// What the shapes say the cell is: its family (`rnn`, `lstm`, `gru` or `gru or lstm-coupled`).
    public var family: String {
        switch gateCount {
        case 1: return "rnn"
        case 3: return "gru"
        default: return peephole ? "lstm-peephole" : "lstm"
        }
    }

    /// The cells whose layout these shapes fit, the first being what the shapes alone give (nil
    /// for an RNN, whose nonlinearity is not in its state_dict).
    public var compatibleCells: [CellKind] {
        switch gateCount {
        case 1:
            return CellKind.all.filter {
                if case .rnn = $0 { return true }; return false
            }
        case 3: return [.gru(.resetAfter), .gru(.resetBefore), .lstm(.coupled), .lstm(.noForgetGate)]
        default: return peephole ? [.lstm(.peephole)] : [.lstm(.standard), .lstm(.noOutputActivation)]
        }
    }

    /// One line for `gradpath analyze --list`.
    public var summary: String {
        var parts = [
            "cell \(family)", "\(layers) layer\(layers == 1 ? "" : "s")", "input size \(inputSize)",
            "hidden size \(hiddenSize)", directions == 2 ? "bidirectional" : "unidirectional",
        ]
        if let p = projectionSize { parts.append("projection \(p)") }
        parts.append(bias ? "bias" : "no bias")
        parts.append("dtype \(dtypes.joined(separator: "/"))")
        return "\(name): " + parts.joined(separator: ", ")
    }
}

/// Finds the recurrent modules of a state_dict and picks one.
public enum StateDict {
    /// Every recurrent module of `tensors`, by prefix (sorted). A module is recognised by its
    /// `weight_hh_l0` and `weight_ih_l0`, whose shapes fit G·H rows for G ∈ {1, 3, 4} (with a
    /// projection, `weight_hh_l0` has P columns and `weight_hr_l0` is P × H).
    public static func modules(_ tensors: [String: SafetensorsTensor]) -> [RecurrentModule] {
        var found: [RecurrentModule] = []
        for key in tensors.keys.sorted() where key.hasSuffix("weight_hh_l0") {
            let prefix = String(key.dropLast("weight_hh_l0".count))
            guard prefix.isEmpty || prefix.hasSuffix("."), let hh = tensors[key], hh.shape.count == 2,
                let ih = tensors[prefix + "weight_ih_l0"], ih.shape.count == 2, ih.shape[0] == hh.shape[0]
            else { continue }
            let hr = tensors[prefix + "weight_hr_l0"]
            let H: Int, projection: Int?
            if let hr, hr.shape.count == 2, hr.shape[0] == hh.shape[1] {
                (H, projection) = (hr.shape[1], hr.shape[0])
            } else {
                (H, projection) = (hh.shape[1], nil)
            }
            guard H >= 1, hh.shape[0] % H == 0, [1, 3, 4].contains(hh.shape[0] / H) else { continue }
            var layers = 0
            while tensors[prefix + "weight_hh_l\(layers)"] != nil { layers += 1 }
            // This module's keys: the prefix followed by a recurrent-module parameter name (a
            // nested module's keys, `rnn.sub.weight`, are not).
            let own = tensors.keys.filter { k in
                guard k.hasPrefix(prefix) else { return false }
                let rest = k.dropFirst(prefix.count)
                return !rest.contains(".")
                    && rest.range(of: #"^(weight|bias)_[a-z_]+_l\d+(_reverse)?$"#, options: .regularExpression) != nil
            }.sorted()
            found.append(
                RecurrentModule(
                    prefix: prefix, gateCount: hh.shape[0] / H, layers: layers, inputSize: ih.shape[1], hiddenSize: H,
                    directions: tensors[prefix + "weight_hh_l0_reverse"] != nil ? 2 : 1, projectionSize: projection,
                    bias: tensors[prefix + "bias_ih_l0"] != nil || tensors[prefix + "bias_hh_l0"] != nil,
                    peephole: tensors[prefix + "weight_peephole_i_l0"] != nil,
                    dtypes: Array(Set(own.compactMap { tensors[$0]?.dtype })).sorted(), keys: own))
        }
        return found
    }

    /// The module `name` picks (its prefix with or without the trailing dot, or `(root)`), or the
    /// only one; with the tensors that belong to no recurrent module (ignored, and listed).
    public static func select(_ tensors: [String: SafetensorsTensor], module name: String?, file: String) throws
        -> (module: RecurrentModule, ignored: [String])
    {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
        let all = modules(tensors)
        let claimed = Set(all.flatMap(\.keys))
        let ignored = tensors.keys.filter { !claimed.contains($0) }.sorted()
        let names = all.map(\.name).joined(separator: ", ")
        if let name {
            let wanted = name == "(root)" ? "" : (name.hasSuffix(".") || name.isEmpty ? name : name + ".")
            guard let m = all.first(where: { $0.prefix == wanted }) else {
                throw fail(
                    all.isEmpty
                        ? "--module \(name): no recurrent module in this file (no tensor named …weight_hh_l0)"
                        : "--module \(name): no recurrent module with that prefix; found \(names)")
            }
            return (m, ignored)
        }
        guard let first = all.first else {
            let shown = tensors.keys.sorted().prefix(4).map { "'\($0)'" }.joined(separator: ", ")
            let holds = tensors.isEmpty ? "no tensors" : "\(shown)\(tensors.count > 4 ? ", …" : "")"
            throw fail(
                """
                no recurrent module found: expected tensors named weight_ih_l0, weight_hh_l0, … (optionally\
                 under a prefix such as rnn.) with G·H rows, G = 1, 3 or 4; the file holds \(holds)
                """
            )
        }
        guard all.count == 1 else {
            throw fail("\(all.count) recurrent modules (\(names)); pick one with --module NAME (see --list)")
        }
        return (first, ignored)
    }

    /// The cell to analyse `module` as: `requested` when the shapes fit it, else what the shapes
    /// give. An RNN needs `requested` (its nonlinearity is not stored); a cell the shapes contradict
    /// is an error.
    public static func cell(for module: RecurrentModule, requested: CellKind?, file: String) throws -> CellKind {
        func fail(_ m: String) -> ModelImportError { ModelImportError(file: file, m) }
        let fits = module.compatibleCells
        guard let requested else {
            if module.gateCount == 1 {
                throw fail(
                    """
                    module \(module.name) is an nn.RNN (weight_hh_l0 is \(module.hiddenSize) × \(module.hiddenSize)),\
                     whose nonlinearity is not stored in its state_dict: give --cell rnn-tanh or --cell rnn-relu\
                     (PyTorch's nonlinearity= argument)
                    """
                )
            }
            return fits[0]
        }
        guard fits.contains(requested) else {
            throw fail(
                """
                --cell \(requested) contradicts the shapes of module \(module.name): weight_hh_l0 has\
                 \(module.gateCount)·H rows with H = \(module.hiddenSize)\(module.peephole ? " and peephole weights" : ""),\
                 which fit \(fits.map(\.description).joined(separator: ", "))
                """
            )
        }
        return requested
    }

    /// The module's tensors renamed to a bare module's keys (its prefix removed).
    public static func strip(_ tensors: [String: SafetensorsTensor], _ module: RecurrentModule) -> [String:
        SafetensorsTensor]
    {
        Dictionary(
            uniqueKeysWithValues: module.keys.compactMap { k in
                tensors[k].map { (String(k.dropFirst(module.prefix.count)), $0) }
            })
    }
}

import LinearAlgebra

/// The parameters of one recurrent layer, in PyTorch's names, shapes and gate order.
///
/// - `weightIH`: W_ih, (G·H) × I — gate block k is rows k·H ..< (k+1)·H (PyTorch `weight_ih_l{k}`).
/// - `weightHH`: W_hh, (G·H) × S (`weight_hh_l{k}`), S = `outputSize`; kept as its own matrix
///   because its spectrum is what this tool is about. `recurrentBlock(_:)` gives one gate's block.
/// - `biasIH`, `biasHH`: G·H each (`bias_ih_l{k}`, `bias_hh_l{k}`).
/// - `peepholeI`, `peepholeF`, `peepholeO`: H each, only for the peephole LSTM
///   (`weight_peephole_{i,f,o}_l{k}`), empty otherwise.
/// - `weightHR`: W_hr, P × H, only for an LSTM with projections (`proj_size = P > 0`,
///   `weight_hr_l{k}`): the state is then h_t = W_hr (o_t ⊙ tanh c_t) ∈ R^P, so S = P; a 0 × 0
///   matrix otherwise (S = H).
///
/// The same struct carries gradients (d-prefixed names are spelled out in `LayerGradients`).
public struct LayerParameters: Sendable, Equatable {
    public let cell: CellKind
    public let inputSize: Int
    public let hiddenSize: Int
    public var weightIH: Matrix
    public var weightHH: Matrix
    public var biasIH: [Double]
    public var biasHH: [Double]
    public var peepholeI: [Double]
    public var peepholeF: [Double]
    public var peepholeO: [Double]
    /// P, the size of the projected state h (0: no projection).
    public let projectionSize: Int
    public var weightHR: Matrix

    /// S, the size of the state h this layer outputs and feeds back: P with projections, else H.
    public var outputSize: Int { projectionSize > 0 ? projectionSize : hiddenSize }

    /// All-zero parameters of the right shapes. `projectionSize` P > 0 only for an LSTM, with
    /// P < H as PyTorch requires.
    public init(cell: CellKind, inputSize: Int, hiddenSize: Int, projectionSize: Int = 0) {
        precondition(inputSize >= 1, "LayerParameters: inputSize must be ≥ 1, got \(inputSize)")
        precondition(hiddenSize >= 1, "LayerParameters: hiddenSize must be ≥ 1, got \(hiddenSize)")
        precondition(
            projectionSize == 0 || (cell.hasCellState && projectionSize > 0 && projectionSize < hiddenSize),
            "LayerParameters: projections need an LSTM and 0 < P < H, got P = \(projectionSize), H = \(hiddenSize)")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.projectionSize = projectionSize
        weightHR = Matrix(rows: projectionSize, columns: projectionSize > 0 ? hiddenSize : 0)
        let gh = cell.gateCount * hiddenSize
        weightIH = Matrix(rows: gh, columns: inputSize)
        weightHH = Matrix(rows: gh, columns: projectionSize > 0 ? projectionSize : hiddenSize)
        biasIH = [Double](repeating: 0, count: gh)
        biasHH = [Double](repeating: 0, count: gh)
        let p = cell == .lstm(.peephole) ? hiddenSize : 0
        peepholeI = [Double](repeating: 0, count: p)
        peepholeF = [Double](repeating: 0, count: p)
        peepholeO = [Double](repeating: 0, count: p)
    }

    /// The H × S block of W_hh for gate `gate` (an index into `cell.gateNames`).
    public func recurrentBlock(_ gate: Int) -> Matrix {
        precondition(gate >= 0 && gate < cell.gateCount, "recurrentBlock: gate \(gate) out of 0..<\(cell.gateCount)")
        return weightHH.rows((gate * hiddenSize)..<((gate + 1) * hiddenSize))
    }

    /// The tensors of this layer as (PyTorch name without the `_l{k}` suffix, shape, values),
    /// in a fixed order. Peephole vectors appear only for the peephole LSTM, `weight_hr` only with
    /// projections.
    public var tensors: [(name: String, shape: [Int], values: [Double])] {
        var t: [(String, [Int], [Double])] = [
            ("weight_ih", [weightIH.rows, weightIH.columns], weightIH.storage),
            ("weight_hh", [weightHH.rows, weightHH.columns], weightHH.storage),
            ("bias_ih", [biasIH.count], biasIH),
            ("bias_hh", [biasHH.count], biasHH),
        ]
        if cell == .lstm(.peephole) {
            t += [
                ("weight_peephole_i", [hiddenSize], peepholeI),
                ("weight_peephole_f", [hiddenSize], peepholeF),
                ("weight_peephole_o", [hiddenSize], peepholeO),
            ]
        }
        if projectionSize > 0 { t.append(("weight_hr", [weightHR.rows, weightHR.columns], weightHR.storage)) }
        return t.map { (name: $0.0, shape: $0.1, values: $0.2) }
    }

    /// Replaces the values of the tensor named `name` (as in `tensors`). Traps on an unknown name
    /// or a wrong count (a programmer error; user files are checked before they get here).
    public mutating func setTensor(_ name: String, _ values: [Double]) {
        func check(_ n: Int) {
            precondition(values.count == n, "setTensor(\(name)): expected \(n) values, got \(values.count)")
        }
        switch name {
        case "weight_ih": check(weightIH.storage.count); weightIH.storage = values
        case "weight_hh": check(weightHH.storage.count); weightHH.storage = values
        case "bias_ih": check(biasIH.count); biasIH = values
        case "bias_hh": check(biasHH.count); biasHH = values
        case "weight_peephole_i": check(peepholeI.count); peepholeI = values
        case "weight_peephole_f": check(peepholeF.count); peepholeF = values
        case "weight_peephole_o": check(peepholeO.count); peepholeO = values
        case "weight_hr" where projectionSize > 0: check(weightHR.storage.count); weightHR.storage = values
        default: preconditionFailure("setTensor: no tensor named \(name) in a \(cell) layer")
        }
    }

    /// Number of scalar parameters.
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.values.count } }
}

/// Gradients of a loss with respect to one layer's parameters: dWeightIH, dWeightHH, dBiasIH,
/// dBiasHH, (peephole LSTM) dPeepholeI/F/O and (projections) dWeightHR, with the same shapes and names as `LayerParameters`.
public typealias LayerGradients = LayerParameters

extension LayerParameters {
    public var dWeightIH: Matrix { weightIH }
    public var dWeightHH: Matrix { weightHH }
    public var dBiasIH: [Double] { biasIH }
    public var dBiasHH: [Double] { biasHH }
    public var dWeightHR: Matrix { weightHR }

    /// All-zero parameters (or gradients) of the same shapes as `self`.
    public var zeroed: LayerParameters {
        LayerParameters(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize, projectionSize: projectionSize)
    }
}

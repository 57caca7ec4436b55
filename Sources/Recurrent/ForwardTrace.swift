import LinearAlgebra

/// What one layer's forward pass stores for backward (sizes for T steps, B sequences, H units,
/// G gate blocks):
///
/// - `input`: x_1 … x_T, T·B × I (layer 0: the given input; layer k: layer k − 1's `hidden` 1…T)
/// - `hidden`: h_0 … h_T, (T+1)·B × S (S = H, or P for an LSTM with projections)
/// - `cell`, `tanhCell` (LSTM): c_0 … c_T ((T+1)·B × H) and tanh(c_1) … tanh(c_T) (T·B × H)
/// - `gates` (LSTM, GRU): gate activations, T·B × G·H
/// - `aux` (GRU): h_{t−1} W_hnᵀ + b_hn (reset-after) or r ⊙ h_{t−1} (reset-before), T·B × H;
///   (LSTM with projections) m_t = o_t ⊙ tanh c_t before the projection h_t = W_hr m_t, T·B × H
///
/// Memory, in Doubles: T·B·(I + (G+1)·H) + B·H, plus 2·T·B·H + B·H for the LSTM (c_0 … c_T and
/// tanh c_1 … tanh c_T) and T·B·H for the GRU
/// (a vanilla RNN stores no gates: G counts as 0 there).
public struct LayerTrace: Sendable {
    let input: Buffer
    let hidden: Buffer
    let cell: Buffer?
    let tanhCell: Buffer?
    let gates: Buffer?
    let aux: Buffer?

    /// Doubles held by this layer's caches.
    public var storedDoubles: Int {
        [input, hidden, cell, tanhCell, gates, aux].reduce(0) { $0 + ($1?.count ?? 0) }
    }
}

/// The result of `RecurrentNetwork.forward`: every layer's caches, from which `backward`
/// computes exact gradients and from which states can be read.
public struct ForwardTrace: Sendable {
    public let cell: CellKind
    public let steps: Int
    public let batchSize: Int
    public let hiddenSize: Int
    /// S, the width of h: H, or P for an LSTM with projections.
    public let outputSize: Int
    public let layers: [LayerTrace]

    init(cell: CellKind, steps: Int, batchSize: Int, hiddenSize: Int, outputSize: Int? = nil, layers: [LayerTrace]) {
        self.cell = cell
        self.steps = steps
        self.batchSize = batchSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize ?? hiddenSize
        self.layers = layers
    }

    /// h_t of layer `layer` (t = 0 is the initial state), B × S.
    public func hidden(layer: Int, step t: Int) -> Matrix {
        precondition(t >= 0 && t <= steps, "ForwardTrace.hidden: step \(t) out of 0...\(steps)")
        let n = batchSize * outputSize
        return Matrix(rows: batchSize, columns: outputSize, storage: layers[layer].hidden.array(t * n, n))
    }

    /// c_t of layer `layer` (LSTM only; t = 0 is the initial state), B × H.
    public func cellState(layer: Int, step t: Int) -> Matrix {
        precondition(cell.hasCellState, "ForwardTrace.cellState: a \(cell) has no cell state")
        precondition(t >= 0 && t <= steps, "ForwardTrace.cellState: step \(t) out of 0...\(steps)")
        let n = batchSize * hiddenSize
        return Matrix(rows: batchSize, columns: hiddenSize, storage: layers[layer].cell!.array(t * n, n))
    }

    /// The network's outputs h_1 … h_T of the top layer, T·B × S (sequence-first).
    public var outputs: [Double] {
        let n = batchSize * outputSize
        return layers[layers.count - 1].hidden.array(n, steps * n)
    }

    /// The final state of every layer.
    public var finalStates: [RecurrentState] {
        (0..<layers.count).map { k in
            RecurrentState(
                hidden: hidden(layer: k, step: steps),
                cell: cell.hasCellState ? cellState(layer: k, step: steps) : Matrix(rows: batchSize, columns: 0))
        }
    }

    /// Doubles held by all forward caches (the memory `backward` needs besides its workspace).
    public var storedDoubles: Int { layers.reduce(0) { $0 + $1.storedDoubles } }
}

extension ForwardTrace {
    /// Gate activations of layer `layer` at step t = 1 … T, B × G·H in the cell's gate order
    /// (`cell.gateNames`). nil for the vanilla RNN, which has no gates.
    public func gateActivations(layer: Int, step t: Int) -> Matrix? {
        precondition(t >= 1 && t <= steps, "ForwardTrace.gateActivations: step \(t) out of 1...\(steps)")
        guard let g = layers[layer].gates else { return nil }
        let n = batchSize * cell.gateCount * hiddenSize
        return Matrix(rows: batchSize, columns: cell.gateCount * hiddenSize, storage: g.array((t - 1) * n, n))
    }

    /// Whether every forward state is finite; otherwise the first (layer, step, tensor) that is not,
    /// in the order the forward pass computed them (layer 0 first, then step by step).
    public var firstNonFiniteState: (layer: Int, step: Int, tensor: String)? {
        let n = batchSize * hiddenSize, s = batchSize * outputSize
        for (k, l) in layers.enumerated() {
            for t in 1...steps {
                if let c = l.cell, (0..<n).contains(where: { !c.pointer[t * n + $0].isFinite }) { return (k, t, "c") }
                if (0..<s).contains(where: { !l.hidden.pointer[t * s + $0].isFinite }) { return (k, t, "h") }
            }
        }
        return nil
    }
}

import LinearAlgebra

/// Pointers to a layer's peephole vectors p_i, p_f, p_o (valid dummies for cells without them).
typealias Peepholes = (i: UnsafePointer<Double>, f: UnsafePointer<Double>, o: UnsafePointer<Double>)

/// One kind of cell as a unit: everything the passes ask of a cell, written in the cell's own file
/// (RNNCell.swift, LSTMCell.swift, GRUCell.swift), so that a new cell or variant is added in one
/// place: its forward pass through a layer with the caches it keeps, its backward step, and its
/// step Jacobian. Its parameter layout is `CellKind.gateCount`/`gateNames` and `LayerParameters`.
/// `CellKind.unit` is the one dispatch.
protocol CellUnit: Sendable {
    /// Forward through the T steps of one layer (`f` holds the buffers, W_hh and the input
    /// projection), returning the caches that `backwardStep` and `stepJacobian` read.
    func forwardLayer(_ p: LayerParameters, _ f: ForwardLayer) -> LayerTrace

    /// Step t of a reverse sweep: from the total state gradient in `s.state`, ∂L/∂(pre-activations)
    /// into row `row` of the chunk (`s.dAx`, and `s.dAh` where the cell keeps it apart) and the
    /// state gradient carried to t − 1 into `s.next`.
    func backwardStep(_ s: LayerSweep, step t: Int, row: Int, peepholes: Peepholes)

    /// J_t = ∂s_t/∂s_{t−1} of sequence b (`RecurrentNetwork.stepJacobian` documents the formulas).
    func stepJacobian(_ p: LayerParameters, _ trace: ForwardTrace, layer k: Int, step t: Int, sequence b: Int) -> Matrix
}

/// What a cell's forward pass through one layer is given.
struct ForwardLayer {
    let input: Buffer
    let steps: Int, batch: Int, hidden: Int
    /// S, the width of h (H, or P for an LSTM with projections).
    let output: Int
    /// G·H, the width of the pre-activations.
    let width: Int
    let initial: RecurrentState?
    /// h_0 … h_T (S wide), with h_0 already written.
    let states: Buffer
    /// W_hh, G·H × S.
    let weightHH: UnsafePointer<Double>
    /// Writes x_t W_ihᵀ + b_ih of every step (+ b_hh where the two biases simply add) to `into`,
    /// T·B rows of G·H.
    let project: (_ into: UnsafeMutablePointer<Double>, _ addRecurrentBias: Bool) -> Void
}

extension CellKind {
    /// The unit that computes this cell.
    var unit: any CellUnit {
        switch self {
        case .rnn(let phi): return RNNUnit(activation: phi)
        case .lstm(let variant): return LSTMUnit(variant: variant)
        case .gru(let variant): return GRUUnit(variant: variant)
        }
    }
}

import Foundation
import LinearAlgebra

/// Vanilla RNN cell (PyTorch `nn.RNN`), batched, row-major:
///
///     a_t = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh        (B × H)
///     h_t = φ(a_t),  φ ∈ {tanh, relu, identity, sigmoid}
///
/// Sizes: x_t B × I, h_t B × H, W_ih H × I, W_hh H × H, biases H. The Jacobian of one step is
/// ∂h_t/∂h_{t−1} = diag(φ'(a_t)) W_hh, so ‖∂h_t/∂h_{t−1}‖ ≤ γ·σ_max(W_hh) with γ = sup|φ'|.
enum RNNCell {
    /// Forward, one step. On entry `h` (B × H) holds x_t W_ihᵀ + b_ih + b_hh (the input
    /// projection, formed for all steps at once); on exit it holds h_t.
    @inline(__always)
    static func forwardStep(
        _ phi: Activation, batch B: Int, hidden H: Int,
        hPrev: UnsafePointer<Double>, weightHH: UnsafePointer<Double>,
        h: UnsafeMutablePointer<Double>
    ) {
        // a_t += h_{t−1} W_hhᵀ   (B × H) · (H × H)
        BLAS.gemm(
            .none, .transpose, m: B, n: H, k: H, alpha: 1, a: hPrev, lda: H,
            b: weightHH, ldb: H, beta: 1, c: h, ldc: H)
        // h_t = φ(a_t)
        phi.apply(inPlace: h, count: B * H)
    }

    /// Backward, one step. Given dh = ∂L/∂h_t (total), writes dA = ∂L/∂a_t and the gradient
    /// carried to the previous state, dhPrev = ∂L/∂h_{t−1} through this step (overwritten).
    /// `weightHHT` is W_hhᵀ (H × H), formed once per backward pass.
    @inline(__always)
    static func backwardStep(
        _ phi: Activation, batch B: Int, hidden H: Int,
        h: UnsafePointer<Double>, dh: UnsafePointer<Double>,
        weightHHT: UnsafePointer<Double>,
        dA: UnsafeMutablePointer<Double>, dhPrev: UnsafeMutablePointer<Double>
    ) {
        // h_t = φ(a_t)  ⇒  dA = dh ⊙ φ'(a_t), with φ' written through h_t.
        switch phi {
        case .tanh: for i in 0..<(B * H) { dA[i] = dh[i] * (1 - h[i] * h[i]) }
        case .relu: for i in 0..<(B * H) { dA[i] = dh[i] * (h[i] > 0 ? 1 : 0) }
        case .identity: dA.update(from: dh, count: B * H)
        case .sigmoid: for i in 0..<(B * H) { dA[i] = dh[i] * (h[i] * (1 - h[i])) }
        }
        // a_t ∋ h_{t−1} W_hhᵀ  ⇒  dhPrev = dA · W_hh = dA · (W_hhᵀ)ᵀ   (B × H) · (H × H)
        BLAS.gemm(
            .none, .transpose, m: B, n: H, k: H, alpha: 1, a: dA, lda: H,
            b: weightHHT, ldb: H, beta: 0, c: dhPrev, ldc: H)
    }
}

/// The vanilla RNN as a `CellUnit`: it keeps only h_0 … h_T (φ′ is computed from h).
struct RNNUnit: CellUnit {
    let activation: Activation

    func forwardLayer(_ p: LayerParameters, _ f: ForwardLayer) -> LayerTrace {
        let (input, T, B, H, whh) = (f.input, f.steps, f.batch, f.hidden, f.weightHH)
        let hidden = f.states.pointer
        let states = f.states
        f.project(hidden + B * H, true)
        for t in 1...T {
            RNNCell.forwardStep(
                activation, batch: B, hidden: H, hPrev: hidden + (t - 1) * B * H,
                weightHH: whh, h: hidden + t * B * H)
        }
        return LayerTrace(input: input, hidden: states, cell: nil, tanhCell: nil, gates: nil, aux: nil)
    }

    func backwardStep(_ s: LayerSweep, step t: Int, row: Int, peepholes: Peepholes) {
        let (B, H, GH, BH, tr) = (s.B, s.H, s.GH, s.BH, s.tr)
        let dax = s.dAx.pointer + row * B * GH
        let whh = UnsafePointer(s.whhT.pointer)
        RNNCell.backwardStep(
            activation, batch: B, hidden: H, h: tr.hidden.pointer + t * BH,
            dh: s.state.dh.pointer, weightHHT: whh, dA: dax, dhPrev: s.next.dh.pointer)
    }

    func stepJacobian(_ p: LayerParameters, _ trace: ForwardTrace, layer k: Int, step t: Int, sequence b: Int) -> Matrix
    {
        let H = p.weightHH.columns, tr = trace.layers[k], B = trace.batchSize
        let W = p.weightHH  // G·H × H
        let h = tr.hidden.array((t * B + b) * H, H)
        var j = Matrix(rows: H, columns: H)
        for r in 0..<H { let d = activation.derivative(output: h[r]); for c in 0..<H { j[r, c] = d * W[r, c] } }
        return j
    }
}

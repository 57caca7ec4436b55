import Foundation
import LinearAlgebra

extension RecurrentNetwork {
    /// The Jacobian of one step of layer `layer` for sequence `b`, J_t = ∂s_t/∂s_{t−1}, where the
    /// state s is h (H) for the RNN and the GRU and (h, c) (2H, h first) for the LSTM:
    ///
    /// - RNN: J = diag(φ'(a_t)) W_hh.
    /// - GRU (reset-after): J = diag(1 − z) ∂n/∂h + diag(h_{t−1} − n) ∂z/∂h + diag(z), with
    ///   ∂r/∂h = diag(r(1−r)) W_hr, ∂z/∂h = diag(z(1−z)) W_hz,
    ///   ∂n/∂h = diag(1 − n²)(diag(W_hn h_{t−1} + b_hn) ∂r/∂h + diag(r) W_hn);
    ///   reset-before: ∂n/∂h = diag(1 − n²) W_hn (diag(h_{t−1}) ∂r/∂h + diag(r)).
    /// - LSTM: ∂c/∂(h, c) = diag(c_{t−1}) ∂f + diag(g) ∂i + diag(i) ∂g + [0, diag(f)], with
    ///   ∂i/∂h = diag(i(1−i)) W_hi, ∂i/∂c = diag(i(1−i) p_i) (peephole), likewise f (CIFG: ∂f = −∂i),
    ///   ∂g/∂h = diag(1 − g²) W_hg; o = σ(W_ho h + … + p_o ⊙ c_t):
    ///   ∂o = diag(o(1−o)) ([W_ho, 0] + diag(p_o) ∂c); ∂h_t = diag(tanh c_t) ∂o + diag(o(1 − tanh² c_t)) ∂c.
    ///
    /// Cost O(G·H²) per call. t = 1 … T.
    public func stepJacobian(_ trace: ForwardTrace, layer k: Int, step t: Int, sequence b: Int) -> Matrix {
        precondition(t >= 1 && t <= trace.steps, "stepJacobian: step \(t) out of 1...\(trace.steps)")
        precondition(b >= 0 && b < trace.batchSize, "stepJacobian: sequence \(b) out of 0..<\(trace.batchSize)")
        return cell.unit.stepJacobian(layers[k], trace, layer: k, step: t, sequence: b)
    }
}

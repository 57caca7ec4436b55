import Foundation
import LinearAlgebra
import Recurrent

/// Pascanu, Mikolov & Bengio 2013, eq. 9: the vanishing-gradient regulariser
///
///     Ω = (1/B) Σ_b Σ_{k=1}^{T−1} ( ‖v_{k+1}ᵀ ∂h_{k+1}/∂h_k‖ / ‖v_{k+1}‖ − 1 )²,   v_{k+1} = ∂L/∂h_{k+1},
///
/// which pushes each step's Jacobian to preserve the norm of the gradient it carries. For a vanilla
/// RNN ∂h_{k+1}/∂h_k = diag(φ'(a_{k+1}))·W_hh, so with d = v ⊙ φ' and u = d·W_hh (row vectors),
/// the ratio is r = ‖u‖/‖v‖. As in the paper, v and φ' are held constant when differentiating, so
/// ∂r/∂W_hh = d ⊗ (u/‖u‖) / ‖v‖ and ∂Ω/∂W_hh = (1/B) Σ 2(r − 1)·d ⊗ (u/‖u‖)/‖v‖.
/// Applies to the top layer of a vanilla RNN; steps with v = 0 or u = 0 are skipped.
public enum PascanuRegularizer {
    /// (Ω, ∂Ω/∂W_hh of the top layer). `stateGradients` is `Backpropagation.stateGradients`.
    public static func evaluate(_ network: RecurrentNetwork, _ trace: ForwardTrace, stateGradients v: [Double]) -> (
        Double, Matrix
    ) {
        guard case .rnn(let phi) = network.cell else {
            preconditionFailure("PascanuRegularizer: vanilla RNN only, got \(network.cell)")
        }
        let T = trace.steps, B = trace.batchSize, H = network.hiddenSize, top = network.layerCount - 1
        let W = network.layers[top].weightHH
        precondition(v.count == T * B * H, "PascanuRegularizer: expected T·B·H state gradients")
        var omega = 0.0
        // ∂Ω/∂W_hh = Σ_k Σ_b f_kb · d_kb ⊗ u_kb = Dᵀ·S, with the rows d_kb stacked in D and f_kb·u_kb
        // in S: one product instead of a rank-one update per step and sequence.
        let steps = max(T, 1) - 1
        var dAll = Matrix(rows: steps * B, columns: H), sAll = Matrix(rows: steps * B, columns: H)
        for k in 1..<max(T, 1) {
            // v_{k+1} is ∂L/∂h_{k+1}: index k of the 0-based step list.
            let h = trace.hidden(layer: top, step: k + 1)
            var d = Matrix(rows: B, columns: H)
            for b in 0..<B { for j in 0..<H { d[b, j] = v[(k * B + b) * H + j] * phi.derivative(output: h[b, j]) } }
            let u = d * W
            for b in 0..<B {
                let vn = Norms.euclidean(Array(v[((k * B + b) * H)..<((k * B + b + 1) * H)]))
                let un = Norms.euclidean(u.row(b))
                guard vn > 0, un > 0, vn.isFinite, un.isFinite else { continue }
                let r = un / vn
                omega += (r - 1) * (r - 1) / Double(B)
                let f = 2 * (r - 1) / (vn * un * Double(B))
                let row = (k - 1) * B + b
                for j in 0..<H {
                    dAll[row, j] = d[b, j]
                    sAll[row, j] = f * u[b, j]
                }
            }
        }
        let grad = steps > 0 ? Matrix.product(dAll, .transpose, sAll, .none) : Matrix(rows: H, columns: H)
        return (omega, grad)
    }
}

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
        let H = hiddenSize, p = layers[k], tr = trace.layers[k], B = trace.batchSize
        let hPrev = tr.hidden.array(((t - 1) * B + b) * H, H)
        let W = p.weightHH  // G·H × H
        switch cell {
        case .rnn(let phi):
            let h = tr.hidden.array((t * B + b) * H, H)
            var j = Matrix(rows: H, columns: H)
            for r in 0..<H { let d = phi.derivative(output: h[r]); for c in 0..<H { j[r, c] = d * W[r, c] } }
            return j

        case .gru(let variant):
            let g = trace.gateActivations(layer: k, step: t)!.row(b)
            let aux = tr.aux!.array(((t - 1) * B + b) * H, H)
            var j = Matrix(rows: H, columns: H)
            // dr[r][c] = ∂r_r/∂h_c, dz likewise.
            var dr = Matrix(rows: H, columns: H), dz = Matrix(rows: H, columns: H)
            for r in 0..<H {
                let rr = g[r], z = g[H + r]
                for c in 0..<H { dr[r, c] = rr * (1 - rr) * W[r, c]; dz[r, c] = z * (1 - z) * W[H + r, c] }
            }
            var dn = Matrix(rows: H, columns: H)  // ∂a_n/∂h before the tanh'
            switch variant {
            case .resetAfter:
                for r in 0..<H { for c in 0..<H { dn[r, c] = aux[r] * dr[r, c] + g[r] * W[2 * H + r, c] } }
            case .resetBefore:
                // ∂(r ⊙ h)/∂h = diag(h_{t−1}) dr + diag(r); then W_hn ·
                var drh = Matrix(rows: H, columns: H)
                for r in 0..<H { for c in 0..<H { drh[r, c] = hPrev[r] * dr[r, c] + (r == c ? g[r] : 0) } }
                dn = W.rows((2 * H)..<(3 * H)) * drh
            }
            for r in 0..<H {
                let z = g[H + r], n = g[2 * H + r]
                for c in 0..<H {
                    j[r, c] = (1 - z) * (1 - n * n) * dn[r, c] + (hPrev[r] - n) * dz[r, c] + (r == c ? z : 0)
                }
            }
            return j

        case .lstm(let variant):
            let coupled = variant == .coupled, peephole = variant == .peephole
            let g = trace.gateActivations(layer: k, step: t)!.row(b)
            let (oi, of, og, oo) = coupled ? (0, -1, H, 2 * H) : (0, H, 2 * H, 3 * H)
            let cPrev = tr.cell!.array(((t - 1) * B + b) * H, H)
            let tc = tr.tanhCell!.array(((t - 1) * B + b) * H, H)
            var j = Matrix(rows: 2 * H, columns: 2 * H)
            for r in 0..<H {
                let i = g[oi + r], gg = g[og + r], o = g[oo + r]
                let f = coupled ? 1 - i : g[of + r]
                let si = i * (1 - i), sf = f * (1 - f), so = o * (1 - o), sg = 1 - gg * gg
                // ∂c_t[r]/∂(h, c)
                var dc = [Double](repeating: 0, count: 2 * H)
                for c in 0..<H {
                    let di = si * W[oi + r, c]
                    let df = coupled ? -di : sf * W[of + r, c]
                    dc[c] = cPrev[r] * df + gg * di + i * sg * W[og + r, c]
                }
                // Through c_{t−1}: f directly, and the peepholes of i and f.
                var dcc = f
                if peephole { dcc += cPrev[r] * sf * p.peepholeF[r] + gg * si * p.peepholeI[r] }
                dc[H + r] += dcc
                // o = σ(z_o + p_o ⊙ c_t), h = o ⊙ tanh(c_t)
                for c in 0..<(2 * H) {
                    var dz = c < H ? W[oo + r, c] : 0
                    if peephole { dz += p.peepholeO[r] * dc[c] }
                    let dO = so * dz
                    j[r, c] = tc[r] * dO + o * (1 - tc[r] * tc[r]) * dc[c]
                    j[H + r, c] = dc[c]
                }
            }
            return j
        }
    }
}

import Foundation
import LinearAlgebra

/// GRU cell, batched, row-major, gate order (r, z, n) in every fused tensor.
///
/// Reset-after (PyTorch `nn.GRU`, cuDNN):
///
///     r = σ(x W_irᵀ + b_ir + h_{t−1} W_hrᵀ + b_hr)
///     z = σ(x W_izᵀ + b_iz + h_{t−1} W_hzᵀ + b_hz)
///     n = tanh(x W_inᵀ + b_in + r ⊙ (h_{t−1} W_hnᵀ + b_hn))
///     h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
///
/// Reset-before (Cho et al. 2014; Keras `reset_after=False`, but in PyTorch's gate order and
/// z convention): n = tanh(x W_inᵀ + b_in + (r ⊙ h_{t−1}) W_hnᵀ + b_hn). In the default form b_hn
/// sits inside r ⊙ (…), so the two n-biases are not interchangeable there.
/// z is the *keep* gate (z = 1 keeps h_{t−1}), as in PyTorch; Chung et al. 2014 swap its role,
/// and Keras orders the blocks (z, r, h).
enum GRUCell {
    /// Forward, one step. On entry `gates` (B × 3H) holds x_t W_ihᵀ + b_ih (input projection,
    /// without b_hh); on exit the activations (r, z, n). `aux` (B × H) receives h_{t−1} W_hnᵀ + b_hn
    /// (reset-after) or r ⊙ h_{t−1} (reset-before), which backward needs. `scratch` holds ≥ B·3H.
    @inline(__always)
    static func forwardStep(
        _ variant: GRUVariant, batch B: Int, hidden H: Int,
        hPrev: UnsafePointer<Double>, weightHH: UnsafePointer<Double>,
        biasHH: UnsafePointer<Double>,
        gates: UnsafeMutablePointer<Double>, aux: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>
    ) {
        let G3 = 3 * H
        switch variant {
        case .resetAfter:
            // ah = h_{t−1} W_hhᵀ + b_hh   (B × H) · (H × 3H)
            for b in 0..<B { (scratch + b * G3).update(from: biasHH, count: G3) }
            BLAS.gemm(
                .none, .transpose, m: B, n: G3, k: H, alpha: 1, a: hPrev, lda: H,
                b: weightHH, ldb: H, beta: 1, c: scratch, ldc: G3)
            // Elementwise in passes that vectorise, one row (sequence) at a time.
            for b in 0..<B {
                let g = gates + b * G3, ah = scratch + b * G3, hp = hPrev + b * H
                let hn = h + b * H, an = aux + b * H
                // r, z = σ(x W_i{r,z}ᵀ + b_i{r,z} + ah_{r,z}) over the adjacent r and z blocks
                for j in 0..<(2 * H) { g[j] += ah[j] }
                FastMath.sigmoid(inPlace: g, count: 2 * H)
                // n = tanh(x W_inᵀ + b_in + r ⊙ ah_n); keep ah_n for backward
                let gn = g + 2 * H, ahn = ah + 2 * H
                for j in 0..<H { an[j] = ahn[j] }
                for j in 0..<H { gn[j] += g[j] * an[j] }
                FastMath.tanh(inPlace: gn, count: H)
                // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
                let gz = g + H
                for j in 0..<H { hn[j] = (1 - gz[j]) * gn[j] + gz[j] * hp[j] }
            }
        case .resetBefore:
            // ah_rz = h_{t−1} W_h{r,z}ᵀ + b_h{r,z}   (B × H) · (H × 2H), into scratch with row stride 3H
            for b in 0..<B { (scratch + b * G3).update(from: biasHH, count: G3) }
            BLAS.gemm(
                .none, .transpose, m: B, n: 2 * H, k: H, alpha: 1, a: hPrev, lda: H,
                b: weightHH, ldb: H, beta: 1, c: scratch, ldc: G3)
            for b in 0..<B {
                let g = gates + b * G3, ah = scratch + b * G3, hp = hPrev + b * H, rh = aux + b * H
                for j in 0..<(2 * H) { g[j] += ah[j] }
                FastMath.sigmoid(inPlace: g, count: 2 * H)
                for j in 0..<H { rh[j] = g[j] * hp[j] }
            }
            // ah_n = (r ⊙ h_{t−1}) W_hnᵀ + b_hn   (B × H) · (H × H), into the n columns of scratch
            BLAS.gemm(
                .none, .transpose, m: B, n: H, k: H, alpha: 1, a: aux, lda: H,
                b: weightHH + 2 * H * H, ldb: H, beta: 1, c: scratch + 2 * H, ldc: G3)
            for b in 0..<B {
                let g = gates + b * G3, ah = scratch + b * G3, hp = hPrev + b * H, hn = h + b * H
                let gz = g + H, gn = g + 2 * H, ahn = ah + 2 * H
                for j in 0..<H { gn[j] += ahn[j] }
                FastMath.tanh(inPlace: gn, count: H)
                for j in 0..<H { hn[j] = (1 - gz[j]) * gn[j] + gz[j] * hp[j] }
            }
        }
    }

    /// Backward, one step. Given dh = ∂L/∂h_t (total), writes dAx = ∂L/∂(input pre-activations)
    /// (B × 3H), dAh = ∂L/∂(h_{t−1} W_hhᵀ + b_hh) (B × 3H; the same memory as dAx for reset-before,
    /// where they are equal) and dhPrev (overwritten). `scratch` holds ≥ B·H. `weightHHT` is
    /// W_hhᵀ (H × 3H), formed once per backward pass.
    @inline(__always)
    static func backwardStep(
        _ variant: GRUVariant, batch B: Int, hidden H: Int,
        gates: UnsafePointer<Double>, aux: UnsafePointer<Double>,
        hPrev: UnsafePointer<Double>, dh: UnsafePointer<Double>,
        weightHHT: UnsafePointer<Double>,
        dAx: UnsafeMutablePointer<Double>, dAh: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, dhPrev: UnsafeMutablePointer<Double>
    ) {
        let G3 = 3 * H
        switch variant {
        case .resetAfter:
            for b in 0..<B {
                let g = gates + b * G3, an = aux + b * H, hp = hPrev + b * H, d = dh + b * H
                let dx = dAx + b * G3, dhh = dAh + b * G3, dp = dhPrev + b * H
                for j in 0..<H {
                    let r = g[j], z = g[H + j], n = g[2 * H + j], dhj = d[j]
                    // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
                    let dn = dhj * (1 - z)
                    let dz = dhj * (hp[j] - n)
                    dp[j] = dhj * z
                    // n = tanh(a_n), a_n = x W_inᵀ + b_in + r ⊙ ah_n
                    let dan = dn * (1 - n * n)
                    let dr = dan * an[j]  // ∂a_n/∂r = ah_n
                    let dar = dr * r * (1 - r)  // r = σ(·)
                    let daz = dz * z * (1 - z)  // z = σ(·)
                    dx[j] = dar; dx[H + j] = daz; dx[2 * H + j] = dan
                    dhh[j] = dar; dhh[H + j] = daz; dhh[2 * H + j] = dan * r  // ∂a_n/∂ah_n = r
                }
            }
            // ah = h_{t−1} W_hhᵀ + b_hh  ⇒  dhPrev += dAh · W_hh   (B × 3H) · (3H × H), as dAh · (W_hhᵀ)ᵀ
            BLAS.gemm(
                .none, .transpose, m: B, n: H, k: G3, alpha: 1, a: dAh, lda: G3,
                b: weightHHT, ldb: G3, beta: 1, c: dhPrev, ldc: H)
        case .resetBefore:
            for b in 0..<B {
                let g = gates + b * G3, d = dh + b * H, dx = dAx + b * G3
                for j in 0..<H {
                    let z = g[H + j], n = g[2 * H + j]
                    // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1};  n = tanh(a_n)
                    dx[2 * H + j] = d[j] * (1 - z) * (1 - n * n)
                }
            }
            // a_n ∋ (r ⊙ h_{t−1}) W_hnᵀ  ⇒  ∂L/∂(r ⊙ h_{t−1}) = da_n · W_hn   (B × H) · (H × H)
            BLAS.gemm(
                .none, .transpose, m: B, n: H, k: H, alpha: 1, a: dAx + 2 * H, lda: G3,
                b: weightHHT + 2 * H, ldb: G3, beta: 0, c: scratch, ldc: H)  // W_hnᵀ: columns 2H ..< 3H
            for b in 0..<B {
                let g = gates + b * G3, hp = hPrev + b * H, d = dh + b * H
                let dx = dAx + b * G3, drh = scratch + b * H, dp = dhPrev + b * H
                for j in 0..<H {
                    let r = g[j], z = g[H + j], n = g[2 * H + j], dhj = d[j]
                    let dz = dhj * (hp[j] - n)
                    dx[j] = drh[j] * hp[j] * r * (1 - r)  // r ⊙ h_{t−1}, r = σ(·)
                    dx[H + j] = dz * z * (1 - z)  // z = σ(·)
                    dp[j] = dhj * z + drh[j] * r  // z ⊙ h_{t−1} and r ⊙ h_{t−1}
                }
            }
            // ah_{r,z} = h_{t−1} W_h{r,z}ᵀ  ⇒  dhPrev += dA_{r,z} · W_h{r,z}   (B × 2H) · (2H × H)
            BLAS.gemm(
                .none, .transpose, m: B, n: H, k: 2 * H, alpha: 1, a: dAx, lda: G3,
                b: weightHHT, ldb: G3, beta: 1, c: dhPrev, ldc: H)  // W_h{r,z}ᵀ: columns 0 ..< 2H
        }
    }
}

/// The GRU (reset-after, reset-before) as a `CellUnit`: it keeps the gate activations and W_hn h_{t−1} + b_hn (reset-after) or r ⊙ h_{t−1} (reset-before).
struct GRUUnit: CellUnit {
    let variant: GRUVariant

    func forwardLayer(_ p: LayerParameters, _ f: ForwardLayer) -> LayerTrace {
        let (input, T, B, H, GH, whh) = (f.input, f.steps, f.batch, f.hidden, f.width, f.weightHH)
        let hidden = f.states.pointer
        let states = f.states
        let gates = Buffer(count: T * B * GH, zeroed: false)
        let aux = Buffer(count: T * B * H, zeroed: false)
        let scratch = Buffer(count: B * GH)
        f.project(gates.pointer, false)
        p.biasHH.withUnsafeBufferPointer { bhh in
            for t in 1...T {
                GRUCell.forwardStep(
                    variant, batch: B, hidden: H, hPrev: hidden + (t - 1) * B * H,
                    weightHH: whh, biasHH: bhh.baseAddress!,
                    gates: gates.pointer + (t - 1) * B * GH, aux: aux.pointer + (t - 1) * B * H,
                    scratch: scratch.pointer, h: hidden + t * B * H)
            }
        }
        return LayerTrace(input: input, hidden: states, cell: nil, tanhCell: nil, gates: gates, aux: aux)
    }

    func backwardStep(_ s: LayerSweep, step t: Int, row: Int, peepholes: Peepholes) {
        let (B, H, GH, BH, tr) = (s.B, s.H, s.GH, s.BH, s.tr)
        let dax = s.dAx.pointer + row * B * GH
        let dah = s.dAh.pointer + row * B * GH
        let whh = UnsafePointer(s.whhT.pointer)
        GRUCell.backwardStep(
            variant, batch: B, hidden: H,
            gates: tr.gates!.pointer + (t - 1) * B * GH,
            aux: tr.aux!.pointer + (t - 1) * BH,
            hPrev: tr.hidden.pointer + (t - 1) * BH, dh: s.state.dh.pointer,
            weightHHT: whh, dAx: dax, dAh: dah,
            scratch: s.scratch.pointer, dhPrev: s.next.dh.pointer)
    }

    func stepJacobian(_ p: LayerParameters, _ trace: ForwardTrace, layer k: Int, step t: Int, sequence b: Int) -> Matrix
    {
        let H = p.weightHH.columns, tr = trace.layers[k], B = trace.batchSize
        let hPrev = tr.hidden.array(((t - 1) * B + b) * H, H)
        let W = p.weightHH  // G·H × H
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
    }
}

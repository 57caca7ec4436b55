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

import Foundation
import LinearAlgebra

/// LSTM cell (PyTorch `nn.LSTM`), batched, row-major, gate order (i, f, g, o):
///
///     z_t = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh              (B × 4H), blocks [i f g o]
///     i = σ(z_i [+ p_i ⊙ c_{t−1}])   f = σ(z_f [+ p_f ⊙ c_{t−1}])   g = tanh(z_g)
///     c_t = f ⊙ c_{t−1} + i ⊙ g
///     o = σ(z_o [+ p_o ⊙ c_t])       h_t = o ⊙ tanh(c_t)
///
/// Bracketed terms only for the peephole variant (p_* are H-vectors). The coupled variant (CIFG)
/// has no f block: blocks [i g o] (B × 3H) and f = 1 − i. The state is (h, c) ∈ R^{2H} per sequence.
enum LSTMCell {
    /// Forward, one step. On entry `gates` (B × G·H) holds x_t W_ihᵀ + b_ih + b_hh; on exit the
    /// gate activations (i, f, g, o) — (i, g, o) for CIFG. Writes c_t, tanh(c_t) and h_t (B × H each).
    @inline(__always)
    static func forwardStep(
        _ variant: LSTMVariant, batch B: Int, hidden H: Int,
        hPrev: UnsafePointer<Double>, cPrev: UnsafePointer<Double>,
        weightHH: UnsafePointer<Double>,
        peepholeI: UnsafePointer<Double>, peepholeF: UnsafePointer<Double>,
        peepholeO: UnsafePointer<Double>,
        gates: UnsafeMutablePointer<Double>, c: UnsafeMutablePointer<Double>,
        tanhC: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>
    ) {
        let coupled = variant == .coupled, peephole = variant == .peephole
        let G = coupled ? 3 : 4
        let (oi, of, og, oo) = coupled ? (0, -1, H, 2 * H) : (0, H, 2 * H, 3 * H)
        // z_t += h_{t−1} W_hhᵀ   (B × H) · (H × G·H)
        BLAS.gemm(
            .none, .transpose, m: B, n: G * H, k: H, alpha: 1, a: hPrev, lda: H,
            b: weightHH, ldb: H, beta: 1, c: gates, ldc: G * H)
        // Elementwise, one row (sequence) at a time, in passes simple enough to vectorise
        // (each loop touches one or two arrays; the row, 4H Doubles, stays in L1).
        for b in 0..<B {
            let z = gates + b * G * H, cp = cPrev + b * H, cn = c + b * H
            let tc = tanhC + b * H, hn = h + b * H
            if peephole {
                for j in 0..<H { z[oi + j] += peepholeI[j] * cp[j] }
                for j in 0..<H { z[of + j] += peepholeF[j] * cp[j] }
            }
            // i = σ(z_i), f = σ(z_f) (adjacent blocks), g = tanh(z_g), in place
            FastMath.sigmoid(inPlace: z + oi, count: coupled ? H : 2 * H)
            FastMath.tanh(inPlace: z + og, count: H)
            // c_t = f ⊙ c_{t−1} + i ⊙ g   (CIFG: f = 1 − i)
            let zi = z + oi, zg = z + og
            if coupled {
                for j in 0..<H { cn[j] = (1 - zi[j]) * cp[j] + zi[j] * zg[j] }
            } else {
                let zf = z + of
                for j in 0..<H { cn[j] = zf[j] * cp[j] + zi[j] * zg[j] }
            }
            // o = σ(z_o [+ p_o ⊙ c_t]), tanh(c_t), h_t = o ⊙ tanh(c_t)
            let zo = z + oo
            if peephole { for j in 0..<H { zo[j] += peepholeO[j] * cn[j] } }
            FastMath.sigmoid(inPlace: zo, count: H)
            for j in 0..<H { tc[j] = cn[j] }
            FastMath.tanh(inPlace: tc, count: H)
            for j in 0..<H { hn[j] = zo[j] * tc[j] }
        }
    }

    /// Backward, one step. Given dh = ∂L/∂h_t (total) and dc = ∂L/∂c_t carried from step t + 1,
    /// writes dA = ∂L/∂z_t (B × G·H), dcTotal = ∂L/∂c_t (total), dcPrev and dhPrev (carried to
    /// step t − 1, overwritten). Peephole gradients are formed later from dA and the stored c.
    @inline(__always)
    static func backwardStep(
        _ variant: LSTMVariant, batch B: Int, hidden H: Int,
        gates: UnsafePointer<Double>, cPrev: UnsafePointer<Double>,
        tanhC: UnsafePointer<Double>,
        dh: UnsafePointer<Double>, dc: UnsafePointer<Double>,
        weightHHT: UnsafePointer<Double>,
        peepholeI: UnsafePointer<Double>, peepholeF: UnsafePointer<Double>,
        peepholeO: UnsafePointer<Double>,
        dA: UnsafeMutablePointer<Double>, dcTotal: UnsafeMutablePointer<Double>,
        dcPrev: UnsafeMutablePointer<Double>, dhPrev: UnsafeMutablePointer<Double>
    ) {
        let coupled = variant == .coupled, peephole = variant == .peephole
        let G = coupled ? 3 : 4
        let (oi, of, og, oo) = coupled ? (0, -1, H, 2 * H) : (0, H, 2 * H, 3 * H)
        for b in 0..<B {
            let z = gates + b * G * H, d = dA + b * G * H
            let cp = cPrev + b * H, tc = tanhC + b * H
            let dhb = dh + b * H, dcb = dc + b * H
            let dct = dcTotal + b * H, dcp = dcPrev + b * H
            for j in 0..<H {
                let i = z[oi + j], g = z[og + j], o = z[oo + j]
                let f = coupled ? 1 - i : z[of + j]
                let t = tc[j], dhj = dhb[j]
                // h_t = o ⊙ tanh(c_t)  ⇒  ∂L/∂o = dh ⊙ tanh(c_t);  o = σ(z_o)  ⇒  dz_o = ∂L/∂o ⊙ o(1 − o)
                let dzo = dhj * t * o * (1 - o)
                // ∂L/∂c_t = carried + dh ⊙ o ⊙ (1 − tanh²c_t)  [+ dz_o ⊙ p_o: o's peephole sees c_t]
                var dcT = dcb[j] + dhj * o * (1 - t * t)
                if peephole { dcT += dzo * peepholeO[j] }
                dct[j] = dcT
                // c_t = f ⊙ c_{t−1} + i ⊙ g
                var di = dcT * g
                let dg = dcT * i
                let df = dcT * cp[j]
                if coupled { di -= df }  // f = 1 − i  ⇒  ∂f/∂i = −1
                let dzi = di * i * (1 - i)  // i = σ(z_i)
                let dzg = dg * (1 - g * g)  // g = tanh(z_g)
                var dcPrevJ = dcT * f  // c_t ∋ f ⊙ c_{t−1}
                d[oi + j] = dzi; d[og + j] = dzg; d[oo + j] = dzo
                if !coupled {
                    let dzf = df * f * (1 - f)  // f = σ(z_f)
                    d[of + j] = dzf
                    if peephole { dcPrevJ += dzi * peepholeI[j] + dzf * peepholeF[j] }
                }
                dcp[j] = dcPrevJ
            }
        }
        // z_t ∋ h_{t−1} W_hhᵀ  ⇒  dhPrev = dA · W_hh = dA · (W_hhᵀ)ᵀ   (B × G·H) · (G·H × H);
        // W_hhᵀ (H × G·H) is formed once per backward pass
        BLAS.gemm(
            .none, .transpose, m: B, n: H, k: G * H, alpha: 1, a: dA, lda: G * H,
            b: weightHHT, ldb: G * H, beta: 0, c: dhPrev, ldc: H)
    }
}

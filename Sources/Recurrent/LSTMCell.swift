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
/// has no f block: blocks [i g o] (B × 3H) and f = 1 − i; the no-forget-gate variant (NFG) has the
/// same blocks and f ≡ 1; the no-output-activation variant (NOAF) has h_t = o ⊙ c_t (its "tanh c_t"
/// caches hold c_t itself). The state is (h, c) ∈ R^{2H} per sequence.
///
/// With projections (PyTorch `proj_size = P`, `weight_hr` P × H): m_t = o ⊙ tanh(c_t) and
/// h_t = m_t W_hrᵀ ∈ R^P, and W_hh is 4H × P; the state is (h, c) ∈ R^{P+H}.
enum LSTMCell {
    /// Forward, one step. On entry `gates` (B × G·H) holds x_t W_ihᵀ + b_ih + b_hh; on exit the
    /// gate activations (i, f, g, o) — (i, g, o) for CIFG. Writes c_t, tanh(c_t) and o ⊙ tanh(c_t)
    /// into `h` (B × H each: h_t itself without projections, m_t with them). h_{t−1} and W_hh's
    /// columns are S wide (S = H, or P).
    @inline(__always)
    static func forwardStep(
        _ variant: LSTMVariant, batch B: Int, hidden H: Int, state S: Int,
        hPrev: UnsafePointer<Double>, cPrev: UnsafePointer<Double>,
        weightHH: UnsafePointer<Double>,
        peepholeI: UnsafePointer<Double>, peepholeF: UnsafePointer<Double>,
        peepholeO: UnsafePointer<Double>,
        gates: UnsafeMutablePointer<Double>, c: UnsafeMutablePointer<Double>,
        tanhC: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>
    ) {
        let coupled = variant == .coupled, peephole = variant == .peephole
        let noForget = variant == .noForgetGate, linearOut = variant == .noOutputActivation
        let three = !variant.hasForgetBlock
        let G = three ? 3 : 4
        let (oi, of, og, oo) = three ? (0, -1, H, 2 * H) : (0, H, 2 * H, 3 * H)
        // z_t += h_{t−1} W_hhᵀ   (B × S) · (S × G·H)
        BLAS.gemm(
            .none, .transpose, m: B, n: G * H, k: S, alpha: 1, a: hPrev, lda: S,
            b: weightHH, ldb: S, beta: 1, c: gates, ldc: G * H)
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
            FastMath.sigmoid(inPlace: z + oi, count: three ? H : 2 * H)
            FastMath.tanh(inPlace: z + og, count: H)
            // c_t = f ⊙ c_{t−1} + i ⊙ g   (CIFG: f = 1 − i)
            let zi = z + oi, zg = z + og
            if coupled {
                for j in 0..<H { cn[j] = (1 - zi[j]) * cp[j] + zi[j] * zg[j] }
            } else if noForget {
                for j in 0..<H { cn[j] = cp[j] + zi[j] * zg[j] }
            } else {
                let zf = z + of
                for j in 0..<H { cn[j] = zf[j] * cp[j] + zi[j] * zg[j] }
            }
            // o = σ(z_o [+ p_o ⊙ c_t]), tanh(c_t), h_t = o ⊙ tanh(c_t)
            let zo = z + oo
            if peephole { for j in 0..<H { zo[j] += peepholeO[j] * cn[j] } }
            FastMath.sigmoid(inPlace: zo, count: H)
            for j in 0..<H { tc[j] = cn[j] }
            if !linearOut { FastMath.tanh(inPlace: tc, count: H) }
            for j in 0..<H { hn[j] = zo[j] * tc[j] }
        }
    }

    /// Backward, one step. Given dh = ∂L/∂(o ⊙ tanh c_t) (∂L/∂h_t total, or with projections
    /// ∂L/∂m_t = ∂L/∂h_t W_hr) and dc = ∂L/∂c_t carried from step t + 1, writes dA = ∂L/∂z_t
    /// (B × G·H), dcTotal = ∂L/∂c_t (total), dcPrev and dhPrev (B × S, carried to step t − 1,
    /// overwritten). Peephole gradients are formed later from dA and the stored c.
    @inline(__always)
    static func backwardStep(
        _ variant: LSTMVariant, batch B: Int, hidden H: Int, state S: Int,
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
        let noForget = variant == .noForgetGate, linearOut = variant == .noOutputActivation
        let three = !variant.hasForgetBlock
        let G = three ? 3 : 4
        let (oi, of, og, oo) = three ? (0, -1, H, 2 * H) : (0, H, 2 * H, 3 * H)
        for b in 0..<B {
            let z = gates + b * G * H, d = dA + b * G * H
            let cp = cPrev + b * H, tc = tanhC + b * H
            let dhb = dh + b * H, dcb = dc + b * H
            let dct = dcTotal + b * H, dcp = dcPrev + b * H
            for j in 0..<H {
                let i = z[oi + j], g = z[og + j], o = z[oo + j]
                let f = coupled ? 1 - i : noForget ? 1 : z[of + j]
                let t = tc[j], dhj = dhb[j]
                // h_t = o ⊙ tanh(c_t)  ⇒  ∂L/∂o = dh ⊙ tanh(c_t);  o = σ(z_o)  ⇒  dz_o = ∂L/∂o ⊙ o(1 − o)
                let dzo = dhj * t * o * (1 - o)
                // ∂L/∂c_t = carried + dh ⊙ o ⊙ (1 − tanh²c_t)  [+ dz_o ⊙ p_o: o's peephole sees c_t]
                // (NOAF: h_t = o ⊙ c_t, so the factor is 1)
                var dcT = dcb[j] + dhj * o * (linearOut ? 1 : 1 - t * t)
                if peephole { dcT += dzo * peepholeO[j] }
                dct[j] = dcT
                // c_t = f ⊙ c_{t−1} + i ⊙ g
                var di = dcT * g
                let dg = dcT * i
                let df = dcT * cp[j]
                if coupled { di -= df }  // f = 1 − i  ⇒  ∂f/∂i = −1
                let dzi = di * i * (1 - i)  // i = σ(z_i)
                let dzg = dg * (1 - g * g)  // g = tanh(z_g)
                var dcPrevJ = dcT * f  // c_t ∋ f ⊙ c_{t−1}  (NFG: f ≡ 1)
                d[oi + j] = dzi; d[og + j] = dzg; d[oo + j] = dzo
                if !three {
                    let dzf = df * f * (1 - f)  // f = σ(z_f)
                    d[of + j] = dzf
                    if peephole { dcPrevJ += dzi * peepholeI[j] + dzf * peepholeF[j] }
                }
                dcp[j] = dcPrevJ
            }
        }
        // z_t ∋ h_{t−1} W_hhᵀ  ⇒  dhPrev = dA · W_hh = dA · (W_hhᵀ)ᵀ   (B × G·H) · (G·H × S);
        // W_hhᵀ (S × G·H) is formed once per backward pass
        BLAS.gemm(
            .none, .transpose, m: B, n: S, k: G * H, alpha: 1, a: dA, lda: G * H,
            b: weightHHT, ldb: G * H, beta: 0, c: dhPrev, ldc: S)
    }
}

/// The LSTM (standard, peephole, coupled, no forget gate, no output activation; with or without projections) as a `CellUnit`: it keeps
/// c_0 … c_T, tanh c_t, the gate activations and, with projections, m_t = o ⊙ tanh c_t (`aux`).
struct LSTMUnit: CellUnit {
    let variant: LSTMVariant

    func forwardLayer(_ p: LayerParameters, _ f: ForwardLayer) -> LayerTrace {
        let (input, T, B, H, S, GH, whh) = (f.input, f.steps, f.batch, f.hidden, f.output, f.width, f.weightHH)
        let projected = p.projectionSize > 0
        let hidden = f.states.pointer, initial = f.initial
        let states = f.states
        let cellBuf = Buffer(count: (T + 1) * B * H, zeroed: false)
        if let s = initial {
            s.cell.storage.withUnsafeBufferPointer {
                cellBuf.pointer.update(from: $0.baseAddress!, count: B * H)
            }
        } else {
            cellBuf.pointer.update(repeating: 0, count: B * H)
        }
        let tanhC = Buffer(count: T * B * H, zeroed: false)
        let gates = Buffer(count: T * B * GH, zeroed: false)
        let m = projected ? Buffer(count: T * B * H, zeroed: false) : nil
        f.project(gates.pointer, true)
        p.weightHR.storage.withUnsafeBufferPointer { whr in
            withPeepholes(p) { pi, pf, po in
                for t in 1...T {
                    LSTMCell.forwardStep(
                        variant, batch: B, hidden: H, state: S,
                        hPrev: hidden + (t - 1) * B * S,
                        cPrev: cellBuf.pointer + (t - 1) * B * H, weightHH: whh,
                        peepholeI: pi, peepholeF: pf, peepholeO: po,
                        gates: gates.pointer + (t - 1) * B * GH,
                        c: cellBuf.pointer + t * B * H, tanhC: tanhC.pointer + (t - 1) * B * H,
                        h: m.map { $0.pointer + (t - 1) * B * H } ?? hidden + t * B * H)
                    if let m {
                        // h_t = m_t W_hrᵀ   (B × H) · (H × P)
                        BLAS.gemm(
                            .none, .transpose, m: B, n: S, k: H, alpha: 1, a: m.pointer + (t - 1) * B * H, lda: H,
                            b: whr.baseAddress!, ldb: H, beta: 0, c: hidden + t * B * S, ldc: S)
                    }
                }
            }
        }
        return LayerTrace(input: input, hidden: states, cell: cellBuf, tanhCell: tanhC, gates: gates, aux: m)
    }

    func backwardStep(_ s: LayerSweep, step t: Int, row: Int, peepholes: Peepholes) {
        let (B, H, S, GH, BH, tr) = (s.B, s.H, s.S, s.GH, s.BH, s.tr)
        let dax = s.dAx.pointer + row * B * GH
        let whh = UnsafePointer(s.whhT.pointer)
        var dm = UnsafePointer(s.state.dh.pointer)
        if s.p.projectionSize > 0 {
            // Kept (scaled) for ∂L/∂W_hr; ∂L/∂m_t = ∂L/∂h_t · W_hr   (B × P) · (P × H)
            (s.dHChunk.pointer + row * s.BS).update(from: s.state.dh.pointer, count: s.BS)
            s.p.weightHR.storage.withUnsafeBufferPointer { whr in
                BLAS.gemm(
                    .none, .none, m: B, n: H, k: S, alpha: 1, a: s.state.dh.pointer, lda: S, b: whr.baseAddress!,
                    ldb: H, beta: 0, c: s.dM.pointer, ldc: H)
            }
            dm = UnsafePointer(s.dM.pointer)
        }
        LSTMCell.backwardStep(
            variant, batch: B, hidden: H, state: S,
            gates: tr.gates!.pointer + (t - 1) * B * GH,
            cPrev: tr.cell!.pointer + (t - 1) * BH,
            tanhC: tr.tanhCell!.pointer + (t - 1) * BH,
            dh: dm, dc: s.state.dc!.pointer, weightHHT: whh,
            peepholeI: peepholes.i, peepholeF: peepholes.f, peepholeO: peepholes.o,
            dA: dax, dcTotal: s.dcTotal.pointer,
            dcPrev: s.next.dc!.pointer, dhPrev: s.next.dh.pointer)
        s.logC[t] =
            s.options.norms ? Norms.log10Euclidean(s.dcTotal.pointer, count: BH, exponent2: s.state.exponent) : .nan
        if s.options.perSequence { s.logCSeq[t] = s.perSequence(s.dcTotal.pointer, s.state.exponent) }
    }

    func stepJacobian(_ p: LayerParameters, _ trace: ForwardTrace, layer k: Int, step t: Int, sequence b: Int) -> Matrix
    {
        let H = p.hiddenSize, S = p.outputSize, n = S + H, tr = trace.layers[k], B = trace.batchSize
        let W = p.weightHH  // G·H × S
        let coupled = variant == .coupled, peephole = variant == .peephole
        let noForget = variant == .noForgetGate, linearOut = variant == .noOutputActivation
        let g = trace.gateActivations(layer: k, step: t)!.row(b)
        let (oi, of, og, oo) = variant.hasForgetBlock ? (0, H, 2 * H, 3 * H) : (0, -1, H, 2 * H)
        let cPrev = tr.cell!.array(((t - 1) * B + b) * H, H)
        let tc = tr.tanhCell!.array(((t - 1) * B + b) * H, H)
        // Rows of ∂m_t/∂(h, c) (m = o ⊙ tanh c, which is h_t itself without projections) and of
        // ∂c_t/∂(h, c); the state's columns are h (S) first, then c (H).
        var dm = Matrix(rows: H, columns: n)
        var j = Matrix(rows: n, columns: n)
        for r in 0..<H {
            let i = g[oi + r], gg = g[og + r], o = g[oo + r]
            let f = coupled ? 1 - i : noForget ? 1 : g[of + r]
            let si = i * (1 - i), sf = f * (1 - f), so = o * (1 - o), sg = 1 - gg * gg
            // d m / d c_t: o ⊙ (1 − tanh² c_t), or o for NOAF (tc holds c_t itself there)
            let dmdc = linearOut ? o : o * (1 - tc[r] * tc[r])
            // ∂c_t[r]/∂(h, c)
            var dc = [Double](repeating: 0, count: n)
            for c in 0..<S {
                let di = si * W[oi + r, c]
                let df = coupled ? -di : noForget ? 0 : sf * W[of + r, c]
                dc[c] = cPrev[r] * df + gg * di + i * sg * W[og + r, c]
            }
            // Through c_{t−1}: f directly, and the peepholes of i and f.
            var dcc = f
            if peephole { dcc += cPrev[r] * sf * p.peepholeF[r] + gg * si * p.peepholeI[r] }
            dc[S + r] += dcc
            // o = σ(z_o + p_o ⊙ c_t), m = o ⊙ tanh(c_t)
            for c in 0..<n {
                var dz = c < S ? W[oo + r, c] : 0
                if peephole { dz += p.peepholeO[r] * dc[c] }
                let dO = so * dz
                dm[r, c] = tc[r] * dO + dmdc * dc[c]
                j[S + r, c] = dc[c]
            }
        }
        // h_t = m_t (no projection) or W_hr m_t.
        let dh = p.projectionSize > 0 ? Matrix.product(p.weightHR, .none, dm) : dm
        for r in 0..<S { for c in 0..<n { j[r, c] = dh[r, c] } }
        return j
    }
}

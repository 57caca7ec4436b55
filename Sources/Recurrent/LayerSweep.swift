import Foundation
import LinearAlgebra

/// What one layer's reverse sweep returns.
struct LayerBackward {
    /// (∂L/∂h_0, ∂L/∂c_0) as m · 2^E.
    var outgoing: ScaledState
    var logH: [Double]
    var logC: [Double]
    var logHSeq: [[Double]]
    var logCSeq: [[Double]]
    var contributions: [Double]
    var states: [Double]?
    /// ∂L/∂(layer input) as m_t · 2^{inputExponent[t]}, T·B × I.
    var inputGradient: Buffer
    var inputExponent: [Int]
}

/// The reverse sweep through one layer, t = T … 1, in named steps: add the direct gradient,
/// record the norms, keep the state gradient (for Ω), run the cell's backward step, carry the
/// state to step t − 1, and, at the end of each chunk of steps, form the chunk's products
/// (∂L/∂x, ∂L/∂W, biases, temporal contributions).
///
/// ∂L/∂(pre-activations) is kept, scaled by 2^{exponent[t]} while the sweep runs, for one chunk
/// of `chunk` steps only, so the workspace does not grow with T beyond ∂L/∂x and the products
/// stay large (`BackwardOptions.chunkRows` rows).
final class LayerSweep {
    let network: RecurrentNetwork
    let p: LayerParameters
    let tr: LayerTrace
    let T: Int, B: Int, H: Int, I: Int, GH: Int, BH: Int
    /// S, the width of h (H, or P with projections), and B·S.
    let S: Int, BS: Int
    let direct: DirectGradient
    let options: BackwardOptions
    let formInput: Bool
    let keepStates: Bool
    var gradients: LayerGradients

    var cell: CellKind { network.cell }
    let hasC: Bool
    /// The reset-after GRU keeps ∂L/∂(W_hh h + b_hh) apart from ∂L/∂(W_ih x + b_ih).
    let separateDAh: Bool
    let chunk: Int
    let dAx: Buffer, dAh: Buffer
    var exponent: [Int]
    let dInput: Buffer
    var contributions: [Double]
    let term: Buffer
    var logH: [Double], logC: [Double]
    var logHSeq: [[Double]], logCSeq: [[Double]]
    /// Carried state gradient (dh, dc) = m · 2^E, and the buffers the next step writes into.
    var state: ScaledState, next: ScaledState
    let dcTotal: Buffer
    var kept: [Double]
    let scratch: Buffer
    /// W_hhᵀ (H × G·H), once: the per-step products dA · W_hh then run as dA · (W_hhᵀ)ᵀ, which
    /// OpenBLAS packs faster (5–18% on these shapes, the same kernel and bitwise the same result).
    /// S × G·H with projections.
    let whhT: Buffer
    /// With projections: ∂L/∂h_t of the chunk's steps, still scaled (for ∂L/∂W_hr = Σ_t ∂L/∂h_tᵀ m_t),
    /// and ∂L/∂m_t = ∂L/∂h_t · W_hr of the current step.
    let dHChunk: Buffer, dM: Buffer

    init(
        network: RecurrentNetwork, parameters p: LayerParameters, trace tr: LayerTrace, steps T: Int, batch B: Int,
        direct: DirectGradient, carried: ScaledState?, options: BackwardOptions, formInput: Bool, keepStates: Bool,
        gradients: LayerGradients
    ) {
        self.network = network
        self.p = p
        self.tr = tr
        self.T = T
        self.B = B
        H = network.hiddenSize
        I = p.inputSize
        GH = network.cell.gateCount * H
        BH = B * H
        S = p.outputSize
        BS = B * S
        self.direct = direct
        self.options = options
        self.formInput = formInput
        self.keepStates = keepStates
        self.gradients = gradients
        hasC = network.cell.hasCellState
        separateDAh = {
            if case .gru(.resetAfter) = network.cell { return true }; return false
        }()
        chunk = Swift.min(T, Swift.max(1, options.chunkRows / B))
        dAx = Buffer(count: chunk * B * GH, zeroed: false)
        dAh = separateDAh ? Buffer(count: chunk * B * GH, zeroed: false) : dAx
        exponent = [Int](repeating: 0, count: T)
        dInput = Buffer(count: formInput ? T * B * I : 0, zeroed: false)
        contributions = [Double](repeating: 0, count: options.temporalContributions ? T : 0)
        term = Buffer(count: options.temporalContributions ? GH * p.outputSize : 0)
        logH = [Double](repeating: 0, count: T + 1)
        logC = [Double](repeating: 0, count: hasC ? T + 1 : 0)
        logHSeq = [[Double]](repeating: [Double](repeating: 0, count: B), count: options.perSequence ? T + 1 : 0)
        logCSeq = [[Double]](
            repeating: [Double](repeating: 0, count: B), count: options.perSequence && hasC ? T + 1 : 0)
        state = carried ?? ScaledState(batch: B, hidden: H, hasCell: hasC, output: S)
        next = ScaledState(batch: B, hidden: H, hasCell: hasC, output: S)
        dcTotal = Buffer(count: hasC ? BH : 0)
        kept = keepStates ? [Double](repeating: 0, count: T * BS) : []
        scratch = Buffer(count: B * GH)
        let projected = p.projectionSize > 0
        dHChunk = Buffer(count: projected ? chunk * BS : 0, zeroed: false)
        dM = Buffer(count: projected ? BH : 0, zeroed: false)
        whhT = Buffer(count: GH * S, zeroed: false)
        let (gh, h, t) = (GH, S, whhT)
        p.weightHH.storage.withUnsafeBufferPointer { w in
            for r in 0..<gh { for c in 0..<h { t.pointer[c * gh + r] = w[r * h + c] } }
        }
    }

    func run() -> LayerBackward {
        withPeepholes(p) { pi, pf, po in
            for t in stride(from: T, through: 1, by: -1) {
                addDirectGradient(t)
                if let v = options.stateClip { clampState(v) }
                if let f = options.stateFormat { roundState(f) }
                recordHiddenNorms(t)
                if keepStates { keepState(t) }
                // This step's chunk, counted from the end: steps lo … hi, rows (t − lo)·B of dAx.
                let hi = T - (T - t) / chunk * chunk, lo = Swift.max(1, hi - chunk + 1)
                cellBackwardStep(t, row: t - lo, peepholes: (pi, pf, po))
                carryToPreviousStep(t)
                if t == lo { formChunkProducts(lo, hi) }
            }
        }
        return finish()
    }

    /// Total ∂L/∂h_t = carried + direct.
    func addDirectGradient(_ t: Int) {
        if let d = direct.pointer(step: t, count: BS) {
            state.add(d, exponent: direct.exponent[t - direct.firstStep], scratch: scratch.pointer)
        }
    }

    /// Mikolov's element-wise clipping: every entry of (∂L/∂h_t, ∂L/∂c_t) into [−v, v]. The state
    /// is m·2^E, so the mantissas are clamped to v·2^−E (infinite when E is far below: nothing to do).
    func clampState(_ v: Double) {
        let limit = Foundation.scalbn(v, -state.exponent)
        guard limit.isFinite else { return }
        for buffer in [state.dh] + (state.dc.map { [$0] } ?? []) {
            let x = buffer.pointer
            for i in 0..<buffer.count where abs(x[i]) > limit { x[i] = x[i] < 0 ? -limit : limit }
        }
    }

    /// (∂L/∂h_t, ∂L/∂c_t) rounded to `format` and held unscaled (exponent 0) from here on.
    func roundState(_ format: StorageFormat) {
        let e = state.exponent
        for buffer in [state.dh] + (state.dc.map { [$0] } ?? []) {
            let x = buffer.pointer
            for i in 0..<buffer.count { x[i] = format.round(Foundation.scalbn(x[i], e)) }
        }
        state.exponent = 0
    }

    /// log10 of each sequence's norm of `x` (B rows of `width`, H when nil).
    func perSequence(_ x: UnsafePointer<Double>, _ e: Int, width: Int? = nil) -> [Double] {
        let w = width ?? H
        return (0..<B).map { Norms.log10Euclidean(x + $0 * w, count: w, exponent2: e) }
    }

    func recordHiddenNorms(_ t: Int) {
        logH[t] = options.norms ? Norms.log10Euclidean(state.dh.pointer, count: BS, exponent2: state.exponent) : .nan
        if options.perSequence { logHSeq[t] = perSequence(state.dh.pointer, state.exponent, width: S) }
    }

    /// ∂L/∂h_t as plain Doubles, for Pascanu's Ω.
    func keepState(_ t: Int) {
        let f = state.exponent, n = BS, src = state.dh.pointer
        kept.withUnsafeMutableBufferPointer { k in
            let dst = k.baseAddress! + (t - 1) * n
            dst.update(from: src, count: n)
            Norms.scaleByPowerOfTwo(dst, count: n, f)
        }
    }

    /// The cell's backward step at t: ∂L/∂(pre-activations) into row `row` of the chunk, and the
    /// state gradient carried to t − 1 into `next`.
    func cellBackwardStep(
        _ t: Int, row: Int, peepholes: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>)
    ) {
        cell.unit.backwardStep(self, step: t, row: row, peepholes: (peepholes.0, peepholes.1, peepholes.2))
    }

    /// Makes `next` the state of step t − 1, with the exponent step t's values were scaled by.
    func carryToPreviousStep(_ t: Int) {
        exponent[t - 1] = state.exponent
        next.exponent = state.exponent
        swap(&state, &next)
        state.renormalize()
    }

    /// Steps lo … hi of the chunk just finished (dAx/dAh rows 0 ..< (hi − lo + 1)·B, still scaled).
    func formChunkProducts(_ lo: Int, _ hi: Int) {
        let n = hi - lo + 1
        // Step t's term of ∂L/∂W_hh from the still-scaled dAh_t, so its log-norm is exact at any size.
        if options.temporalContributions {
            for t in lo...hi {
                if let g = gramContribution(t, row: t - lo) {
                    contributions[t - 1] = g
                    continue
                }
                network.recurrentWeightProduct(
                    dAh: dAh.pointer + (t - lo) * B * GH, hPrev: tr.hidden.pointer + (t - 1) * BS,
                    resetHPrev: tr.aux.map { UnsafePointer($0.pointer + (t - 1) * BH) }, rows: B, beta: 0,
                    into: term.pointer)
                contributions[t - 1] = Norms.log10Euclidean(term.pointer, count: GH * S, exponent2: exponent[t - 1])
            }
        }
        // ∂L/∂x_t = dAx_t · W_ih   (n·B × G·H)·(G·H × I)
        if formInput {
            let (b, gh, i, dax, out) = (B, GH, I, dAx.pointer, dInput.pointer + (lo - 1) * B * I)
            p.weightIH.storage.withUnsafeBufferPointer { w in
                BLAS.gemm(
                    .none, .none, m: n * b, n: i, k: gh, alpha: 1, a: dax, lda: gh,
                    b: w.baseAddress!, ldb: i, beta: 0, c: out, ldc: i)
            }
        }
        // Unscale the pre-activation gradients: parameter gradients are plain Doubles.
        for t in lo...hi {
            Norms.scaleByPowerOfTwo(dAx.pointer + (t - lo) * B * GH, count: B * GH, exponent[t - 1])
            if separateDAh {
                Norms.scaleByPowerOfTwo(dAh.pointer + (t - lo) * B * GH, count: B * GH, exponent[t - 1])
            }
        }
        network.accumulateParameterGradients(p, tr, dAx: dAx, dAh: dAh, steps: lo...hi, batch: B, into: &gradients)
        if p.projectionSize > 0 {
            // ∂L/∂W_hr += Σ_t ∂L/∂h_tᵀ m_t   (S × n·B)·(n·B × H), from the unscaled ∂L/∂h_t.
            for t in lo...hi { Norms.scaleByPowerOfTwo(dHChunk.pointer + (t - lo) * BS, count: BS, exponent[t - 1]) }
            let (s, h, rows, dhc, m) = (S, H, n * B, dHChunk.pointer, tr.aux!.pointer + (lo - 1) * BH)
            gradients.weightHR.storage.withUnsafeMutableBufferPointer { dW in
                BLAS.gemm(
                    .transpose, .none, m: s, n: h, k: rows, alpha: 1, a: dhc, lda: s, b: m, ldb: h, beta: 1,
                    c: dW.baseAddress!, ldc: h)
            }
        }
    }

    /// log10 ‖A_tᵀ X_t‖_F of step t's term of ∂L/∂W_hh (A = dAh_t, B × G·H, still scaled by
    /// 2^exponent[t−1]; X = h_{t−1}, B × S) from the two B × B Gram matrices:
    /// ‖AᵀX‖_F² = Σ_{b,b'} (AAᵀ)_{bb'} (XXᵀ)_{bb'}, B²·(G·H + S) multiply-adds instead of
    /// B·G·H·S for the product itself (16× fewer at B = 32, H = 512). A and X are first scaled by
    /// powers of two (exact) so the Gram entries cannot overflow. When cancellation could make the
    /// sum's relative error exceed 1e−10 (a log10 error of 4e−11), when B ≥ S, or for the
    /// reset-before GRU (whose n block reads r ⊙ h_{t−1}), nil: the caller forms the product.
    func gramContribution(_ t: Int, row: Int) -> Double? {
        if case .gru(.resetBefore) = cell { return nil }
        return LayerSweep.gramNormLog10(
            a: dAh.pointer + row * B * GH, x: tr.hidden.pointer + (t - 1) * BS, rows: B, aWidth: GH, xWidth: S,
            exponent: exponent[t - 1])
    }

    /// log10 ‖Aᵀ X‖_F · 2^exponent for A (rows × aWidth) and X (rows × xWidth) through the Gram
    /// matrices (see `gramContribution`); nil when rows ≥ xWidth, when a value is not finite, or when
    /// cancellation could make the result's relative error exceed 1e−10. −∞ when A or X is zero.
    static func gramNormLog10(
        a: UnsafePointer<Double>, x: UnsafePointer<Double>, rows B: Int, aWidth GH: Int, xWidth S: Int, exponent: Int
    ) -> Double? {
        guard B < S else { return nil }
        func exponentOfMax(_ p: UnsafePointer<Double>, _ n: Int) -> Int? {
            switch ScaledState.magnitude(p, n) {
            case .zero: return Int.min
            case .nonFinite: return nil
            case .exponent(let e): return e
            }
        }
        guard let ea = exponentOfMax(a, B * GH), let ex = exponentOfMax(x, B * S) else { return nil }
        if ea == Int.min || ex == Int.min { return -.infinity }
        // Scaled copies (largest magnitude in [1, 2)), then the Gram matrices.
        let sa = Buffer(count: B * GH, zeroed: false), sx = Buffer(count: B * S, zeroed: false)
        let ga = Buffer(count: B * B, zeroed: false), gx = Buffer(count: B * B, zeroed: false)
        sa.pointer.update(from: a, count: B * GH)
        Norms.scaleByPowerOfTwo(sa.pointer, count: B * GH, -ea)
        sx.pointer.update(from: x, count: B * S)
        Norms.scaleByPowerOfTwo(sx.pointer, count: B * S, -ex)
        BLAS.gemm(
            .none, .transpose, m: B, n: B, k: GH, alpha: 1, a: sa.pointer, lda: GH, b: sa.pointer, ldb: GH, beta: 0,
            c: ga.pointer, ldc: B)
        BLAS.gemm(
            .none, .transpose, m: B, n: B, k: S, alpha: 1, a: sx.pointer, lda: S, b: sx.pointer, ldb: S, beta: 0,
            c: gx.pointer, ldc: B)
        var sum = 0.0, diagonal = 0.0
        for i in 0..<(B * B) { sum += ga.pointer[i] * gx.pointer[i] }
        for b in 0..<B { diagonal += (ga.pointer[b * B + b] * gx.pointer[b * B + b]).squareRoot() }
        // Every term and every rounding error is bounded through (Σ_b ‖a_b‖‖x_b‖)² (Cauchy–Schwarz);
        // the sum's relative error is then at most (G·H + S + B²)·ε·bound / sum: ≤ 1e−10 required.
        let bound = diagonal * diagonal, k = Double(GH + S + B * B)
        guard sum > 0, sum.isFinite, k * Double.ulpOfOne * bound <= 1e-10 * sum else { return nil }
        return 0.5 * Foundation.log10(sum) + Double(ea + ex + exponent) * Foundation.log10(2.0)
    }

    /// ∂L/∂h_0 (∂L/∂c_0) and their norms.
    func finish() -> LayerBackward {
        logH[0] = Norms.log10Euclidean(state.dh.pointer, count: BS, exponent2: state.exponent)
        if hasC { logC[0] = Norms.log10Euclidean(state.dc!.pointer, count: BH, exponent2: state.exponent) }
        if options.perSequence {
            logHSeq[0] = perSequence(state.dh.pointer, state.exponent, width: S)
            if hasC { logCSeq[0] = perSequence(state.dc!.pointer, state.exponent) }
        }
        return LayerBackward(
            outgoing: state, logH: logH, logC: logC, logHSeq: logHSeq, logCSeq: logCSeq,
            contributions: contributions, states: keepStates ? kept : nil, inputGradient: dInput,
            inputExponent: exponent)
    }
}

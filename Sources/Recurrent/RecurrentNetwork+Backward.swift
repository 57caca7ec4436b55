import Foundation
import LinearAlgebra

/// Everything one backward pass returns.
public struct Backpropagation: Sendable {
    /// ∂L/∂θ for every layer, bottom first (same names and shapes as the parameters).
    public var parameterGradients: [LayerGradients]
    /// ∂L/∂h_0 (and ∂L/∂c_0) for every layer. Values too small for Double are subnormal or 0 here;
    /// their exact size is in `gradHiddenLog10[k][0]`.
    public var initialStateGradients: [RecurrentState]
    /// ∂L/∂x_t, T·B × I, sequence-first; nil when `BackwardOptions.inputGradient` is off.
    public var inputGradient: SequenceBatch?
    /// log10 ‖∂L/∂h_t‖ (Frobenius over the batch) for every layer k and t = 0 … T, where
    /// ∂L/∂h_t is the *total* gradient: the direct term plus what is carried back from later steps
    /// (and, below the top layer, from the layer above). Exact even far below 1e-308 or above
    /// 1e308: the reverse sweep carries the gradient as a mantissa and a power of two. −∞ only when
    /// the gradient is exactly zero; NaN/+∞ when it is non-finite.
    public var gradHiddenLog10: [[Double]]
    /// log10 ‖∂L/∂c_t‖ likewise, for the LSTM (empty arrays for other cells).
    public var gradCellLog10: [[Double]]
    /// With `BackwardOptions.perSequence`: log10 ‖∂L/∂h_t‖ of each sequence b, indexed
    /// [layer][t][b], t = 0 … T. Empty otherwise.
    public var gradHiddenLog10PerSequence: [[[Double]]] = []
    /// With `BackwardOptions.perSequence`: log10 ‖∂L/∂c_t‖ per sequence (LSTM). Empty otherwise.
    public var gradCellLog10PerSequence: [[[Double]]] = []
    /// With `BackwardOptions.temporalContributions`: log10 ‖Σ_b dAh_t,bᵀ h_{t−1},b‖_F, the
    /// Frobenius norm of step t's term in ∂L/∂W_hh (Pascanu et al. 2013, eq. 4; for a last-step
    /// loss, the contribution of lag T − t), indexed [layer][t − 1] for t = 1 … T. Empty otherwise.
    public var temporalContributionLog10: [[Double]] = []
    /// With `BackwardOptions.stateGradients`: ∂L/∂h_t of the top layer for t = 1 … T as plain
    /// Doubles (T·B × H, sequence-first; tiny values may be subnormal or 0). Empty otherwise.
    public var stateGradients: [Double] = []
}

/// A floating-point format a gradient may be stored in.
public enum StorageFormat: String, Sendable, CaseIterable, Codable {
    case float32, float16, bfloat16
    /// Plain Double: the value as it is, carried unscaled (so it underflows where an ordinary
    /// float64 backward pass would, below 2^−1074).
    case float64

    /// v rounded to the nearest value of the format (ties to even), as a Double: subnormals kept,
    /// magnitudes below half the smallest subnormal 0, beyond the largest finite ±inf.
    public func round(_ v: Double) -> Double {
        switch self {
        case .float64: return v
        case .float32: return Double(Float(v))
        case .float16: return Double(Float16(v))
        case .bfloat16:
            let f = Float(v)
            guard f.isFinite else { return Double(f) }
            let bits = f.bitPattern
            let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
            return Double(Float(bitPattern: rounded))
        }
    }
}

/// Optional, more expensive records of a backward pass.
public struct BackwardOptions: Sendable, Equatable {
    /// Record log10 ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) per sequence of the batch. Cost: O(T·B·H), small.
    public var perSequence: Bool
    /// Record each step's term of ∂L/∂W_hh. Cost: one (G·H × B)·(B × H) product per step — about
    /// as much again as forming ∂L/∂W_hh itself.
    public var temporalContributions: Bool
    /// Keep ∂L/∂h_t of the top layer for every step (Pascanu's Ω regulariser needs it). Memory T·B·H.
    public var stateGradients: Bool
    /// Record log10 ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) per step. On by default; off only to measure what
    /// the instrumentation costs (the arrays are then NaN except at t = 0).
    public var norms: Bool
    /// Rows (steps × sequences) per chunk of the weight-gradient products. The reverse sweep keeps
    /// ∂L/∂(pre-activations) for one chunk only and forms ∂L/∂W, ∂L/∂b and ∂L/∂x from it when the
    /// chunk is done, so the workspace is chunkRows·G·H Doubles (16 MiB for an LSTM with H = 128)
    /// whatever T is. The default, 4096, keeps the products near the large-GEMM rate; the result
    /// does not depend on it beyond summation order (`ChunkedBackwardTests`).
    public var chunkRows: Int
    /// Mikolov's clipping of the temporal components (Mikolov 2012; Pascanu, Mikolov & Bengio 2013,
    /// §3.1): as the sweep reaches step t, after the direct gradient is added, every entry of ∂L/∂h_t
    /// (and ∂L/∂c_t) is clamped to [−v, v], and the clamped value is what flows on to t − 1 and into
    /// the parameter gradients. A different algorithm from clipping the final parameter gradient by
    /// value (Keras `clipvalue`). nil (the default): exact BPTT.
    public var stateClip: Double? = nil
    /// Emulates lower-precision training in the backward pass: as the sweep reaches step t (after
    /// the direct gradient is added), ∂L/∂h_t (and ∂L/∂c_t) is rounded to this format (nearest,
    /// ties to even, with its subnormals and underflow to 0) and carried on as plain values, so the
    /// gradient becomes exactly 0 where a network trained in that format would see 0. The forward
    /// pass and the arithmetic within a step stay in Double. nil (the default): exact, scaled.
    public var stateFormat: StorageFormat? = nil
    /// Form ∂L/∂x (`Backpropagation.inputGradient`). Off saves one (T·B × G·H)·(G·H × I) product
    /// and T·B·I Doubles when only parameter gradients and norms are wanted (training, probes,
    /// the reference workload of docs/workload.md). Layers above the first always form theirs.
    public var inputGradient: Bool

    public init(
        perSequence: Bool = false, temporalContributions: Bool = false, stateGradients: Bool = false,
        norms: Bool = true,
        chunkRows: Int = 4096, inputGradient: Bool = true, stateClip: Double? = nil, stateFormat: StorageFormat? = nil
    ) {
        self.stateFormat = stateFormat
        precondition(chunkRows >= 1, "BackwardOptions: chunkRows must be ≥ 1")
        precondition(stateClip.map { $0 > 0 } ?? true, "BackwardOptions: stateClip must be > 0")
        self.stateClip = stateClip
        self.perSequence = perSequence
        self.temporalContributions = temporalContributions
        self.stateGradients = stateGradients
        self.norms = norms
        self.chunkRows = chunkRows
        self.inputGradient = inputGradient
    }
}

extension RecurrentNetwork {
    /// Exact backpropagation through time for `trace` under a loss whose gradient with respect to
    /// the outputs is `outputGradient`.
    ///
    /// Per layer, top first: one reverse sweep with one (B × G·H)·(G·H × H) product per step,
    /// then, over all steps at once, one product each for ∂L/∂W_ih, ∂L/∂W_hh and the gradient
    /// passed to the layer below. During the sweep the state gradient (∂L/∂h_t, ∂L/∂c_t) is held
    /// as m · 2^E with max|m| kept within 2^±400, so norms span any range without underflow;
    /// parameter gradients are formed from the unscaled values (they are ordinary Doubles).
    ///
    /// `finalStateGradients` (one per layer, bottom first) are ∂L/∂h_T (and ∂L/∂c_T) of a loss
    /// that reads the final states directly (PyTorch's `h_n`, `c_n`), added to what flows back
    /// from the outputs; nil: zero.
    public func backward(
        _ trace: ForwardTrace, outputGradient: OutputGradient,
        finalStateGradients: [RecurrentState]? = nil,
        options: BackwardOptions = BackwardOptions()
    ) -> Backpropagation {
        let T = trace.steps, B = trace.batchSize, S = outputSize
        let top: DirectGradient
        switch outputGradient {
        case .lastStep(let g):
            precondition(g.rows == B && g.columns == S, "backward: ∂L/∂h_T must be \(B)×\(S)")
            top = DirectGradient(g.storage, firstStep: T, steps: T)
        case .everyStep(let g):
            precondition(g.count == T * B * S, "backward: ∂L/∂outputs must have T·B·S = \(T * B * S) values")
            top = DirectGradient(g, firstStep: 1, steps: T)
        }
        return backward(trace, top: top, finalStateGradients: finalStateGradients, options: options).0
    }

    /// `backward` from a direct gradient already in scaled form; also returns the raw sweep (its
    /// ∂L/∂x still scaled).
    func backward(
        _ trace: ForwardTrace, top: DirectGradient, finalStateGradients: [RecurrentState]?,
        options: BackwardOptions
    ) -> (Backpropagation, StackBackward) {
        let T = trace.steps, B = trace.batchSize, H = hiddenSize, S = outputSize
        var grads = layers.map { $0.zeroed }
        let carried = finalStateGradients.map { states in
            precondition(states.count == layerCount, "backward: one final state gradient per layer")
            return states.map { s -> ScaledState in
                precondition(s.hidden.rows == B && s.hidden.columns == S, "backward: ∂L/∂h_T must be \(B)×\(S)")
                var scaled = ScaledState(batch: B, hidden: H, hasCell: cell.hasCellState, output: S)
                s.hidden.storage.withUnsafeBufferPointer {
                    scaled.dh.pointer.update(from: $0.baseAddress!, count: B * S)
                }
                if let dc = scaled.dc, s.cell.storage.count == B * H {
                    s.cell.storage.withUnsafeBufferPointer { dc.pointer.update(from: $0.baseAddress!, count: B * H) }
                }
                scaled.renormalize()
                return scaled
            }
        }
        let r = backwardLayers(trace, top: top, options: options, carried: carried, gradients: &grads)
        // ∂L/∂h_0 (∂L/∂c_0) and ∂L/∂x_t as plain Doubles.
        var inputGradient: SequenceBatch?
        if options.inputGradient {
            let n = T * B * inputSize
            let values = [Double](unsafeUninitializedCapacity: n) { out, count in
                r.unscaleInputGradient(steps: 0..<T, into: out.baseAddress!)
                count = n
            }
            inputGradient = SequenceBatch(steps: T, batchSize: B, featureSize: inputSize, values: values)
        }
        let b = Backpropagation(
            parameterGradients: grads,
            initialStateGradients: r.outgoing.map { $0.unscaled(cell, batch: B, hidden: H, output: S) },
            inputGradient: inputGradient,
            gradHiddenLog10: r.logH, gradCellLog10: r.logC,
            gradHiddenLog10PerSequence: r.logHSeq, gradCellLog10PerSequence: r.logCSeq,
            temporalContributionLog10: r.contributions, stateGradients: r.stateGradients)
        return (b, r)
    }

    /// What the backward pass through every layer of a trace returns, still scaled where values
    /// may leave Double's range.
    struct StackBackward {
        /// (∂L/∂h_0, ∂L/∂c_0) of every layer, bottom first, as m · 2^E.
        var outgoing: [ScaledState]
        var logH: [[Double]]
        var logC: [[Double]]
        var logHSeq: [[[Double]]]
        var logCSeq: [[[Double]]]
        var contributions: [[Double]]
        var stateGradients: [Double]
        /// ∂L/∂x_t of layer 0 as m_t · 2^{inputExponent[t]}, T·B × I (empty without `options.inputGradient`).
        var inputGradient: Buffer
        var inputExponent: [Int]

        /// Writes ∂L/∂x_t for `steps` (0-based) as plain Doubles to `out`, B·I values per step.
        func unscaleInputGradient(steps: Range<Int>, into out: UnsafeMutablePointer<Double>) {
            let n = inputGradient.count / Swift.max(inputExponent.count, 1)
            for (i, t) in steps.enumerated() {
                (out + i * n).update(from: inputGradient.pointer + t * n, count: n)
                Norms.scaleByPowerOfTwo(out + i * n, count: n, inputExponent[t])
            }
        }
    }

    /// The reverse sweep through all layers, top first, adding into `grads`. `top` is the direct
    /// gradient into the top layer's outputs; `carried` (one per layer, bottom first) the state
    /// gradients arriving at step T from later steps (nil: zero) — a checkpointed pass runs its
    /// segments through here in reverse order, handing `outgoing` of one to the next.
    func backwardLayers(
        _ trace: ForwardTrace, top: DirectGradient, options: BackwardOptions,
        carried: [ScaledState]?, gradients grads: inout [LayerGradients]
    ) -> StackBackward {
        let T = trace.steps, B = trace.batchSize
        var direct = top
        var outgoing = [ScaledState?](repeating: nil, count: layerCount)
        var logH = [[Double]](repeating: [], count: layerCount)
        var logC = [[Double]](repeating: [], count: layerCount)
        var logHSeq = [[[Double]]](repeating: [], count: options.perSequence ? layerCount : 0)
        var logCSeq = [[[Double]]](repeating: [], count: options.perSequence && cell.hasCellState ? layerCount : 0)
        var contributions = [[Double]](repeating: [], count: options.temporalContributions ? layerCount : 0)
        var stateGradients: [Double] = []
        var bottom: LayerBackward?
        for k in stride(from: layerCount - 1, through: 0, by: -1) {
            let r = backwardLayer(
                layers[k], trace.layers[k], steps: T, batch: B,
                direct: direct, carried: carried?[k], options: options,
                inputGradient: k > 0 || options.inputGradient, gradients: &grads[k],
                keepStates: options.stateGradients && k == layerCount - 1)
            if let st = r.states { stateGradients = st }
            outgoing[k] = r.outgoing
            logH[k] = r.logH
            logC[k] = r.logC
            if options.perSequence { logHSeq[k] = r.logHSeq }
            if options.perSequence && cell.hasCellState { logCSeq[k] = r.logCSeq }
            if options.temporalContributions { contributions[k] = r.contributions }
            if k > 0 {
                direct = DirectGradient(buffer: r.inputGradient, firstStep: 1, exponent: r.inputExponent)
            } else {
                bottom = r
            }
        }
        return StackBackward(
            outgoing: outgoing.map { $0! }, logH: logH, logC: logC, logHSeq: logHSeq, logCSeq: logCSeq,
            contributions: contributions, stateGradients: stateGradients,
            inputGradient: bottom!.inputGradient, inputExponent: bottom!.inputExponent)
    }

    /// Forward, probe loss and backward in one call.
    public func gradients(
        _ input: SequenceBatch, initialStates: [RecurrentState]? = nil,
        loss: ProbeLoss, options: BackwardOptions = BackwardOptions()
    )
        -> (loss: Double, trace: ForwardTrace, backprop: Backpropagation)
    {
        let trace = forward(input, initialStates: initialStates)
        let b = backward(trace, outputGradient: loss.outputGradient(trace), options: options)
        return (loss.value(trace), trace, b)
    }

    /// One layer's reverse sweep (`LayerSweep`).
    private func backwardLayer(
        _ p: LayerParameters, _ tr: LayerTrace, steps T: Int, batch B: Int,
        direct: DirectGradient, carried: ScaledState?, options: BackwardOptions,
        inputGradient formInput: Bool,
        gradients g: inout LayerGradients, keepStates: Bool = false
    ) -> LayerBackward {
        let sweep = LayerSweep(
            network: self, parameters: p, trace: tr, steps: T, batch: B, direct: direct, carried: carried,
            options: options, formInput: formInput, keepStates: keepStates, gradients: g)
        let r = sweep.run()
        g = sweep.gradients
        return r
    }

    /// ∂L/∂W_ih += Σ_t dAx_tᵀ x_t, ∂L/∂W_hh += Σ_t dAh_tᵀ h_{t−1}, bias gradients as column sums,
    /// peephole gradients, over the steps `steps` (lo … hi) whose dAx, dAh rows start at 0 — each
    /// as one product over all their rows.
    func accumulateParameterGradients(
        _ p: LayerParameters, _ tr: LayerTrace, dAx: Buffer, dAh: Buffer,
        steps: ClosedRange<Int>, batch B: Int, into g: inout LayerGradients
    ) {
        let H = hiddenSize, S = outputSize, I = p.inputSize, G = cell.gateCount, GH = G * H, rows = steps.count * B
        let first = steps.lowerBound - 1  // 0-based step of row 0
        let x = tr.input.pointer + first * B * I  // x_lo …
        let hPrev = tr.hidden.pointer + first * B * S  // h_{lo−1} …
        let ones = [Double](repeating: 1, count: rows)
        g.weightIH.storage.withUnsafeMutableBufferPointer { dW in
            // (G·H × rows) · (rows × I)
            BLAS.gemm(
                .transpose, .none, m: GH, n: I, k: rows, alpha: 1, a: dAx.pointer, lda: GH,
                b: x, ldb: I, beta: 1, c: dW.baseAddress!, ldc: I)
        }
        g.weightHH.storage.withUnsafeMutableBufferPointer { dW in
            recurrentWeightProduct(
                dAh: dAh.pointer, hPrev: hPrev, resetHPrev: tr.aux.map { UnsafePointer($0.pointer + first * B * H) },
                rows: rows, beta: 1, into: dW.baseAddress!)
        }
        ones.withUnsafeBufferPointer { o in
            g.biasIH.withUnsafeMutableBufferPointer { db in
                BLAS.gemv(
                    .transpose, m: rows, n: GH, alpha: 1, a: dAx.pointer, lda: GH, x: o.baseAddress!, beta: 1,
                    y: db.baseAddress!)
            }
            g.biasHH.withUnsafeMutableBufferPointer { db in
                BLAS.gemv(
                    .transpose, m: rows, n: GH, alpha: 1, a: dAh.pointer, lda: GH, x: o.baseAddress!, beta: 1,
                    y: db.baseAddress!)
            }
        }
        if cell == .lstm(.peephole) {
            // z_i ∋ p_i ⊙ c_{t−1}, z_f ∋ p_f ⊙ c_{t−1}, z_o ∋ p_o ⊙ c_t
            let c = tr.cell!.pointer + first * B * H
            for r in 0..<rows {
                let d = dAx.pointer + r * GH, cPrev = c + r * H, cNow = c + (r + B) * H
                for j in 0..<H {
                    g.peepholeI[j] += d[j] * cPrev[j]
                    g.peepholeF[j] += d[H + j] * cPrev[j]
                    g.peepholeO[j] += d[3 * H + j] * cNow[j]
                }
            }
        }
    }

    /// ∂L/∂W_hh's product over `rows` rows (steps × sequences): c = dAhᵀ · h_{t−1} + beta·c, a
    /// (G·H × rows)·(rows × S) product. The reset-before GRU's n block reads r ⊙ h_{t−1} instead
    /// (`resetHPrev`, the trace's aux), so its r, z blocks and its n block are two products. Used
    /// for the weight gradient (beta 1) and for each step's temporal contribution (beta 0).
    func recurrentWeightProduct(
        dAh: UnsafePointer<Double>, hPrev: UnsafePointer<Double>, resetHPrev: UnsafePointer<Double>?,
        rows: Int, beta: Double, into c: UnsafeMutablePointer<Double>
    ) {
        let H = hiddenSize, S = outputSize, GH = cell.gateCount * H
        if case .gru(.resetBefore) = cell, let rh = resetHPrev {
            BLAS.gemm(
                .transpose, .none, m: 2 * H, n: H, k: rows, alpha: 1, a: dAh, lda: GH, b: hPrev, ldb: H,
                beta: beta, c: c, ldc: H)
            BLAS.gemm(
                .transpose, .none, m: H, n: H, k: rows, alpha: 1, a: dAh + 2 * H, lda: GH, b: rh, ldb: H,
                beta: beta, c: c + 2 * H * H, ldc: H)
        } else {
            BLAS.gemm(
                .transpose, .none, m: GH, n: S, k: rows, alpha: 1, a: dAh, lda: GH, b: hPrev, ldb: S,
                beta: beta, c: c, ldc: S)
        }
    }
}

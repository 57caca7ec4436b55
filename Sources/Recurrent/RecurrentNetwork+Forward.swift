import LinearAlgebra

extension RecurrentNetwork {
    /// Runs the network over `input` (T steps, B sequences, I features) from `initialStates`
    /// (one per layer; zeros when nil) and returns the caches `backward` needs.
    ///
    /// Per layer: the inputs of all T steps are projected with one product
    /// (T·B × I)·(I × G·H); the recurrence then costs one (B × H)·(H × G·H) product per step.
    public func forward(_ input: SequenceBatch, initialStates: [RecurrentState]? = nil) -> ForwardTrace {
        precondition(
            input.featureSize == inputSize,
            "RecurrentNetwork.forward: input has \(input.featureSize) features, the network takes \(inputSize)")
        if let s = initialStates {
            precondition(
                s.count == layerCount, "RecurrentNetwork.forward: \(s.count) initial states for \(layerCount) layers")
            for (k, st) in s.enumerated() {
                precondition(
                    st.hidden.rows == input.batchSize && st.hidden.columns == outputSize,
                    "RecurrentNetwork.forward: initial h of layer \(k) must be \(input.batchSize)×\(outputSize)")
                precondition(
                    !cell.hasCellState || (st.cell.rows == input.batchSize && st.cell.columns == hiddenSize),
                    "RecurrentNetwork.forward: initial c of layer \(k) must be \(input.batchSize)×\(hiddenSize)")
            }
        }
        var traces: [LayerTrace] = []
        var layerInput = Buffer(input.values)
        for k in 0..<layerCount {
            let trace = forwardLayer(
                layers[k], input: layerInput, steps: input.steps, batch: input.batchSize,
                initial: initialStates?[k])
            traces.append(trace)
            if k + 1 < layerCount {
                let n = input.batchSize * outputSize
                layerInput = Buffer(count: input.steps * n, zeroed: false)
                layerInput.pointer.update(from: trace.hidden.pointer + n, count: input.steps * n)
            }
        }
        return ForwardTrace(
            cell: cell, steps: input.steps, batchSize: input.batchSize,
            hiddenSize: hiddenSize, outputSize: outputSize, layers: traces)
    }

    private func forwardLayer(
        _ p: LayerParameters, input: Buffer, steps T: Int, batch B: Int,
        initial: RecurrentState?
    ) -> LayerTrace {
        let H = hiddenSize, S = outputSize, I = p.inputSize, G = cell.gateCount, GH = G * H
        let hidden = Buffer(count: (T + 1) * B * S, zeroed: false)
        if let s = initial {
            s.hidden.storage.withUnsafeBufferPointer { hidden.pointer.update(from: $0.baseAddress!, count: B * S) }
        } else {
            hidden.pointer.update(repeating: 0, count: B * S)
        }

        // The input projection of every step, P = X W_ihᵀ + b_ih (+ b_hh where it simply adds):
        // (T·B × I) · (I × G·H), written where the step loop wants it.
        func project(into dst: UnsafeMutablePointer<Double>, addRecurrentBias: Bool) {
            p.biasIH.withUnsafeBufferPointer { bih in
                p.biasHH.withUnsafeBufferPointer { bhh in
                    for r in 0..<(T * B) {
                        let row = dst + r * GH
                        row.update(from: bih.baseAddress!, count: GH)
                        if addRecurrentBias { for j in 0..<GH { row[j] += bhh[j] } }
                    }
                }
            }
            p.weightIH.storage.withUnsafeBufferPointer { w in
                BLAS.gemm(
                    .none, .transpose, m: T * B, n: GH, k: I, alpha: 1, a: input.pointer, lda: I,
                    b: w.baseAddress!, ldb: I, beta: 1, c: dst, ldc: GH)
            }
        }

        return p.weightHH.storage.withUnsafeBufferPointer { whhBuf -> LayerTrace in
            let f = ForwardLayer(
                input: input, steps: T, batch: B, hidden: H, output: S, width: GH, initial: initial, states: hidden,
                weightHH: whhBuf.baseAddress!, project: { project(into: $0, addRecurrentBias: $1) })
            return cell.unit.forwardLayer(p, f)
        }
    }
}

/// Calls `body` with pointers to the peephole vectors (a valid dummy when there are none).
func withPeepholes<R>(
    _ p: LayerParameters,
    _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>) -> R
) -> R {
    let dummy = [0.0]
    let (i, f, o) = p.peepholeI.isEmpty ? (dummy, dummy, dummy) : (p.peepholeI, p.peepholeF, p.peepholeO)
    return i.withUnsafeBufferPointer { pi in
        f.withUnsafeBufferPointer { pf in
            o.withUnsafeBufferPointer { po in body(pi.baseAddress!, pf.baseAddress!, po.baseAddress!) }
        }
    }
}

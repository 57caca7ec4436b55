import LinearAlgebra

extension RecurrentNetwork {
    /// `gradients(_:initialStates:loss:options:)` for sequences too long to keep every step's
    /// caches: gradient checkpointing (Chen et al. 2016, "Training deep nets with sublinear memory
    /// cost"; Gruslys et al. 2016 for RNNs).
    ///
    /// The T steps are cut into segments of `checkpointEvery` steps (the last may be shorter).
    /// A first forward pass keeps only the state of every layer at each segment boundary. The
    /// reverse sweep then takes the segments last to first: it recomputes the segment's forward
    /// caches from its boundary state and runs the ordinary backward pass over them, handing the
    /// state gradient (∂L/∂h, ∂L/∂c of every layer, still as mantissa · 2^E, so nothing underflows
    /// between segments) to the segment before. Forward work doubles; memory is
    ///
    ///     (T/k)·L·2·B·H   boundary states   +   one segment's caches and workspace (k steps)
    ///     + T·B·I         ∂L/∂x (returned)  +   O(T) per-step norms,
    ///
    /// smallest near k = √T. With T = 100,000, an LSTM with H = 128, B = 16, I = 32 and k = 1000,
    /// that is ~0.55 GiB (mostly ∂L/∂x; the input itself is another 0.4 GiB) instead of ~11 GiB
    /// of caches (`gradpath bench --long` measured a process peak of 955 MiB).
    ///
    /// Equal to the unsegmented pass: the forward states are recomputed by the same operations
    /// from the same values, so losses, states and per-step norms agree to the last bit; parameter
    /// gradients are summed segment by segment and agree up to summation order
    /// (`CheckpointingTests`). Every `BackwardOptions` record is supported (per-step arrays are
    /// joined across segments).
    ///
    /// - Parameters:
    ///   - checkpointEvery: segment length k ≥ 1; `k ≥ T` is the ordinary pass.
    ///   - workers: split the batch across this many threads, as in `gradients(_:…:workers:)`.
    public func gradients(
        _ input: SequenceBatch, initialStates: [RecurrentState]? = nil, loss: ProbeLoss,
        options: BackwardOptions = BackwardOptions(), checkpointEvery k: Int,
        workers: Int = 1
    ) -> (loss: Double, backprop: Backpropagation) {
        precondition(k >= 1, "RecurrentNetwork.gradients: checkpointEvery must be ≥ 1, got \(k)")
        let T = input.steps
        if workers > 1 {
            return gradients(input, initialStates: initialStates, options: options, workers: workers) { part, states in
                self.gradients(part, initialStates: states, loss: loss, options: options, checkpointEvery: k)
            }
        }
        guard k < T else {
            let r = gradients(input, initialStates: initialStates, loss: loss, options: options)
            return (r.loss, r.backprop)
        }
        var segmented = ProbeSegmentLoss(loss)
        let b = gradients(input, initialStates: initialStates, loss: &segmented, options: options, checkpointEvery: k)
        return (segmented.value, b)
    }

    /// Checkpointed BPTT under any loss that can be evaluated segment by segment
    /// (`SegmentedLoss`): a probe loss, a user's precomputed ∂L/∂outputs
    /// (`GivenOutputGradient`), or a readout's loss. The loss sees each segment's forward outputs
    /// first to last, then gives the direct gradient of each recomputed segment, last to first.
    public func gradients<Loss: SegmentedLoss>(
        _ input: SequenceBatch, initialStates: [RecurrentState]? = nil, loss: inout Loss,
        options: BackwardOptions = BackwardOptions(), checkpointEvery k: Int
    ) -> Backpropagation {
        precondition(k >= 1, "RecurrentNetwork.gradients: checkpointEvery must be ≥ 1, got \(k)")
        let T = input.steps
        let B = input.batchSize, H = hiddenSize, S = outputSize, I = inputSize, n = B * I
        let segments = stride(from: 0, to: T, by: k).map { ($0 + 1)...min($0 + k, T) }  // steps a+1 … b
        func slice(_ s: ClosedRange<Int>) -> SequenceBatch {
            SequenceBatch(
                steps: s.count, batchSize: B, featureSize: I,
                values: Array(input.values[((s.lowerBound - 1) * n)..<(s.upperBound * n)]))
        }

        // Forward: keep the state of every layer at each segment's start; sum the loss.
        var boundary: [[RecurrentState]] = [
            initialStates ?? Array(repeating: .zeros(of: self, batchSize: B), count: layerCount)
        ]
        for (i, s) in segments.enumerated() {
            let trace = forward(slice(s), initialStates: boundary[i])
            loss.observe(trace, segment: s, isLast: i == segments.count - 1)
            if i + 1 < segments.count { boundary.append(trace.finalStates) }
        }

        // Reverse: recompute each segment, backward through it, carry the scaled state gradient.
        var grads = layers.map { $0.zeroed }
        let hasC = cell.hasCellState
        var logH = [[Double]](repeating: [Double](repeating: 0, count: T + 1), count: layerCount)
        var logC = [[Double]](repeating: [Double](repeating: 0, count: hasC ? T + 1 : 0), count: layerCount)
        var logHSeq = [[[Double]]](
            repeating: Array(repeating: [], count: T + 1), count: options.perSequence ? layerCount : 0)
        var logCSeq = [[[Double]]](
            repeating: Array(repeating: [], count: T + 1), count: options.perSequence && hasC ? layerCount : 0)
        var contributions = [[Double]](
            repeating: [Double](repeating: 0, count: T), count: options.temporalContributions ? layerCount : 0)
        var stateGradients = [Double](repeating: 0, count: options.stateGradients ? T * B * S : 0)
        var inputGradient = [Double](repeating: 0, count: options.inputGradient ? T * n : 0)
        var carried: [ScaledState]?
        for (i, s) in segments.enumerated().reversed() {
            let trace = forward(slice(s), initialStates: boundary[i])
            let L = s.count
            let top: DirectGradient
            switch loss.outputGradient(trace, segment: s, isLast: i == segments.count - 1) {
            case .everyStep(let g)?:
                precondition(g.count == L * B * S, "SegmentedLoss: a segment's ∂L/∂outputs must have L·B·S values")
                top = DirectGradient(g, firstStep: 1, steps: L)
            case .lastStep(let g)?:
                precondition(g.rows == B && g.columns == S, "SegmentedLoss: ∂L/∂h of a segment's last step must be B×S")
                top = DirectGradient(g.storage, firstStep: L, steps: L)
            case nil: top = DirectGradient(buffer: Buffer(count: 1), firstStep: L + 1, exponent: [])
            }
            let r = backwardLayers(trace, top: top, options: options, carried: carried, gradients: &grads)
            // Segment step t is global step a + t; step 0 (the boundary) belongs to the segment
            // before, which adds its direct term there, except for the very first.
            let a = s.lowerBound - 1, from = i == 0 ? 0 : 1
            for l in 0..<layerCount {
                for t in from...L { logH[l][a + t] = r.logH[l][t] }
                if hasC { for t in from...L { logC[l][a + t] = r.logC[l][t] } }
                if options.perSequence {
                    for t in from...L { logHSeq[l][a + t] = r.logHSeq[l][t] }
                    if hasC { for t in from...L { logCSeq[l][a + t] = r.logCSeq[l][t] } }
                }
                if options.temporalContributions {
                    for t in 1...L { contributions[l][a + t - 1] = r.contributions[l][t - 1] }
                }
            }
            if options.stateGradients {
                stateGradients.replaceSubrange((a * B * S)..<((a + L) * B * S), with: r.stateGradients)
            }
            if options.inputGradient {
                inputGradient.withUnsafeMutableBufferPointer {
                    r.unscaleInputGradient(steps: 0..<L, into: $0.baseAddress! + a * n)
                }
            }
            carried = r.outgoing
        }
        let b = Backpropagation(
            parameterGradients: grads,
            initialStateGradients: carried!.map { $0.unscaled(cell, batch: B, hidden: H, output: S) },
            inputGradient: options.inputGradient
                ? SequenceBatch(steps: T, batchSize: B, featureSize: I, values: inputGradient) : nil,
            gradHiddenLog10: logH, gradCellLog10: logC,
            gradHiddenLog10PerSequence: logHSeq, gradCellLog10PerSequence: logCSeq,
            temporalContributionLog10: contributions, stateGradients: stateGradients)
        return b
    }
}

/// A loss that checkpointed BPTT can evaluate segment by segment.
public protocol SegmentedLoss {
    /// Sees the forward outputs of each segment (global steps `segment`), first to last.
    mutating func observe(_ trace: ForwardTrace, segment: ClosedRange<Int>, isLast: Bool)
    /// The direct gradient into the top layer's outputs of one recomputed segment (its steps
    /// 1 … L), or nil when the loss does not read that segment.
    func outputGradient(_ trace: ForwardTrace, segment: ClosedRange<Int>, isLast: Bool) -> OutputGradient?
}

/// A probe loss, segment by segment. The `all` loss is summed in the unsegmented pass's order,
/// so its value agrees with the ordinary pass to the last bit.
public struct ProbeSegmentLoss: SegmentedLoss {
    public let loss: ProbeLoss
    public private(set) var value = 0.0
    private var sumOfSquares = 0.0

    public init(_ loss: ProbeLoss) { self.loss = loss }

    public mutating func observe(_ trace: ForwardTrace, segment: ClosedRange<Int>, isLast: Bool) {
        switch loss {
        case .all:
            ProbeLoss.addSquares(trace, steps: 1...segment.count, to: &sumOfSquares)
            value = 0.5 * sumOfSquares
        case .last:
            if isLast { value = loss.value(trace) }
        }
    }

    public func outputGradient(_ trace: ForwardTrace, segment: ClosedRange<Int>, isLast: Bool) -> OutputGradient? {
        switch loss {
        case .all: return .everyStep(trace.outputs)
        case .last: return isLast ? .lastStep(trace.hidden(layer: trace.layers.count - 1, step: segment.count)) : nil
        }
    }
}

/// A gradient the caller already has: ∂L/∂outputs for every step (T·B × H, sequence-first),
/// as autograd gives it for a user's own loss. Its segments are slices of it.
public struct GivenOutputGradient: SegmentedLoss {
    public let values: [Double]
    public let batchSize: Int
    public let hiddenSize: Int

    public init(everyStep values: [Double], batchSize: Int, hiddenSize: Int) {
        self.values = values
        self.batchSize = batchSize
        self.hiddenSize = hiddenSize
    }

    public func observe(_ trace: ForwardTrace, segment: ClosedRange<Int>, isLast: Bool) {}

    public func outputGradient(_ trace: ForwardTrace, segment: ClosedRange<Int>, isLast: Bool) -> OutputGradient? {
        let n = batchSize * hiddenSize
        return .everyStep(Array(values[((segment.lowerBound - 1) * n)..<(segment.upperBound * n)]))
    }
}

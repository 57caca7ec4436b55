import Foundation
import Testing
import LinearAlgebra
@testable import Recurrent

/// Checkpointed BPTT (`gradients(_:…:checkpointEvery:)`) against the ordinary pass, where both fit.
///
/// Forward states are recomputed by the same operations from the same values, so the loss is
/// compared for exact equality. Gradients: the reverse sweep runs the same per-step operations,
/// but parameter gradients are summed segment by segment and a lower layer's direct gradient
/// comes from per-segment products, so those agree up to summation order: 1e-12 relative
/// (normwise), log10 norms to 1e-12 absolute (about 2·10⁻¹² relative error in the norm).
@Suite struct CheckpointingTests {
    /// log10 norms agree: equal (−∞ for an exactly zero gradient, e.g. a step's ∂L/∂W_hh term
    /// when h_{t−1} = 0) or within 1e-12.
    static func close(_ x: Double, _ y: Double) -> Bool { x == y || abs(x - y) <= 1e-12 }

    static func compare(
        _ a: Backpropagation, _ b: Backpropagation, steps T: Int, layers: Int, cell: CellKind,
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for l in 0..<layers {
            for (x, y) in zip(a.parameterGradients[l].tensors, b.parameterGradients[l].tensors) {
                expectRelative(x.values, y.values, 1e-12, "\(what) \(x.name)_l\(l)", sourceLocation: sourceLocation)
            }
            expectRelative(
                a.initialStateGradients[l].hidden.storage, b.initialStateGradients[l].hidden.storage, 1e-12,
                "\(what) h0_l\(l)", sourceLocation: sourceLocation)
            expectRelative(
                a.initialStateGradients[l].cell.storage, b.initialStateGradients[l].cell.storage, 1e-12,
                "\(what) c0_l\(l)", sourceLocation: sourceLocation)
            #expect(a.gradHiddenLog10[l].count == T + 1, sourceLocation: sourceLocation)
            #expect(
                a.gradHiddenLog10PerSequence.count == b.gradHiddenLog10PerSequence.count, sourceLocation: sourceLocation
            )
            for t in 0...T {
                #expect(
                    Self.close(a.gradHiddenLog10[l][t], b.gradHiddenLog10[l][t]), "\(what) log‖∂L/∂h_\(t)‖ l\(l)",
                    sourceLocation: sourceLocation)
                if cell.hasCellState {
                    #expect(
                        Self.close(a.gradCellLog10[l][t], b.gradCellLog10[l][t]), "\(what) log‖∂L/∂c_\(t)‖ l\(l)",
                        sourceLocation: sourceLocation)
                }
                if l < a.gradHiddenLog10PerSequence.count && l < b.gradHiddenLog10PerSequence.count {
                    for (x, y) in zip(a.gradHiddenLog10PerSequence[l][t], b.gradHiddenLog10PerSequence[l][t]) {
                        #expect(Self.close(x, y), sourceLocation: sourceLocation)
                    }
                    #expect(
                        a.gradHiddenLog10PerSequence[l][t].count == b.gradHiddenLog10PerSequence[l][t].count,
                        sourceLocation: sourceLocation)
                }
            }
            #expect(
                a.temporalContributionLog10.count == b.temporalContributionLog10.count, sourceLocation: sourceLocation)
            if l < a.temporalContributionLog10.count && l < b.temporalContributionLog10.count {
                for (x, y) in zip(a.temporalContributionLog10[l], b.temporalContributionLog10[l]) {
                    #expect(Self.close(x, y), "\(what) contributions", sourceLocation: sourceLocation)
                }
                #expect(
                    a.temporalContributionLog10[l].count == b.temporalContributionLog10[l].count,
                    sourceLocation: sourceLocation)
            }
        }
        #expect((a.inputGradient == nil) == (b.inputGradient == nil), sourceLocation: sourceLocation)
        if let x = a.inputGradient, let y = b.inputGradient {
            expectRelative(x.values, y.values, 1e-12, "\(what) ∂L/∂x", sourceLocation: sourceLocation)
        }
        expectRelative(
            a.stateGradients, b.stateGradients, 1e-12, "\(what) state gradients", sourceLocation: sourceLocation)
        #expect(a.stateGradients.count == b.stateGradients.count, sourceLocation: sourceLocation)
    }

    /// Every cell and variant, two layers, both probe losses, every optional record; segment
    /// lengths that divide T, that do not, of one step, and of T − 1.
    @Test(arguments: CellKind.all)
    func checkpointedEqualsOrdinary(cell: CellKind) throws {
        let T = 23, B = 3
        let net = try makeNetwork(cell, input: 4, hidden: 5, layers: 2, seed: 21)
        var rng = SplitMix64(seed: 22)
        let x = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: 4, using: &rng)
        let h0 = (0..<2).map { _ in
            RecurrentState(
                hidden: Matrix(rows: B, columns: 5, storage: (0..<(B * 5)).map { _ in rng.uniform(-1, 1) }),
                cell: cell.hasCellState
                    ? Matrix(rows: B, columns: 5, storage: (0..<(B * 5)).map { _ in rng.uniform(-1, 1) })
                    : Matrix(rows: B, columns: 0))
        }
        let options = BackwardOptions(perSequence: true, temporalContributions: true, stateGradients: true)
        for loss in ProbeLoss.allCases {
            let ordinary = net.gradients(x, initialStates: h0, loss: loss, options: options)
            for k in [1, 5, 7, 22] {
                let c = net.gradients(x, initialStates: h0, loss: loss, options: options, checkpointEvery: k)
                #expect(c.loss == ordinary.loss, "\(cell) \(loss) k = \(k): loss \(c.loss) vs \(ordinary.loss)")
                Self.compare(c.backprop, ordinary.backprop, steps: T, layers: 2, cell: cell, "\(cell) \(loss) k = \(k)")
            }
        }
    }

    /// The state gradient crosses segment boundaries as mantissa · 2^E: a linear RNN with
    /// W_hh = 0.5·Q (Q orthogonal) at T = 2000 reaches ‖∂L/∂h_0‖/‖∂L/∂h_T‖ = 0.5^2000 ≈ 1e-602
    /// (ExactIdentityTests), and so must the checkpointed pass, segment after segment.
    @Test func scaledStateCrossesSegments() throws {
        var rng = SplitMix64(seed: 7)
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 3, hiddenSize: 12)
        try Initializer.pytorch.initialize(&net, using: &rng)
        net.layers[0].weightHH = 0.5 * (try Initializer.orthogonal(12, using: &rng))
        let T = 2000
        let input = SequenceBatch.uniform(steps: T, batchSize: 3, featureSize: 3, using: &rng)
        let logs = net.gradients(input, loss: .last, checkpointEvery: 45).backprop.gradHiddenLog10[0]
        for k in 0...T {
            let expected = Double(T - k) * log10(0.5)
            #expect(abs((logs[k] - logs[T]) - expected) <= 1e-10 * max(1, abs(expected)), "k = \(k)")
        }
    }

    /// Checkpointing composes with the batch split.
    @Test func checkpointedWithWorkers() throws {
        let net = try makeNetwork(.lstm(.standard), input: 3, hidden: 6, seed: 31)
        var rng = SplitMix64(seed: 32)
        let x = SequenceBatch.uniform(steps: 40, batchSize: 5, featureSize: 3, using: &rng)
        let ordinary = net.gradients(x, loss: .last, options: BackwardOptions(perSequence: true))
        let c = net.gradients(
            x, loss: .last, options: BackwardOptions(perSequence: true), checkpointEvery: 9, workers: 2)
        #expect(abs(c.loss - ordinary.loss) <= 1e-12 * ordinary.loss)
        Self.compare(c.backprop, ordinary.backprop, steps: 40, layers: 1, cell: .lstm(.standard), "split")
    }
}

/// The reverse sweep forms weight gradients chunk by chunk (`BackwardOptions.chunkRows`); the
/// result must not depend on the chunk size beyond summation order (tolerances as above).
@Suite struct ChunkedBackwardTests {
    @Test(arguments: CellKind.all)
    func chunkSizeDoesNotMatter(cell: CellKind) throws {
        let T = 17, B = 3
        let net = try makeNetwork(cell, input: 4, hidden: 5, layers: 2, seed: 41)
        var rng = SplitMix64(seed: 42)
        let x = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: 4, using: &rng)
        for loss in ProbeLoss.allCases {
            let whole = net.gradients(
                x, loss: loss, options: BackwardOptions(perSequence: true, temporalContributions: true))
            for rows in [1, B, 2 * B + 1, 5 * B] {  // one step per chunk (rows < B too), 2, 5 steps
                let chunked = net.gradients(
                    x, loss: loss,
                    options: BackwardOptions(perSequence: true, temporalContributions: true, chunkRows: rows))
                #expect(chunked.loss == whole.loss)
                CheckpointingTests.compare(
                    chunked.backprop, whole.backprop, steps: T, layers: 2, cell: cell,
                    "\(cell) \(loss) chunkRows = \(rows)")
            }
        }
    }
}

/// `BackwardOptions.inputGradient: false` skips ∂L/∂x and nothing else: every other result is
/// bit for bit the default pass's (the skipped product feeds nothing else), also checkpointed
/// and split across workers.
@Suite struct InputGradientOptionTests {
    @Test(arguments: [CellKind.rnn(.tanh), .lstm(.peephole), .gru(.resetAfter), .gru(.resetBefore)])
    func skippingInputGradientChangesNothingElse(cell: CellKind) throws {
        let net = try makeNetwork(cell, input: 4, hidden: 5, layers: 2, seed: 51)
        var rng = SplitMix64(seed: 52)
        let x = SequenceBatch.uniform(steps: 19, batchSize: 4, featureSize: 4, using: &rng)
        let full = net.gradients(x, loss: .all)
        let variants = [
            net.gradients(x, loss: .all, options: BackwardOptions(inputGradient: false)).backprop,
            net.gradients(x, loss: .all, options: BackwardOptions(inputGradient: false), checkpointEvery: 6).backprop,
            net.gradients(x, loss: .all, options: BackwardOptions(inputGradient: false), workers: 2).backprop,
        ]
        #expect(full.backprop.inputGradient != nil)
        for (i, v) in variants.enumerated() {
            #expect(v.inputGradient == nil, "variant \(i)")
            for l in 0..<2 {
                for (a, b) in zip(v.parameterGradients[l].tensors, full.backprop.parameterGradients[l].tensors) {
                    if i == 0 {
                        #expect(a.values == b.values, "\(cell) \(a.name)_l\(l)")
                    } else {
                        expectRelative(a.values, b.values, 1e-12, "\(cell) variant \(i) \(a.name)_l\(l)")
                    }
                }
                if i == 0 { #expect(v.gradHiddenLog10[l] == full.backprop.gradHiddenLog10[l]) }
            }
        }
    }
}

/// Checkpointing under a gradient the caller already has (a user's own loss, as autograd gives
/// ∂L/∂outputs): the same as the ordinary backward pass from that gradient.
@Suite struct CheckpointingGivenGradientTests {
    @Test(arguments: CellKind.all)
    func givenOutputGradientEqualsTheOrdinaryPass(cell: CellKind) throws {
        var rng = SplitMix64(seed: 11)
        var net = RecurrentNetwork(cell: cell, inputSize: 3, hiddenSize: 4, layerCount: 2)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let T = 23, B = 3
        let x = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: 3, using: &rng)
        let g = (0..<(T * B * 4)).map { _ in Double(rng.next() % 2001) / 1000 - 1 }
        let plain = net.backward(net.forward(x), outputGradient: .everyStep(g))
        for k in [1, 5, 7, 22] {
            var given = GivenOutputGradient(everyStep: g, batchSize: B, hiddenSize: 4)
            let segmented = net.gradients(x, loss: &given, checkpointEvery: k)
            CheckpointingTests.compare(segmented, plain, steps: T, layers: 2, cell: cell, "\(cell) k = \(k)")
        }
    }
}

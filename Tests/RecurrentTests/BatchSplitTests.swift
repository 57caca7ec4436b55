import Foundation
import Testing
import LinearAlgebra
@testable import Recurrent

/// The batch split across workers equals the unsplit pass up to rounding: BLAS chooses kernels and
/// blocking by the number of rows, so even one sequence's arithmetic differs in the last bits.
/// Loss, parameter gradients and per-sequence gradients agree to 1e-12 relative (normwise), log10
/// norms to 1e-12 absolute.
@Suite struct BatchSplitTests {
    @Test(arguments: [(CellKind.rnn(.tanh), 2), (.lstm(.peephole), 3), (.gru(.resetAfter), 2), (.lstm(.coupled), 4)])
    func splitEqualsUnsplit(cell: CellKind, workers: Int) throws {
        let net = try makeNetwork(cell, input: 3, hidden: 5, layers: 2, seed: 8)
        var rng = SplitMix64(seed: 9)
        let x = SequenceBatch.uniform(steps: 30, batchSize: 7, featureSize: 3, using: &rng)
        for loss in ProbeLoss.allCases {
            let one = net.gradients(x, loss: loss, options: BackwardOptions(perSequence: true))
            let split = net.gradients(x, loss: loss, options: BackwardOptions(perSequence: true), workers: workers)
            #expect(abs(split.loss - one.loss) <= 1e-12 * abs(one.loss))
            for l in 0..<2 {
                for (a, b) in zip(
                    split.backprop.parameterGradients[l].tensors, one.backprop.parameterGradients[l].tensors)
                {
                    expectRelative(a.values, b.values, 1e-12, "\(cell) \(loss) \(a.name)_l\(l)")
                }
                expectRelative(
                    split.backprop.initialStateGradients[l].hidden.storage,
                    one.backprop.initialStateGradients[l].hidden.storage, 1e-12, "h0_l\(l)")
                expectRelative(
                    split.backprop.initialStateGradients[l].cell.storage,
                    one.backprop.initialStateGradients[l].cell.storage, 1e-12, "c0_l\(l)")
                for t in 0...30 {
                    #expect(abs(split.backprop.gradHiddenLog10[l][t] - one.backprop.gradHiddenLog10[l][t]) <= 1e-12)
                    if cell.hasCellState {
                        #expect(abs(split.backprop.gradCellLog10[l][t] - one.backprop.gradCellLog10[l][t]) <= 1e-12)
                    }
                    for (a, b) in zip(
                        split.backprop.gradHiddenLog10PerSequence[l][t], one.backprop.gradHiddenLog10PerSequence[l][t])
                    { #expect(abs(a - b) <= 1e-12) }
                }
            }
            expectRelative(split.backprop.inputGradient!.values, one.backprop.inputGradient!.values, 1e-12, "∂L/∂x")
            #expect(split.backprop.inputGradient?.batchSize == 7)
        }
    }

    @Test func combiningLogNorms() {
        // ‖(3, 4)‖ = 5 from the parts' norms 3 and 4; a zero part changes nothing; NaN propagates.
        #expect(abs(Backpropagation.combineLog10([log10(3), log10(4)]) - log10(5)) < 1e-15)
        #expect(Backpropagation.combineLog10([-.infinity, 2]) == 2)
        #expect(Backpropagation.combineLog10([-.infinity, -.infinity]) == -.infinity)
        #expect(Backpropagation.combineLog10([1, .nan]).isNaN)
        // Far below Double's range: (1e-600, 1e-600) has norm √2·1e-600.
        #expect(abs(Backpropagation.combineLog10([-600, -600]) - (-600 + 0.5 * log10(2))) < 1e-12)
    }
}

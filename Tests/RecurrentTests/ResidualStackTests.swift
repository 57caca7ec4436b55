import Foundation
import Testing
import LinearAlgebra
@testable import Recurrent

/// Residual stacks (stacked-flow): every parameter of every layer, every initial state and the
/// input checked by central finite differences in Double; without residual connections, the same
/// gradients as `RecurrentNetwork`'s own stack.
@Suite struct ResidualStackTests {
    static func stack(_ cell: CellKind, layers: Int, residual: Bool, seed: UInt64 = 5) throws -> ResidualStack {
        let net = try makeNetwork(cell, input: 3, hidden: 4, layers: layers, seed: seed)
        return ResidualStack(net, residual: residual)
    }

    static func states(_ cell: CellKind, layers: Int, batch B: Int, rng: inout SplitMix64) -> [RecurrentState] {
        (0..<layers).map { _ in
            RecurrentState(
                hidden: Matrix(rows: B, columns: 4, storage: (0..<(B * 4)).map { _ in rng.uniform(-0.5, 0.5) }),
                cell: Matrix(
                    rows: B, columns: cell.hasCellState ? 4 : 0,
                    storage: (0..<(cell.hasCellState ? B * 4 : 0)).map { _ in rng.uniform(-0.5, 0.5) }))
        }
    }

    @Test(arguments: [CellKind.rnn(.tanh), .lstm(.standard), .gru(.resetAfter), .lstm(.coupled)], [1, 3])
    func everyGradientMatchesFiniteDifferences(_ cell: CellKind, _ layers: Int) throws {
        let s = try Self.stack(cell, layers: layers, residual: true)
        var rng = SplitMix64(seed: 11)
        let x = SequenceBatch.uniform(steps: 5, batchSize: 2, featureSize: 3, using: &rng)
        let h0 = Self.states(cell, layers: layers, batch: 2, rng: &rng)
        for loss in ProbeLoss.allCases {
            let errors = GradientCheck.compare(s, input: x, initialStates: h0, loss: loss)
            #expect(errors.count == layers * (s.layers[0].layers[0].tensors.count + (cell.hasCellState ? 2 : 1)) + 1)
            for e in errors {
                #expect(e.relativeError < 1e-6, "\(cell), \(layers) layers, \(loss): \(e.name) \(e.relativeError)")
            }
        }
    }

    /// A residual connection changes the gradient (the check above would pass for a stack that
    /// ignored the flag if its forward pass ignored it too): the losses differ.
    @Test func theResidualPathIsTaken() throws {
        let plain = try Self.stack(.rnn(.tanh), layers: 3, residual: false)
        let res = try Self.stack(.rnn(.tanh), layers: 3, residual: true)
        var rng = SplitMix64(seed: 2)
        let x = SequenceBatch.uniform(steps: 5, batchSize: 2, featureSize: 3, using: &rng)
        let a = ResidualStack.probeLoss(plain.forward(x), .last).value
        let b = ResidualStack.probeLoss(res.forward(x), .last).value
        #expect(abs(a - b) > 1e-3 * abs(a))
    }

    /// Without residual connections the stack is PyTorch's num_layers stack: the same loss, state
    /// gradient norms at every layer and step, and parameter gradients as `RecurrentNetwork`.
    @Test(arguments: [CellKind.rnn(.tanh), .lstm(.standard), .gru(.resetAfter)])
    func plainStackIsTheRecurrentNetwork(_ cell: CellKind) throws {
        let net = try makeNetwork(cell, input: 3, hidden: 4, layers: 3, seed: 9)
        let s = ResidualStack(net, residual: false)
        var rng = SplitMix64(seed: 4)
        let x = SequenceBatch.uniform(steps: 30, batchSize: 2, featureSize: 3, using: &rng)
        let ref = net.gradients(x, loss: .last)
        let tr = s.forward(x)
        let (value, g) = ResidualStack.probeLoss(tr, .last)
        #expect(abs(value - ref.loss) <= 1e-14 * abs(ref.loss))
        let b = s.backward(tr, outputGradient: g)
        for k in 0..<3 {
            for t in 0...30 {
                #expect(abs(b.backprops[k].gradHiddenLog10[0][t] - ref.backprop.gradHiddenLog10[k][t]) < 1e-12)
            }
            let mine = b.backprops[k].parameterGradients[0].tensors.flatMap(\.values)
            let theirs = ref.backprop.parameterGradients[k].tensors.flatMap(\.values)
            expectRelative(mine, theirs, 1e-12, "\(cell) layer \(k)")
        }
    }
}

/// The float64 storage format: plain Doubles between steps, which underflow where an ordinary
/// backward pass would. Hand derivation: a linear RNN with W_hh = ½·I, W_ih = 0, b = 1 and h_0 = 2
/// stays at h_t = 2, so under L = ½‖h_T‖² ∂L/∂h_{T−k} = 2·2^−k in every entry: 2^−1074 (the
/// smallest subnormal) at k = 1075, and at k = 1076 2^−1075, half of it, a tie rounded to even: 0.
/// The exact pass keeps measuring: log10 ‖∂L/∂h_{T−k}‖ = log10(2·√(B·H)) − k·log10 2.
@Suite struct Float64StorageTests {
    @Test func plainDoublesUnderflowAtLag1075() throws {
        let H = 3, B = 2, T = 1100
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 1, hiddenSize: H)
        net.layers[0].weightHH = Matrix.identity(H, scale: 0.5)
        // h_t = ½h_{t−1} + 1 from h_0 = 2 stays at 2; with L = ½‖h_T‖², ∂L/∂h_T = 2 in every entry.
        net.layers[0].weightIH = Matrix(rows: H, columns: 1, storage: [0, 0, 0])
        net.layers[0].biasIH = [1, 1, 1]
        net.layers[0].biasHH = [0, 0, 0]
        let x = SequenceBatch(steps: T, batchSize: B, featureSize: 1, values: [Double](repeating: 0, count: T * B))
        let h0 = [
            RecurrentState(
                hidden: Matrix(rows: B, columns: H, storage: [Double](repeating: 2, count: B * H)),
                cell: Matrix(rows: B, columns: 0, storage: []))
        ]
        let tr = net.forward(x, initialStates: h0)
        let g = ProbeLoss.last.outputGradient(tr)
        let exact = net.backward(tr, outputGradient: g)
        let plain = net.backward(tr, outputGradient: g, options: BackwardOptions(stateFormat: .float64))
        let n = log10(2 * Double(B * H).squareRoot())  // log10 ‖∂L/∂h_T‖ = log10(2·√6)
        for k in [0, 1, 500, 1000, 1075, 1099] {
            #expect(abs(exact.gradHiddenLog10[0][T - k] - (n - Double(k) * log10(2.0))) < 1e-9, "lag \(k)")
        }
        // ∂L/∂h_{T−k} = 2·2^−k: the smallest subnormal 2^−1074 at k = 1075, 0 from k = 1076.
        // (log10(√6·2^−1074), written as a sum: √6·2^−1074 itself is not representable.)
        #expect(
            abs(plain.gradHiddenLog10[0][T - 1075] - (log10(Double(B * H).squareRoot()) - 1074 * log10(2.0))) < 1e-9)
        #expect(plain.gradHiddenLog10[0][T - 1076] == -.infinity)
        #expect(plain.gradHiddenLog10[0][T - 1099] == -.infinity)
        // Where both are normal Doubles, plain and exact agree.
        #expect(abs(plain.gradHiddenLog10[0][T - 1000] - exact.gradHiddenLog10[0][T - 1000]) < 1e-12)
    }
}

import Testing
@testable import Recurrent

/// Exact BPTT against five-point central finite differences (GradientCheck documents the error
/// measure): every cell × variant × activation, 1- and 2-layer stacks, both probe losses, every
/// parameter tensor and h_0 (and c_0). Worst normwise relative error must be ≤ 1e-6; a wrong
/// backward term gives errors of order 1.
@Suite struct GradientCheckTests {
    @Test(arguments: GradientCheck.Case.all)
    func finiteDifferences(_ c: GradientCheck.Case) throws {
        let errors = try GradientCheck.run(c)
        // Every tensor is present: 4 per layer (+3 peepholes), h0 (+c0) per layer.
        let perLayer = 4 + (c.cell == .lstm(.peephole) ? 3 : 0) + 1 + (c.cell.hasCellState ? 1 : 0)
        #expect(errors.count == perLayer * c.layers)
        for e in errors {
            #expect(
                e.relativeError <= 1e-6, "\(c): \(e.name) relative error \(e.relativeError) (gradient scale \(e.scale))"
            )
        }
    }

    /// LSTMs with projections (PyTorch `proj_size`: h_t = W_hr (o_t ⊙ tanh c_t), P = 2 < H = 4):
    /// every variant, 1 and 2 layers, both probe losses, every tensor including `weight_hr` and
    /// the P-wide h_0.
    @Test(
        arguments: LSTMVariant.allCases.flatMap { v in
            [1, 2].flatMap { l in ProbeLoss.allCases.map { (v, l, $0) } }
        })
    func projectedLSTMFiniteDifferences(_ v: LSTMVariant, _ layers: Int, _ loss: ProbeLoss) throws {
        var c = GradientCheck.Case(cell: .lstm(v), layers: layers, loss: loss)
        c.projectionSize = 2
        let errors = try GradientCheck.run(c)
        let perLayer = 5 + (v == .peephole ? 3 : 0) + 2
        #expect(errors.count == perLayer * layers)
        #expect(errors.contains { $0.name == "weight_hr_l0" && $0.scale > 0 })
        for e in errors {
            #expect(
                e.relativeError <= 1e-6, "\(c): \(e.name) relative error \(e.relativeError) (gradient scale \(e.scale))"
            )
        }
    }

    @Test func aBrokenGradientIsCaught() throws {
        // The check must be able to fail: perturb one analytic entry by 1% of its tensor's scale.
        let c = GradientCheck.Case(cell: .lstm(.standard), layers: 1, loss: .all)
        var rng = SplitMix64(seed: 3)
        var net = RecurrentNetwork(cell: c.cell, inputSize: 3, hiddenSize: 4)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let input = SequenceBatch.uniform(steps: 5, batchSize: 2, featureSize: 3, using: &rng)
        let states = [RecurrentState.zeros(c.cell, batchSize: 2, hiddenSize: 4)]
        var grad = net.gradients(input, initialStates: states, loss: .all).backprop.parameterGradients[0].weightHH
            .storage
        let numeric = GradientCheck.derivative(of: net.layers[0].weightHH.storage) { v in
            var n = net; n.layers[0].weightHH.storage = v
            return ProbeLoss.all.value(n.forward(input, initialStates: states))
        }
        #expect(GradientCheck.error("w", grad, numeric, floor: 0).relativeError <= 1e-6)
        grad[5] += 0.01 * grad.map(abs).max()!
        #expect(GradientCheck.error("w", grad, numeric, floor: 0).relativeError >= 0.009)
    }
}

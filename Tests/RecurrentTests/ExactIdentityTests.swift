import Foundation
import Testing
import LinearAlgebra
@testable import Recurrent

/// Identities that hold exactly (up to rounding), derived by hand in each test's comment.
@Suite struct ExactIdentityTests {
    /// Linear RNN (φ = identity), W_hh = s·Q with Q orthogonal, last-step loss:
    /// ∂L/∂h_{k−1} = W_hhᵀ ∂L/∂h_k = s·Qᵀ ∂L/∂h_k and Qᵀ preserves norms, so
    /// ‖∂L/∂h_k‖ / ‖∂L/∂h_T‖ = s^(T−k) for every k. The inputs do not matter.
    static func linearRatios(s: Double, steps T: Int, seed: UInt64) throws -> [Double] {
        var rng = SplitMix64(seed: seed)
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 3, hiddenSize: 12)
        try Initializer.pytorch.initialize(&net, using: &rng)
        net.layers[0].weightHH = s * (try Initializer.orthogonal(12, using: &rng))
        let input = SequenceBatch.uniform(steps: T, batchSize: 3, featureSize: 3, using: &rng)
        let logs = net.gradients(input, loss: .last).backprop.gradHiddenLog10[0]
        return logs.map { $0 - logs[T] }  // log10 of the ratio, index k = 0 … T
    }

    @Test(arguments: [
        (1.01, 37.78343433288728), (0.99, 0.025517964452291125),
        (1.02, 1377.4082919660768), (0.98, 0.0006273611596921219),
    ])
    func linearRNNRatioIsSToTheLag(s: Double, published: Double) throws {
        // Reference values: python3 -c "print(repr(1.01**365), repr(0.99**365), repr(1.02**365), repr(0.98**365))"
        // (1.01^365 ≈ 37.78, 0.99^365 ≈
        // 0.02552, 1.02^365 ≈ 1377.4, 0.98^365 ≈ 6.3e-4, the values the seed-table claims quote).
        let T = 365
        let ratios = try Self.linearRatios(s: s, steps: T, seed: 7)
        for k in 0...T {
            let measured = pow(10, ratios[k]), expected = pow(s, Double(T - k))
            #expect(abs(measured - expected) <= 1e-10 * expected, "k = \(k): \(measured) vs \(expected)")
        }
        #expect(abs(pow(10, ratios[0]) - published) <= 1e-10 * published)
    }

    @Test(arguments: [(0.5, 2000), (0.25, 1500), (1.9, 1000)])
    func farBeyondDoubleRangeStillExactInLog10(s: Double, steps T: Int) throws {
        // 0.5^2000 ≈ 1e-602, 0.25^1500 ≈ 1e-903: far below Double, exact in log10 because the sweep
        // carries mantissa · 2^E. s = 1.9, T = 1000: the forward state peaks near 1.9^1000 ≈ 1e279
        // (still a Double) while ∂L/∂h_0 ≈ 1e279 · 1e279 ≈ 1e557 is beyond Double's 1.8e308.
        // (s = 2 at T = 2000 would overflow the *forward* pass itself: NaN is the honest answer there.)
        // Expected log10 ratio: (T − k)·log10 s, to 1e-10 relative.
        let ratios = try Self.linearRatios(s: s, steps: T, seed: 11)
        for k in 0...T {
            let expected = Double(T - k) * log10(s)
            #expect(abs(ratios[k] - expected) <= 1e-10 * max(1, abs(expected)), "k = \(k): \(ratios[k]) vs \(expected)")
        }
        #expect(ratios[0].isFinite)
    }

    @Test func deepTanhRNNNeverReportsAFalseZero() throws {
        // tanh RNN, W_hh rescaled to σ_max = 0.5, T = 1000, last-step loss: each step multiplies the
        // gradient by at most 0.5 (|tanh'| ≤ 1), so log10‖∂L/∂h_0‖ ≤ log10‖∂L/∂h_T‖ − 1000·log10 2 ≈ −301
        // lower, far below where sqrt(Σx²) underflows. Every value must be finite and obey the bound.
        var net = try makeNetwork(.rnn(.tanh), input: 4, hidden: 32, seed: 5)
        net.layers[0].weightHH = try Initializer.rescale(net.layers[0].weightHH, to: .sigmaMax(0.5))
        var rng = SplitMix64(seed: 6)
        let input = SequenceBatch.uniform(steps: 1000, batchSize: 4, featureSize: 4, using: &rng)
        let b = net.gradients(input, loss: .last).backprop
        let logs = b.gradHiddenLog10[0]
        #expect(logs.allSatisfy { $0.isFinite })
        #expect(logs[0] < -300)
        for k in 0...1000 { #expect(logs[k] <= logs[1000] + Double(1000 - k) * log10(0.5) + 1e-9) }
        // The Double value of ∂L/∂h_0 underflowed (entries 0 or subnormal), the log norm did not.
        #expect(b.initialStateGradients[0].hidden.maxAbs < 1e-290)
    }

    @Test(arguments: [GRUVariant.resetAfter, .resetBefore])
    func gruWithOpenResetAndClosedUpdateIsATanhRNN(variant: GRUVariant) throws {
        // Biases b_ir = +50 ⇒ r = σ(≥ 45) = 1 exactly in Double; b_iz = −50 ⇒ z = σ(≤ −45) < 3e-20.
        // Then n = tanh(W_in x + b_in + W_hn h + b_hn) (both variants, since r ⊙ h = h) and
        // h_t = (1 − z) n + z h_{t−1} = n up to 3e-20·|h|: a tanh RNN with W_ih = W_in, W_hh = W_hn,
        // b_ih = b_in, b_hh = b_hn. Weights are small (|W| ≤ 0.5), so |pre-activations of r, z| stay
        // within 5 of the bias.
        let H = 5, I = 3
        var gru = try makeNetwork(.gru(variant), input: I, hidden: H, seed: 21)
        for j in 0..<H { gru.layers[0].biasIH[j] = 50; gru.layers[0].biasIH[H + j] = -50 }
        var rnn = RecurrentNetwork(cell: .rnn(.tanh), inputSize: I, hiddenSize: H)
        rnn.layers[0].weightIH = gru.layers[0].weightIH.rows((2 * H)..<(3 * H))
        rnn.layers[0].weightHH = gru.layers[0].recurrentBlock(2)
        rnn.layers[0].biasIH = Array(gru.layers[0].biasIH[(2 * H)...])
        rnn.layers[0].biasHH = Array(gru.layers[0].biasHH[(2 * H)...])
        var rng = SplitMix64(seed: 22)
        let input = SequenceBatch.uniform(steps: 20, batchSize: 3, featureSize: I, using: &rng)
        let g = gru.gradients(input, loss: .all), r = rnn.gradients(input, loss: .all)
        expectRelative(g.trace.outputs, r.trace.outputs, 1e-15, "outputs")
        let dg = g.backprop.parameterGradients[0], dr = r.backprop.parameterGradients[0]
        expectRelative(dg.weightHH.rows((2 * H)..<(3 * H)).storage, dr.weightHH.storage, 1e-12, "∂L/∂W_hn")
        expectRelative(dg.weightIH.rows((2 * H)..<(3 * H)).storage, dr.weightIH.storage, 1e-12, "∂L/∂W_in")
        expectRelative(Array(dg.biasHH[(2 * H)...]), dr.biasHH, 1e-12, "∂L/∂b_hn")
        expectRelative(g.backprop.gradHiddenLog10[0], r.backprop.gradHiddenLog10[0], 1e-12, "log10‖∂L/∂h_t‖")
        // The saturated gates pass (almost) no gradient to their weights: σ'(±45) < 3e-20.
        #expect(dg.weightHH.rows(0..<(2 * H)).maxAbs < 1e-17)
    }

    @Test func lstmWithOpenForgetAndClosedInputCarriesTheCellUnchanged() throws {
        // b_if = +50 ⇒ f = 1 exactly; b_ii = −50 ⇒ i < 3e-20, so c_t = c_{t−1} + i·g = c_{t−1}
        // exactly whenever |c| > 1e-4 (i·g is below half an ulp). With W_hh = 0 nothing reaches
        // the cell through h, and for the last-step loss ∂L/∂c_t = f·∂L/∂c_{t+1} = ∂L/∂c_{t+1}
        // for every t < T: a constant norm all the way back.
        let H = 4
        var net = try makeNetwork(.lstm(.standard), input: 3, hidden: H, seed: 31)
        for j in 0..<H { net.layers[0].biasIH[j] = -50; net.layers[0].biasIH[H + j] = 50 }
        net.layers[0].weightHH = Matrix(rows: 4 * H, columns: H)
        var rng = SplitMix64(seed: 32)
        let input = SequenceBatch.uniform(steps: 50, batchSize: 2, featureSize: 3, using: &rng)
        let c0 = Matrix(
            rows: 2, columns: H,
            storage: (0..<(2 * H)).map { _ in rng.uniform(0.2, 0.9) * (rng.nextUnit() < 0.5 ? -1 : 1) })
        let state = RecurrentState(hidden: Matrix(rows: 2, columns: H), cell: c0)
        let r = net.gradients(input, initialStates: [state], loss: .last)
        for t in 0...50 { #expect(r.trace.cellState(layer: 0, step: t) == c0, "c_\(t) changed") }
        let dc = r.backprop.gradCellLog10[0]
        for t in 0..<50 { #expect(abs(dc[t] - dc[49]) <= 1e-13, "‖∂L/∂c_\(t)‖ differs") }
        #expect(dc[0].isFinite && dc[0] > -10)
    }
}

/// Pascanu, Mikolov & Bengio 2013, §3.2: ‖∂h_t/∂h_{t−1}‖ ≤ γ·σ_max(W_hh) = η, so for a last-step
/// loss ‖∂L/∂h_k‖ ≤ η^{T−k}·‖∂L/∂h_T‖ (per sequence, hence also in Frobenius norm over the batch).
@Suite struct PascanuBoundTests {
    @Test(arguments: [Activation.tanh, .sigmoid])
    func boundHoldsOverManySeeds(activation: Activation) throws {
        var checked = 0
        for seed in UInt64(1)...40 {
            var rng = SplitMix64(seed: seed)
            let H = 3 + Int(rng.next() % 20), T = 40 + Int(rng.next() % 60)
            let eta = 0.3 + 0.69 * rng.nextUnit()  // γσ_max ∈ [0.3, 0.99)
            var net = RecurrentNetwork(cell: .rnn(activation), inputSize: 4, hiddenSize: H)
            try Initializer(recurrent: .gaussian(std: 1)).initialize(&net, using: &rng)
            net.layers[0].weightHH = try Initializer.rescale(
                net.layers[0].weightHH, to: .sigmaMax(eta / activation.gamma))
            let input = SequenceBatch.uniform(steps: T, batchSize: 3, featureSize: 4, using: &rng)
            let logs = net.gradients(input, loss: .last).backprop.gradHiddenLog10[0]
            for k in 0...T {
                // 1e-12 in log10 allows for rounding in the products (relative ~2e-12).
                #expect(
                    logs[k] <= logs[T] + Double(T - k) * log10(eta) + 1e-12,
                    "seed \(seed), k = \(k): \(logs[k]) above the bound")
                checked += 1
            }
        }
        #expect(checked > 2000)
    }
}

/// The temporal contributions' Gram-matrix form, ‖AᵀX‖_F² = Σ (AAᵀ)∘(XXᵀ), against the product.
@Suite struct GramContributionTests {
    func explicitLog10(_ a: Matrix, _ x: Matrix) -> Double { log10(Matrix.product(a, .transpose, x).frobeniusNorm) }

    func gram(_ a: Matrix, _ x: Matrix, exponent: Int = 0) -> Double? {
        a.storage.withUnsafeBufferPointer { pa in
            x.storage.withUnsafeBufferPointer { px in
                LayerSweep.gramNormLog10(
                    a: pa.baseAddress!, x: px.baseAddress!, rows: a.rows, aWidth: a.columns, xWidth: x.columns,
                    exponent: exponent)
            }
        }
    }

    @Test func matchesTheProductAndScalesExactly() throws {
        var rng = SplitMix64(seed: 21)
        let a = Matrix(rows: 4, columns: 24, storage: (0..<96).map { _ in rng.uniform(-1, 1) })
        let x = Matrix(rows: 4, columns: 6, storage: (0..<24).map { _ in rng.uniform(-1, 1) })
        let g = try #require(gram(a, x))
        #expect(abs(g - explicitLog10(a, x)) <= 1e-13)
        // Far outside Double's range: the same mantissas with 2^−3000.
        let far = try #require(gram(a, x, exponent: -3000))
        #expect(abs(far - (g - 3000 * log10(2.0))) <= 1e-11)
        #expect(gram(Matrix(rows: 4, columns: 24), x) == -.infinity)
    }

    @Test func cancellationAndWideBatchesFallBack() {
        // Rows (a, a) against (x, −x(1 − δ)): AᵀX = δ·a xᵀ, tiny against ‖a‖‖x‖ — must refuse.
        var rng = SplitMix64(seed: 22)
        let av = (0..<8).map { _ in rng.uniform(-1, 1) }, xv = (0..<5).map { _ in rng.uniform(-1, 1) }
        let a = Matrix(rows: 2, columns: 8, storage: av + av)
        let x = Matrix(rows: 2, columns: 5, storage: xv + xv.map { -$0 * (1 - 1e-9) })
        #expect(gram(a, x) == nil)
        // B ≥ S: the product is no dearer than the Gram matrices.
        let wide = Matrix(rows: 5, columns: 5, storage: (0..<25).map { _ in rng.uniform(-1, 1) })
        #expect(gram(Matrix(rows: 5, columns: 8, storage: (0..<40).map { _ in rng.uniform(-1, 1) }), wide) == nil)
    }
}

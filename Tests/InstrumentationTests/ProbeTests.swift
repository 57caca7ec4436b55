import Foundation
import Testing
import LinearAlgebra
import Recurrent
@testable import Instrumentation

func network(_ cell: CellKind, input I: Int = 3, hidden H: Int = 5, layers: Int = 1, seed: UInt64) throws
    -> RecurrentNetwork
{
    var rng = SplitMix64(seed: seed)
    var net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: layers)
    try Initializer.pytorch.initialize(&net, using: &rng)
    return net
}

func inputs(steps T: Int, batch B: Int, features I: Int, seed: UInt64) -> SequenceBatch {
    var rng = SplitMix64(seed: seed)
    return SequenceBatch.uniform(steps: T, batchSize: B, featureSize: I, using: &rng)
}

@Suite struct StepJacobianTests {
    /// J_T ··· J_1 must equal ∂s_T/∂s_0, checked by central differences on the initial state
    /// (h_0, and c_0 for the LSTM) of one sequence: this exercises every step's Jacobian and the
    /// cache indexing. Error measure: max |analytic − numeric| / max |numeric|; the difference
    /// quotient with δ = 1e-6 has error ~1e-10 here.
    @Test(arguments: CellKind.all)
    func productOfStepJacobiansMatchesFiniteDifferences(_ cell: CellKind) throws {
        var net = try network(cell, seed: 41)
        if case .rnn(let a) = cell {
            net.layers[0].weightHH = try Initializer.rescale(net.layers[0].weightHH, to: .sigmaMax(0.95 / a.gamma))
            if a == .relu { net.layers[0].biasIH = net.layers[0].biasIH.map { $0 + 0.5 } }
        }
        let T = 4, B = 2, H = 5, b = 1
        let x = inputs(steps: T, batch: B, features: 3, seed: 42)
        var rng = SplitMix64(seed: 43)
        let s0 = RecurrentState(
            hidden: Matrix(rows: B, columns: H, storage: (0..<(B * H)).map { _ in rng.uniform(-0.5, 0.5) }),
            cell: Matrix(
                rows: B, columns: cell.hasCellState ? H : 0,
                storage: (0..<(cell.hasCellState ? B * H : 0)).map { _ in rng.uniform(-0.5, 0.5) }))
        let trace = net.forward(x, initialStates: [s0])
        var product = net.stepJacobian(trace, layer: 0, step: T, sequence: b)
        for t in stride(from: T - 1, through: 1, by: -1) {
            product = product * net.stepJacobian(trace, layer: 0, step: t, sequence: b)
        }
        let n = product.rows
        func state(_ s: RecurrentState) -> [Double] {
            s.hidden.row(b) + (cell.hasCellState ? s.cell.row(b) : [])
        }
        var numeric = Matrix(rows: n, columns: n)
        let delta = 1e-6
        for c in 0..<n {
            func run(_ d: Double) -> [Double] {
                var s = s0
                if c < H { s.hidden[b, c] += d } else { s.cell[b, c - H] += d }
                return state(net.forward(x, initialStates: [s]).finalStates[0])
            }
            let plus = run(delta), minus = run(-delta)
            for r in 0..<n { numeric[r, c] = (plus[r] - minus[r]) / (2 * delta) }
        }
        let err = (product - numeric).maxAbs / numeric.maxAbs
        #expect(err <= 1e-7, "\(cell): relative error \(err)")
    }
}

extension StepJacobianTests {
    /// The same check for LSTMs with projections: the state is (h, c) ∈ R^{P+H}, P = 3, H = 5.
    @Test(arguments: LSTMVariant.allCases)
    func projectedLSTMStepJacobians(_ v: LSTMVariant) throws {
        var rng = SplitMix64(seed: 44)
        var net = RecurrentNetwork(cell: .lstm(v), inputSize: 3, hiddenSize: 5, projectionSize: 3)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let T = 4, B = 2, P = 3, H = 5, b = 1
        let x = inputs(steps: T, batch: B, features: 3, seed: 42)
        let s0 = RecurrentState(
            hidden: Matrix(rows: B, columns: P, storage: (0..<(B * P)).map { _ in rng.uniform(-0.5, 0.5) }),
            cell: Matrix(rows: B, columns: H, storage: (0..<(B * H)).map { _ in rng.uniform(-0.5, 0.5) }))
        let trace = net.forward(x, initialStates: [s0])
        var product = net.stepJacobian(trace, layer: 0, step: T, sequence: b)
        for t in stride(from: T - 1, through: 1, by: -1) {
            product = product * net.stepJacobian(trace, layer: 0, step: t, sequence: b)
        }
        #expect(product.rows == P + H && product.columns == P + H)
        var numeric = Matrix(rows: P + H, columns: P + H)
        let delta = 1e-6
        for c in 0..<(P + H) {
            func run(_ d: Double) -> [Double] {
                var s = s0
                if c < P { s.hidden[b, c] += d } else { s.cell[b, c - P] += d }
                let f = net.forward(x, initialStates: [s]).finalStates[0]
                return f.hidden.row(b) + f.cell.row(b)
            }
            let plus = run(delta), minus = run(-delta)
            for r in 0..<(P + H) { numeric[r, c] = (plus[r] - minus[r]) / (2 * delta) }
        }
        let err = (product - numeric).maxAbs / numeric.maxAbs
        #expect(err <= 1e-7, "lstm-\(v) with projections: relative error \(err)")
    }
}

@Suite struct ProjectedSpectrumTests {
    /// With projections the spectra add W_hr and each gate's effective map W_hr·W_hh^(g) (P × P).
    /// Its eigenvalues must be the non-zero eigenvalues of W_hh^(g)·W_hr (H × H), the map m_{t−1}
    /// sees (AB and BA share their non-zero eigenvalues): the other H − P are 0.
    @Test func effectiveMapsShareTheirEigenvaluesWithTheHiddenSideMap() throws {
        var rng = SplitMix64(seed: 45)
        var net = RecurrentNetwork(cell: .lstm(.standard), inputSize: 3, hiddenSize: 6, projectionSize: 2)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let spectra = try WeightSpectrum.of(net)
        let p = net.layers[0]
        for (g, name) in net.cell.gateNames.enumerated() {
            let block = spectra.first { $0.matrix == "weight_hh_l0/\(name)" }!
            #expect(block.singularValues.count == 2 && block.eigenvalues.isEmpty)
            let eff = spectra.first { $0.matrix == "weight_hr_l0@weight_hh_l0/\(name)" }!
            let other = try Matrix.product(p.recurrentBlock(g), .none, p.weightHR).eigenvalues()
            #expect(eff.eigenvalues.count == 2 && other.count == 6)
            for (a, b) in zip(eff.eigenvalues, other.prefix(2)) {
                #expect(abs(a.modulus - b.modulus) <= 1e-12 * max(1, a.modulus), "\(name): \(a) vs \(b)")
            }
            for z in other.dropFirst(2) { #expect(z.modulus <= 1e-12) }
        }
        #expect(spectra.first { $0.matrix == "weight_hr_l0" }!.singularValues.count == 2)
    }
}

@Suite struct JacobianSpectrumTests {
    @Test func orthogonalTimesScaleIsExact() throws {
        // Linear RNN, W_hh = s·Q: every Jacobian is s·Q, the product over `lag` steps is s^lag·Q^lag,
        // whose singular values are all exactly s^lag: log10 σ_i = lag·log10 s for every i.
        var rng = SplitMix64(seed: 5)
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 2, hiddenSize: 6)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let s = 0.7
        net.layers[0].weightHH = s * (try Initializer.orthogonal(6, using: &rng))
        let trace = net.forward(inputs(steps: 300, batch: 2, features: 2, seed: 6))
        let j = try JacobianSpectrum.measure(net, trace, layer: 0, sequence: 0)
        #expect(j.productLog10.count == 300)
        for (k, values) in j.productLog10.enumerated() {
            for v in values {
                #expect(abs(v - Double(k + 1) * log10(s)) <= 1e-11 * Double(k + 1), "lag \(k + 1): \(v)")
            }
        }
        for v in j.stepNormLog10 { #expect(abs(v - log10(s)) <= 1e-14) }
        // At lag 300 the product is 0.7^300 ≈ 1e-46.5 — and nothing under- or overflowed.
        #expect(abs(j.productLog10[299][0] - 300 * log10(0.7)) < 1e-9)
    }

    @Test func diagonalRecurrenceGivesSortedDiagonal() throws {
        // Linear RNN, W_hh = diag(1.1, 0.9, 0.5): the product's singular values are 1.1^lag, 0.9^lag, 0.5^lag.
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 1, hiddenSize: 3)
        net.layers[0].weightHH = Matrix.diagonal([0.9, 1.1, 0.5])
        let trace = net.forward(inputs(steps: 50, batch: 1, features: 1, seed: 1))
        let j = try JacobianSpectrum.measure(net, trace, layer: 0, sequence: 0)
        for (k, v) in j.productLog10.enumerated() {
            let lag = Double(k + 1)
            let expected = [lag * log10(1.1), lag * log10(0.9), lag * log10(0.5)]
            for i in 0..<3 { #expect(abs(v[i] - expected[i]) < 1e-12 * lag) }
        }
    }
}

@Suite struct DiagnosisTests {
    @Test(arguments: [(0.9, Verdict.vanishing), (1.0, .neutral), (1.05, .exploding)])
    func verdictAndHorizonForLinearRNN(s: Double, verdict: Verdict) throws {
        // Linear RNN with W_hh = s·Q: log10‖∂L/∂h_{T−lag}‖ − log10‖∂L/∂h_T‖ = lag·log10 s exactly, so the
        // observed rate is log10 s, the bound rate log10(1·σ_max) = log10 s, and the horizon is the
        // first lag with lag·log10 s < −8: ⌈8 / −log10 s⌉ = 175 for s = 0.9 (8/0.045757 = 174.8).
        var rng = SplitMix64(seed: 8)
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 2, hiddenSize: 6)
        try Initializer.pytorch.initialize(&net, using: &rng)
        net.layers[0].weightHH = s * (try Initializer.orthogonal(6, using: &rng))
        let r = try GradientFlowProbe.run(net, input: inputs(steps: 200, batch: 2, features: 2, seed: 9), loss: .last)
        let d = r.diagnoses[0]
        #expect(d.verdict == verdict)
        #expect(abs(d.observedRateLog10 - log10(s)) < 1e-12)
        #expect(abs(d.boundRateLog10! - log10(s)) < 1e-12)
        #expect(d.boundHolds == true)
        #expect(d.memoryHorizon == (s == 0.9 ? 175 : nil))
        #expect(r.nonFinite.isEmpty)
    }

    @Test func gatedCellsHaveNoBound() throws {
        let r = try GradientFlowProbe.run(
            try network(.lstm(.standard), seed: 1), input: inputs(steps: 20, batch: 2, features: 3, seed: 2),
            loss: .last)
        #expect(r.diagnoses[0].boundRateLog10 == nil && r.diagnoses[0].boundHolds == nil)
        #expect(
            r.spectra.map(\.matrix) == [
                "weight_hh_l0", "weight_hh_l0/i", "weight_hh_l0/f", "weight_hh_l0/g", "weight_hh_l0/o",
            ])
        #expect(r.spectra[0].eigenvalues.isEmpty && r.spectra[1].eigenvalues.count == 5)
    }
}

@Suite struct ProbeDetailTests {
    @Test func perSequenceNormsCombineToTheBatchNorm() throws {
        // ‖∂L/∂h_t‖²_F = Σ_b ‖∂L/∂h_t,b‖², also in log domain.
        let net = try network(.lstm(.peephole), layers: 2, seed: 11)
        let r = try GradientFlowProbe.run(
            net, input: inputs(steps: 15, batch: 4, features: 3, seed: 12), loss: .all,
            options: ProbeOptions(perSequence: true))
        for l in 0..<2 {
            for t in 0...15 {
                let total = log10(r.gradHiddenLog10PerSequence[l][t].reduce(0) { $0 + pow(10, 2 * $1) }) / 2
                #expect(abs(total - r.gradHiddenLog10[l][t]) < 1e-12)
                let totalC = log10(r.gradCellLog10PerSequence[l][t].reduce(0) { $0 + pow(10, 2 * $1) }) / 2
                #expect(abs(totalC - r.gradCellLog10[l][t]) < 1e-12)
            }
        }
    }

    @Test func temporalContributionsByHand() throws {
        // Linear RNN (φ = identity), T = 2, last-step loss. By hand: dA_2 = ∂L/∂h_2 = h_2, and
        // dA_1 = W_hhᵀ h_2 (row-major: h_2·W_hh), so the two terms of ∂L/∂W_hh are
        // term_2 = Σ_b h_2,b ⊗ h_1,b = h_2ᵀ·h_1 and term_1 = (h_2 W_hh)ᵀ·h_0, with sum ∂L/∂W_hh.
        let net = try network(.rnn(.identity), seed: 13)
        var rng = SplitMix64(seed: 14)
        let s0 = RecurrentState(
            hidden: Matrix(rows: 3, columns: 5, storage: (0..<15).map { _ in rng.uniform(-1, 1) }),
            cell: Matrix(rows: 3, columns: 0))
        let x = inputs(steps: 2, batch: 3, features: 3, seed: 15)
        let trace = net.forward(x, initialStates: [s0])
        let h0 = trace.hidden(layer: 0, step: 0), h1 = trace.hidden(layer: 0, step: 1),
            h2 = trace.hidden(layer: 0, step: 2)
        let term2 = Matrix.product(h2, .transpose, h1)
        let term1 = Matrix.product(h2 * net.layers[0].weightHH, .transpose, h0)
        let r = try GradientFlowProbe.run(net, input: x, initialStates: [s0], loss: .last)
        #expect(abs(r.temporalContributionLog10[0][1] - log10(term2.frobeniusNorm)) < 1e-13)
        #expect(abs(r.temporalContributionLog10[0][0] - log10(term1.frobeniusNorm)) < 1e-13)
        #expect(((term1 + term2) - r.parameterGradients[0].weightHH).maxAbs < 1e-13)
        let shares = r.temporalShareLog10[0].map { pow(10, $0) }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-14)
    }

    @Test func saturationAndDeadUnits() throws {
        // LSTM with b_if = 50: f = σ(≥ 45) = 1 exactly, so gate_f is fully saturated at every step;
        // ReLU RNN with all biases −10 and small weights: every unit is dead (h = 0) at every step.
        var lstm = try network(.lstm(.standard), seed: 21)
        for j in 5..<10 { lstm.layers[0].biasIH[j] = 50 }
        let r = try GradientFlowProbe.run(lstm, input: inputs(steps: 6, batch: 2, features: 3, seed: 22), loss: .last)
        let f = r.saturation.filter { $0.measure == "gate_f" }
        #expect(f.count == 6 && f.allSatisfy { $0.fraction == 1 })
        #expect(Set(r.saturation.map(\.measure)) == ["gate_i", "gate_f", "gate_g", "gate_o", "tanh_c"])

        var relu = try network(.rnn(.relu), seed: 23)
        relu.layers[0].biasIH = relu.layers[0].biasIH.map { _ in -10 }
        let q = try GradientFlowProbe.run(relu, input: inputs(steps: 6, batch: 2, features: 3, seed: 24), loss: .last)
        #expect(q.saturation.allSatisfy { $0.measure == "relu_dead" && $0.fraction == 1 })
        // Dead units pass no gradient: ∂L/∂h_t is exactly 0 for t < T (log10 = −∞, a true zero).
        #expect(q.gradHiddenLog10[0][0] == -.infinity)
        #expect(q.diagnoses[0].verdict == .vanishing || q.diagnoses[0].observedRateLog10.isNaN)
    }

    @Test func nonFiniteStatesAreReportedNotFatal() throws {
        // Linear RNN with W_hh = 1e30·I: h_t grows like 1e30^t and overflows near t = 11.
        var net = try network(.rnn(.identity), seed: 31)
        net.layers[0].weightHH = Matrix.identity(5, scale: 1e30)
        let r = try GradientFlowProbe.run(
            net, input: inputs(steps: 20, batch: 2, features: 3, seed: 32), loss: .last,
            options: ProbeOptions(jacobians: true))
        let forward = try #require(r.nonFinite.first)
        #expect(forward.pass == .forward && forward.tensor == "h" && forward.layer == 0)
        #expect((9...12).contains(forward.step!))
        #expect(r.nonFinite.contains { $0.pass == .backward })
        #expect(r.nonFinite.contains { $0.pass == .parameterGradient && $0.tensor == "weight_hh_l0" })
    }
}

/// The linearised rate at the resting state, against the closed forms of the cells at zero
/// biases (derived by hand: at h = c = 0 with zero input every candidate is 0, so only the
/// gate values σ(bias) and the recurrent blocks remain; docs/measurements.md).
@Suite struct RestingPointTests {
    /// A deterministic small H × H matrix (entries in ±scale).
    func matrix(_ h: Int, seed: Int, scale: Double) -> Matrix {
        Matrix(rows: h, columns: h, storage: (0..<(h * h)).map { scale * sin(Double($0 * 7 + seed) * 1.3) })
    }

    func log10Radius(_ m: Matrix) throws -> Double { log10(try m.spectralRadius()) }

    @Test func lstmAddsTheCandidatePathToTheForgetGate() throws {
        let H = 5
        var net = RecurrentNetwork(cell: .lstm(.standard), inputSize: 3, hiddenSize: H)
        let blocks = (0..<4).map { matrix(H, seed: $0, scale: 0.3) }
        net.layers[0].weightHH = Matrix(rows: 4 * H, columns: H, storage: blocks.flatMap(\.storage))
        let bf = 1.0
        for j in 0..<H { net.layers[0].biasIH[H + j] = bf }  // gate order i, f, g, o
        let f = 1 / (1 + exp(-bf))
        // σ(b_f)·I + σ(0)·σ(0)·W_hg
        var expected = blocks[2]
        for i in 0..<H {
            for j in 0..<H { expected[i, j] = 0.25 * blocks[2][i, j] + (i == j ? f : 0) }
        }
        let rate = try #require(RestingPoint.linearisedRatesLog10(net)[0])
        #expect(abs(rate - (try log10Radius(expected))) < 1e-10)
        #expect(abs(rate - log10(f)) > 1e-3, "the candidate path must matter here")
    }

    @Test func gruAddsTheResetGatedCandidate() throws {
        let H = 4
        for variant in GRUVariant.allCases {
            var net = RecurrentNetwork(cell: .gru(variant), inputSize: 2, hiddenSize: H)
            let blocks = (0..<3).map { matrix(H, seed: 10 + $0, scale: 0.5) }
            net.layers[0].weightHH = Matrix(rows: 3 * H, columns: H, storage: blocks.flatMap(\.storage))
            // z = r = 0.5: 0.5·I + 0.5·0.5·W_hn (gate order r, z, n)
            var expected = blocks[2]
            for i in 0..<H {
                for j in 0..<H { expected[i, j] = 0.25 * blocks[2][i, j] + (i == j ? 0.5 : 0) }
            }
            let rate = try #require(RestingPoint.linearisedRatesLog10(net)[0])
            #expect(abs(rate - (try log10Radius(expected))) < 1e-10, "\(variant)")
        }
    }

    @Test func aTanhRNNAtZeroBiasGivesItsSpectralRadius() throws {
        var net = RecurrentNetwork(cell: .rnn(.tanh), inputSize: 2, hiddenSize: 6)
        net.layers[0].weightHH = matrix(6, seed: 3, scale: 0.4)
        let rate = try #require(RestingPoint.linearisedRatesLog10(net)[0])
        #expect(abs(rate - (try log10Radius(net.layers[0].weightHH))) < 1e-10)
    }

    @Test func anOscillatingNetworkHasNoRestingPoint() throws {
        // x ← tanh(−3x + 0.5): the fixed point has slope −3(1 − x*²) < −1, so the orbit settles on a
        // 2-cycle and never on a fixed point.
        var net = RecurrentNetwork(cell: .rnn(.tanh), inputSize: 1, hiddenSize: 1)
        net.layers[0].weightHH = Matrix(rows: 1, columns: 1, storage: [-3])
        net.layers[0].biasIH = [0.5]
        #expect(RestingPoint.linearisedRatesLog10(net) == [nil])
    }
}

@Suite struct VerdictThresholdTests {
    /// The threshold is one decade over the run: a rate of −0.004 per step is neutral over 200
    /// steps (0.8 decades) and vanishing over 1000 (4 decades).
    @Test func theThresholdIsTiedToTheHorizon() {
        func verdict(steps: Int, rate: Double) -> Verdict {
            let logs = (0...steps).map { Double(steps - $0) * rate }  // logs[T − lag] = lag·rate
            return Diagnosis(layer: 0, gradHiddenLog10: logs, sigmaMax: 1, gamma: nil, checkBound: false).verdict
        }
        #expect(Diagnosis.threshold(steps: 200) == 0.005)
        #expect(verdict(steps: 200, rate: -0.004) == .neutral)
        #expect(verdict(steps: 1000, rate: -0.004) == .vanishing)
        #expect(verdict(steps: 200, rate: 0.006) == .exploding)
        #expect(verdict(steps: 200, rate: 0.004) == .neutral)
    }
}

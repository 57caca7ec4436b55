import Foundation
import Testing
import LinearAlgebra
@testable import Recurrent

@Suite struct SplitMix64Tests {
    @Test func matchesReferenceSequence() {
        // Vigna's splitmix64.c with seed 1234567 (the sequence the Rust `rand_xoshiro` crate's
        // SplitMix64 test also checks).
        var g = SplitMix64(seed: 1_234_567)
        #expect(
            [g.next(), g.next(), g.next(), g.next(), g.next()] == [
                6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
            ])
    }

    @Test func unitDrawsAndNormalsHaveTheRightMoments() {
        // 200,000 draws: the standard error of a mean is 1/√(12·2e5) ≈ 6.5e-4 for U(0,1) and
        // 2.2e-3 for N(0,1); 5 standard errors are allowed.
        var g = SplitMix64(seed: 42)
        let n = 200_000
        let u = (0..<n).map { _ in g.nextUnit() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / Double(n) - 0.5) < 5 * 6.5e-4)
        let z = (0..<n).map { _ in g.normal() }
        let mean = z.reduce(0, +) / Double(n)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean) < 5 * 2.2e-3)
        #expect(abs(variance - 1) < 5 * 3.2e-3)  // s.e. of the variance ≈ √(2/n)
    }
}

@Suite struct LayoutTests {
    @Test(arguments: CellKind.all)
    func pytorchShapesAndNames(_ cell: CellKind) {
        let I = 3, H = 5, G = cell.gateCount
        let net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: 2)
        let t0 = net.layers[0].tensors, t1 = net.layers[1].tensors
        #expect(t0[0].name == "weight_ih" && t0[0].shape == [G * H, I])
        #expect(t0[1].name == "weight_hh" && t0[1].shape == [G * H, H])
        #expect(t0[2].shape == [G * H] && t0[3].shape == [G * H])
        #expect(t1[0].shape == [G * H, H])  // layer 1 reads layer 0's h
        #expect(t0.count == (cell == .lstm(.peephole) ? 7 : 4))
        #expect(
            G == [
                "rnn": 1, "lstm": 4, "lstm-peephole": 4, "lstm-coupled": 3, "lstm-no-forget-gate": 3,
                "lstm-no-output-activation": 4, "gru": 3, "gru-reset-before": 3,
            ][
                cell.description.hasPrefix("rnn") ? "rnn" : cell.description]!)
        #expect(CellKind(name: cell.description) == cell)
    }
}

@Suite struct InitializerTests {
    @Test func pytorchDefaultRangeAndDeterminism() throws {
        let a = try makeNetwork(.lstm(.standard), input: 7, hidden: 16, layers: 2, seed: 9)
        let b = try makeNetwork(.lstm(.standard), input: 7, hidden: 16, layers: 2, seed: 9)
        let c = try makeNetwork(.lstm(.standard), input: 7, hidden: 16, layers: 2, seed: 10)
        #expect(a == b)
        #expect(a != c)
        let k = 1 / 4.0  // 1/√16
        for l in a.layers { for t in l.tensors { #expect(t.values.allSatisfy { abs($0) <= k }) } }
        // The draws fill the range: max |w| over 4·16·16 weights is within 1% of k.
        #expect(a.layers[0].weightHH.maxAbs > 0.99 * k)
    }

    @Test func orthogonalPerGateBlock() throws {
        let net = try makeNetwork(
            .gru(.resetAfter), input: 3, hidden: 24, seed: 4,
            initializer: Initializer(recurrent: .orthogonal(gain: 1)))
        for g in 0..<3 {
            let q = net.layers[0].recurrentBlock(g)
            #expect((Matrix.product(q, .transpose, q) - Matrix.identity(24)).maxAbs <= 1e-13)
        }
        // The blocks differ: orthogonal per block, not one orthogonal fused matrix.
        #expect(net.layers[0].recurrentBlock(0) != net.layers[0].recurrentBlock(1))
        // Fused 72 × 24 W_hh of three orthogonal blocks: WᵀW = Σ_g Q_gᵀQ_g = 3I, so every σ = √3.
        for s in try net.layers[0].weightHH.singularValues() { #expect(abs(s - 3.0.squareRoot()) <= 1e-12) }
    }

    @Test func scaledIdentityAndSparse() throws {
        let irnn = try makeNetwork(
            .rnn(.relu), input: 2, hidden: 6, seed: 1,
            initializer: Initializer(recurrent: .scaledIdentity(scale: 1), randomBiases: false))
        #expect(irnn.layers[0].weightHH == Matrix.identity(6))
        #expect(irnn.layers[0].biasHH.allSatisfy { $0 == 0 })

        let H = 40
        let smart = try makeNetwork(
            .rnn(.tanh), input: 2, hidden: H, seed: 2, initializer: Initializer(recurrent: .smartTanh))
        let w = smart.layers[0].weightHH
        for i in 0..<H { #expect(w.row(i).filter { $0 != 0 }.count == 15, "row \(i)") }
        #expect(abs(try w.spectralRadius() - 0.95) <= 1e-12)
    }

    @Test(arguments: [SpectralTarget.sigmaMax(1.25), .spectralRadius(0.8)])
    func rescalingHitsTheTarget(_ target: SpectralTarget) throws {
        let net = try makeNetwork(
            .lstm(.standard), input: 2, hidden: 12, seed: 3,
            initializer: Initializer(recurrent: .gaussian(std: 1), target: target))
        for g in 0..<4 {
            let b = net.layers[0].recurrentBlock(g)
            switch target {
            case .sigmaMax(let s): #expect(abs(try b.spectralNorm() - s) <= 1e-12)
            case .spectralRadius(let r): #expect(abs(try b.spectralRadius() - r) <= 1e-12)
            }
        }
    }

    @Test func forgetAndUpdateBias() throws {
        let H = 5
        let lstm = try makeNetwork(
            .lstm(.standard), input: 2, hidden: H, seed: 5, initializer: Initializer(forgetBias: 1))
        for j in H..<(2 * H) { #expect(lstm.layers[0].biasIH[j] + lstm.layers[0].biasHH[j] == 1) }
        #expect(lstm.layers[0].biasIH[0] != 1)  // other gates keep their draws
        let gru = try makeNetwork(
            .gru(.resetAfter), input: 2, hidden: H, seed: 5, initializer: Initializer(updateBias: 2))
        for j in H..<(2 * H) { #expect(gru.layers[0].biasIH[j] + gru.layers[0].biasHH[j] == 2) }
    }

    /// Input- and output-gate biases land in the i and o blocks (rows 0…H and 3H…4H of i, f, g, o;
    /// 0…H and 2H…3H of the coupled cell's i, g, o), b_ih carrying the value and b_hh 0; the coupled
    /// cell's forget bias is its input bias negated (f = 1 − i).
    @Test func inputOutputAndCoupledBiases() throws {
        let H = 4
        func sum(_ n: RecurrentNetwork, _ block: Int) -> [Double] {
            (block * H..<(block + 1) * H).map { n.layers[0].biasIH[$0] + n.layers[0].biasHH[$0] }
        }
        let plain = try makeNetwork(.lstm(.standard), input: 2, hidden: H, seed: 9, initializer: Initializer())
        let lstm = try makeNetwork(
            .lstm(.standard), input: 2, hidden: H, seed: 9,
            initializer: Initializer(forgetBias: 3, inputBias: -3, outputBias: -2))
        #expect(sum(lstm, 0) == Array(repeating: -3, count: H) && sum(lstm, 1) == Array(repeating: 3, count: H))
        #expect(sum(lstm, 3) == Array(repeating: -2, count: H))
        #expect(sum(lstm, 2) == sum(plain, 2), "the cell-input block keeps its draw")
        #expect(
            lstm.layers[0].weightHH == plain.layers[0].weightHH && lstm.layers[0].weightIH == plain.layers[0].weightIH)
        let coupled = try makeNetwork(
            .lstm(.coupled), input: 2, hidden: H, seed: 9, initializer: Initializer(forgetBias: 3, outputBias: 1))
        #expect(sum(coupled, 0) == Array(repeating: -3, count: H) && sum(coupled, 2) == Array(repeating: 1, count: H))
    }

    /// Chrono initialisation (Tallec & Ollivier 2018): b_f = log u, u ∈ [1, T_max − 1], b_i = −b_f, and
    /// every other tensor as without it (its draws come last).
    @Test func chronoSetsForgetAndInputBiasesOnly() throws {
        let H = 64, tMax = 100.0
        let plain = try makeNetwork(.lstm(.standard), input: 3, hidden: H, seed: 4, initializer: Initializer())
        let chrono = try makeNetwork(
            .lstm(.standard), input: 3, hidden: H, seed: 4, initializer: Initializer(chronoMaxLag: tMax))
        let l = chrono.layers[0]
        for j in 0..<H {
            let bf = l.biasIH[H + j] + l.biasHH[H + j], bi = l.biasIH[j] + l.biasHH[j]
            #expect(bf >= 0 && bf <= log(tMax - 1) && bi == -bf)
        }
        let bfs = (0..<H).map { l.biasIH[H + $0] }
        #expect(Set(bfs).count == H, "one draw per unit")
        // E[log u] for u ~ U(1, 99) is (99 log 99 − 98)/98 − 0 ≈ 3.64; 64 draws land near it.
        let mean = bfs.reduce(0, +) / Double(H)
        #expect(abs(mean - (99 * log(99.0) - 98) / 98) < 0.3, "mean b_f \(mean)")
        #expect(l.weightHH == plain.layers[0].weightHH && l.weightIH == plain.layers[0].weightIH)
        #expect(Array(l.biasIH[(2 * H)...]) == Array(plain.layers[0].biasIH[(2 * H)...]))
    }

    @Test func gaussianInputWeights() throws {
        let net = try makeNetwork(
            .rnn(.tanh), input: 50, hidden: 40, seed: 3, initializer: Initializer(randomBiases: false, inputStd: 0.1))
        let w = net.layers[0].weightIH.storage
        let sd = (w.reduce(0) { $0 + $1 * $1 } / Double(w.count)).squareRoot()
        // 2,000 N(0, 0.01) draws: the sample s.d. is within a few per cent of 0.1 (its s.e. is 0.1/√4000).
        #expect(abs(sd - 0.1) < 0.006, "s.d. \(sd)")
        #expect(net.layers[0].biasIH.allSatisfy { $0 == 0 })
    }
}

import Foundation
import Testing
import LinearAlgebra
@testable import FeedForward

/// A small deterministic generator for the tests (FeedForward depends on LinearAlgebra only).
struct TestRandom {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * next() }
}

/// Every architecture and activation: the exact backward pass against five-point central finite
/// differences in Double for every parameter tensor and the input; the layer Jacobians against
/// finite differences of one layer; the product spectrum against a hand derivation.
@Suite struct FeedForwardTests {
    static func network(
        _ arch: FeedForwardArchitecture, _ act: FeedForwardActivation, width n: Int = 3, depth: Int = 3,
        seed: UInt64 = 7
    ) -> FeedForwardNetwork {
        var net = FeedForwardNetwork(width: n, depth: depth, architecture: arch, activation: act)
        var r = TestRandom(state: seed)
        for (name, values) in net.tensors {
            // Biases shifted by +0.3 so ReLU units are away from their kink at the check's points.
            let shift = name.hasPrefix("bias") ? 0.3 : 0
            net.setTensor(name, values.map { _ in r.uniform(-0.9, 0.9) + shift })
        }
        return net
    }

    /// L = ½‖a_D‖² + Σ r ⊙ a_D.
    static func loss(_ net: FeedForwardNetwork, _ x: Matrix, _ r: [Double]) -> Double {
        let a = net.forward(x).outputs.last!.storage
        return zip(a, r).reduce(0) { $0 + 0.5 * $1.0 * $1.0 + $1.0 * $1.1 }
    }

    static func derivative(_ x: [Double], _ f: ([Double]) -> Double) -> [Double] {
        var v = x
        return (0..<x.count).map { j in
            let d = 1e-4 * max(1, abs(x[j]))
            func at(_ k: Double) -> Double { v[j] = x[j] + k * d; return f(v) }
            let g = (-at(2) + 8 * at(1) - 8 * at(-1) + at(-2)) / (12 * d)
            v[j] = x[j]
            return g
        }
    }

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        var d = 0.0, s = 1e-8
        for (x, y) in zip(a, b) { d = max(d, abs(x - y)); s = max(s, abs(x), abs(y)) }
        return d / s
    }

    @Test(arguments: FeedForwardArchitecture.allCases, FeedForwardActivation.allCases)
    func everyGradientMatchesFiniteDifferences(_ arch: FeedForwardArchitecture, _ act: FeedForwardActivation) {
        let net = Self.network(arch, act)
        var rnd = TestRandom(state: 99)
        let x = Matrix(rows: 2, columns: 3, storage: (0..<6).map { _ in rnd.uniform(-1, 1) })
        let r = (0..<6).map { _ in rnd.uniform(-1, 1) }
        let tr = net.forward(x)
        var top = tr.outputs.last!
        for i in 0..<top.storage.count { top.storage[i] += r[i] }
        let g = net.backward(tr, outputGradient: top)
        #expect(g.tensors.map(\.name) == net.tensors.map(\.name))
        for (ti, t) in net.tensors.enumerated() {
            let numeric = Self.derivative(t.values) { v in
                var m = net
                m.setTensor(t.name, v)
                return Self.loss(m, x, r)
            }
            let analytic = g.tensors[ti].values
            if analytic.allSatisfy({ $0 == 0 }) {
                // A tensor cut off by dead ReLU units: its finite differences are rounding noise
                // (about ε·|L|/δ ≈ 1e-11 here), not a gradient.
                #expect(numeric.allSatisfy { abs($0) < 1e-9 }, "\(arch), \(act): \(t.name) should be 0")
            } else {
                let e = Self.relativeError(analytic, numeric)
                #expect(e < 1e-7, "\(arch), \(act): \(t.name) relative error \(e)")
            }
        }
        let dx = Self.derivative(x.storage) { v in Self.loss(net, Matrix(rows: 2, columns: 3, storage: v), r) }
        #expect(Self.relativeError(g.input.storage, dx) < 1e-7, "\(arch), \(act): input")
        // The recorded norms are the norms of what was returned.
        #expect(abs(g.outputLog10[0] - log10(Norms.euclidean(g.input.storage))) < 1e-12)
        #expect(abs(g.weightLog10[0] - log10(Norms.euclidean(g.tensors[0].values))) < 1e-12)
    }

    @Test(arguments: [FeedForwardArchitecture.plain, .residual, .highway])
    func layerJacobiansMatchFiniteDifferences(_ arch: FeedForwardArchitecture) {
        let net = Self.network(arch, .tanh, width: 4, depth: 2)
        var rnd = TestRandom(state: 5)
        let x = Matrix(rows: 2, columns: 4, storage: (0..<8).map { _ in rnd.uniform(-1, 1) })
        let tr = net.forward(x)
        // Layer 1 of sequence 1: perturb a_1 and run layer 1 alone (a one-layer network with its weights).
        var one = FeedForwardNetwork(width: 4, depth: 1, architecture: arch, activation: .tanh)
        one.weights[0] = net.weights[1]
        one.biases[0] = net.biases[1]
        if arch == .highway { one.gateWeights[0] = net.gateWeights[1]; one.gateBiases[0] = net.gateBiases[1] }
        let j = net.layerJacobian(tr, layer: 1, sequence: 1)
        let a1 = Array(tr.outputs[1].storage[4..<8])
        for i in 0..<4 {
            let col = Self.derivative(a1) { v in
                one.forward(Matrix(rows: 1, columns: 4, storage: v)).outputs[1].storage[i]
            }
            for k in 0..<4 { #expect(abs(j[i, k] - col[k]) < 1e-9, "\(arch): J[\(i), \(k)]") }
        }
    }

    /// A linear plain network whose every layer is W = s·Q (Q orthogonal): ∂a_d/∂a_0 = s^d·Q^d, so
    /// every singular value is s^d, log10 = d·log10 s, exactly (hand derivation).
    @Test func productSpectrumOfScaledOrthogonalLayers() throws {
        var net = FeedForwardNetwork(width: 4, depth: 60, architecture: .plain, activation: .linear)
        var rnd = TestRandom(state: 3)
        let q = try Matrix(rows: 4, columns: 4, storage: (0..<16).map { _ in rnd.uniform(-1, 1) }).qr().q
        for l in 0..<60 { net.weights[l] = 0.5 * q }
        let tr = net.forward(Matrix(rows: 1, columns: 4, storage: [0.1, -0.2, 0.3, 0.4]))
        let p = try net.productSpectrum(tr)
        for d in [1, 30, 60] {
            for v in p[d - 1] { #expect(abs(v - Double(d) * log10(0.5)) < 1e-10, "depth \(d): \(v)") }
        }
    }

    /// The scaled carry: a 400-layer linear network with W = 0.1·I decays by 400 decades, far
    /// below Double's range, and the recorded norms still give it exactly.
    @Test func normsDoNotUnderflow() {
        var net = FeedForwardNetwork(width: 2, depth: 400, architecture: .plain, activation: .linear)
        for l in 0..<400 { net.weights[l] = Matrix.identity(2, scale: 0.1) }
        let tr = net.forward(Matrix(rows: 1, columns: 2, storage: [1, 1]))
        let g = net.backward(tr, outputGradient: Matrix(rows: 1, columns: 2, storage: [3, 4]))
        #expect(abs(g.outputLog10[0] - (log10(5.0) - 400)) < 1e-9)
        #expect(g.input.storage == [0, 0])  // as plain Doubles, it is below 2^−1074
    }
}

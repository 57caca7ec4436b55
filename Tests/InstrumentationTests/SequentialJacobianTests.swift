import Foundation
import Testing
import LinearAlgebra
@testable import Instrumentation
@testable import Recurrent

/// The sequential Jacobian ‖∂y_t/∂x_s‖ against central finite differences of the outputs, for a
/// unidirectional stack and a bidirectional network; and causality: exactly 0 for s > t one way.
@Suite struct SequentialJacobianTests {
    /// ‖∂y_t/∂x_s‖_F by five-point central differences of every output at step t, sequence 0.
    static func numeric(_ outputs: (SequenceBatch) -> [Double], input x: SequenceBatch, width W: Int) -> [[Double]] {
        let T = x.steps, I = x.featureSize, B = x.batchSize
        var sq = [[Double]](repeating: [Double](repeating: 0, count: T), count: T)
        for s in 0..<T {
            for i in 0..<I {
                let idx = (s * B + 0) * I + i
                let d = 1e-4
                func at(_ k: Double) -> [Double] {
                    var v = x.values
                    v[idx] += k * d
                    return outputs(SequenceBatch(steps: T, batchSize: B, featureSize: I, values: v))
                }
                let (p2, p1, m1, m2) = (at(2), at(1), at(-1), at(-2))
                for t in 0..<T {
                    for w in 0..<W {
                        let j = (t * B + 0) * W + w
                        let g = (-p2[j] + 8 * p1[j] - 8 * m1[j] + m2[j]) / (12 * d)
                        sq[t][s] += g * g
                    }
                }
            }
        }
        return sq.map { $0.map { log10($0.squareRoot()) } }
    }

    @Test(arguments: [CellKind.rnn(.tanh), .lstm(.standard), .gru(.resetAfter)])
    func unidirectionalMatchesFiniteDifferences(_ cell: CellKind) throws {
        var rng = SplitMix64(seed: 3)
        var net = RecurrentNetwork(cell: cell, inputSize: 2, hiddenSize: 3, layerCount: 2)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let x = SequenceBatch.uniform(steps: 6, batchSize: 2, featureSize: 2, using: &rng)
        let J = SequentialJacobian.measure(net, input: x)
        let N = Self.numeric({ net.forward($0).outputs }, input: x, width: 3)
        for t in 0..<6 {
            for s in 0..<6 {
                if s > t {
                    #expect(J[t][s] == -.infinity, "\(cell): (t, s) = (\(t), \(s)) must be exactly 0")
                } else {
                    #expect(abs(J[t][s] - N[t][s]) < 1e-6, "\(cell): (\(t), \(s)) \(J[t][s]) vs \(N[t][s])")
                }
            }
        }
    }

    @Test(arguments: [CellKind.rnn(.tanh), .lstm(.standard), .gru(.resetAfter)])
    func bidirectionalMatchesFiniteDifferences(_ cell: CellKind) throws {
        var rng = SplitMix64(seed: 8)
        var net = BidirectionalNetwork(cell: cell, inputSize: 2, hiddenSize: 3, layerCount: 2)
        for k in 0..<2 { for d in 0..<2 { try Initializer.pytorch.initialize(&net.directions[k][d], using: &rng) } }
        let x = SequenceBatch.uniform(steps: 5, batchSize: 2, featureSize: 2, using: &rng)
        let J = SequentialJacobian.measure(net, input: x)
        let N = Self.numeric({ net.forward($0).outputs }, input: x, width: 6)
        for t in 0..<5 {
            for s in 0..<5 {
                #expect(J[t][s].isFinite, "\(cell): a bidirectional network depends on every input")
                #expect(abs(J[t][s] - N[t][s]) < 1e-6, "\(cell): (\(t), \(s)) \(J[t][s]) vs \(N[t][s])")
            }
        }
    }

    /// The scaled input gradients keep measuring where plain Doubles would be 0: a contracting
    /// tanh RNN over 400 steps reaches far below 1e-308 and stays finite and decreasing.
    @Test func farSensitivitiesDoNotUnderflow() throws {
        var rng = SplitMix64(seed: 1)
        var net = RecurrentNetwork(cell: .rnn(.tanh), inputSize: 2, hiddenSize: 3)
        try Initializer.pytorch.initialize(&net, using: &rng)
        net.layers[0].weightHH = 0.05 * net.layers[0].weightHH
        let x = SequenceBatch.uniform(steps: 400, batchSize: 1, featureSize: 2, using: &rng)
        let J = SequentialJacobian.measure(net, input: x)
        #expect(J[399][0].isFinite && J[399][0] < -308, "\(J[399][0])")
        #expect(J[399][0] < J[399][200] && J[399][200] < J[399][399])
    }
}

import Foundation
import Testing
import LinearAlgebra
@testable import Recurrent

/// Stacked bidirectional networks (PyTorch's `bidirectional=True`): every parameter of both
/// directions, the initial states and the input, checked by central finite differences in Double
/// of a loss that reads the whole output sequence and the final states.
@Suite struct BidirectionalTests {
    static func network(_ cell: CellKind, layers: Int = 2, seed: UInt64 = 3, projection: Int = 0) throws
        -> BidirectionalNetwork
    {
        var net = BidirectionalNetwork(
            cell: cell, inputSize: 3, hiddenSize: 4, layerCount: layers, projectionSize: projection)
        var rng = SplitMix64(seed: seed)
        for k in 0..<layers {
            for d in 0..<2 { try Initializer.pytorch.initialize(&net.directions[k][d], using: &rng) }
        }
        return net
    }

    /// (cell, proj_size): the last case is a bidirectional LSTM with projections (P = 2, H = 4),
    /// whose layer 1 reads 2P values per step.
    @Test(arguments: [
        (CellKind.rnn(.tanh), 0), (.lstm(.standard), 0), (.gru(.resetAfter), 0), (.lstm(.peephole), 0),
        (.lstm(.standard), 2),
    ])
    func everyGradientMatchesFiniteDifferences(_ cell: CellKind, _ P: Int) throws {
        var net = try Self.network(cell, projection: P)
        let T = 6, B = 2, H = 4, L = 2, S = P > 0 ? P : H
        var rng = SplitMix64(seed: 17)
        var x = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: 3, using: &rng)
        let G = (0..<(T * B * 2 * S)).map { _ in rng.uniform(-1, 1) }
        let A = (0..<(2 * L)).map { _ in (0..<(B * S)).map { _ in rng.uniform(-1, 1) } }
        let C = (0..<(2 * L)).map { _ in (0..<(B * H)).map { _ in rng.uniform(-1, 1) } }
        var h0 = (0..<(2 * L)).map { _ in
            RecurrentState(
                hidden: Matrix(rows: B, columns: S, storage: (0..<(B * S)).map { _ in rng.uniform(-0.5, 0.5) }),
                cell: Matrix(
                    rows: B, columns: cell.hasCellState ? H : 0,
                    storage: cell.hasCellState ? (0..<(B * H)).map { _ in rng.uniform(-0.5, 0.5) } : []))
        }
        func finals(_ tr: BidirectionalNetwork.Trace) -> [RecurrentState] {
            (0..<L).flatMap { k in (0..<2).map { d in tr.traces[k][d].finalStates[0] } }
        }
        func loss(_ n: BidirectionalNetwork, _ x: SequenceBatch, _ s: [RecurrentState]) -> Double {
            let tr = n.forward(x, initialStates: s)
            var v = zip(G, tr.outputs).reduce(0) { $0 + $1.0 * $1.1 }
            for (i, f) in finals(tr).enumerated() {
                v += zip(A[i], f.hidden.storage).reduce(0) { $0 + $1.0 * $1.1 }
                if cell.hasCellState { v += zip(C[i], f.cell.storage).reduce(0) { $0 + $1.0 * $1.1 } }
            }
            return v
        }
        let finalGrads = (0..<(2 * L)).map { i in
            RecurrentState(
                hidden: Matrix(rows: B, columns: S, storage: A[i]),
                cell: Matrix(rows: B, columns: cell.hasCellState ? H : 0, storage: cell.hasCellState ? C[i] : []))
        }
        let back = net.backward(net.forward(x, initialStates: h0), outputGradient: G, finalStateGradients: finalGrads)
        let d = 1e-6
        var worst = 0.0, scale = 0.0, checked = 0
        func compare(_ analytic: Double, _ numeric: Double) {
            worst = max(worst, abs(analytic - numeric))
            scale = max(scale, abs(numeric))
            checked += 1
        }
        // Every parameter of every layer and direction (every element).
        for k in 0..<L {
            for dir in 0..<2 {
                let grads = back.backprops[k][dir].parameterGradients[0].tensors
                for (ti, tensor) in net.directions[k][dir].layers[0].tensors.enumerated() {
                    for i in 0..<tensor.values.count {
                        var v = tensor.values
                        v[i] += d
                        net.directions[k][dir].layers[0].setTensor(tensor.name, v)
                        let up = loss(net, x, h0)
                        v[i] -= 2 * d
                        net.directions[k][dir].layers[0].setTensor(tensor.name, v)
                        let down = loss(net, x, h0)
                        v[i] += d
                        net.directions[k][dir].layers[0].setTensor(tensor.name, v)
                        compare(grads[ti].values[i], (up - down) / (2 * d))
                    }
                }
            }
        }
        // The initial states (PyTorch's h_0 index 2k + d) and every input element.
        for i in 0..<(2 * L) {
            let k = i / 2, dir = i % 2
            let analytic = back.backprops[k][dir].initialStateGradients[0]
            for j in 0..<(B * H) {
                let saved = h0
                if j < B * S {
                    h0[i].hidden.storage[j] += d
                    let up = loss(net, x, h0)
                    h0 = saved
                    h0[i].hidden.storage[j] -= d
                    let down = loss(net, x, h0)
                    h0 = saved
                    compare(analytic.hidden.storage[j], (up - down) / (2 * d))
                }
                if cell.hasCellState {
                    h0[i].cell.storage[j] += d
                    let cu = loss(net, x, h0)
                    h0 = saved
                    h0[i].cell.storage[j] -= d
                    let cd = loss(net, x, h0)
                    h0 = saved
                    compare(analytic.cell.storage[j], (cu - cd) / (2 * d))
                }
            }
        }
        let dx = back.inputGradient.unscaled
        for j in 0..<x.values.count {
            let saved = x
            x.values[j] += d
            let up = loss(net, x, h0)
            x = saved
            x.values[j] -= d
            let down = loss(net, x, h0)
            x = saved
            compare(dx[j], (up - down) / (2 * d))
        }
        #expect(checked > 240 && scale > 1e-2 && worst / scale < 1e-7, "\(cell): \(worst / scale) over \(checked)")
    }

    /// The reverse direction reads the sequence backwards: a bidirectional layer on a reversed
    /// input gives the mirrored outputs with the directions swapped, when the two directions share
    /// weights.
    @Test func theReverseDirectionReadsBackwards() throws {
        var net = try Self.network(.gru(.resetAfter), layers: 1)
        net.directions[0][1] = net.directions[0][0]
        var rng = SplitMix64(seed: 2)
        let x = SequenceBatch.uniform(steps: 5, batchSize: 1, featureSize: 3, using: &rng)
        let a = net.forward(x).outputs, b = net.forward(BidirectionalNetwork.reversed(x)).outputs
        for t in 0..<5 {
            for j in 0..<4 {
                #expect(a[t * 8 + j] == b[(4 - t) * 8 + 4 + j] && a[t * 8 + 4 + j] == b[(4 - t) * 8 + j])
            }
        }
    }

    /// Scaled sums keep values Double cannot hold: 2^−1200 + 2^−1200 = 2^−1199, exactly.
    @Test func scaledSumsDoNotUnderflow() {
        let a = ScaledSequence(steps: 1, batchSize: 1, width: 2, mantissas: [1, 0.5], exponents: [-1200])
        let b = ScaledSequence(steps: 1, batchSize: 1, width: 2, mantissas: [1, 0.5], exponents: [-1200])
        let s = a + b
        #expect(s.exponents == [-1200] && s.mantissas == [2, 1])
        let c = ScaledSequence(steps: 1, batchSize: 1, width: 2, mantissas: [1, 1], exponents: [-1190])
        let u = a + c
        #expect(u.exponents == [-1190] && u.mantissas == [1 + 0x1p-10, 1 + 0x1p-11])
        #expect(s.unscaled == [0, 0], "2^-1199 is below Double's range once unscaled")
    }
}

/// Lower-precision storage of the state gradient (`BackwardOptions.stateFormat`), by hand: a linear
/// RNN with W_hh = ½·I, no input, h_0 = 2^T·1 and the last-step loss ½‖h_T‖² has h_T = 1 and
/// ∂L/∂h_t = 2^−(T−t)·1 exactly. Each format holds 2^−lag exactly down to its smallest subnormal
/// (float32 2^−149, bfloat16 2^−133, float16 2^−24); one step further the value is half of it, a
/// tie that rounds to even: 0, and 0 from there on. The exact pass never reaches 0.
@Suite struct StorageFormatTests {
    @Test(arguments: [(StorageFormat.float32, 150), (.bfloat16, 134), (.float16, 25)])
    func theGradientBecomesZeroOneStepBelowTheSmallestSubnormal(_ format: StorageFormat, zeroFrom lag: Int) {
        let T = 300, H = 2
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 1, hiddenSize: H)
        net.layers[0].setTensor("weight_hh", [0.5, 0, 0, 0.5])
        let x = SequenceBatch(steps: T, batchSize: 1, featureSize: 1, values: .init(repeating: 0, count: T))
        let h0 = RecurrentState(
            hidden: Matrix(rows: 1, columns: H, storage: [0x1p300, 0x1p300]), cell: Matrix(rows: 1, columns: 0))
        let exact = net.gradients(x, initialStates: [h0], loss: .last).backprop.gradHiddenLog10[0]
        let tr = net.forward(x, initialStates: [h0])
        let low = net.backward(
            tr, outputGradient: ProbeLoss.last.outputGradient(tr),
            options: BackwardOptions(stateFormat: format)
        ).gradHiddenLog10[0]
        let sqrt2 = 0.5 * log10(2.0)  // ‖(2^−k, 2^−k)‖ = 2^−k·√2
        for k in 0...T {
            let t = T - k
            #expect(abs(exact[t] - (-Double(k) * log10(2.0) + sqrt2)) < 1e-12, "exact, lag \(k)")
            if k < lag {
                #expect(low[t] == exact[t], "\(format), lag \(k): still exact")
            } else {
                #expect(low[t] == -.infinity, "\(format), lag \(k): exactly zero")
            }
        }
        #expect(format.round(0x1p-149) == (format == .float32 ? 0x1p-149 : 0))
        #expect(StorageFormat.float16.round(65520) == .infinity && StorageFormat.bfloat16.round(1 + 0x1p-8) == 1)
    }
}

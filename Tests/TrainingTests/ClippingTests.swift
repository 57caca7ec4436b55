import Foundation
import LinearAlgebra
import Testing
import Recurrent
@testable import Training

@Suite struct ClippingTests {
    func clip(_ mode: ClipMode, _ values: [[Double]], policy: NonFinitePolicy = .error) throws -> (
        [[Double]], ClipRecord
    ) {
        var t = values.enumerated().map { (name: "t\($0.offset)", values: $0.element) }
        let r = try Clipper(mode, nonFinite: policy).clip(&t)
        return (t.map(\.values), r)
    }

    @Test func pytorchGlobalNorm() throws {
        // torch.nn.utils.clip_grad_norm_ on [3, 4] with max_norm 2: coef = 2/(5 + 1e-6), giving
        // [1.19999976, 1.59999968] (to the 8 digits PyTorch prints; exactly 6/5.000001, 8/5.000001).
        let (v, r) = try clip(.globalNormPyTorch(maxNorm: 2), [[3, 4]])
        #expect(abs(v[0][0] - 1.19999976) < 1e-8)
        #expect(abs(v[0][1] - 1.59999968) < 1e-8)
        let coef: Double = 2 / 5.000001
        #expect(v[0] == [3 * coef, 4 * coef])
        #expect(r.preClipNorm == 5 && r.fired)
        #expect(abs(r.postClipNorm - 2) < 1e-6)
        // Below the threshold nothing fires (coef clamped to 1).
        let (w, s) = try clip(.globalNormPyTorch(maxNorm: 10), [[3, 4]])
        #expect(w == [[3, 4]] && !s.fired)
    }

    @Test func exactGlobalNormAcrossTensors() throws {
        // tf.clip_by_global_norm([[3], [4]], 2): global norm 5, each scaled by 2/5 → [1.2], [1.6].
        let (v, r) = try clip(.globalNormExact(maxNorm: 2), [[3], [4]])
        // 3·(2/5) = 1.2000000000000002 in Double (TensorFlow computes the same scale-then-multiply).
        #expect(abs(v[0][0] - 1.2) < 1e-15)
        #expect(abs(v[1][0] - 1.6) < 1e-15)
        #expect(r.fired && r.tensors.map(\.pre) == [3, 4])
    }

    @Test func perTensorAndValue() throws {
        // Keras clipnorm = 2 per tensor: [3, 4] (norm 5) → [1.2, 1.6]; [0.6, 0.8] (norm 1) unchanged.
        let (v, r) = try clip(.perTensorNorm(maxNorm: 2), [[3, 4], [0.6, 0.8]])
        #expect(v[1] == [0.6, 0.8])
        #expect(abs(v[0][0] - 1.2) < 1e-15 && abs(v[0][1] - 1.6) < 1e-15)
        #expect(r.fired)
        let (w, s) = try clip(.value(limit: 0.5), [[3, -4, 0.25]])
        #expect(w == [[0.5, -0.5, 0.25]] && s.fired)
        let (_, u) = try clip(.value(limit: 5), [[3, -4]])
        #expect(!u.fired && u.preClipNorm == u.postClipNorm)
    }

    @Test(arguments: [Double.infinity, .nan])
    func nonFinitePolicies(bad: Double) throws {
        #expect(throws: ClipError.self) { try clip(.globalNormPyTorch(maxNorm: 1), [[1, 2], [bad, 1]]) }
        do {
            _ = try clip(.globalNormPyTorch(maxNorm: 1), [[1, 2], [bad, 1]])
        } catch let ClipError.nonFinite(tensor, _) {
            #expect(tensor == "t1")
        }
        let (v, r) = try clip(.globalNormPyTorch(maxNorm: 1), [[1, 2], [bad, 1]], policy: .skipUpdate)
        #expect(r.skipped && !r.fired && r.firstNonFiniteTensor == "t1")
        #expect(v[0] == [1, 2])  // untouched
        #expect(!r.preClipNorm.isFinite)
    }

    @Test func clipsNetworkGradientsByPyTorchName() throws {
        var g = [LayerGradients(cell: .rnn(.tanh), inputSize: 1, hiddenSize: 1)]
        g[0].weightHH.storage = [3]
        g[0].weightIH.storage = [4]
        let r = try Clipper(.globalNormExact(maxNorm: 1)).clip(&g)
        #expect(r.tensors.map(\.name) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect(abs(g[0].weightHH.storage[0] - 0.6) < 1e-15 && abs(g[0].weightIH.storage[0] - 0.8) < 1e-15)
    }
}

/// Mikolov's clipping inside BPTT, against a hand derivation: a 1-unit linear RNN h_t = 2·h_{t−1}
/// + x_t, x = (1, 0, 0), h = (1, 2, 4), L = ½h_3². Exact: ∂L/∂h_3 = 4, ∂L/∂h_2 = 8, ∂L/∂h_1 = 16,
/// ∂L/∂w = Σ_t ∂L/∂h_t·h_{t−1} = 4·2 + 8·1 + 16·0 = 16. Clamped at 1, every ∂L/∂h_t is 1 (each
/// step's 2·1 is clamped again), so ∂L/∂w = 1·2 + 1·1 + 1·0 = 3 and ∂L/∂h_0 = 2·1 = 2 carried out.
@Suite struct MikolovClippingTests {
    func network() -> RecurrentNetwork {
        var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: 1, hiddenSize: 1)
        net.layers[0].weightIH = Matrix(rows: 1, columns: 1, storage: [1])
        net.layers[0].weightHH = Matrix(rows: 1, columns: 1, storage: [2])
        return net
    }

    @Test func clampedStateGradientsGiveTheHandDerivedGradient() {
        let input = SequenceBatch(steps: 3, batchSize: 1, featureSize: 1, values: [1, 0, 0])
        let exact = network().gradients(input, loss: .last).backprop
        #expect(exact.parameterGradients[0].weightHH[0, 0] == 16)
        let clipped = network().gradients(input, loss: .last, options: BackwardOptions(stateClip: 1)).backprop
        #expect(clipped.parameterGradients[0].weightHH[0, 0] == 3)
        #expect(clipped.parameterGradients[0].weightIH[0, 0] == 1)  // Σ_t ∂L/∂h_t·x_t = 1·1 + 1·0 + 1·0
        #expect(clipped.gradHiddenLog10[0][1] == 0 && clipped.gradHiddenLog10[0][3] == 0)  // ‖∂L/∂h_t‖ = 1
        #expect(abs(clipped.gradHiddenLog10[0][0] - log10(2)) < 1e-15)
        // A limit above every entry changes nothing.
        let loose = network().gradients(input, loss: .last, options: BackwardOptions(stateClip: 100)).backprop
        #expect(loose.parameterGradients[0].weightHH[0, 0] == 16)
    }
}

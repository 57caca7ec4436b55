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

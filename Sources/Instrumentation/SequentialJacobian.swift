import Foundation
import LinearAlgebra
import Recurrent

/// The sequential Jacobian (Graves 2012, *Supervised Sequence Labelling with Recurrent Neural
/// Networks*, §3.2): how sensitive the network's output at step t is to its input at step s, as
/// the Frobenius norm ‖∂y_t/∂x_s‖ of the W × I block of the Jacobian, for every (t, s).
///
/// Computed exactly with T backward passes over a batch of W copies of one sequence: in pass t,
/// copy b receives ∂L/∂y_t = e_b (and nothing at other steps), so its input gradient at step s is
/// row b of ∂y_t/∂x_s. The input gradients stay scaled (`ScaledSequence`), so a sensitivity far
/// below 1e-308 is still measured, not 0.
public enum SequentialJacobian {
    /// `backward(g)`: the input gradient, scaled, of the W-copy batch for the output gradient g
    /// (T·W × W values, sequence-first). Returns log10 ‖∂y_t/∂x_s‖_F as [t][s] (0-based steps);
    /// −∞ where the block is exactly zero (s > t in a causal network).
    public static func measure(
        steps T: Int, width W: Int, inputSize I: Int, backward: ([Double]) -> ScaledSequence
    ) -> [[Double]] {
        var out = [[Double]](repeating: [Double](repeating: -.infinity, count: T), count: T)
        for t in 0..<T {
            var g = [Double](repeating: 0, count: T * W * W)
            for b in 0..<W { g[(t * W + b) * W + b] = 1 }
            let dx = backward(g)
            precondition(
                dx.steps == T && dx.batchSize == W && dx.width == I, "SequentialJacobian: input gradient shape")
            dx.mantissas.withUnsafeBufferPointer { m in
                for s in 0..<T {
                    out[t][s] = Norms.log10Euclidean(
                        m.baseAddress! + s * W * I, count: W * I, exponent2: dx.exponents[s])
                }
            }
        }
        return out
    }

    /// `count` copies of sequence `b` of `x`.
    public static func replicate(_ x: SequenceBatch, sequence b: Int, count: Int) -> SequenceBatch {
        let I = x.featureSize
        var v = [Double](repeating: 0, count: x.steps * count * I)
        for t in 0..<x.steps {
            for c in 0..<count {
                for i in 0..<I { v[(t * count + c) * I + i] = x.values[(t * x.batchSize + b) * I + i] }
            }
        }
        return SequenceBatch(steps: x.steps, batchSize: count, featureSize: I, values: v)
    }

    /// The sequential Jacobian of sequence `b` of `input` through a (stacked, unidirectional) network.
    public static func measure(_ net: RecurrentNetwork, input: SequenceBatch, sequence b: Int = 0) -> [[Double]] {
        let W = net.outputSize
        let x = replicate(input, sequence: b, count: W)
        let trace = net.forward(x)
        return measure(steps: x.steps, width: W, inputSize: x.featureSize) { g in
            net.backwardScaled(
                trace, outputGradient: ScaledSequence(plain: g, steps: x.steps, batchSize: W, width: W),
                options: BackwardOptions(norms: false)
            ).inputGradient
        }
    }

    /// The same through a bidirectional network (outputs [h→_t, h←_t], 2S wide).
    public static func measure(_ net: BidirectionalNetwork, input: SequenceBatch, sequence b: Int = 0) -> [[Double]] {
        let W = 2 * net.outputSize
        let x = replicate(input, sequence: b, count: W)
        let trace = net.forward(x)
        return measure(steps: x.steps, width: W, inputSize: x.featureSize) { g in
            net.backward(trace, outputGradient: g, options: BackwardOptions(norms: false)).inputGradient
        }
    }
}

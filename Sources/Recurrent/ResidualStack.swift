import Foundation
import LinearAlgebra

/// A stack of single-layer recurrent networks with optional residual connections between layers
/// (Pascanu, Gulcehre, Cho & Bengio 2014's "shortcut" stacks; the residual LSTM stacks of Wu et
/// al. 2016, GNMT): layer k reads x^(k) and its output is
///
///     o^(k)_t = h^(k)_t + x^(k)_t   (residual, k ≥ 1, where x^(k) = o^(k−1) is H wide)
///     o^(k)_t = h^(k)_t             (otherwise; always for layer 0, whose input is I wide)
///
/// and x^(k+1) = o^(k). Without residual connections it is exactly `RecurrentNetwork` with
/// `layerCount` layers (`ResidualStackTests` checks the gradients agree).
///
/// Backward: ∂L/∂o^(k) reaches layer k's outputs directly; ∂L/∂x^(k) = (what layer k's BPTT
/// passes to its input) + (∂L/∂o^(k) itself, through the identity, when residual), all carried as
/// `ScaledSequence` so nothing underflows between layers.
public struct ResidualStack: Sendable {
    /// One single-layer network per layer, bottom first.
    public var layers: [RecurrentNetwork]
    public var residual: Bool

    public var layerCount: Int { layers.count }
    public var outputSize: Int { layers[layers.count - 1].outputSize }

    /// The layers of `network` (each as a 1-layer network with the same weights).
    public init(_ network: RecurrentNetwork, residual: Bool) {
        precondition(network.projectionSize == 0, "ResidualStack: projections are not supported")
        layers = network.layers.enumerated().map { k, p in
            var n = RecurrentNetwork(
                cell: network.cell, inputSize: k == 0 ? network.inputSize : network.hiddenSize,
                hiddenSize: network.hiddenSize)
            n.layers[0] = p
            return n
        }
        self.residual = residual
    }

    /// Whether layer k adds its input to its output.
    public func adds(_ k: Int) -> Bool { residual && k >= 1 }

    public struct Trace: Sendable {
        public var traces: [ForwardTrace]
        /// o^(top), T·B × H, sequence-first.
        public var outputs: [Double]
        public var steps: Int
        public var batchSize: Int
    }

    /// `initialStates`: one per layer (zeros when nil).
    public func forward(_ input: SequenceBatch, initialStates: [RecurrentState]? = nil) -> Trace {
        var x = input
        var traces: [ForwardTrace] = []
        for k in 0..<layerCount {
            let tr = layers[k].forward(x, initialStates: initialStates.map { [$0[k]] })
            traces.append(tr)
            var o = tr.outputs
            if adds(k) { for i in 0..<o.count { o[i] += x.values[i] } }
            x = SequenceBatch(
                steps: input.steps, batchSize: input.batchSize, featureSize: layers[k].outputSize, values: o)
        }
        return Trace(traces: traces, outputs: x.values, steps: input.steps, batchSize: input.batchSize)
    }

    /// L = ½‖o_T‖² (`.last`) or Σ_t ½‖o_t‖² (`.all`) of the top layer's outputs.
    public static func probeLoss(_ trace: Trace, _ loss: ProbeLoss) -> (value: Double, gradient: [Double]) {
        let n = trace.batchSize * (trace.outputs.count / max(trace.steps * trace.batchSize, 1))
        var g = [Double](repeating: 0, count: trace.outputs.count)
        var v = 0.0
        let first = loss == .last ? trace.steps - 1 : 0
        for i in (first * n)..<(trace.steps * n) {
            g[i] = trace.outputs[i]
            v += 0.5 * trace.outputs[i] * trace.outputs[i]
        }
        return (v, g)
    }

    public struct Backprop: Sendable {
        /// One per layer, bottom first (each a 1-layer `Backpropagation`: `gradHiddenLog10[0]` is
        /// log10 ‖∂L/∂h^(k)_t‖, t = 0 … T).
        public var backprops: [Backpropagation]
        /// ∂L/∂x of the stack's input, scaled.
        public var inputGradient: ScaledSequence
    }

    public func backward(_ trace: Trace, outputGradient: [Double], options: BackwardOptions = BackwardOptions())
        -> Backprop
    {
        var g = ScaledSequence(
            plain: outputGradient, steps: trace.steps, batchSize: trace.batchSize, width: outputSize)
        var out = [Backpropagation?](repeating: nil, count: layerCount)
        for k in stride(from: layerCount - 1, through: 0, by: -1) {
            let (b, dx) = layers[k].backwardScaled(trace.traces[k], outputGradient: g, options: options)
            out[k] = b
            g = adds(k) ? dx + g : dx
        }
        return Backprop(backprops: out.map { $0! }, inputGradient: g)
    }
}

extension GradientCheck {
    /// The finite-difference check of a residual stack under a probe loss: every tensor of every
    /// layer and every initial state, as `compare` does for a `RecurrentNetwork`.
    public static func compare(
        _ stack: ResidualStack, input: SequenceBatch, initialStates: [RecurrentState], loss: ProbeLoss
    ) -> [TensorError] {
        let trace = stack.forward(input, initialStates: initialStates)
        let (value, g) = ResidualStack.probeLoss(trace, loss)
        let analytic = stack.backward(trace, outputGradient: g)
        let floor = 1e4 * Double.ulpOfOne * Swift.max(1, Swift.abs(value)) / relativeStep
        func lossAt(_ s: ResidualStack, _ st: [RecurrentState]) -> Double {
            ResidualStack.probeLoss(s.forward(input, initialStates: st), loss).value
        }
        var out: [TensorError] = []
        for k in 0..<stack.layerCount {
            let grads = analytic.backprops[k].parameterGradients[0].tensors
            for (ti, tensor) in stack.layers[k].layers[0].tensors.enumerated() {
                let numeric = derivative(of: tensor.values) { v in
                    var s = stack
                    s.layers[k].layers[0].setTensor(tensor.name, v)
                    return lossAt(s, initialStates)
                }
                out.append(error("\(tensor.name)_l\(k)", grads[ti].values, numeric, floor: floor))
            }
            let h = derivative(of: initialStates[k].hidden.storage) { v in
                var st = initialStates
                st[k].hidden.storage = v
                return lossAt(stack, st)
            }
            out.append(
                error("h0_l\(k)", analytic.backprops[k].initialStateGradients[0].hidden.storage, h, floor: floor))
            if stack.layers[k].cell.hasCellState {
                let c = derivative(of: initialStates[k].cell.storage) { v in
                    var st = initialStates
                    st[k].cell.storage = v
                    return lossAt(stack, st)
                }
                out.append(
                    error("c0_l\(k)", analytic.backprops[k].initialStateGradients[0].cell.storage, c, floor: floor))
            }
        }
        let dx = derivative(of: input.values) { v in
            let x = SequenceBatch(
                steps: input.steps, batchSize: input.batchSize, featureSize: input.featureSize, values: v)
            return ResidualStack.probeLoss(stack.forward(x, initialStates: initialStates), loss).value
        }
        out.append(error("input", analytic.inputGradient.unscaled, dx, floor: floor))
        return out
    }
}

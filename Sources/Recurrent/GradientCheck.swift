import Foundation
import LinearAlgebra

/// Compares the exact BPTT gradients with central finite differences in Double.
///
/// For every element θ_j of every parameter tensor and of every initial state (h_0, and c_0 for
/// the LSTM), the numerical derivative is the five-point central difference
/// (−L(θ_j + 2δ) + 8L(θ_j + δ) − 8L(θ_j − δ) + L(θ_j − 2δ)) / 12δ with δ = 1e-4·max(1, |θ_j|).
/// Its truncation error is O(δ⁴) ≈ 1e-17, so δ can be larger than the two-point rule allows and
/// the rounding error, about 1.5·ε·|L|/δ ≈ 3e-12·|L|, dominates.
///
/// The error of a tensor is normwise: max_j |a_j − n_j| / max(max_j |a_j|, max_j |n_j|, η)
/// (analytic a, numerical n). Normwise, because an element far smaller than its tensor (a weight
/// into a saturated unit, say) has a numerical derivative made of rounding noise alone; its error
/// is still counted, at the scale of the tensor. η = 1e4·ε·max(1, |L|)/δ ≈ 2e-8·max(1, |L|) is the
/// smallest gradient scale finite differences resolve to 1e-4: a tensor whose gradient is exactly
/// zero (a ReLU path cut by dead units) has numerical derivatives of about 1e-15, and dividing that
/// by 0 would report 100% error. A wrong backward formula gives errors of order 1.
/// Not for: non-smooth points (a ReLU pre-activation within δ of 0), where the two sides differ.
public enum GradientCheck {
    /// The relative step δ of the finite differences.
    public static let relativeStep = 1e-4

    /// The outcome for one tensor.
    public struct TensorError: Sendable {
        /// `weight_hh_l1`, `h0_l0`, `c0_l1`, …
        public var name: String
        public var relativeError: Double
        /// max_j |a_j|, to see what the error is relative to.
        public var scale: Double
    }

    /// One configuration to check.
    public struct Case: Sendable, CustomStringConvertible {
        public var cell: CellKind
        public var layers: Int
        public var loss: ProbeLoss
        public var inputSize = 3
        public var hiddenSize = 4
        /// P of an LSTM with projections (0: none).
        public var projectionSize = 0
        public var batchSize = 2
        public var steps = 6
        public var seed: UInt64 = 20_131_001

        public init(cell: CellKind, layers: Int, loss: ProbeLoss) {
            self.cell = cell
            self.layers = layers
            self.loss = loss
        }

        public var description: String {
            let p = projectionSize > 0 ? ", proj_size \(projectionSize)" : ""
            return "\(cell)\(p), \(layers) layer\(layers == 1 ? "" : "s"), loss \(loss)"
        }

        /// Every cell × variant × activation, 1 and 2 layers, both probe losses.
        public static var all: [Case] {
            CellKind.all.flatMap { c in
                [1, 2].flatMap { l in ProbeLoss.allCases.map { Case(cell: c, layers: l, loss: $0) } }
            }
        }
    }

    /// Builds the case's network (PyTorch default init, random biases and peepholes), input and
    /// non-zero initial states, and checks every tensor. Returns one entry per tensor.
    public static func run(_ c: Case) throws -> [TensorError] {
        var rng = SplitMix64(seed: c.seed)
        var net = RecurrentNetwork(
            cell: c.cell, inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layers,
            projectionSize: c.projectionSize)
        try Initializer.pytorch.initialize(&net, using: &rng)
        if let gamma = c.cell.gamma {
            // A vanilla RNN gets γ·σ_max(W_hh) = 0.95: neither vanishing nor exploding over the few
            // steps of a check, so the initial-state gradient stays far above the rounding noise
            // of the numerical derivative (with PyTorch's init a sigmoid RNN's ‖∂L/∂h_0‖ is ~1e-7).
            for l in 0..<net.layerCount {
                net.layers[l].weightHH = try Initializer.rescale(net.layers[l].weightHH, to: .sigmaMax(0.95 / gamma))
                if c.cell == .rnn(.relu) {
                    // Most units active (b_ih shifted by +0.5), so the check runs through the
                    // recurrent path instead of through a stack of dead units.
                    net.layers[l].biasIH = net.layers[l].biasIH.map { $0 + 0.5 }
                }
            }
        }
        let input = SequenceBatch.uniform(steps: c.steps, batchSize: c.batchSize, featureSize: c.inputSize, using: &rng)
        let states = (0..<c.layers).map { _ in
            RecurrentState(
                hidden: Matrix(
                    rows: c.batchSize, columns: net.outputSize,
                    storage: (0..<(c.batchSize * net.outputSize)).map { _ in rng.uniform(-0.5, 0.5) }),
                cell: Matrix(
                    rows: c.batchSize, columns: c.cell.hasCellState ? c.hiddenSize : 0,
                    storage: (0..<(c.cell.hasCellState ? c.batchSize * c.hiddenSize : 0)).map { _ in
                        rng.uniform(-0.5, 0.5)
                    }))
        }
        return compare(net, input: input, initialStates: states, loss: c.loss)
    }

    /// Checks every tensor of `network` and every initial state at the given point.
    public static func compare(
        _ network: RecurrentNetwork, input: SequenceBatch,
        initialStates: [RecurrentState], loss: ProbeLoss
    ) -> [TensorError] {
        let (value, _, analytic) = network.gradients(input, initialStates: initialStates, loss: loss)
        let floor = 1e4 * Double.ulpOfOne * Swift.max(1, Swift.abs(value)) / relativeStep
        func lossAt(_ n: RecurrentNetwork, _ s: [RecurrentState]) -> Double {
            loss.value(n.forward(input, initialStates: s))
        }
        var out: [TensorError] = []
        for (l, layer) in network.layers.enumerated() {
            let grads = analytic.parameterGradients[l].tensors
            for (ti, tensor) in layer.tensors.enumerated() {
                let numeric = derivative(of: tensor.values) { v in
                    var n = network
                    n.layers[l].setTensor(tensor.name, v)
                    return lossAt(n, initialStates)
                }
                out.append(error("\(tensor.name)_l\(l)", grads[ti].values, numeric, floor: floor))
            }
            let h = derivative(of: initialStates[l].hidden.storage) { v in
                var s = initialStates
                s[l].hidden.storage = v
                return lossAt(network, s)
            }
            out.append(error("h0_l\(l)", analytic.initialStateGradients[l].hidden.storage, h, floor: floor))
            if network.cell.hasCellState {
                let c = derivative(of: initialStates[l].cell.storage) { v in
                    var s = initialStates
                    s[l].cell.storage = v
                    return lossAt(network, s)
                }
                out.append(error("c0_l\(l)", analytic.initialStateGradients[l].cell.storage, c, floor: floor))
            }
        }
        return out
    }

    /// Central differences of `f` at `x`, element by element.
    static func derivative(of x: [Double], _ f: ([Double]) -> Double) -> [Double] {
        var v = x
        return (0..<x.count).map { j in
            let delta = relativeStep * Swift.max(1, Swift.abs(x[j]))
            func at(_ k: Double) -> Double { v[j] = x[j] + k * delta; return f(v) }
            let d = (-at(2) + 8 * at(1) - 8 * at(-1) + at(-2)) / (12 * delta)
            v[j] = x[j]
            return d
        }
    }

    static func error(_ name: String, _ a: [Double], _ n: [Double], floor: Double) -> TensorError {
        var diff = 0.0, scale = floor, aScale = 0.0
        for (x, y) in zip(a, n) {
            diff = Swift.max(diff, Swift.abs(x - y))
            scale = Swift.max(scale, Swift.abs(x), Swift.abs(y))
            aScale = Swift.max(aScale, Swift.abs(x))
            if !x.isFinite || !y.isFinite { diff = .nan }
        }
        let rel = diff.isNaN ? Double.nan : diff / scale
        return TensorError(name: name, relativeError: rel, scale: aScale)
    }
}

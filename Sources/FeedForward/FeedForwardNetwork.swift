import Foundation
import LinearAlgebra

/// The nonlinearity of a feed-forward layer.
public enum FeedForwardActivation: String, Sendable, CaseIterable {
    case tanh, relu, linear

    @inline(__always) func value(_ z: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(z)
        case .relu: return z > 0 ? z : 0
        case .linear: return z
        }
    }

    /// φ'(z), from z and h = φ(z).
    @inline(__always) func derivative(_ z: Double, _ h: Double) -> Double {
        switch self {
        case .tanh: return 1 - h * h
        case .relu: return z > 0 ? 1 : 0
        case .linear: return 1
        }
    }
}

/// How layer l's output a_{l+1} is formed from its input (B rows, n = `width` columns each):
///
/// - `plain`:    a_{l+1} = φ(a_l W_lᵀ + b_l)
/// - `residual`: a_{l+1} = a_l + φ(a_l W_lᵀ + b_l)   (an identity shortcut per layer, He et al. 2016)
/// - `highway`:  a_{l+1} = h ⊙ t + a_l ⊙ (1 − t), h = φ(a_l W_lᵀ + b_l), t = σ(a_l G_lᵀ + c_l)
///               (Srivastava, Greff & Schmidhuber 2015, eq. 3, the carry gate C = 1 − T)
/// - `dense`:    a_{l+1} = φ([a_0, a_1, …, a_l] W_lᵀ + b_l), W_l n × (l + 1)·n: every layer reads the
///               input and every earlier layer's output (Huang et al. 2017, eq. 2)
public enum FeedForwardArchitecture: String, Sendable, CaseIterable {
    case plain, residual, highway, dense
}

/// A deep feed-forward network of `depth` layers, each `width` wide (the input too), with exact
/// backpropagation: ∂L/∂a_l for every layer carried as a mantissa matrix and a power of two, so
/// log10 ‖∂L/∂a_l‖ is exact however deep the gradient vanishes (the recurrent core's scaled
/// norms), and every parameter gradient formed from it (finite-difference checked,
/// `FeedForwardTests`).
public struct FeedForwardNetwork: Sendable {
    public let width: Int
    public let architecture: FeedForwardArchitecture
    public let activation: FeedForwardActivation
    /// W_l, n × (input width of layer l).
    public var weights: [Matrix]
    public var biases: [[Double]]
    /// The highway gates' G_l (n × n) and c_l; empty for the other architectures.
    public var gateWeights: [Matrix]
    public var gateBiases: [[Double]]

    public var depth: Int { weights.count }

    /// The width layer l reads: n, or (l + 1)·n for a dense network.
    public func inputWidth(of l: Int) -> Int { architecture == .dense ? (l + 1) * width : width }

    /// Zero weights and biases.
    public init(
        width: Int, depth: Int, architecture: FeedForwardArchitecture, activation: FeedForwardActivation
    ) {
        precondition(width >= 1 && depth >= 1, "FeedForwardNetwork: width and depth must be ≥ 1")
        self.width = width
        self.architecture = architecture
        self.activation = activation
        let inputs = (0..<depth).map { architecture == .dense ? ($0 + 1) * width : width }
        weights = inputs.map { Matrix(rows: width, columns: $0) }
        biases = (0..<depth).map { _ in [Double](repeating: 0, count: width) }
        let gates = architecture == .highway ? depth : 0
        gateWeights = (0..<gates).map { _ in Matrix(rows: width, columns: width) }
        gateBiases = (0..<gates).map { _ in [Double](repeating: 0, count: width) }
    }

    /// The parameter tensors by name (`weight_l{k}`, `bias_l{k}`, `gate_weight_l{k}`, `gate_bias_l{k}`).
    public var tensors: [(name: String, values: [Double])] {
        var out: [(String, [Double])] = []
        for l in 0..<depth {
            out.append(("weight_l\(l)", weights[l].storage))
            out.append(("bias_l\(l)", biases[l]))
            if architecture == .highway {
                out.append(("gate_weight_l\(l)", gateWeights[l].storage))
                out.append(("gate_bias_l\(l)", gateBiases[l]))
            }
        }
        return out
    }

    /// Replaces the tensor named as in `tensors`.
    public mutating func setTensor(_ name: String, _ values: [Double]) {
        for l in 0..<depth {
            switch name {
            case "weight_l\(l)": weights[l].storage = values; return
            case "bias_l\(l)": biases[l] = values; return
            case "gate_weight_l\(l)": gateWeights[l].storage = values; return
            case "gate_bias_l\(l)": gateBiases[l] = values; return
            default: continue
            }
        }
        preconditionFailure("FeedForwardNetwork.setTensor: no tensor \(name)")
    }

    /// What the backward pass needs of the forward pass.
    public struct Trace: Sendable {
        /// a_0 (the input) … a_D, each B × n.
        public var outputs: [Matrix]
        /// z_l and h_l = φ(z_l) of every layer, B × n.
        public var pre: [Matrix]
        public var hidden: [Matrix]
        /// t_l of a highway layer (empty otherwise).
        public var gates: [Matrix]
        public var batchSize: Int { outputs[0].rows }
    }

    /// [a_0, …, a_l] side by side (B × (l + 1)·n), the input of dense layer l.
    static func concatenated(_ parts: ArraySlice<Matrix>) -> Matrix {
        let B = parts.first!.rows, n = parts.first!.columns, k = parts.count
        var m = Matrix(rows: B, columns: k * n)
        for (j, p) in parts.enumerated() {
            for b in 0..<B { for i in 0..<n { m.storage[b * k * n + j * n + i] = p.storage[b * n + i] } }
        }
        return m
    }

    func layerInput(_ outputs: [Matrix], _ l: Int) -> Matrix {
        architecture == .dense ? Self.concatenated(outputs[0...l]) : outputs[l]
    }

    static func affine(_ u: Matrix, _ w: Matrix, _ b: [Double]) -> Matrix {
        var z = Matrix.product(u, .none, w, .transpose)
        for r in 0..<z.rows { for i in 0..<z.columns { z.storage[r * z.columns + i] += b[i] } }
        return z
    }

    @inline(__always) static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    public func forward(_ x: Matrix) -> Trace {
        precondition(x.columns == width, "FeedForwardNetwork.forward: the input must be B × \(width)")
        var outputs = [x], pre: [Matrix] = [], hidden: [Matrix] = [], gates: [Matrix] = []
        for l in 0..<depth {
            let u = layerInput(outputs, l)
            let z = Self.affine(u, weights[l], biases[l])
            var h = z
            for i in 0..<h.storage.count { h.storage[i] = activation.value(z.storage[i]) }
            pre.append(z)
            hidden.append(h)
            var a = h
            switch architecture {
            case .plain, .dense: break
            case .residual:
                for i in 0..<a.storage.count { a.storage[i] += outputs[l].storage[i] }
            case .highway:
                var t = Self.affine(outputs[l], gateWeights[l], gateBiases[l])
                for i in 0..<t.storage.count {
                    t.storage[i] = Self.sigmoid(t.storage[i])
                    a.storage[i] = h.storage[i] * t.storage[i] + outputs[l].storage[i] * (1 - t.storage[i])
                }
                gates.append(t)
            }
            outputs.append(a)
        }
        return Trace(outputs: outputs, pre: pre, hidden: hidden, gates: gates)
    }

    /// The gradients of one backward pass.
    public struct Gradients: Sendable {
        /// Same order and names as `tensors`.
        public var tensors: [(name: String, values: [Double])]
        /// ∂L/∂a_0 as plain Doubles (B × n).
        public var input: Matrix
        /// log10 ‖∂L/∂a_l‖ (Frobenius over the batch), l = 0 … D: exact (scaled), −∞ only when exactly 0.
        public var outputLog10: [Double]
        /// log10 ‖∂L/∂z_l‖ of every layer's pre-activations, l = 0 … D − 1 (Glorot & Bengio's
        /// back-propagated gradients).
        public var preActivationLog10: [Double]
        /// log10 ‖∂L/∂W_l‖, l = 0 … D − 1, exact.
        public var weightLog10: [Double]
    }

    /// A B × n matrix held as m · 2^e.
    struct Scaled {
        var m: Matrix
        var e: Int

        /// Rescales m by a power of two so its largest magnitude is in [1, 2) (no change for 0 or non-finite).
        mutating func renormalize() {
            let top = m.storage.reduce(0.0) { Swift.max($0, abs($1)) }
            guard top > 0, top.isFinite else { return }
            let k = top.exponent
            m.storage.withUnsafeMutableBufferPointer { Norms.scaleByPowerOfTwo($0.baseAddress!, count: $0.count, -k) }
            e += k
        }

        var log10Norm: Double {
            m.storage.withUnsafeBufferPointer { Norms.log10Euclidean($0.baseAddress!, count: $0.count, exponent2: e) }
        }

        var unscaled: Matrix {
            var u = m
            u.storage.withUnsafeMutableBufferPointer { Norms.scaleByPowerOfTwo($0.baseAddress!, count: $0.count, e) }
            return u
        }

        /// self += other (aligned to the larger exponent).
        mutating func add(_ other: Scaled) {
            let top = Swift.max(e, other.e)
            var a = m, b = other.m
            a.storage.withUnsafeMutableBufferPointer {
                Norms.scaleByPowerOfTwo($0.baseAddress!, count: $0.count, e - top)
            }
            b.storage.withUnsafeMutableBufferPointer {
                Norms.scaleByPowerOfTwo($0.baseAddress!, count: $0.count, other.e - top)
            }
            for i in 0..<a.storage.count { a.storage[i] += b.storage[i] }
            m = a
            e = top
            renormalize()
        }
    }

    /// Exact backpropagation of a loss whose gradient with respect to a_D is `outputGradient` (B × n).
    public func backward(_ trace: Trace, outputGradient: Matrix) -> Gradients {
        let B = trace.batchSize, n = width, D = depth
        precondition(outputGradient.rows == B && outputGradient.columns == n, "backward: ∂L/∂a_D must be B × n")
        // ∂L/∂a_j accumulated top-down; for a dense network layer l adds to every a_j, j ≤ l.
        var acc = [Scaled?](repeating: nil, count: D + 1)
        var top = Scaled(m: outputGradient, e: 0)
        top.renormalize()
        acc[D] = top
        var dW = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: D)
        var db = [[Double]](repeating: [], count: D)
        var dG = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: architecture == .highway ? D : 0)
        var dc = [[Double]](repeating: [], count: architecture == .highway ? D : 0)
        var outLog = [Double](repeating: .nan, count: D + 1)
        var preLog = [Double](repeating: .nan, count: D)
        var wLog = [Double](repeating: .nan, count: D)

        func unscaled(_ m: Matrix, _ e: Int) -> Matrix {
            var u = m
            u.storage.withUnsafeMutableBufferPointer { Norms.scaleByPowerOfTwo($0.baseAddress!, count: $0.count, e) }
            return u
        }
        func columnSums(_ m: Matrix) -> [Double] {
            var s = [Double](repeating: 0, count: m.columns)
            for r in 0..<m.rows { for i in 0..<m.columns { s[i] += m.storage[r * m.columns + i] } }
            return s
        }
        func log10Norm(_ m: Matrix, _ e: Int) -> Double {
            m.storage.withUnsafeBufferPointer { Norms.log10Euclidean($0.baseAddress!, count: $0.count, exponent2: e) }
        }

        for l in stride(from: D - 1, through: 0, by: -1) {
            let g = acc[l + 1]!
            outLog[l + 1] = g.log10Norm
            let z = trace.pre[l], h = trace.hidden[l]
            // δ = ∂L/∂z_l (mantissas, exponent g.e).
            var delta = g.m
            var carry: Matrix? = nil  // the direct path into a_l (residual, highway)
            switch architecture {
            case .plain, .dense:
                for i in 0..<delta.storage.count {
                    delta.storage[i] *= activation.derivative(z.storage[i], h.storage[i])
                }
            case .residual:
                for i in 0..<delta.storage.count {
                    delta.storage[i] *= activation.derivative(z.storage[i], h.storage[i])
                }
                carry = g.m
            case .highway:
                let t = trace.gates[l], a = trace.outputs[l]
                var ds = g.m, c = g.m
                for i in 0..<delta.storage.count {
                    let gi = g.m.storage[i], ti = t.storage[i]
                    delta.storage[i] = gi * ti * activation.derivative(z.storage[i], h.storage[i])
                    ds.storage[i] = gi * (h.storage[i] - a.storage[i]) * ti * (1 - ti)
                    c.storage[i] = gi * (1 - ti)
                }
                let gw = Matrix.product(ds, .transpose, a)
                dG[l] = unscaled(gw, g.e)
                dc[l] = unscaled(Matrix(rows: 1, columns: n, storage: columnSums(ds)), g.e).storage
                // ∂L/∂a_l through the gate: ds · G_l.
                var viaGate = Matrix.product(ds, .none, gateWeights[l], .none)
                for i in 0..<viaGate.storage.count { viaGate.storage[i] += c.storage[i] }
                carry = viaGate
            }
            preLog[l] = log10Norm(delta, g.e)
            let u = layerInput(trace.outputs, l)
            let w = Matrix.product(delta, .transpose, u)
            wLog[l] = log10Norm(w, g.e)
            dW[l] = unscaled(w, g.e)
            db[l] = unscaled(Matrix(rows: 1, columns: n, storage: columnSums(delta)), g.e).storage
            // ∂L/∂u = δ · W_l (B × input width), split into its blocks for a dense layer.
            let du = Matrix.product(delta, .none, weights[l], .none)
            if architecture == .dense {
                for j in 0...l {
                    var block = Matrix(rows: B, columns: n)
                    for r in 0..<B {
                        for i in 0..<n { block.storage[r * n + i] = du.storage[r * du.columns + j * n + i] }
                    }
                    var s = Scaled(m: block, e: g.e)
                    s.renormalize()
                    if acc[j] == nil { acc[j] = s } else { acc[j]!.add(s) }
                }
            } else {
                var total = du
                if let carry { for i in 0..<total.storage.count { total.storage[i] += carry.storage[i] } }
                var s = Scaled(m: total, e: g.e)
                s.renormalize()
                acc[l] = s
            }
        }
        outLog[0] = acc[0]!.log10Norm
        var tensors: [(String, [Double])] = []
        for l in 0..<D {
            tensors.append(("weight_l\(l)", dW[l].storage))
            tensors.append(("bias_l\(l)", db[l]))
            if architecture == .highway {
                tensors.append(("gate_weight_l\(l)", dG[l].storage))
                tensors.append(("gate_bias_l\(l)", dc[l]))
            }
        }
        return Gradients(
            tensors: tensors, input: acc[0]!.unscaled, outputLog10: outLog, preActivationLog10: preLog,
            weightLog10: wLog)
    }

    /// ∂a_{l+1}/∂a_l of sequence b (n × n), for every architecture but `dense` (whose layers read
    /// every earlier output: its end-to-end Jacobian is not a product of square factors).
    public func layerJacobian(_ trace: Trace, layer l: Int, sequence b: Int) -> Matrix {
        precondition(architecture != .dense, "layerJacobian: a dense layer's Jacobian is not square")
        let n = width
        var j = Matrix(rows: n, columns: n)
        for i in 0..<n {
            let zi = trace.pre[l].storage[b * n + i], hi = trace.hidden[l].storage[b * n + i]
            let d = activation.derivative(zi, hi)
            switch architecture {
            case .plain, .dense:
                for k in 0..<n { j.storage[i * n + k] = d * weights[l].storage[i * n + k] }
            case .residual:
                for k in 0..<n { j.storage[i * n + k] = d * weights[l].storage[i * n + k] }
                j.storage[i * n + i] += 1
            case .highway:
                let t = trace.gates[l].storage[b * n + i], a = trace.outputs[l].storage[b * n + i]
                let s = (hi - a) * t * (1 - t)
                for k in 0..<n {
                    j.storage[i * n + k] = t * d * weights[l].storage[i * n + k] + s * gateWeights[l].storage[i * n + k]
                }
                j.storage[i * n + i] += 1 - t
            }
        }
        return j
    }

    /// The log10 singular values of ∂a_d/∂a_0 for d = 1 … D (index d − 1), largest first, of
    /// sequence b: the product J_{d−1} ··· J_0 accumulated by QR re-orthonormalisation (Q = I;
    /// J_l Q = Q'R; Σ log10|R_ii|), the method of `JacobianSpectrum` (exact when the factors share
    /// their singular vectors, the Lyapunov estimate otherwise); nothing overflows or underflows.
    public func productSpectrum(_ trace: Trace, sequence b: Int = 0) throws -> [[Double]] {
        var q = Matrix.identity(width)
        var sums = [Double](repeating: 0, count: width)
        var out: [[Double]] = []
        for l in 0..<depth {
            let m = Matrix.product(layerJacobian(trace, layer: l, sequence: b), .none, q, .none)
            guard m.storage.allSatisfy(\.isFinite), sums.allSatisfy({ !$0.isNaN }) else {
                sums = sums.map { _ in .nan }
                out.append(sums)
                continue
            }
            let d = try m.qr()
            q = d.q
            for i in 0..<width { sums[i] += log10(abs(d.r[i, i])) }
            out.append(sums.sorted(by: >))
        }
        return out
    }
}

import FeedForward
import Foundation
import LinearAlgebra
import Recurrent
import Reporting

/// Kind feedforward (issue 15, deep-feedforward): deep feed-forward networks at initialisation
/// (per-layer back-propagated gradients, Jacobian-product spectra) and, with `updates` > 0, a
/// short training run on a teacher task.
public enum FeedForwardParameters {
    public static let architecture = Param<String>.choice(
        "architecture", FeedForwardArchitecture.allCases.map(\.rawValue), "plain",
        "plain, residual (a + φ(Wa + b)), highway (gated, Srivastava et al. 2015) or dense (every layer reads all earlier outputs)"
    )
    public static let activation = Param<String>.choice(
        "activation", FeedForwardActivation.allCases.map(\.rawValue), "tanh", "the nonlinearity φ")
    public static let depth = Param<Int>.integer("depth", 1...200, 10, "layers D")
    public static let width = Param<Int>.integer("width", 1...512, 32, "units n per layer (and input features)")
    public static let batchSize = Param<Int>.integer("batch_size", 1...4096, 16, "examples B in the batch")
    public static let initialisation = Param<String>.choice(
        "init", ["standard", "normalised", "he", "gaussian", "orthogonal"], "normalised",
        "W entries: U(±1/√n_in) (Glorot & Bengio's standard), U(±√6/√(n_in + n_out)) (normalised), N(0, 2/n_in) (He), N(0, s²/n_in) (gaussian), s·orthogonal"
    )
    public static let initScale = Param<Double>.number(
        "init_scale", 0...100, 1, "s of the gaussian and orthogonal inits; other inits multiplied by it")
    public static let weights = Param<String>.choice(
        "weights", ["untied", "tied"], "untied",
        "tied: every layer has layer 0's W and b (the repeated matrix of an RNN unrolled in depth; plain only)")
    public static let gateBias = Param<Double>.number(
        "gate_bias", -20...20, -2, "highway transform-gate bias c (negative: carry at first)")
    public static let spectrum = Param<Bool>.flag(
        "spectrum", false, "record the singular values of ∂a_d/∂a_0 at every depth d (QR method; not dense)")
    public static let train = Param<Bool>.flag(
        "train", false,
        "also train on the teacher task for `updates` updates (otherwise gradients at initialisation only)")
    public static let updates = Param<Int>.integer("updates", 1...1_000_000, 1000, "training updates (with train)")
    public static let learningRate = Param<Double>.number(
        "learning_rate", 1e-9...100, 0.01, "SGD learning rate (momentum 0.9)")
    public static let classes = Param<Int>.integer("classes", 2...64, 4, "teacher task: classes K")
    public static let evalSize = Param<Int>.integer("eval_size", 1...100_000, 1000, "held-out examples")

    static let all: [Parameter] = [
        architecture.declaration, activation.declaration, depth.declaration, width.declaration,
        batchSize.declaration, initialisation.declaration, initScale.declaration, weights.declaration,
        gateBias.declaration, spectrum.declaration, train.declaration, updates.declaration, learningRate.declaration,
        classes.declaration, evalSize.declaration,
    ]
}

private typealias F = FeedForwardParameters

enum FeedForwardRunner {
    /// The network of a configuration, drawn from `rng` (weights layer by layer; biases 0 as in
    /// Glorot & Bengio 2010; highway gates: G as W, c = `gate_bias`).
    static func network(_ c: Configuration, using rng: inout SplitMix64) throws -> FeedForwardNetwork {
        let arch = FeedForwardArchitecture(rawValue: c[F.architecture]) ?? .plain
        let act = FeedForwardActivation(rawValue: c[F.activation]) ?? .tanh
        let n = c[F.width], D = c[F.depth], s = c[F.initScale]
        var net = FeedForwardNetwork(width: n, depth: D, architecture: arch, activation: act)
        func draw(_ rows: Int, _ cols: Int) throws -> Matrix {
            let fanIn = Double(cols), fanOut = Double(rows)
            var m = Matrix(rows: rows, columns: cols)
            switch c[F.initialisation] {
            case "standard":
                let a = 1 / fanIn.squareRoot()
                m.storage = m.storage.map { _ in s * rng.uniform(-a, a) }
            case "he":
                m.storage = m.storage.map { _ in s * rng.normal() * (2 / fanIn).squareRoot() }
            case "gaussian":
                m.storage = m.storage.map { _ in s * rng.normal() / fanIn.squareRoot() }
            case "orthogonal":
                let g = Matrix(rows: rows, columns: cols, storage: (0..<(rows * cols)).map { _ in rng.normal() })
                let d = try g.qr()
                // Signs of diag(R) folded in, so the draw is Haar-distributed (as torch's orthogonal_).
                var q = d.q
                for j in 0..<cols where d.r[j, j] < 0 { for i in 0..<rows { q[i, j] = -q[i, j] } }
                m = s * q
            default:
                let a = (6 / (fanIn + fanOut)).squareRoot()
                m.storage = m.storage.map { _ in s * rng.uniform(-a, a) }
            }
            return m
        }
        for l in 0..<D {
            if c[F.weights] == "tied" && l > 0 {
                net.weights[l] = net.weights[0]
                continue
            }
            net.weights[l] = try draw(n, net.inputWidth(of: l))
            if arch == .highway {
                net.gateWeights[l] = try draw(n, n)
                net.gateBiases[l] = [Double](repeating: c[F.gateBias], count: n)
            }
        }
        return net
    }

    static func measure(
        _ c: Configuration, keys: [String], key: (Configuration) -> [CSVTable.Field]
    ) throws -> [(String, CSVTable)] {
        var layers = CSVTable(
            columns: keys + [
                "layer_l", "grad_a_log10", "grad_z_log10", "grad_w_log10", "activation_std", "relative_grad_log10",
            ])
        var summary = CSVTable(
            columns: keys + [
                "top_grad_z_log10", "bottom_grad_z_log10", "drop_log10", "rate_log10", "input_grad_log10",
                "sigma_max_log10", "sigma_min_log10", "spread_log10", "final_loss", "final_accuracy", "chance_accuracy",
            ])
        var spectrum = CSVTable(columns: keys + ["depth_d", "index", "log10_singular_value"])
        var curve = CSVTable(columns: keys + ["update", "loss", "accuracy"])
        var rng = SplitMix64(seed: c.seed)
        var net = try network(c, using: &rng)
        let n = c[F.width], D = c[F.depth], B = c[F.batchSize]
        let x = Matrix(rows: B, columns: n, storage: (0..<(B * n)).map { _ in rng.uniform(-1, 1) })
        // The probe: a fixed random readout direction r (N(0, 1) entries), L = Σ r ⊙ a_D, so
        // ∂L/∂a_D = r whatever a_D is and the layer norms show the attenuation alone.
        let r = Matrix(rows: B, columns: n, storage: (0..<(B * n)).map { _ in rng.normal() })
        let tr = net.forward(x)
        let g = net.backward(tr, outputGradient: r)
        for l in 0..<D {
            let a = tr.outputs[l + 1].storage
            let mean = a.reduce(0, +) / Double(a.count)
            let std = (a.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(a.count)).squareRoot()
            layers.append(
                key(c) + [
                    .integer(l), .number(g.outputLog10[l]), .number(g.preActivationLog10[l]), .number(g.weightLog10[l]),
                    .number(std), .number(g.preActivationLog10[l] - g.preActivationLog10[D - 1]),
                ])
        }
        // Slope of log10 ‖∂L/∂z_l‖ against the distance from the top layer.
        let rate = ProbeRunner.slope(g.preActivationLog10)
        var sigmaMax = Double.nan, sigmaMin = Double.nan
        if c[F.spectrum] && net.architecture != .dense {
            let p = try net.productSpectrum(tr)
            for (d, values) in p.enumerated() {
                for (i, v) in values.enumerated() {
                    spectrum.append(key(c) + [.integer(d + 1), .integer(i), .number(v)])
                }
            }
            sigmaMax = p.last?.first ?? .nan
            sigmaMin = p.last?.last ?? .nan
        }
        var finalLoss = Double.nan, finalAccuracy = Double.nan
        let K = c[F.classes]
        if c[F.train] {
            (finalLoss, finalAccuracy) = try train(&net, c, rng: &rng, curve: &curve, key: key(c))
        }
        summary.append(
            key(c) + [
                .number(g.preActivationLog10[D - 1]), .number(g.preActivationLog10[0]),
                .number(g.preActivationLog10[0] - g.preActivationLog10[D - 1]), .number(rate),
                .number(g.outputLog10[0]),
                .number(sigmaMax), .number(sigmaMin), .number(sigmaMax - sigmaMin),
                c[F.train] ? .number(finalLoss) : .empty, c[F.train] ? .number(finalAccuracy) : .empty,
                c[F.train] ? .number(1 / Double(K)) : .empty,
            ])
        return [
            ("ff_layers.csv", layers), ("ff_summary.csv", summary), ("ff_spectrum.csv", spectrum),
            ("ff_training.csv", curve),
        ]
    }

    /// The teacher task: x ~ U(−1, 1)^n, label argmax_k (x V_kᵀ) for a random V (K × n, drawn
    /// once per run), learned through the network and a linear softmax readout (K × n, zero at
    /// first), cross-entropy, SGD with momentum 0.9. Returns the mean training loss of the last
    /// tenth of the updates and the held-out accuracy at the end.
    static func train(
        _ net: inout FeedForwardNetwork, _ c: Configuration, rng: inout SplitMix64, curve: inout CSVTable,
        key: [CSVTable.Field]
    ) throws -> (Double, Double) {
        let n = c[F.width], B = c[F.batchSize], K = c[F.classes], U = c[F.updates]
        let lr = c[F.learningRate], momentum = 0.9
        let teacher = (0..<(K * n)).map { _ in rng.normal() }
        func batch(_ size: Int) -> (Matrix, [Int]) {
            let x = Matrix(rows: size, columns: n, storage: (0..<(size * n)).map { _ in rng.uniform(-1, 1) })
            let y = (0..<size).map { b -> Int in
                var best = 0, bestScore = -Double.infinity
                for k in 0..<K {
                    var s = 0.0
                    for i in 0..<n { s += x.storage[b * n + i] * teacher[k * n + i] }
                    if s > bestScore { bestScore = s; best = k }
                }
                return best
            }
            return (x, y)
        }
        let (evalX, evalY) = batch(c[F.evalSize])
        var readout = [Double](repeating: 0, count: K * n), readoutBias = [Double](repeating: 0, count: K)
        var velocity = net.tensors.map { [Double](repeating: 0, count: $0.values.count) }
        var vR = [Double](repeating: 0, count: K * n), vC = [Double](repeating: 0, count: K)
        /// Logits, softmax probabilities and the loss of a forward pass.
        func head(_ a: Matrix, _ y: [Int]) -> (p: [Double], loss: Double, correct: Int) {
            let rows = a.rows
            var p = [Double](repeating: 0, count: rows * K)
            var loss = 0.0, correct = 0
            for b in 0..<rows {
                var logits = readoutBias
                for k in 0..<K { for i in 0..<n { logits[k] += a.storage[b * n + i] * readout[k * n + i] } }
                let m = logits.max()!
                let e = logits.map { exp($0 - m) }
                let z = e.reduce(0, +)
                for k in 0..<K { p[b * K + k] = e[k] / z }
                loss -= log(max(p[b * K + y[b]], .leastNonzeroMagnitude))
                if logits.firstIndex(of: m) == y[b] { correct += 1 }
            }
            return (p, loss / Double(rows), correct)
        }
        var tail: [Double] = []
        let every = max(1, U / 100)
        for u in 1...U {
            let (x, y) = batch(B)
            let tr = net.forward(x)
            let a = tr.outputs.last!
            let (p, loss, _) = head(a, y)
            guard loss.isFinite else {
                curve.append(key + [.integer(u), .number(loss), .empty])
                return (loss, .nan)
            }
            // ∂L/∂logits = (p − onehot)/B; ∂L/∂a_D = that · readout.
            var dl = p
            for b in 0..<B { dl[b * K + y[b]] -= 1 }
            for i in 0..<dl.count { dl[i] /= Double(B) }
            var da = Matrix(rows: B, columns: n)
            var dR = [Double](repeating: 0, count: K * n), dC = [Double](repeating: 0, count: K)
            for b in 0..<B {
                for k in 0..<K {
                    let d = dl[b * K + k]
                    dC[k] += d
                    for i in 0..<n {
                        da.storage[b * n + i] += d * readout[k * n + i]
                        dR[k * n + i] += d * a.storage[b * n + i]
                    }
                }
            }
            let g = net.backward(tr, outputGradient: da)
            // A tied network's shared W and b take the sum of every layer's gradient.
            var grads = g.tensors.map(\.values)
            if c[F.weights] == "tied" {
                var sw = grads[0], sb = grads[1]
                for l in 1..<net.depth {
                    for i in 0..<sw.count { sw[i] += grads[2 * l][i] }
                    for i in 0..<sb.count { sb[i] += grads[2 * l + 1][i] }
                }
                for l in 0..<net.depth { grads[2 * l] = sw; grads[2 * l + 1] = sb }
            }
            for (ti, t) in net.tensors.enumerated() {
                var v = t.values
                for i in 0..<v.count {
                    velocity[ti][i] = momentum * velocity[ti][i] + grads[ti][i]
                    v[i] -= lr * velocity[ti][i]
                }
                net.setTensor(t.name, v)
            }
            for i in 0..<(K * n) { vR[i] = momentum * vR[i] + dR[i]; readout[i] -= lr * vR[i] }
            for k in 0..<K { vC[k] = momentum * vC[k] + dC[k]; readoutBias[k] -= lr * vC[k] }
            if u > U - max(1, U / 10) { tail.append(loss) }
            if u % every == 0 || u == U {
                let (_, _, correct) = head(net.forward(evalX).outputs.last!, evalY)
                curve.append(key + [.integer(u), .number(loss), .number(Double(correct) / Double(evalY.count))])
            }
        }
        let (_, _, correct) = head(net.forward(evalX).outputs.last!, evalY)
        return (tail.reduce(0, +) / Double(max(tail.count, 1)), Double(correct) / Double(evalY.count))
    }
}

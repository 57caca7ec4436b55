import Dispatch
import Foundation
import LinearAlgebra
import Recurrent

/// A linear readout on the network's top-layer states, y = h·Wᵀ + b (W: C × H, b: C), with its
/// loss: MSE for regression, softmax cross-entropy for classification. It reads the last step
/// or every step.
///
/// Losses (means, as PyTorch's `MSELoss` and `CrossEntropyLoss` with `reduction='mean'`):
/// - MSE: L = (1/N) Σ_n (y_n − t_n)², N = B (one output per sequence);
/// - cross-entropy: L = (1/N) Σ_n (logsumexp(y_n) − y_n[t_n]), N = B (last step) or T·B (every step).
/// Gradients: ∂L/∂y = 2(y − t)/N (MSE) or (softmax(y) − onehot(t))/N; ∂L/∂W = Σ_n (∂L/∂y_n) h_nᵀ,
/// ∂L/∂b = Σ_n ∂L/∂y_n, ∂L/∂h_n = (∂L/∂y_n)·W.
public struct Readout: Sendable, Equatable {
    public var weight: Matrix  // C × H
    public var bias: [Double]  // C

    public init(outputs C: Int, hidden H: Int) {
        weight = Matrix(rows: C, columns: H)
        bias = [Double](repeating: 0, count: C)
    }

    /// PyTorch's `nn.Linear` default: U(−1/√H, 1/√H) for weight and bias.
    public mutating func initialize(using rng: inout SplitMix64) {
        let k = 1 / Double(weight.columns).squareRoot()
        weight.storage = weight.storage.map { _ in rng.uniform(-k, k) }
        bias = bias.map { _ in rng.uniform(-k, k) }
    }

    /// Pascanu et al. 2013's code: weight N(0, std²), bias 0.
    public mutating func initialize(std: Double, using rng: inout SplitMix64) {
        weight.storage = weight.storage.map { _ in std * rng.normal() }
        bias = bias.map { _ in 0 }
    }

    /// y = h·Wᵀ + b for `rows` row vectors h (rows × H) → rows × C.
    public func apply(_ h: Matrix) -> Matrix {
        var y = Matrix.product(h, .none, weight, .transpose)
        for r in 0..<y.rows { for c in 0..<y.columns { y[r, c] += bias[c] } }
        return y
    }

    /// The states the readout reads: h_T (B × H) or every h_t (T·B × H).
    static func states(_ trace: ForwardTrace, everyStep: Bool) -> Matrix {
        let B = trace.batchSize, H = trace.hiddenSize
        if everyStep { return Matrix(rows: trace.steps * B, columns: H, storage: trace.outputs) }
        return trace.hidden(layer: trace.layers.count - 1, step: trace.steps)
    }

    /// Outputs (B·C or T·B·C, row-major) for scoring.
    public func outputs(_ trace: ForwardTrace, everyStep: Bool) -> [Double] {
        apply(Readout.states(trace, everyStep: everyStep)).storage
    }

    /// Loss, readout gradients (dWeight, dBias) and ∂L/∂(network outputs). `count` is the N of the
    /// mean (default: this batch's); a share of a larger batch passes the whole batch's N, so the
    /// shares' losses and gradients add up to the whole batch's.
    public func lossAndGradients(_ trace: ForwardTrace, targets: Targets, count: Int? = nil) -> (
        loss: Double, dWeight: Matrix, dBias: [Double], outputGradient: OutputGradient
    ) {
        let everyStep: Bool = {
            if case .everyClass = targets { return true }; return false
        }()
        let h = Readout.states(trace, everyStep: everyStep)
        let y = apply(h)
        let rowsHere = y.rows, C = y.columns
        let N = count ?? rowsHere
        var dy = Matrix(rows: rowsHere, columns: C)
        var loss = 0.0
        switch targets {
        case .values(let t):
            precondition(
                C == 1 && t.count == rowsHere,
                "Readout: \(t.count) regression targets for \(rowsHere) outputs of width \(C)")
            for n in 0..<rowsHere {
                let e = y[n, 0] - t[n]
                loss += e * e
                dy[n, 0] = 2 * e / Double(N)  // L = (1/N) Σ e²
            }
            loss /= Double(N)
        case .lastClass(let t), .everyClass(let t):
            precondition(t.count == rowsHere, "Readout: \(t.count) class targets for \(rowsHere) outputs")
            for n in 0..<rowsHere {
                let row = y.row(n)
                let m = row.max()!
                let z = row.reduce(0) { $0 + exp($1 - m) }
                loss += m + log(z) - row[t[n]]  // logsumexp(y) − y[t]
                for c in 0..<C { dy[n, c] = (exp(row[c] - m) / z - (c == t[n] ? 1 : 0)) / Double(N) }
            }
            loss /= Double(N)
        }
        let dWeight = Matrix.product(dy, .transpose, h)  // C × H: Σ_n dy_n h_nᵀ
        var dBias = [Double](repeating: 0, count: C)
        for n in 0..<rowsHere { for c in 0..<C { dBias[c] += dy[n, c] } }
        let dh = dy * weight  // N × H
        let out: OutputGradient = everyStep ? .everyStep(dh.storage) : .lastStep(dh)
        return (loss, dWeight, dBias, out)
    }
}

/// A network and its readout: the model a training run optimises.
public struct Model: Sendable, Equatable {
    public var network: RecurrentNetwork
    public var readout: Readout

    public init(network: RecurrentNetwork, readout: Readout) {
        self.network = network
        self.readout = readout
    }

    /// Every parameter tensor as (name, values), in a fixed order: the network's (PyTorch names with
    /// `_l{k}`), then `readout.weight`, `readout.bias`.
    public var tensors: [(name: String, values: [Double])] {
        var t: [(name: String, values: [Double])] = []
        for (l, p) in network.layers.enumerated() { for x in p.tensors { t.append(("\(x.name)_l\(l)", x.values)) } }
        t.append(("readout.weight", readout.weight.storage))
        t.append(("readout.bias", readout.bias))
        return t
    }

    /// Replaces every tensor (same order and sizes as `tensors`).
    public mutating func setTensors(_ values: [[Double]]) {
        var i = 0
        for l in network.layers.indices {
            for x in network.layers[l].tensors { network.layers[l].setTensor(x.name, values[i]); i += 1 }
        }
        readout.weight.storage = values[i]
        readout.bias = values[i + 1]
    }

    /// Loss, every gradient (same order as `tensors`) and the backward pass's records. ∂L/∂x is
    /// not formed unless `options` asks for it (training never needs it).
    public func lossAndGradients(_ batch: TaskBatch, options: BackwardOptions = BackwardOptions(inputGradient: false))
        -> (loss: Double, gradients: [(name: String, values: [Double])], backprop: Backpropagation, trace: ForwardTrace)
    {
        let trace = network.forward(batch.input)
        let r = readout.lossAndGradients(trace, targets: batch.targets)
        let back = network.backward(trace, outputGradient: r.outputGradient, options: options)
        var g: [(name: String, values: [Double])] = []
        for (l, p) in back.parameterGradients.enumerated() {
            for x in p.tensors { g.append(("\(x.name)_l\(l)", x.values)) }
        }
        g.append(("readout.weight", r.dWeight.storage))
        g.append(("readout.bias", r.dBias))
        return (r.loss, g, back, trace)
    }

    /// `lossAndGradients` with the batch split across `workers` threads (each runs forward, readout
    /// and backward on its share; each share's mean divides by the whole batch's count, so losses
    /// and gradients add exactly). No trace is returned. Callers set `BLAS.setThreads(1)` first.
    public func lossAndGradients(_ batch: TaskBatch, workers: Int) -> (
        loss: Double, gradients: [(name: String, values: [Double])], backprop: Backpropagation
    ) {
        let B = batch.input.batchSize, T = batch.input.steps
        let shares = BatchSplit.shares(batch: B, workers: workers)
        guard shares.count > 1 else { let r = lossAndGradients(batch); return (r.loss, r.gradients, r.backprop) }
        @Sendable func share(_ r: Range<Int>) -> (TaskBatch, Int) {
            let input = batch.input.sequences(r)
            switch batch.targets {
            case .values(let v): return (TaskBatch(input: input, targets: .values(Array(v[r]))), B)
            case .lastClass(let c): return (TaskBatch(input: input, targets: .lastClass(Array(c[r]))), B)
            case .everyClass(let c):
                let parts = (0..<T).flatMap { t in c[(t * B + r.lowerBound)..<(t * B + r.upperBound)] }
                return (TaskBatch(input: input, targets: .everyClass(parts)), T * B)
            }
        }
        let parts = BatchSplit.map(shares) { r -> (Double, [(name: String, values: [Double])], Backpropagation) in
            let (part, count) = share(r)
            let trace = network.forward(part.input)
            let out = readout.lossAndGradients(trace, targets: part.targets, count: count)
            let back = network.backward(
                trace, outputGradient: out.outputGradient, options: BackwardOptions(inputGradient: false))
            var g: [(name: String, values: [Double])] = []
            for (l, p) in back.parameterGradients.enumerated() {
                for x in p.tensors { g.append(("\(x.name)_l\(l)", x.values)) }
            }
            g.append(("readout.weight", out.dWeight.storage))
            g.append(("readout.bias", out.dBias))
            return (out.loss, g, back)
        }
        var grads = parts[0].1
        for p in parts.dropFirst() {
            for i in grads.indices { grads[i].values = zip(grads[i].values, p.1[i].values).map { $0 + $1 } }
        }
        return (parts.map(\.0).reduce(0, +), grads, Backpropagation.merging(parts.map(\.2), steps: T))
    }
}

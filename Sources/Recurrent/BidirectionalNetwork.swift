import Foundation
import LinearAlgebra

/// A sequence of per-step gradients held as mantissas and one power of two per step,
/// m_t · 2^{exponent[t]}, T·B·width values sequence-first: what passes between the layers of a
/// stacked bidirectional network without underflowing (as `DirectGradient` inside one stack).
public struct ScaledSequence: Sendable, Equatable {
    public let steps: Int
    public let batchSize: Int
    public let width: Int
    public var mantissas: [Double]
    public var exponents: [Int]

    public init(steps: Int, batchSize: Int, width: Int, mantissas: [Double], exponents: [Int]) {
        precondition(mantissas.count == steps * batchSize * width && exponents.count == steps, "ScaledSequence: sizes")
        self.steps = steps
        self.batchSize = batchSize
        self.width = width
        self.mantissas = mantissas
        self.exponents = exponents
    }

    /// Plain values, exponent 0 at every step.
    public init(plain values: [Double], steps: Int, batchSize: Int, width: Int) {
        self.init(
            steps: steps, batchSize: batchSize, width: width, mantissas: values,
            exponents: [Int](repeating: 0, count: steps))
    }

    /// The values as plain Doubles (tiny ones subnormal or 0, as the true values would be).
    public var unscaled: [Double] {
        var v = mantissas
        let n = batchSize * width
        v.withUnsafeMutableBufferPointer { p in
            for t in 0..<steps { Norms.scaleByPowerOfTwo(p.baseAddress! + t * n, count: n, exponents[t]) }
        }
        return v
    }

    /// Step t (0-based) of the reversed sequence is step T − 1 − t of this one.
    public var reversedInTime: ScaledSequence {
        let n = batchSize * width
        var m = [Double](repeating: 0, count: mantissas.count)
        for t in 0..<steps {
            let s = steps - 1 - t
            for i in 0..<n { m[t * n + i] = mantissas[s * n + i] }
        }
        return ScaledSequence(
            steps: steps, batchSize: batchSize, width: width, mantissas: m, exponents: exponents.reversed())
    }

    /// Columns `range` of every row (B rows of `width` per step), with the same exponents.
    public func columns(_ range: Range<Int>) -> ScaledSequence {
        var m: [Double] = []
        m.reserveCapacity(steps * batchSize * range.count)
        for r in 0..<(steps * batchSize) {
            m += mantissas[(r * width + range.lowerBound)..<(r * width + range.upperBound)]
        }
        return ScaledSequence(
            steps: steps, batchSize: batchSize, width: range.count, mantissas: m, exponents: exponents)
    }

    /// The sum of two sequences of the same shape: per step, the smaller-exponent term is scaled to
    /// the larger exponent (exact up to rounding; a term 2^1074 times smaller vanishes, as it
    /// would against the other in any floating-point sum).
    public static func + (a: ScaledSequence, b: ScaledSequence) -> ScaledSequence {
        precondition(a.steps == b.steps && a.batchSize == b.batchSize && a.width == b.width, "ScaledSequence +: shapes")
        let n = a.batchSize * a.width
        var m = [Double](repeating: 0, count: a.mantissas.count)
        var e = [Int](repeating: 0, count: a.steps)
        for t in 0..<a.steps {
            let az = a.mantissas[(t * n)..<((t + 1) * n)].allSatisfy { $0 == 0 }
            let bz = b.mantissas[(t * n)..<((t + 1) * n)].allSatisfy { $0 == 0 }
            let top = az ? b.exponents[t] : bz ? a.exponents[t] : max(a.exponents[t], b.exponents[t])
            e[t] = top
            let sa = Double(sign: .plus, exponent: max(a.exponents[t] - top, -1100), significand: 1)
            let sb = Double(sign: .plus, exponent: max(b.exponents[t] - top, -1100), significand: 1)
            for i in (t * n)..<((t + 1) * n) { m[i] = a.mantissas[i] * sa + b.mantissas[i] * sb }
        }
        return ScaledSequence(steps: a.steps, batchSize: a.batchSize, width: a.width, mantissas: m, exponents: e)
    }
}

extension RecurrentNetwork {
    /// Exact BPTT from a scaled per-step gradient of the outputs h_1 … h_T (top layer), with
    /// optional final-state gradients: the pass of `backward`, also returning ∂L/∂x_t still scaled
    /// (so a layer below, or another direction, receives it without underflow).
    public func backwardScaled(
        _ trace: ForwardTrace, outputGradient g: ScaledSequence, finalStateGradients: [RecurrentState]? = nil,
        options: BackwardOptions = BackwardOptions()
    ) -> (backprop: Backpropagation, inputGradient: ScaledSequence) {
        let T = trace.steps, B = trace.batchSize
        precondition(g.steps == T && g.batchSize == B && g.width == outputSize, "backwardScaled: ∂L/∂outputs shape")
        var opts = options
        opts.inputGradient = true
        let top = DirectGradient(buffer: Buffer(g.mantissas), firstStep: 1, exponent: g.exponents)
        let (b, r) = backward(trace, top: top, finalStateGradients: finalStateGradients, options: opts)
        let dx = ScaledSequence(
            steps: T, batchSize: B, width: inputSize, mantissas: r.inputGradient.array(), exponents: r.inputExponent)
        return (b, dx)
    }
}

/// A stacked bidirectional RNN, LSTM or GRU as PyTorch builds it (`bidirectional=True`): in every
/// layer a forward direction reads the layer's input sequence from t = 1 to T and a reverse
/// direction reads it from t = T to 1, each with its own weights (`…_l{k}` and `…_l{k}_reverse`);
/// the layer's output at position t is [h→_t, h←_t] (2H wide), the input of the next layer.
///
/// Backward: the gradient of a layer's output sequence splits into the two directions' direct
/// gradients; each direction runs exact BPTT (`backwardScaled`); their ∂L/∂input sequences add up
/// (still scaled) into the gradient of the layer below's output.
public struct BidirectionalNetwork: Sendable {
    /// One single-layer network per layer and direction: `directions[k][0]` forward, `[k][1]` reverse.
    public var directions: [[RecurrentNetwork]]

    public var cell: CellKind { directions[0][0].cell }
    public var inputSize: Int { directions[0][0].inputSize }
    public var hiddenSize: Int { directions[0][0].hiddenSize }
    /// S of each direction (H, or P with projections); the layers' outputs are 2S wide.
    public var outputSize: Int { directions[0][0].outputSize }
    public var projectionSize: Int { directions[0][0].projectionSize }
    public var layerCount: Int { directions.count }

    /// Layer k reads I (k = 0) or 2S values per step; every direction starts with zero weights.
    public init(cell: CellKind, inputSize: Int, hiddenSize: Int, layerCount: Int, projectionSize: Int = 0) {
        let s = projectionSize > 0 ? projectionSize : hiddenSize
        directions = (0..<layerCount).map { k in
            (0..<2).map { _ in
                RecurrentNetwork(
                    cell: cell, inputSize: k == 0 ? inputSize : 2 * s, hiddenSize: hiddenSize,
                    projectionSize: projectionSize)
            }
        }
    }

    /// The forward pass of every layer and direction.
    public struct Trace: Sendable {
        /// traces[k][d]: the reverse direction's trace runs in its own time (its step s is position T + 1 − s).
        public var traces: [[ForwardTrace]]
        /// The top layer's output sequence, T·B × 2H, sequence-first, in input order.
        public var outputs: [Double]
        /// The input sequence of every layer (layer 0's is the network's input; layer k's the output of k − 1).
        public var layerInputs: [SequenceBatch]
    }

    /// The input sequence reversed in time.
    public static func reversed(_ x: SequenceBatch) -> SequenceBatch {
        let n = x.batchSize * x.featureSize
        var v = [Double](repeating: 0, count: x.values.count)
        for t in 0..<x.steps { for i in 0..<n { v[t * n + i] = x.values[(x.steps - 1 - t) * n + i] } }
        return SequenceBatch(steps: x.steps, batchSize: x.batchSize, featureSize: x.featureSize, values: v)
    }

    /// `initialStates` as PyTorch's h_0 (L·2, B, H): index 2k + d.
    public func forward(_ input: SequenceBatch, initialStates: [RecurrentState]? = nil) -> Trace {
        precondition(
            initialStates.map { $0.count == 2 * layerCount } ?? true, "BidirectionalNetwork: 2L initial states")
        let T = input.steps, B = input.batchSize, H = outputSize
        var x = input
        var traces: [[ForwardTrace]] = []
        var out: [Double] = []
        var inputs: [SequenceBatch] = []
        for k in 0..<layerCount {
            inputs.append(x)
            let f = directions[k][0].forward(x, initialStates: initialStates.map { [$0[2 * k]] })
            let r = directions[k][1].forward(Self.reversed(x), initialStates: initialStates.map { [$0[2 * k + 1]] })
            traces.append([f, r])
            let hf = f.outputs, hr = r.outputs
            out = [Double](repeating: 0, count: T * B * 2 * H)
            for t in 0..<T {
                let s = T - 1 - t
                for b in 0..<B {
                    for j in 0..<H {
                        out[(t * B + b) * 2 * H + j] = hf[(t * B + b) * H + j]
                        out[(t * B + b) * 2 * H + H + j] = hr[(s * B + b) * H + j]
                    }
                }
            }
            x = SequenceBatch(steps: T, batchSize: B, featureSize: 2 * H, values: out)
        }
        return Trace(traces: traces, outputs: out, layerInputs: inputs)
    }

    /// What one backward pass returns, per layer k and direction d (0 forward, 1 reverse).
    public struct Backprop: Sendable {
        /// backprops[k][d], in the direction's own time (the reverse direction's step s is input position T + 1 − s).
        public var backprops: [[Backpropagation]]
        /// ∂L/∂x_t of the input sequence, scaled.
        public var inputGradient: ScaledSequence
        /// The gradient of every layer's output sequence (T·B × 2H, input order), scaled: what each
        /// layer's two directions receive directly.
        public var outputGradients: [ScaledSequence]

        /// The direct gradient of layer k's direction d in that direction's own time.
        public func directGradient(layer k: Int, direction d: Int) -> ScaledSequence {
            let g = outputGradients[k], H = g.width / 2
            return d == 0 ? g.columns(0..<H) : g.columns(H..<(2 * H)).reversedInTime
        }

        /// log10 ‖∂L/∂h‖ of layer k, direction d, by input position p = 0 … T + 1: the forward
        /// direction's state after reading position p (p = 0 its initial state; p = T + 1 nan), the
        /// reverse direction's state after reading position p (p = T + 1 its initial state; p = 0 nan).
        public func gradHiddenLog10ByPosition(layer k: Int, direction d: Int) -> [Double] {
            byPosition(backprops[k][d].gradHiddenLog10[0], direction: d)
        }

        public func gradCellLog10ByPosition(layer k: Int, direction d: Int) -> [Double] {
            let c = backprops[k][d].gradCellLog10
            return c.isEmpty || c[0].isEmpty ? [] : byPosition(c[0], direction: d)
        }

        func byPosition(_ own: [Double], direction d: Int) -> [Double] {
            let T = own.count - 1
            return d == 0 ? own + [.nan] : [.nan] + (0...T).map { own[T - $0] }
        }
    }

    /// Exact BPTT of a loss whose gradient with respect to the top layer's output sequence is
    /// `outputGradient` (T·B × 2H, in input order, as PyTorch's `output.grad`), plus
    /// `finalStateGradients` (PyTorch's h_n.grad (and c_n.grad), index 2k + d) when the loss reads them.
    public func backward(
        _ trace: Trace, outputGradient: [Double], finalStateGradients: [RecurrentState]? = nil,
        options: BackwardOptions = BackwardOptions()
    ) -> Backprop {
        let f0 = trace.traces[0][0]
        let T = f0.steps, B = f0.batchSize, H = outputSize
        precondition(outputGradient.count == T * B * 2 * H, "BidirectionalNetwork.backward: T·B·2S values")
        var g = ScaledSequence(plain: outputGradient, steps: T, batchSize: B, width: 2 * H)
        var backprops = [[Backpropagation]](repeating: [], count: layerCount)
        var outputGradients = [ScaledSequence](repeating: g, count: layerCount)
        for k in stride(from: layerCount - 1, through: 0, by: -1) {
            outputGradients[k] = g
            let (bf, dxf) = directions[k][0].backwardScaled(
                trace.traces[k][0], outputGradient: g.columns(0..<H),
                finalStateGradients: finalStateGradients.map { [$0[2 * k]] }, options: options)
            let (br, dxr) = directions[k][1].backwardScaled(
                trace.traces[k][1], outputGradient: g.columns(H..<(2 * H)).reversedInTime,
                finalStateGradients: finalStateGradients.map { [$0[2 * k + 1]] }, options: options)
            backprops[k] = [bf, br]
            g = dxf + dxr.reversedInTime
        }
        return Backprop(backprops: backprops, inputGradient: g, outputGradients: outputGradients)
    }
}

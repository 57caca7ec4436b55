import LinearAlgebra

/// A stack of `layerCount` recurrent layers of one cell kind (PyTorch `nn.RNN` / `nn.LSTM` /
/// `nn.GRU` with `num_layers = L`, unidirectional). Layer 0 reads the input (size I); layer
/// k > 0 reads the hidden states of layer k − 1 (size S). The network's output at step t is the
/// top layer's h_t. S = H, or P for an LSTM with projections (`proj_size`, h_t = W_hr m_t).
public struct RecurrentNetwork: Sendable, Equatable {
    public let cell: CellKind
    public let inputSize: Int
    public let hiddenSize: Int
    /// P of an LSTM with projections (`proj_size`), else 0.
    public let projectionSize: Int
    /// One entry per layer, bottom first. Layer k has `inputSize == (k == 0 ? I : S)`.
    public var layers: [LayerParameters]

    /// S, the size of each layer's state h and output: P with projections, else H.
    public var outputSize: Int { projectionSize > 0 ? projectionSize : hiddenSize }

    /// A network with all parameters zero; use `Initializer` to fill it.
    public init(cell: CellKind, inputSize: Int, hiddenSize: Int, layerCount: Int = 1, projectionSize: Int = 0) {
        precondition(layerCount >= 1, "RecurrentNetwork: layerCount must be ≥ 1, got \(layerCount)")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.projectionSize = projectionSize
        let s = projectionSize > 0 ? projectionSize : hiddenSize
        layers = (0..<layerCount).map {
            LayerParameters(
                cell: cell, inputSize: $0 == 0 ? inputSize : s, hiddenSize: hiddenSize, projectionSize: projectionSize)
        }
    }

    /// A network over given layers (sizes and cell checked for consistency).
    public init(layers: [LayerParameters]) {
        precondition(!layers.isEmpty, "RecurrentNetwork: need at least one layer")
        let first = layers[0]
        for (k, l) in layers.enumerated() {
            precondition(l.cell == first.cell, "RecurrentNetwork: layer \(k) is \(l.cell), layer 0 is \(first.cell)")
            precondition(
                l.hiddenSize == first.hiddenSize,
                "RecurrentNetwork: layer \(k) has hidden size \(l.hiddenSize), layer 0 has \(first.hiddenSize)")
            precondition(
                l.projectionSize == first.projectionSize,
                "RecurrentNetwork: layer \(k) has projection size \(l.projectionSize), layer 0 has \(first.projectionSize)"
            )
            precondition(
                k == 0 || l.inputSize == first.outputSize,
                "RecurrentNetwork: layer \(k) must read \(first.outputSize) inputs, has \(l.inputSize)")
        }
        cell = first.cell
        inputSize = first.inputSize
        hiddenSize = first.hiddenSize
        projectionSize = first.projectionSize
        self.layers = layers
    }

    public var layerCount: Int { layers.count }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
}

/// A batch of B input sequences of length T, each step a vector of size I, stored
/// **sequence-first** like PyTorch's default: element (t, b, i) is `values[(t·B + b)·I + i]`,
/// t = 0 ..< T (the paper's step t + 1).
public struct SequenceBatch: Sendable, Equatable {
    public let steps: Int
    public let batchSize: Int
    public let featureSize: Int
    public var values: [Double]

    public init(steps: Int, batchSize: Int, featureSize: Int, values: [Double]) {
        precondition(
            steps >= 1 && batchSize >= 1 && featureSize >= 1,
            "SequenceBatch: T, B and I must be ≥ 1, got \(steps), \(batchSize), \(featureSize)")
        precondition(
            values.count == steps * batchSize * featureSize,
            """
            SequenceBatch: (T, B, I) = (\(steps), \(batchSize), \(featureSize)) needs\
             \(steps * batchSize * featureSize) values, got \(values.count)
            """
        )
        self.steps = steps
        self.batchSize = batchSize
        self.featureSize = featureSize
        self.values = values
    }

    /// Step t (0-based) as a B × I matrix.
    public func step(_ t: Int) -> Matrix {
        let n = batchSize * featureSize
        return Matrix(rows: batchSize, columns: featureSize, storage: Array(values[(t * n)..<((t + 1) * n)]))
    }

    /// i.i.d. draws from U(low, high), in storage order.
    public static func uniform(
        steps: Int, batchSize: Int, featureSize: Int,
        low: Double = -1, high: Double = 1, using rng: inout SplitMix64
    ) -> SequenceBatch {
        SequenceBatch(
            steps: steps, batchSize: batchSize, featureSize: featureSize,
            values: (0..<(steps * batchSize * featureSize)).map { _ in rng.uniform(low, high) })
    }
}

/// The recurrent state of one layer: `hidden` h (B × S) and, for the LSTM, `cell` c (B × H).
/// For cells without a cell state `cell` is a B × 0 matrix.
public struct RecurrentState: Sendable, Equatable {
    public var hidden: Matrix
    public var cell: Matrix

    public init(hidden: Matrix, cell: Matrix) {
        self.hidden = hidden
        self.cell = cell
    }

    /// The zero state of a layer of `kind` for B sequences of H units (h of `outputSize` S when
    /// given: the projected LSTM's h has P entries, its c H).
    public static func zeros(_ kind: CellKind, batchSize: Int, hiddenSize: Int, outputSize: Int? = nil)
        -> RecurrentState
    {
        RecurrentState(
            hidden: Matrix(rows: batchSize, columns: outputSize ?? hiddenSize),
            cell: Matrix(rows: batchSize, columns: kind.hasCellState ? hiddenSize : 0))
    }

    /// The zero state of one layer of `network`.
    public static func zeros(of network: RecurrentNetwork, batchSize: Int) -> RecurrentState {
        zeros(network.cell, batchSize: batchSize, hiddenSize: network.hiddenSize, outputSize: network.outputSize)
    }
}

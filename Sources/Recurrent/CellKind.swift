/// Which recurrent cell a layer uses, with its variant. Equations and gate order are PyTorch's
/// (see each cell's file); `gateCount` (G) is the number of H-row blocks in `weight_ih`/`weight_hh`.
public enum CellKind: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Vanilla RNN, G = 1: h_t = φ(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).
    case rnn(Activation)
    /// LSTM, gate order (i, f, g, o), G = 4; the coupled and no-forget-gate variants have G = 3,
    /// order (i, g, o).
    case lstm(LSTMVariant)
    /// GRU, gate order (r, z, n), G = 3.
    case gru(GRUVariant)

    public var gateCount: Int {
        switch self {
        case .rnn: return 1
        case .lstm(let v): return v.hasForgetBlock ? 4 : 3
        case .gru: return 3
        }
    }

    /// Whether the cell has a cell state c_t besides h_t.
    public var hasCellState: Bool { if case .lstm = self { return true }; return false }

    /// Gate names in storage order (block k holds rows k·H ..< (k+1)·H).
    public var gateNames: [String] {
        switch self {
        case .rnn: return ["h"]
        case .lstm(let v): return v.hasForgetBlock ? ["i", "f", "g", "o"] : ["i", "g", "o"]
        case .gru: return ["r", "z", "n"]
        }
    }

    /// γ = sup|φ'| for a vanilla RNN; nil for gated cells, whose Jacobian is not diag(φ')·W_hh.
    public var gamma: Double? { if case .rnn(let a) = self { return a.gamma }; return nil }

    /// A short, stable name: `rnn-tanh`, `lstm`, `lstm-peephole`, `lstm-coupled`, `gru`, `gru-reset-before`.
    public var description: String {
        switch self {
        case .rnn(let a): return "rnn-\(a.rawValue)"
        case .lstm(.standard): return "lstm"
        case .lstm(let v): return "lstm-\(v.rawValue)"
        case .gru(.resetAfter): return "gru"
        case .gru(.resetBefore): return "gru-reset-before"
        }
    }

    /// Parses `description` back (`rnn-tanh`, `lstm-peephole`, `gru`, ...).
    public init?(name: String) {
        guard let k = CellKind.all.first(where: { $0.description == name }) else { return nil }
        self = k
    }

    /// Every cell and variant, in a fixed order.
    public static let all: [CellKind] =
        Activation.allCases.map { .rnn($0) } + LSTMVariant.allCases.map { .lstm($0) }
        + GRUVariant.allCases.map { .gru($0) }
}

/// LSTM variants.
public enum LSTMVariant: String, Sendable, CaseIterable, Codable {
    /// PyTorch `nn.LSTM`.
    case standard
    /// Gers & Schmidhuber 2000 peepholes: i and f also see p_i ⊙ c_{t−1}, p_f ⊙ c_{t−1};
    /// o sees p_o ⊙ c_t. Extra parameters `weight_peephole_{i,f,o}_l{k}` (H each).
    case peephole
    /// Coupled input and forget gates (CIFG, Greff et al. 2017): f = 1 − i. Gate order (i, g, o).
    case coupled
    /// No forget gate (NFG, Greff et al. 2017; the LSTM of Hochreiter & Schmidhuber 1997): f ≡ 1,
    /// c_t = c_{t−1} + i ⊙ g. Gate order (i, g, o).
    case noForgetGate = "no-forget-gate"
    /// No output activation (NOAF, Greff et al. 2017): h_t = o ⊙ c_t instead of o ⊙ tanh(c_t).
    /// Gate order (i, f, g, o).
    case noOutputActivation = "no-output-activation"

    /// Whether W_ih and W_hh hold an f block (four gate blocks).
    public var hasForgetBlock: Bool { self != .coupled && self != .noForgetGate }
}

/// GRU variants (see `GRUCell.swift`).
public enum GRUVariant: String, Sendable, CaseIterable, Codable {
    /// PyTorch / cuDNN: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
    case resetAfter = "reset-after"
    /// Cho et al. 2014, Keras `reset_after=False`: n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn).
    case resetBefore = "reset-before"
}

import Foundation

/// The nonlinearity φ of a vanilla RNN cell, h_t = φ(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).
public enum Activation: String, Sendable, CaseIterable, Codable {
    case tanh, relu, identity, sigmoid

    /// γ = sup |φ'|: 1 for tanh, ReLU and identity, 1/4 for the logistic sigmoid.
    /// Enters the Pascanu bound ‖∂h_t/∂h_{t−1}‖ ≤ γ·σ_max(W_hh).
    public var gamma: Double { self == .sigmoid ? 0.25 : 1 }

    @inline(__always)
    public func apply(_ a: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(a)
        case .relu: return a > 0 ? a : 0
        case .identity: return a
        case .sigmoid: return Activation.sigmoid(a)
        }
    }

    /// φ'(a) written in terms of the output h = φ(a), so backward needs only the stored outputs:
    /// tanh: 1 − h²; ReLU: 1 if h > 0 else 0 (PyTorch's choice at a = 0); identity: 1; sigmoid: h(1 − h).
    @inline(__always)
    public func derivative(output h: Double) -> Double {
        switch self {
        case .tanh: return 1 - h * h
        case .relu: return h > 0 ? 1 : 0
        case .identity: return 1
        case .sigmoid: return h * (1 - h)
        }
    }

    /// σ(a) = 1 / (1 + e^−a), evaluated without overflow for either sign of a.
    @inline(__always)
    public static func sigmoid(_ a: Double) -> Double {
        if a >= 0 { return 1 / (1 + exp(-a)) }
        let e = exp(a)
        return e / (1 + e)
    }
}

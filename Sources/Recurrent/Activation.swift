import Foundation

/// The nonlinearity φ of a vanilla RNN cell, h_t = φ(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).
public enum Activation: String, Sendable, CaseIterable, Codable {
    case tanh, relu, identity, sigmoid

    /// γ = sup |φ'|: 1 for tanh, ReLU and identity, 1/4 for the logistic sigmoid.
    /// Enters the Pascanu bound ‖∂h_t/∂h_{t−1}‖ ≤ γ·σ_max(W_hh).
    public var gamma: Double { self == .sigmoid ? 0.25 : 1 }

    /// φ(a); tanh and sigmoid through `FastMath` (< 2.5 ulp), as in the cells' forward passes.
    @inline(__always)
    public func apply(_ a: Double) -> Double {
        switch self {
        case .tanh: return FastMath.tanh(a)
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

    /// σ(a) = 1 / (1 + e^−a), evaluated without overflow for either sign of a (`FastMath.sigmoid`).
    @inline(__always)
    public static func sigmoid(_ a: Double) -> Double { FastMath.sigmoid(a) }

    /// x[i] = φ(x[i]) for i < n, in place; a branch-free loop per activation, so it vectorises.
    @inline(__always)
    func apply(inPlace x: UnsafeMutablePointer<Double>, count n: Int) {
        switch self {
        case .tanh: FastMath.tanh(inPlace: x, count: n)
        case .relu: for i in 0..<n { x[i] = x[i] > 0 ? x[i] : 0 }
        case .identity: break
        case .sigmoid: FastMath.sigmoid(inPlace: x, count: n)
        }
    }
}

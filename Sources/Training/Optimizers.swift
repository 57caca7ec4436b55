import Foundation

/// An optimiser with PyTorch's semantics and defaults, acting on a list of tensors.
public enum OptimizerKind: Sendable, Equatable {
    /// `torch.optim.SGD(lr, momentum, dampening=0, nesterov)`: b ← μ·b + g (b = g at the first
    /// step); the step uses b (or g + μ·b with Nesterov); θ ← θ − lr·step.
    case sgd(learningRate: Double, momentum: Double = 0, nesterov: Bool = false)
    /// `torch.optim.RMSprop(lr=0.01, alpha=0.99, eps=1e-8)`: s ← α·s + (1 − α)·g²;
    /// θ ← θ − lr·g/(√s + ε).
    case rmsprop(learningRate: Double = 0.01, alpha: Double = 0.99, epsilon: Double = 1e-8)
    /// `torch.optim.Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-8)`: m ← β₁m + (1 − β₁)g,
    /// v ← β₂v + (1 − β₂)g²; θ ← θ − (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε), in PyTorch's order of
    /// operations (so results agree to the last bits).
    case adam(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
}

/// Optimiser state (momentum buffers, moment estimates) for a fixed list of tensor sizes.
public struct Optimizer: Sendable {
    public var kind: OptimizerKind
    public private(set) var step = 0
    var first: [[Double]] = []
    var second: [[Double]] = []

    public init(_ kind: OptimizerKind) { self.kind = kind }

    /// θ ← update(θ, g) for every tensor (same order and sizes at every call).
    public mutating func update(_ parameters: inout [[Double]], gradients: [[Double]]) {
        precondition(
            parameters.count == gradients.count, "Optimizer: \(parameters.count) tensors, \(gradients.count) gradients")
        if first.isEmpty {
            first = parameters.map { [Double](repeating: 0, count: $0.count) }
            second = first
        }
        step += 1
        for i in parameters.indices {
            precondition(
                parameters[i].count == gradients[i].count,
                "Optimizer: tensor \(i) has \(parameters[i].count) values, gradient \(gradients[i].count)")
            let g = gradients[i]
            switch kind {
            case let .sgd(lr, mu, nesterov):
                if mu == 0 {
                    for j in g.indices { parameters[i][j] -= lr * g[j] }
                } else {
                    for j in g.indices {
                        first[i][j] = step == 1 ? g[j] : mu * first[i][j] + g[j]
                        let d = nesterov ? g[j] + mu * first[i][j] : first[i][j]
                        parameters[i][j] -= lr * d
                    }
                }
            case let .rmsprop(lr, alpha, eps):
                for j in g.indices {
                    // square_avg.mul_(alpha).addcmul_(g, g, value=1 − alpha); param.addcdiv_(g, √s + eps, value=−lr)
                    second[i][j] = alpha * second[i][j] + (1 - alpha) * (g[j] * g[j])
                    parameters[i][j] -= lr * (g[j] / (second[i][j].squareRoot() + eps))
                }
            case let .adam(lr, b1, b2, eps):
                let bc1 = 1 - pow(b1, Double(step)), bc2 = 1 - pow(b2, Double(step))
                let stepSize = lr / bc1, bc2Root = bc2.squareRoot()
                for j in g.indices {
                    // exp_avg.lerp_(g, 1 − β₁) (weight < 0.5: m + w·(g − m));
                    // exp_avg_sq.mul_(β₂).addcmul_(g, g, value=1 − β₂)
                    let w = 1 - b1
                    first[i][j] =
                        w < 0.5 ? first[i][j] + w * (g[j] - first[i][j]) : g[j] - (g[j] - first[i][j]) * (1 - w)
                    second[i][j] = b2 * second[i][j] + (1 - b2) * (g[j] * g[j])
                    // denom = √v/√bc2 + eps; param.addcdiv_(m, denom, value=−lr/bc1)
                    let denom = second[i][j].squareRoot() / bc2Root + eps
                    parameters[i][j] -= stepSize * (first[i][j] / denom)
                }
            }
        }
    }
}

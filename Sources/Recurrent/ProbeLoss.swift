import LinearAlgebra

/// Probe losses on the network's outputs, for looking at gradient flow without a task:
///
/// - `last`: L = ½‖h_T‖² (Frobenius over the batch), so ∂L/∂h_T = h_T and nothing else is direct;
/// - `all`:  L = Σ_t ½‖h_t‖², so every step receives ∂L/∂h_t = h_t directly.
///
/// h_t is the top layer's output.
public enum ProbeLoss: String, Sendable, CaseIterable, Codable {
    case last, all

    /// The loss value of a forward trace.
    public func value(_ trace: ForwardTrace) -> Double {
        var sum = 0.0
        ProbeLoss.addSquares(trace, steps: self == .last ? trace.steps...trace.steps : 1...trace.steps, to: &sum)
        return 0.5 * sum
    }

    /// sum += Σ ‖h_t‖² of the top layer over `steps`, element by element in storage order (so a
    /// checkpointed pass that adds its segments in turn gets the same bits as one call).
    static func addSquares(_ trace: ForwardTrace, steps: ClosedRange<Int>, to sum: inout Double) {
        // Read in place: h_1 … h_T of the top layer follow h_0 in its `hidden` cache.
        let n = trace.batchSize * trace.outputSize, h = trace.layers[trace.layers.count - 1].hidden.pointer
        for i in (steps.lowerBound * n)..<((steps.upperBound + 1) * n) { sum += h[i] * h[i] }
    }

    /// ∂L/∂(outputs) of a forward trace.
    public func outputGradient(_ trace: ForwardTrace) -> OutputGradient {
        switch self {
        case .last:
            return .lastStep(trace.hidden(layer: trace.layers.count - 1, step: trace.steps))
        case .all:
            return .everyStep(trace.outputs)
        }
    }
}

/// The gradient of a loss with respect to the network's outputs h_1 … h_T (top layer).
public enum OutputGradient: Sendable {
    /// Only ∂L/∂h_T is non-zero (B × S).
    case lastStep(Matrix)
    /// ∂L/∂h_t for every step, T·B × S, sequence-first.
    case everyStep([Double])
}

import Foundation
import LinearAlgebra
import Recurrent

/// The linearised prediction of a network's gradient decay: the step Jacobian J* = ∂s_t/∂s_{t−1}
/// at the state the network rests in under zero input, and its spectral radius.
///
/// Far back from the loss, ‖∂L/∂s_{T−lag}‖ ≈ ρ(J*)^lag·const when the states stay near the
/// resting point (small inputs), so log10 ρ(J*) is the predicted rate in decades per step. It
/// accounts for every path of the step: for an LSTM at zero biases except b_f, J* has the
/// eigenvalues of σ(b_f)·I + σ(b_i)σ(b_o)·W_hg (the cell-state path and the h → g → c path
/// together); for a GRU those of diag(z) + diag(1 − z)·diag(r)·W_hn plus the reset and update
/// terms that a nonzero b_hn or resting state brings; for a vanilla RNN diag(φ'(b))·W_hh.
public enum RestingPoint {
    /// Steps iterated from the zero state with zero input to find the resting point.
    public static let iterations = 10_000
    /// The resting point counts as found when two successive states differ by at most this (max norm).
    public static let tolerance = 1e-10

    /// log10 ρ(J*) for each layer, or nil for a layer whose zero-input dynamics do not settle on a
    /// fixed point within `iterations` steps (an oscillating or chaotic network has no resting point,
    /// and no single linearisation predicts its rate), or whose J* is zero (a ReLU network resting
    /// at 0, on the kink).
    ///
    /// Cost-capped for large user models: at most about 2e9 flops of iteration (fewer steps for
    /// wide or deep networks, never fewer than 100) and no eigenvalues above a 2048-dimensional
    /// state (nil there).
    public static func linearisedRatesLog10(_ network: RecurrentNetwork) -> [Double?] {
        let H = network.hiddenSize, stateSize = network.cell.hasCellState ? 2 * H : H
        let perStep =
            2.0 * Double(network.cell.gateCount) * Double(H) * Double(H + network.inputSize)
            * Double(network.layerCount)
        let n = max(100, min(iterations, Int(2e9 / max(perStep, 1))))
        guard stateSize <= 2048 else { return [Double?](repeating: nil, count: network.layerCount) }
        // Chunks of 50, 100, 200, … steps from the last state, until every layer has settled (a
        // network at rest from the start, zero biases, stops after the first chunk).
        var states: [RecurrentState]? = nil
        var done = 0, size = 50
        var trace: ForwardTrace
        var settled: [Bool]
        repeat {
            let m = max(2, min(size, n - done))
            trace = network.forward(
                SequenceBatch(
                    steps: m, batchSize: 1, featureSize: network.inputSize,
                    values: [Double](repeating: 0, count: m * network.inputSize)),
                initialStates: states)
            done += m
            size *= 2
            states = trace.finalStates
            let t = trace
            settled = (0..<network.layerCount).map { k in
                func state(_ i: Int) -> [Double] {
                    t.hidden(layer: k, step: i).storage
                        + (network.cell.hasCellState ? t.cellState(layer: k, step: i).storage : [])
                }
                let a = state(m), b = state(m - 1)
                return a.allSatisfy(\.isFinite) && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
            }
        } while done < n && !settled.allSatisfy { $0 }
        let last = trace.steps
        return (0..<network.layerCount).map { k in
            guard settled[k] else { return nil }
            let j = network.stepJacobian(trace, layer: k, step: last, sequence: 0)
            // ρ = 0 (a ReLU network resting on its kink at 0, where φ' is taken as 0) predicts nothing.
            guard let rho = try? j.spectralRadius(), rho.isFinite, rho > 0 else { return nil }
            return log10(rho)
        }
    }
}

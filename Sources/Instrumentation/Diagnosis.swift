import Foundation
import Recurrent

/// Whether gradients shrink, grow or hold as they travel back in time.
public enum Verdict: String, Sendable, Equatable {
    case vanishing, exploding, neutral
    /// A gradient norm became inf or NaN (the states or gradients overflowed): no rate can be read.
    case nonFinite = "non-finite"
}

/// The summary of one layer's gradient flow under one loss.
///
/// - `boundRateLog10` = log10(γ·σ_max(W_hh)): Pascanu et al. 2013's bound on the per-step rate of a
///   vanilla RNN (‖∂L/∂h_k‖ ≤ (γσ_max)^(T−k)·‖∂L/∂h_T‖ for a last-step loss). nil for gated cells,
///   whose Jacobian is not diag(φ')·W_hh.
/// - `observedRateLog10`: the least-squares slope of log10‖∂L/∂h_t‖ against the lag T − t, over
///   every lag with a finite value (decades per step; negative = shrinking going back).
/// - `memoryHorizon`: the first lag at which ‖∂L/∂h_{T−lag}‖ / ‖∂L/∂h_T‖ < 1e-8; nil if it never
///   falls that far within the sequence.
/// - `verdict`: vanishing if the observed rate is below −`threshold(steps:)`, exploding above it,
///   neutral otherwise. The threshold is tied to the run's horizon: 1/T decades per step, so a
///   gradient that changes by less than a factor of 10 over all T steps of the run is neutral
///   (T = 1000: 1e-3; T = 200: 5e-3). A fixed threshold would call a rate vanishing that moves the
///   norm by a factor of 0.8 over the whole sequence.
///   `non-finite` when any ‖∂L/∂h_t‖ is inf or NaN. An exactly zero norm (log10 = −∞) is
///   information, not a failure: with fewer than two nonzero norms left to fit, the verdict is
///   vanishing.
///
/// The rates are meaningful for a last-step loss; under an all-steps loss every step also gets a
/// direct term, so the norm need not decay even when the carried part vanishes.
public struct Diagnosis: Sendable, Equatable {
    public var layer: Int
    public var sigmaMax: Double
    public var gamma: Double?
    public var boundRateLog10: Double?
    public var observedRateLog10: Double
    public var memoryHorizon: Int?
    public var verdict: Verdict
    /// Whether every lag satisfies the Pascanu bound (nil where there is no bound; meaningful for a
    /// last-step loss on the top layer).
    public var boundHolds: Bool?

    /// The rate, in decades per step, that changes the norm by one decade over `steps` steps.
    public static func threshold(steps: Int) -> Double { 1 / Double(max(steps, 1)) }

    public init(layer: Int, gradHiddenLog10 logs: [Double], sigmaMax: Double, gamma: Double?, checkBound: Bool) {
        self.layer = layer
        self.sigmaMax = sigmaMax
        self.gamma = gamma
        let T = logs.count - 1
        boundRateLog10 = gamma.map { log10($0 * sigmaMax) }
        // Least squares of y = log10‖∂L/∂h_{T−lag}‖ on x = lag.
        var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for lag in 0...T where logs[T - lag].isFinite {
            let x = Double(lag), y = logs[T - lag]
            n += 1; sx += x; sy += y; sxx += x * x; sxy += x * y
        }
        let denominator = n * sxx - sx * sx
        observedRateLog10 = denominator > 0 ? (n * sxy - sx * sy) / denominator : .nan
        memoryHorizon = logs[T].isFinite ? (1...max(T, 1)).first { $0 <= T && logs[T - $0] - logs[T] < -8 } : nil
        if logs.contains(where: { $0.isNaN || $0 == .infinity }) {
            verdict = .nonFinite
        } else if observedRateLog10.isNaN {
            verdict = logs.contains(-.infinity) ? .vanishing : .neutral
        }  // < 2 finite points
        else if observedRateLog10 < -Diagnosis.threshold(steps: T) {
            verdict = .vanishing
        } else if observedRateLog10 > Diagnosis.threshold(steps: T) {
            verdict = .exploding
        } else {
            verdict = .neutral
        }
        if checkBound, let rate = boundRateLog10 {
            // 1e-9 decades of slack for rounding in the products.
            boundHolds = (0...T).allSatisfy { lag in
                !logs[T - lag].isFinite || logs[T - lag] <= logs[T] + Double(lag) * rate + 1e-9
            }
        } else {
            boundHolds = nil
        }
    }
}

import Foundation

private typealias P = CliffParameters
import Reporting

/// Pascanu, Mikolov & Bengio 2013, Fig. 6: the error surface of a single-unit recurrent network
///
///     x_t = w·σ(x_{t−1}) + b,  x_0 = 0.5,  t = 1 … T (T = 50),  E = (σ(x_T) − target)², target 0.7,
///
/// over a (w, b) grid, and gradient-descent trajectories on it with and without norm clipping.
/// The gradient is exact (reverse accumulation through the T steps):
/// ∂E/∂x_T = 2(σ(x_T) − target)·σ'(x_T); ∂x_t/∂x_{t−1} = w·σ'(x_{t−1}); ∂x_t/∂w = σ(x_{t−1}), ∂x_t/∂b = 1.
public enum Cliff {
    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// (E, ∂E/∂w, ∂E/∂b) at (w, b).
    public static func errorAndGradient(w: Double, b: Double, x0: Double = 0.5, steps T: Int = 50, target: Double = 0.7)
        -> (Double, Double, Double)
    {
        var xs = [x0]
        xs.reserveCapacity(T + 1)
        for _ in 0..<T { xs.append(w * sigmoid(xs.last!) + b) }
        let sT = sigmoid(xs[T])
        let e = (sT - target) * (sT - target)
        var dx = 2 * (sT - target) * sT * (1 - sT)  // ∂E/∂x_T
        var dw = 0.0, db = 0.0
        for t in stride(from: T, through: 1, by: -1) {
            let s = sigmoid(xs[t - 1])
            dw += dx * s  // x_t ∋ w·σ(x_{t−1})
            db += dx  // x_t ∋ b
            dx *= w * s * (1 - s)  // x_t ∋ w·σ(x_{t−1}) ⇒ ∂x_t/∂x_{t−1} = w·σ'(x_{t−1})
        }
        return (e, dw, db)
    }

    static func measure(_ c: Configuration, keys: [String], key: (Configuration) -> [CSVTable.Field]) throws -> [(
        String, CSVTable
    )] {
        var surface = CSVTable(columns: keys + ["w", "b", "error", "log10_error", "grad_norm", "log10_grad_norm"])
        var paths = CSVTable(
            columns: keys + ["method", "step", "w", "b", "error", "log10_error", "grad_norm", "update_norm", "clipped"])
        do {
            let T = c[P.steps], x0 = c[P.x0], target = c[P.target]
            let n = c[P.gridPoints]
            let (w0, w1) = (c[P.wMin], c[P.wMax])
            let (b0, b1) = (c[P.bMin], c[P.bMax])
            for iw in 0..<n {
                for ib in 0..<n {
                    let w = w0 + (w1 - w0) * Double(iw) / Double(n - 1), b = b0 + (b1 - b0) * Double(ib) / Double(n - 1)
                    let (e, gw, gb) = errorAndGradient(w: w, b: b, x0: x0, steps: T, target: target)
                    let g = (gw * gw + gb * gb).squareRoot()
                    surface.append(
                        key(c) + [.number(w), .number(b), .number(e), .number(log10(e)), .number(g), .number(log10(g))])
                }
            }
            let lr = c[P.learningRate], iterations = c[P.iterations], threshold = c[P.clipThreshold]
            /// Descends from (w, b); returns the largest step, the largest ‖∇E‖ and the final error.
            func descend(_ method: String, from start: (Double, Double), record: Bool) -> (Double, Double, Double) {
                var (w, b) = start
                var largestStep = 0.0, largestGrad = 0.0, last = Double.nan
                for step in 0...iterations {
                    let (e, gw, gb) = errorAndGradient(w: w, b: b, x0: x0, steps: T, target: target)
                    let g = (gw * gw + gb * gb).squareRoot()
                    // Clipping as a separate step: rescale the gradient to `threshold` when its norm exceeds it
                    // (Pascanu et al. 2013, Algorithm 1).
                    let clip = method == "clipped" && g > threshold
                    let f = clip ? threshold / g : 1
                    let (uw, ub) = (-lr * f * gw, -lr * f * gb)
                    let u = (uw * uw + ub * ub).squareRoot()
                    if record {
                        paths.append(
                            key(c) + [
                                .text(method), .integer(step), .number(w), .number(b), .number(e), .number(log10(e)),
                                .number(g), .number(u), .text(clip ? "true" : "false"),
                            ])
                    }
                    last = e
                    if step < iterations {
                        largestStep = max(largestStep, u.isFinite ? u : .infinity)
                        largestGrad = max(largestGrad, g.isFinite ? g : .infinity)
                        if uw.isFinite && ub.isFinite { w += uw; b += ub }
                    }
                }
                return (largestStep, largestGrad, last)
            }
            for method in ["unclipped", "clipped"] {
                _ = descend(method, from: (c[P.startW], c[P.startB]), record: true)
            }
            let k = c[P.startGrid]
            var starts = CSVTable(
                columns: keys + [
                    "start", "from_w", "from_b", "method", "largest_step", "largest_grad_norm", "final_error",
                ])
            for i in 0..<(k * k) {
                let sw = w0 + (w1 - w0) * (Double(i / k) + 0.5) / Double(k)
                let sb = b0 + (b1 - b0) * (Double(i % k) + 0.5) / Double(k)
                for method in ["unclipped", "clipped"] {
                    let (step, grad, final) = descend(method, from: (sw, sb), record: false)
                    starts.append(
                        key(c) + [
                            .integer(i), .number(sw), .number(sb), .text(method), .number(step), .number(grad),
                            .number(final),
                        ])
                }
            }
            if k > 0 { return [("error_surface.csv", surface), ("trajectories.csv", paths), ("starts.csv", starts)] }
        }
        return [("error_surface.csv", surface), ("trajectories.csv", paths)]
    }
}

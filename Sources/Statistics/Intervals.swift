import Foundation

/// A two-sided interval [lower, upper] around an estimate.
public struct Interval: Sendable, Equatable, CustomStringConvertible {
    public var estimate: Double
    public var lower: Double
    public var upper: Double

    public init(estimate: Double, lower: Double, upper: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }

    public var description: String { "\(estimate) [\(lower), \(upper)]" }
}

/// Confidence intervals at 95%.
public enum Confidence {
    /// The standard normal quantile z_{0.975}.
    public static let z975 = 1.959963984540054

    /// The Wilson score interval for `successes` of `trials` (Wilson 1927): centre
    /// (k + z²/2)/(n + z²), half-width z/(n + z²)·√(k(n − k)/n + z²/4). Unlike the normal
    /// approximation it stays inside [0, 1] and is not empty at 0 or n successes.
    public static func wilson(successes k: Int, trials n: Int, z: Double = z975) -> Interval? {
        guard n > 0, k >= 0, k <= n else { return nil }
        let nf = Double(n), kf = Double(k), z2 = z * z
        let centre = (kf + z2 / 2) / (nf + z2)
        let half = z / (nf + z2) * (kf * (nf - kf) / nf + z2 / 4).squareRoot()
        return Interval(estimate: kf / nf, lower: max(0, centre - half), upper: min(1, centre + half))
    }

    /// The mean of `values` with its Student-t interval mean ± t_{0.975, n−1}·s/√n (s the sample
    /// standard deviation). Nil for fewer than two values or a non-finite value.
    public static func mean(_ values: [Double]) -> Interval? {
        guard values.count >= 2, values.allSatisfy(\.isFinite) else { return nil }
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        let s2 = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        let half = StudentT.quantile(0.975, degreesOfFreedom: values.count - 1) * (s2 / n).squareRoot()
        return Interval(estimate: m, lower: m - half, upper: m + half)
    }
}

/// Student's t distribution, through the regularised incomplete beta function.
public enum StudentT {
    /// P(T ≤ t) for ν degrees of freedom: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, symmetric below.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        let v = Double(nu)
        let tail = 0.5 * IncompleteBeta.regularized(x: v / (v + t * t), a: v / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile (0.5 < p < 1), by bisection on the CDF to 1e-13.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(nu >= 1 && p > 0.5 && p < 1, "StudentT.quantile: ν ≥ 1 and ½ < p < 1")
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: nu) < p { hi *= 2 }
        while hi - lo > 1e-13 * max(1, hi) {
            let mid = (lo + hi) / 2
            if cdf(mid, degreesOfFreedom: nu) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}

/// The regularised incomplete beta function I_x(a, b), by the continued fraction of
/// Numerical Recipes §6.4 (modified Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
/// where the fraction converges slowly.
enum IncompleteBeta {
    static func regularized(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logBeta + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * fraction(x: x, a: a, b: b) / a }
        return 1 - front * fraction(x: 1 - x, a: b, b: a) / b
    }

    static func fraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let mf = Double(m)
            var num = mf * (b - mf) * x / ((a + 2 * mf - 1) * (a + 2 * mf))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            num = -(a + mf) * (a + b + mf) * x / ((a + 2 * mf) * (a + 2 * mf + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}

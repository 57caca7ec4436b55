import Foundation

/// What an interval says about a claim.
public enum Verdict: String, Sendable, Equatable, CaseIterable {
    /// The whole interval lies on the claimed side.
    case holds
    /// The whole interval lies on the other side.
    case contradicted
    /// The interval straddles the claim's boundary: the measurement cannot decide.
    case inconclusive
}

/// What a claim says about a measured quantity, decided by its interval.
public enum Comparison: Sendable, Equatable {
    /// The quantity is above the value (success rate above ½, accuracy above chance).
    case above(Double)
    /// The quantity is below the value (error below the baseline minus its margin).
    case below(Double)
    /// The quantity is below another measured quantity: decided by the two intervals (holds when
    /// this interval lies entirely below the other, contradicted when entirely above).
    case belowMeasurement(String)
    /// The quantity is above another measured quantity.
    case aboveMeasurement(String)

    /// holds when the interval lies strictly on the claimed side, contradicted when it lies
    /// entirely on the other side (touching the boundary counts as the other side), else
    /// inconclusive. A comparison with another measurement needs its interval (`other`).
    public func verdict(_ i: Interval, other: Interval? = nil) -> Verdict {
        switch self {
        case .belowMeasurement, .aboveMeasurement:
            guard let o = other else { return .inconclusive }
            let below: Bool
            if case .belowMeasurement = self { below = true } else { below = false }
            let (a, b) = below ? (i, o) : (o, i)
            if a.upper < b.lower { return .holds }
            if a.lower > b.upper { return .contradicted }
        case .above(let x):
            if i.lower > x { return .holds }
            if i.upper <= x { return .contradicted }
        case .below(let x):
            if i.upper < x { return .holds }
            if i.lower >= x { return .contradicted }
        }
        return .inconclusive
    }
}

/// When a learning curve reaches a level and stays there.
public enum Sustained {
    /// The first update from which every later evaluation meets the level (`≤ level` when lower
    /// is better, `≥` otherwise), or nil when the last evaluation does not. A curve that dips
    /// below 1% at update 500, climbs to 6% at 900 and stays below 1% from 1,200 reaches it at 1,200.
    public static func reached(
        _ curve: [(update: Int, value: Double)], level: Double, lowerIsBetter: Bool
    ) -> Int? {
        func meets(_ v: Double) -> Bool { v.isFinite && (lowerIsBetter ? v <= level : v >= level) }
        var from: Int? = nil
        for p in curve {
            if meets(p.value) {
                if from == nil { from = p.update }
            } else {
                from = nil
            }
        }
        return from
    }
}

/// Quantiles of times to an event, some of which did not happen within the budget (censored).
public enum CensoredQuantiles {
    /// A quantile of a sample in which `nil` means "not within the budget" (larger than every
    /// observed value).
    public enum Value: Sendable, Equatable {
        case value(Double)
        /// The quantile falls among the runs that did not reach the event.
        case notReached
    }

    /// A distribution-free 95% interval for the median: the order statistics x₍ⱼ₎ and x₍ₙ₋ⱼ₊₁₎ with
    /// j the largest index such that P(Bin(n, ½) < j) ≤ 0.025, so the coverage is at least 95%
    /// (n = 10: [x₍₂₎, x₍₉₎], 97.9%). Censored runs sort last and count as +∞. Nil when n < 6, where
    /// even [x₍₁₎, x₍ₙ₎] covers less than 95%.
    public static func medianInterval(_ sample: [Double?]) -> (lower: Double, upper: Double, coverage: Double)? {
        let n = sample.count
        guard n >= 6 else { return nil }
        // P(Bin(n, ½) ≤ k), exactly enough in Double for n up to thousands (log-space terms).
        func cdf(_ k: Int) -> Double {
            var total = 0.0
            for i in 0...k {
                total += exp(
                    lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) - Double(n) * log(2))
            }
            return total
        }
        var j = 0
        while j + 1 <= n / 2 && cdf(j) <= 0.025 { j += 1 }
        guard j >= 1 else { return nil }
        let sorted = sample.map { $0 ?? .infinity }.sorted()
        return (sorted[j - 1], sorted[n - j], 1 - 2 * cdf(j - 1))
    }

    /// The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics (Hyndman &
    /// Fan 1996, type 7, the default of R and numpy), with censored runs sorted last; a quantile
    /// that interpolates toward a censored run is `notReached`.
    public static func quantile(_ sample: [Double?], _ q: Double) -> Value? {
        guard !sample.isEmpty, q >= 0, q <= 1 else { return nil }
        let observed = sample.compactMap { $0 }.sorted()
        let h = Double(sample.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = Int(h.rounded(.up))
        guard hi < observed.count else { return .notReached }
        return .value(observed[lo] + (h - Double(lo)) * (observed[hi] - observed[lo]))
    }
}

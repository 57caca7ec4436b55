import Foundation
import Testing
@testable import Statistics

/// Reference values come from SciPy and numpy (Fixtures/make_reference.py → reference.json);
/// the hand-derived cases are worked in the comments.
struct Reference: Decodable {
    struct TQuantile: Decodable { var p: Double; var df: Int; var value: Double }
    struct Wilson: Decodable { var k: Int; var n: Int; var lower: Double; var upper: Double }
    struct Mean: Decodable { var values: [Double]; var mean: Double; var lower: Double; var upper: Double }
    struct Quantile: Decodable { var values: [Double]; var q: Double; var value: Double }
    var t_quantiles: [TQuantile]
    var wilson: [Wilson]
    var means: [Mean]
    var quantiles: [Quantile]

    static let loaded: Reference = {
        let url = Bundle.module.url(forResource: "Fixtures/reference", withExtension: "json")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()
}

@Suite struct IntervalTests {
    @Test func studentQuantilesMatchSciPy() {
        for r in Reference.loaded.t_quantiles {
            let q = StudentT.quantile(r.p, degreesOfFreedom: r.df)
            #expect(abs(q - r.value) <= 1e-10 * r.value, "t_{\(r.p), \(r.df)} = \(q), SciPy \(r.value)")
        }
    }

    @Test func cdfOfOneDegreeIsTheCauchy() {
        // ν = 1 is the Cauchy distribution: F(t) = ½ + atan(t)/π.
        for t in [-5.0, -1, 0, 0.5, 1, 3, 40] {
            #expect(abs(StudentT.cdf(t, degreesOfFreedom: 1) - (0.5 + atan(t) / Double.pi)) < 1e-14)
        }
    }

    @Test func wilsonMatchesSciPy() throws {
        for r in Reference.loaded.wilson {
            let i = try #require(Confidence.wilson(successes: r.k, trials: r.n))
            #expect(abs(i.lower - r.lower) < 1e-12 && abs(i.upper - r.upper) < 1e-12, "\(r.k)/\(r.n): \(i)")
            #expect(i.estimate == Double(r.k) / Double(r.n))
        }
        // By hand, 0 of 10: centre = (z²/2)/(10 + z²) and half-width z/(10 + z²)·√(z²/4) are equal,
        // so the interval is [0, z²/(10 + z²)] = [0, 0.27753…].
        let z2 = Confidence.z975 * Confidence.z975
        let zero = try #require(Confidence.wilson(successes: 0, trials: 10))
        #expect(zero.lower == 0 && abs(zero.upper - z2 / (10 + z2)) < 1e-15)
        #expect(Confidence.wilson(successes: 3, trials: 2) == nil && Confidence.wilson(successes: 0, trials: 0) == nil)
    }

    @Test func meanIntervalsMatchSciPy() throws {
        for r in Reference.loaded.means {
            let i = try #require(Confidence.mean(r.values))
            #expect(abs(i.estimate - r.mean) < 1e-14 * max(1, abs(r.mean)))
            #expect(abs(i.lower - r.lower) < 1e-10 * max(1, abs(r.lower)), "\(i) against [\(r.lower), \(r.upper)]")
            #expect(abs(i.upper - r.upper) < 1e-10 * max(1, abs(r.upper)))
        }
        #expect(Confidence.mean([1]) == nil && Confidence.mean([1, .nan]) == nil)
    }
}

@Suite struct VerdictTests {
    @Test func anIntervalDecidesOnlyWhenItLiesOnOneSide() {
        let i = Interval(estimate: 0.5, lower: 0.3, upper: 0.7)
        #expect(Comparison.above(0.2).verdict(i) == .holds)
        #expect(Comparison.above(0.3).verdict(i) == .inconclusive)  // touching the boundary does not hold
        #expect(Comparison.above(0.7).verdict(i) == .contradicted)
        #expect(Comparison.below(0.8).verdict(i) == .holds)
        #expect(Comparison.below(0.5).verdict(i) == .inconclusive)
        #expect(Comparison.below(0.3).verdict(i) == .contradicted)
    }

    @Test func comparingTwoMeasurementsNeedsSeparatedIntervals() {
        let fast = Interval(estimate: 300, lower: 200, upper: 400)
        let slow = Interval(estimate: 900, lower: 500, upper: .infinity)
        #expect(Comparison.belowMeasurement("slow").verdict(fast, other: slow) == .holds)
        #expect(Comparison.aboveMeasurement("slow").verdict(fast, other: slow) == .contradicted)
        #expect(Comparison.aboveMeasurement("fast").verdict(slow, other: fast) == .holds)
        let overlapping = Interval(estimate: 450, lower: 350, upper: 700)
        #expect(Comparison.belowMeasurement("x").verdict(fast, other: overlapping) == .inconclusive)
        #expect(Comparison.belowMeasurement("x").verdict(fast) == .inconclusive, "no interval to compare with")
    }

    @Test func reachingMeansStayingThere() {
        let curve: [(update: Int, value: Double)] = [
            (0, 0.5), (500, 0.008), (900, 0.062), (1200, 0.004), (1500, 0.009), (1800, 0.0),
        ]
        #expect(Sustained.reached(curve, level: 0.01, lowerIsBetter: true) == 1200)
        #expect(Sustained.reached(curve + [(2100, 0.02)], level: 0.01, lowerIsBetter: true) == nil)
        #expect(Sustained.reached([(0, 0.2), (10, 0.95), (20, 1.0)], level: 0.9, lowerIsBetter: false) == 10)
        #expect(Sustained.reached([(0, 0.2), (10, .nan)], level: 0.1, lowerIsBetter: false) == nil)
        #expect(Sustained.reached([], level: 0.1, lowerIsBetter: true) == nil)
    }
}

@Suite struct QuantileTests {
    @Test func uncensoredQuantilesMatchNumpy() {
        for r in Reference.loaded.quantiles {
            #expect(CensoredQuantiles.quantile(r.values, r.q) == .value(r.value), "\(r.values) q = \(r.q)")
        }
    }

    /// Order-statistic intervals for the median. n = 10: P(Bin(10, ½) ≤ 1) = 11/1024 ≤ 0.025 <
    /// P(≤ 2) = 56/1024, so [x₍₂₎, x₍₉₎] with coverage 1 − 22/1024; n = 6: [x₍₁₎, x₍₆₎], 1 − 2/64;
    /// n = 5 has no 95% interval (even [x₍₁₎, x₍₅₎] covers 1 − 2/32 = 93.75%).
    @Test func medianIntervalsFromOrderStatistics() throws {
        let ten: [Double?] = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]
        let m = try #require(CensoredQuantiles.medianInterval(ten))
        #expect(m.lower == 2 && m.upper == 9 && abs(m.coverage - (1 - 22.0 / 1024)) < 1e-12)
        let six = try #require(CensoredQuantiles.medianInterval([3, nil, 1, 2, nil, 5]))
        #expect(six.lower == 1 && six.upper == .infinity && abs(six.coverage - (1 - 2.0 / 64)) < 1e-12)
        #expect(CensoredQuantiles.medianInterval([1, 2, 3, 4, 5]) == nil)
        // n = 20: P(Bin(20, ½) ≤ 5) = 21700/2^20 = 0.0207 ≤ 0.025 < P(≤ 6) = 0.0577: [x₍₆₎, x₍₁₅₎].
        let twenty = try #require(CensoredQuantiles.medianInterval((1...20).map { Double($0) }))
        #expect(twenty.lower == 6 && twenty.upper == 15)
    }

    @Test func censoredRunsSortLast() {
        // 5 runs, two never reached: order statistics 100, 200, 300, ∞, ∞. Median (h = 2) is 300;
        // the upper quartile (h = 3) is a censored run; the lower (h = 1) is 200.
        let s: [Double?] = [300, nil, 100, nil, 200]
        #expect(CensoredQuantiles.quantile(s, 0.5) == .value(300))
        #expect(CensoredQuantiles.quantile(s, 0.25) == .value(200))
        #expect(CensoredQuantiles.quantile(s, 0.75) == .notReached)
        // 4 runs, two reached: the median interpolates between 200 and a censored run.
        #expect(CensoredQuantiles.quantile([100, 200, nil, nil], 0.5) == .notReached)
        #expect(CensoredQuantiles.quantile([], 0.5) == nil)
    }
}

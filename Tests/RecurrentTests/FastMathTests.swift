import Foundation
import Testing
@testable import Recurrent

/// FastMath's documented error bounds, measured in units in the last place of the correctly
/// rounded result. Reference: the x87 80-bit `expl` / `tanhl` of glibc (64-bit significand, 11
/// bits more than Double; glibc documents ≤ 1–2 ulp of Float80 for them, i.e. ≤ 2^−10 Double ulp),
/// so the measured error is accurate to about 0.001 ulp. σ(x) = 1/(1 + expl(−x)) in Float80: two
/// more Float80 roundings, still ≪ 0.01 Double ulp.
@Suite struct FastMathTests {
    /// |a − ref| in ulps of the Double nearest to ref (subnormal results: in units of the
    /// smallest subnormal, which is their ulp).
    static func ulps(_ a: Double, _ ref: Float80) -> Double {
        let r = Double(ref)
        if r == 0 { return a == 0 ? 0 : Double(abs(Float80(a)) / Float80(Double.leastNonzeroMagnitude)) }
        return Double(abs(Float80(a) - ref) / Float80(r.ulp))
    }

    static func sigmoidReference(_ x: Double) -> Float80 { 1 / (1 + expl(-Float80(x))) }

    /// Arguments: uniform on the gate range, wide ranges and near zero, from a fixed seed.
    static func arguments() -> [Double] {
        var rng = SplitMix64(seed: 2026)
        var xs: [Double] = []
        for _ in 0..<60_000 { xs.append(rng.uniform(-30, 30)) }
        for _ in 0..<20_000 { xs.append(rng.uniform(-1e-3, 1e-3)) }
        for _ in 0..<20_000 { xs.append(rng.uniform(-2, 2)) }
        return xs
    }

    @Test func errorBounds() {
        var worst = (exp: 0.0, tanh: 0.0, sigmoid: 0.0)
        for x in Self.arguments() {
            worst.exp = max(worst.exp, Self.ulps(FastMath.exp(x), expl(Float80(x))))
            worst.tanh = max(worst.tanh, Self.ulps(FastMath.tanh(x), tanhl(Float80(x))))
            worst.sigmoid = max(worst.sigmoid, Self.ulps(FastMath.sigmoid(x), Self.sigmoidReference(x)))
        }
        // The bounds FastMath documents.
        #expect(worst.exp < 1, "exp: \(worst.exp) ulp")
        #expect(worst.tanh < 2.5, "tanh: \(worst.tanh) ulp")
        #expect(worst.sigmoid < 2.5, "sigmoid: \(worst.sigmoid) ulp")
    }

    @Test func fullExponentRange() {
        // exp over its whole finite range, including the subnormal tail (x < −708.4).
        var rng = SplitMix64(seed: 5)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = rng.uniform(-745, 709.7)
            worst = max(worst, Self.ulps(FastMath.exp(x), expl(Float80(x))))
        }
        #expect(worst < 1, "exp on [−745, 709.7]: \(worst) ulp")
        // σ(−740) = e^−740/(1 + e^−740) ≈ 4.2e−322 (subnormal), not 0.
        #expect(Self.ulps(FastMath.sigmoid(-740), Self.sigmoidReference(-740)) < 1)
    }

    @Test func specialValues() {
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(710) == .infinity && FastMath.exp(.infinity) == .infinity)
        #expect(FastMath.exp(-746) == 0 && FastMath.exp(-.infinity) == 0)
        #expect(FastMath.exp(.nan).isNaN && FastMath.tanh(.nan).isNaN && FastMath.sigmoid(.nan).isNaN)
        #expect(FastMath.tanh(0) == 0 && FastMath.tanh(-0.0).sign == .minus)
        #expect(FastMath.tanh(.infinity) == 1 && FastMath.tanh(-.infinity) == -1)
        #expect(FastMath.tanh(25) == 1 && FastMath.tanh(-25) == -1)
        #expect(FastMath.tanh(1e-300) == 1e-300)  // tanh x = x − x³/3 … rounds to x
        #expect(FastMath.sigmoid(0) == 0.5)
        #expect(FastMath.sigmoid(.infinity) == 1 && FastMath.sigmoid(-.infinity) == 0)
        // Odd and complementary symmetry hold exactly by construction.
        for x in [0.3, 1.7, 5.25, 19.5] {
            #expect(FastMath.tanh(-x) == -FastMath.tanh(x))
        }
    }

    @Test func inPlaceLoopsMatchScalar() {
        let xs = Self.arguments().prefix(1001)
        var t = Array(xs), s = Array(xs)
        t.withUnsafeMutableBufferPointer { FastMath.tanh(inPlace: $0.baseAddress!, count: $0.count) }
        s.withUnsafeMutableBufferPointer { FastMath.sigmoid(inPlace: $0.baseAddress!, count: $0.count) }
        for (i, x) in xs.enumerated() {
            #expect(t[i] == FastMath.tanh(x) && s[i] == FastMath.sigmoid(x))
        }
    }
}

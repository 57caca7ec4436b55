import Foundation

/// Euclidean norms that neither underflow nor overflow, and powers of two applied exactly.
public enum Norms {
    /// Below this, a squared element underflows (2^-511 ≈ 1.5e-154; its square is 2^-1022).
    static let smallLimit = 0x1p-500
    /// Above this, a squared element overflows.
    static let bigLimit = 0x1p500

    /// sqrt(Σ xᵢ²) over `count` elements, accurate to a few ulp for any finite input.
    ///
    /// The naive sum of squares underflows to exactly 0 when every |xᵢ| is below ~1e-154 and
    /// overflows above ~1e154. Like BLAS `dnrm2`, this rescales: it finds m = max|xᵢ| and, when
    /// m is outside [2^-500, 2^500], sums (xᵢ·2^-e)² with 2^e ≈ m (an exact power-of-two
    /// scaling), then multiplies back. Returns 0 only if every element is ±0, +inf if any is
    /// infinite (and none NaN), NaN if any is NaN.
    public static func euclidean(_ x: UnsafePointer<Double>, count: Int) -> Double {
        var m = 0.0
        for i in 0..<count {
            let a = abs(x[i])
            if a.isNaN { return .nan }
            if a > m { m = a }
        }
        if m == 0 || m == .infinity { return m }
        if m >= smallLimit && m <= bigLimit {
            var s = 0.0
            for i in 0..<count { s += x[i] * x[i] }
            return s.squareRoot()
        }
        // Scale by an exact power of two so the largest element is in [1, 2) (for a subnormal
        // largest element, by 2^1000 only: 2^1074 is not a Double, and 2^1000·m ≥ 2^−74 squares safely).
        let e = max(m.exponent, -1000)
        let down = Double(sign: .plus, exponent: -e, significand: 1)
        var s = 0.0
        for i in 0..<count { let v = x[i] * down; s += v * v }
        return s.squareRoot() * Double(sign: .plus, exponent: e, significand: 1)
    }

    /// Euclidean norm of an array (see `euclidean(_:count:)`).
    public static func euclidean(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { euclidean($0.baseAddress!, count: $0.count) }
    }

    /// log10 of the Euclidean norm of (x · 2^exponent2), exact even when the norm itself is far
    /// outside Double's range (the scaled-gradient representation, docs/measurements.md#scaled-norms).
    /// Returns -inf for an exactly zero vector, NaN/inf as `euclidean` does.
    ///
    /// Used once or twice per step of every reverse sweep, so written to vectorise: the maximum
    /// and the sum of squares each run in four interleaved partial results (no early exit, no
    /// sequential dependence), combined in a fixed order — deterministic, and within a few ulp of
    /// `euclidean`, whose plain left-to-right sum it does not reproduce bit for bit.
    public static func log10Euclidean(_ x: UnsafePointer<Double>, count n: Int, exponent2: Int) -> Double {
        // max|xᵢ| ignoring NaN (a comparison with NaN is false); NaN is caught by the sum below.
        var m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0
        let n4 = n & ~3
        var i = 0
        while i < n4 {
            let a0 = abs(x[i]), a1 = abs(x[i + 1]), a2 = abs(x[i + 2]), a3 = abs(x[i + 3])
            m0 = a0 > m0 ? a0 : m0; m1 = a1 > m1 ? a1 : m1
            m2 = a2 > m2 ? a2 : m2; m3 = a3 > m3 ? a3 : m3
            i += 4
        }
        while i < n { let a = abs(x[i]); m0 = a > m0 ? a : m0; i += 1 }
        let m = max(max(m0, m1), max(m2, m3))
        if m == .infinity {
            for j in 0..<n where x[j].isNaN { return .nan }
            return .infinity
        }
        // Scale by an exact power of two when squares would underflow or overflow (m = 0: no NaN
        // seen by max, but the sum still shows one).
        // (At most 2^1000 up: for a subnormal m, 2^−m.exponent would overflow; 2^1000·m ≥ 2^−74.)
        let e = (m == 0 || (m >= smallLimit && m <= bigLimit)) ? 0 : max(m.exponent, -1000)
        let down = Double(sign: .plus, exponent: -e, significand: 1)
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        i = 0
        while i < n4 {
            let v0 = x[i] * down, v1 = x[i + 1] * down, v2 = x[i + 2] * down, v3 = x[i + 3] * down
            s0 += v0 * v0; s1 += v1 * v1; s2 += v2 * v2; s3 += v3 * v3
            i += 4
        }
        while i < n { let v = x[i] * down; s0 += v * v; i += 1 }
        let s = (s0 + s1) + (s2 + s3)
        if s.isNaN { return .nan }
        if s == 0 { return -.infinity }
        return 0.5 * log10(s) + Double(e + exponent2) * log10of2
    }

    /// log10(2), to full precision.
    public static let log10of2 = 0.30102999566398119521373889472449302676818988146211

    /// x ← x · 2^k for `count` elements, exact unless the result leaves Double's range
    /// (then it becomes ±0/subnormal or ±inf, as the true value would). Any Int `k` is allowed.
    public static func scaleByPowerOfTwo(_ x: UnsafeMutablePointer<Double>, count: Int, _ k: Int) {
        if k == 0 { return }
        if k < -2200 {  // every finite Double times 2^k is below the smallest subnormal
            for i in 0..<count { x[i] = x[i].isFinite ? 0 * x[i] : x[i] }
            return
        }
        var rest = Swift.min(Swift.max(k, -2200), 2200)
        while rest != 0 {
            let step = Swift.max(Swift.min(rest, 1000), -1000)
            let f = Double(sign: .plus, exponent: step, significand: 1)
            for i in 0..<count { x[i] *= f }
            rest -= step
        }
    }

    /// Binary exponent of the largest finite magnitude among `count` elements: ⌊log2 max|xᵢ|⌋.
    /// nil when every element is zero or any is not finite.
    public static func maxExponent(_ x: UnsafePointer<Double>, count: Int) -> Int? {
        if count == 0 { return nil }
        let i = BLAS.indexOfMaxMagnitude(count: count, x: x)
        let m = abs(x[i])
        // idamax skips NaN on some builds; check finiteness of the whole vector only when needed.
        if m == 0 { return nil }
        if !m.isFinite { return nil }
        return m.exponent
    }
}

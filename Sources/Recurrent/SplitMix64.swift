import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): a small, fast,
/// seedable generator. Every random draw in GradPath comes from one of these, passed explicitly,
/// so the same seed gives the same numbers on every machine.
///
/// Reference: seed 1234567 gives 6457827717110365317, 3203168211198807973, 9817491932198370423
/// (Vigna's C code; checked in the tests).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextUnit() }

    /// Standard normal N(0, 1) by the Box–Muller transform (one draw per call; the partner is discarded
    /// so the sequence does not depend on call history beyond the generator state).
    public mutating func normal() -> Double {
        var u1 = nextUnit()
        while u1 == 0 { u1 = nextUnit() }
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A generator for a sub-stream, so that adding draws in one place does not shift another.
    public mutating func fork() -> SplitMix64 { SplitMix64(seed: next()) }
}

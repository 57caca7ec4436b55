import LinearAlgebra

/// The state gradient of the reverse sweep, (∂L/∂h, ∂L/∂c) = (dh, dc) · 2^exponent, with one
/// shared power of two for h and c (the LSTM state is the pair).
///
/// Why: a last-step loss on a tanh RNN at T = 1000 reaches ‖∂L/∂h_1‖ ≈ 1e-232, and a linear
/// RNN with W_hh = 0.5·Q at T = 2000 reaches 1e-602, far below Double's 1e-308. Every backward
/// operation is linear in the upstream gradient, so carrying a mantissa and a power of two is
/// exact: multiplying by 2^k changes no significant bit. `renormalize` keeps max|m| within
/// 2^±400 (well inside Double, with room for one step's growth) and changes the exponent only
/// when it leaves that window, so a well-scaled gradient is never touched.
struct ScaledState {
    var dh: Buffer
    var dc: Buffer?
    var exponent = 0
    /// Values of dh (B·S) and of dc (B·H, 0 without a cell state).
    let count: Int
    let cellCount: Int

    static let window = 400

    /// dh holds B·S values (S = `output`, H when nil), dc B·H.
    init(batch B: Int, hidden H: Int, hasCell: Bool, output S: Int? = nil) {
        count = B * (S ?? H)
        cellCount = hasCell ? B * H : 0
        dh = Buffer(count: count)
        dc = hasCell ? Buffer(count: cellCount) : nil
    }

    /// What the largest element tells about the scale: all zero, non-finite somewhere, or the
    /// binary exponent of the largest magnitude.
    enum Magnitude { case zero, nonFinite, exponent(Int) }

    static func magnitude(_ x: UnsafePointer<Double>, _ n: Int) -> Magnitude {
        // Branch-free so it vectorises (it runs every step): a NaN loses every comparison, so
        // it is caught separately by x − x, which is NaN for NaN and ±∞ alike.
        var m0 = 0.0, m1 = 0.0, bad0 = 0.0, bad1 = 0.0
        let n2 = n & ~1
        var i = 0
        while i < n2 {
            let a0 = Swift.abs(x[i]), a1 = Swift.abs(x[i + 1])
            m0 = a0 > m0 ? a0 : m0; m1 = a1 > m1 ? a1 : m1
            bad0 += x[i] - x[i]; bad1 += x[i + 1] - x[i + 1]
            i += 2
        }
        if i < n { let a = Swift.abs(x[i]); m0 = a > m0 ? a : m0; bad0 += x[i] - x[i] }
        if (bad0 + bad1).isNaN { return .nonFinite }
        let m = Swift.max(m0, m1)
        return m == 0 ? .zero : .exponent(m.exponent)
    }

    private var magnitude: Magnitude {
        let a = ScaledState.magnitude(dh.pointer, count)
        guard let dc else { return a }
        let b = ScaledState.magnitude(dc.pointer, cellCount)
        switch (a, b) {
        case (.nonFinite, _), (_, .nonFinite): return .nonFinite
        case (.zero, _): return b
        case (_, .zero): return a
        case let (.exponent(x), .exponent(y)): return .exponent(Swift.max(x, y))
        }
    }

    /// Multiplies the mantissas by 2^k and lowers the exponent by k (the value is unchanged).
    private mutating func shift(_ k: Int) {
        Norms.scaleByPowerOfTwo(dh.pointer, count: count, k)
        if let dc { Norms.scaleByPowerOfTwo(dc.pointer, count: cellCount, k) }
        exponent -= k
    }

    /// dh += d · 2^e  (d: `count` values). Rescales first when the sum would leave the window.
    mutating func add(_ d: UnsafePointer<Double>, exponent e: Int, scratch: UnsafeMutablePointer<Double>) {
        let md: Int
        switch ScaledState.magnitude(d, count) {
        case .zero: return
        case .nonFinite: md = Int.max / 4  // dominate: the sum is non-finite anyway
        case .exponent(let x): md = x + e
        }
        switch magnitude {
        case .zero:
            // Nothing carried yet: adopt the direct term's scale.
            dh.pointer.update(from: d, count: count)
            exponent = e
            return
        case .nonFinite:
            break
        case .exponent(let mc):
            let top = Swift.max(mc + exponent, md)
            if Swift.abs(top - exponent) > ScaledState.window && md != Int.max / 4 {
                shift(exponent - top)  // largest element of the sum now near 2^0
            }
        }
        // dh += d · 2^{e − exponent}; terms below the smallest subnormal vanish, as they should.
        let k = e - exponent
        if k >= -1000 && k <= 1000 {
            BLAS.axpy(count: count, alpha: Double(sign: .plus, exponent: k, significand: 1), x: d, y: dh.pointer)
        } else {
            scratch.update(from: d, count: count)
            Norms.scaleByPowerOfTwo(scratch, count: count, k)
            BLAS.axpy(count: count, alpha: 1, x: scratch, y: dh.pointer)
        }
    }

    /// Brings max|m| back near 2^0 when it has left 2^±window.
    mutating func renormalize() {
        if case .exponent(let m) = magnitude, Swift.abs(m) > ScaledState.window { shift(-m) }
    }

    /// Folds the exponent into the values (which may then underflow or overflow, as the true
    /// Double values would).
    mutating func unscale() { shift(exponent) }

    /// (∂L/∂h, ∂L/∂c) as plain Doubles in a `RecurrentState` of `cell` (a copy; the state is
    /// unchanged). Values too small for Double become subnormal or 0, as the true ones would.
    func unscaled(_ cell: CellKind, batch B: Int, hidden H: Int, output S: Int? = nil) -> RecurrentState {
        func plain(_ b: Buffer) -> [Double] {
            var v = b.array()
            v.withUnsafeMutableBufferPointer { Norms.scaleByPowerOfTwo($0.baseAddress!, count: $0.count, exponent) }
            return v
        }
        precondition(B * (S ?? H) == count, "ScaledState.unscaled: \(B)×\(S ?? H) does not hold \(count) values")
        var st = RecurrentState.zeros(cell, batchSize: B, hiddenSize: H, outputSize: S)
        st.hidden.storage = plain(dh)
        if let dc { st.cell.storage = plain(dc) }
        return st
    }
}

/// The direct gradient ∂L/∂h_t into one layer's outputs for steps `firstStep` … T, as
/// m_t · 2^{exponent[t − firstStep]} (B·S values per step); steps before `firstStep` receive none.
/// A last-step loss stores one step, not T.
struct DirectGradient {
    let buffer: Buffer
    let firstStep: Int
    let exponent: [Int]

    init(buffer: Buffer, firstStep: Int, exponent: [Int]) {
        self.buffer = buffer
        self.firstStep = firstStep
        self.exponent = exponent
    }

    /// Plain values for steps `firstStep` … `steps`.
    init(_ values: [Double], firstStep: Int, steps: Int) {
        self.init(
            buffer: Buffer(values), firstStep: firstStep, exponent: [Int](repeating: 0, count: steps - firstStep + 1))
    }

    /// m_t, or nil when step t receives no direct gradient.
    func pointer(step t: Int, count: Int) -> UnsafePointer<Double>? {
        t >= firstStep ? UnsafePointer(buffer.pointer + (t - firstStep) * count) : nil
    }
}

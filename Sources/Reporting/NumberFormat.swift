import Foundation

/// How numbers are spelled in CSV files and reports.
public enum NumberFormat {
    /// The shortest decimal that reads back as the same Double (Swift's `description`), with
    /// non-finite values spelled `inf`, `-inf` and `nan` everywhere.
    public static func roundTrip(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        return x.description
    }

    /// 10^log10Value as a decimal, also far outside Double's range: 10^-602.3 is written
    /// `5.011872336273e-603`, not 0. Inside Double's normal range this is the round-trip
    /// spelling of the Double; outside it, 13 significant digits: a log10 value near 600 carries
    /// about 1e-13 absolute error (its own ulp), so further digits would be noise.
    /// −∞ (an exactly zero norm) gives `0`.
    public static func fromLog10(_ log10Value: Double) -> String {
        if log10Value.isNaN { return "nan" }
        if log10Value == .infinity { return "inf" }
        if log10Value == -.infinity { return "0" }
        if log10Value > -307 && log10Value < 308 { return roundTrip(pow(10, log10Value)) }
        // Beyond 10^(±10^15) the exponent's own rounding exceeds the mantissa: write 10^x.
        if abs(log10Value) >= 1e15 { return "1e" + roundTrip(log10Value) }
        var e = log10Value.rounded(.down)
        var m = pow(10, log10Value - e)
        if m >= 10 { m /= 10; e += 1 }
        return String(format: "%.12fe%@%d", m, e < 0 ? "-" : "+", Int(abs(e)))
    }

    /// A compact human-readable number for reports (4 significant digits, scientific when needed).
    public static func short(_ x: Double, digits: Int = 4) -> String {
        if !x.isFinite { return roundTrip(x) }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e-3 && a < 1e6 { return String(format: "%.\(digits)g", x) }
        return String(format: "%.\(digits - 1)e", x)
    }

    /// Like `short`, for a value given by its log10 (works far outside Double's range).
    public static func shortFromLog10(_ l: Double, digits: Int = 4) -> String {
        if !l.isFinite { return l == -.infinity ? "0" : roundTrip(l) }
        if l > -300 && l < 300 { return short(pow(10, l), digits: digits) }
        if abs(l) >= 1e15 { return "10^" + short(l, digits: digits) }
        var e = l.rounded(.down)
        var m = pow(10, l - e)
        if m >= 10 { m /= 10; e += 1 }
        return String(format: "%.\(digits - 1)fe%@%d", m, e < 0 ? "-" : "+", Int(abs(e)))
    }
}

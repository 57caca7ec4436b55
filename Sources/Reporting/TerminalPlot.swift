import Foundation

/// Summary statistics of a numeric column (non-finite values counted apart).
public struct ColumnSummary: Sendable {
    public var count: Int
    public var nonFinite: Int
    public var empty: Int
    public var min: Double
    public var max: Double
    public var mean: Double
    public var median: Double

    public init(_ values: [Double?]) {
        let present = values.compactMap { $0 }
        empty = values.count - present.count
        let finite = present.filter { $0.isFinite }.sorted()
        nonFinite = present.count - finite.count
        count = finite.count
        min = finite.first ?? .nan
        max = finite.last ?? .nan
        mean = finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        median =
            finite.isEmpty
            ? .nan
            : (finite.count % 2 == 1
                ? finite[finite.count / 2] : (finite[finite.count / 2 - 1] + finite[finite.count / 2]) / 2)
    }
}

/// A small scatter/line plot drawn with characters, for a terminal.
public enum TerminalPlot {
    /// Plots (x, y) points (non-finite ones skipped) in a `width` × `height` character grid with
    /// labelled axes. `yIsLog10` labels the y axis as powers of ten.
    public static func render(
        _ points: [(Double, Double)], width: Int = 64, height: Int = 16,
        xLabel: String, yLabel: String, yIsLog10: Bool = false
    ) -> String {
        let p = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard let x0 = p.map(\.0).min(), let x1 = p.map(\.0).max(), let y0 = p.map(\.1).min(), let y1 = p.map(\.1).max()
        else {
            return "(no finite values to plot)\n"
        }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        // Position of v in [lo, hi] as a cell index 0 … n − 1. Halving first keeps hi − lo finite
        // for any finite lo and hi (e.g. ±1.7e308); the index is clamped before conversion.
        func cell(_ v: Double, _ lo: Double, _ hi: Double, _ n: Int) -> Int {
            guard hi > lo else { return n / 2 }
            let f = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
            guard f.isFinite else { return n / 2 }
            return Int((min(max(f, 0), 1) * Double(n - 1)).rounded())
        }
        for (x, y) in p {
            grid[height - 1 - cell(y, y0, y1, height)][cell(x, x0, x1, width)] = "•"
        }
        func label(_ v: Double) -> String {
            yIsLog10 ? NumberFormat.shortFromLog10(v, digits: 3) : NumberFormat.short(v, digits: 4)
        }
        let top = label(y1), bottom = label(y0)
        let w = Swift.max(top.count, bottom.count)
        var out = "\(yLabel)\n"
        for (i, row) in grid.enumerated() {
            let l = i == 0 ? top : (i == height - 1 ? bottom : "")
            out += String(repeating: " ", count: w - l.count) + l + " │" + String(row) + "\n"
        }
        out += String(repeating: " ", count: w) + " └" + String(repeating: "─", count: width) + "\n"
        let left = NumberFormat.short(x0), right = NumberFormat.short(x1)
        out +=
            String(repeating: " ", count: w + 2) + left
            + String(repeating: " ", count: Swift.max(1, width - left.count - right.count)) + right + "\n"
        out += String(repeating: " ", count: w + 2 + Swift.max(0, (width - xLabel.count) / 2)) + xLabel + "\n"
        return out
    }
}

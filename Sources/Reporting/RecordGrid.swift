/// Which rows of a per-step table are kept when a table is thinned along one integer step column
/// (`lag`, `t`, `update`, `index`): within each series, the first `head` step values, the last,
/// and every multiple of a round stride chosen so that at most about `points` more are kept.
///
/// The stride is the series' own spacing g (the greatest common divisor of the gaps between its
/// step values: 1 for lags, 4 for a loss logged every 4th update) times the smallest of 1, 2, 5,
/// 10, 20, 50, … that is at least count / `points`. Kept steps are round numbers (lags 5, 10, …,
/// 100; updates 40, 80, …), so a value the report quotes at a round step stays in the table.
///
/// A series is the set of rows that agree on every column before the step column (except the
/// columns in `sameStep`, which index the same step under another name, such as `t` beside `lag`).
/// Columns after the step column (`sequence` after `lag`) share the step's fate: a kept lag keeps
/// all its sequences.
public struct RecordGrid: Sendable, Equatable {
    public var head: Int
    public var points: Int

    public init(head: Int, points: Int) {
        precondition(head >= 0 && points >= 1, "RecordGrid: head ≥ 0 and points ≥ 1")
        self.head = head
        self.points = points
    }

    /// For tables a plot draws against a lag, a time step or a spectrum index.
    public static let steps = RecordGrid(head: 8, points: 24)
    /// For training curves, whose noise a reader looks at.
    public static let updates = RecordGrid(head: 8, points: 48)

    /// The largest number of distinct step values a thinned series keeps.
    public var maxKept: Int { head + points + 2 }

    /// The stride (in step units) for a series of `count` values spaced `spacing` apart.
    public func stride(count: Int, spacing: Int) -> Int {
        let need = max(1, (count + points - 1) / points)
        var decade = 1
        while true {
            for m in [1, 2, 5] where m * decade >= need { return max(1, spacing) * m * decade }
            decade *= 10
        }
    }

    /// The kept values of one series (distinct, any order).
    public func kept(_ values: [Int]) -> Set<Int> {
        let sorted = Array(Set(values)).sorted()
        guard sorted.count > head + 1 else { return Set(sorted) }
        var g = 0
        for (a, b) in zip(sorted, sorted.dropFirst()) { g = Self.gcd(g, b - a) }
        let s = stride(count: sorted.count, spacing: g)
        var out = Set(sorted.prefix(head))
        out.insert(sorted[sorted.count - 1])
        for v in sorted where v % s == 0 { out.insert(v) }
        return out
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }

    /// `table` with only the kept rows of each series, in their original order. A table without
    /// `column`, or whose step values are not all integers, is returned as it is. Rows whose
    /// `always` column holds its value are kept whatever their step (the step of a task's
    /// informative input, which a report plots).
    public func thin(
        _ table: CSVTable, along column: String, sameStep: Set<String> = [],
        always: (column: String, value: String)? = nil
    ) -> CSVTable {
        guard let c = table.columns.firstIndex(of: column) else { return table }
        let keyColumns = (0..<c).filter { !sameStep.contains(table.columns[$0]) }
        var values: [[String]: [Int]] = [:]
        var steps: [Int] = []
        steps.reserveCapacity(table.rows.count)
        for r in table.rows {
            guard let v = Int(r[c]) else { return table }
            steps.append(v)
            values[keyColumns.map { r[$0] }, default: []].append(v)
        }
        let kept = values.mapValues { self.kept($0) }
        let pinned = always.flatMap { a in table.columns.firstIndex(of: a.column).map { ($0, a.value) } }
        var out = CSVTable(columns: table.columns)
        out.appendRows(
            zip(table.rows, steps).filter { r, v in
                if let (i, value) = pinned, r[i] == value { return true }
                return kept[keyColumns.map { r[$0] }]?.contains(v) ?? true
            }.map(\.0))
        return out
    }
}

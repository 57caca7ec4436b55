/// A dense matrix of `Double`, stored **row-major**: element (i, j) is `storage[i * columns + j]`.
///
/// Row-major is PyTorch's layout, so a PyTorch weight of shape (rows, columns) maps onto
/// `storage` without reordering. Sizes are stored and checked once, at construction.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    /// Number of rows (≥ 0).
    public let rows: Int
    /// Number of columns (≥ 0).
    public let columns: Int
    /// Row-major elements, `rows * columns` of them.
    public var storage: [Double]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: sizes must be non-negative, got \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix over row-major `storage`.
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix: sizes must be non-negative, got \(rows)×\(columns)")
        precondition(
            storage.count == rows * columns,
            "Matrix: \(rows)×\(columns) needs \(rows * columns) elements, got \(storage.count)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from nested rows: `Matrix([[1, 2], [3, 4]])`. Every row must have the same length.
    public init(_ nestedRows: [[Double]]) {
        let columns = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == columns }, "Matrix: rows of unequal length")
        self.init(rows: nestedRows.count, columns: columns, storage: nestedRows.flatMap { $0 })
    }

    /// The n × n identity scaled by `scale`.
    public static func identity(_ n: Int, scale: Double = 1) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = scale }
        return m
    }

    /// A square matrix with `values` on its diagonal.
    public static func diagonal(_ values: [Double]) -> Matrix {
        var m = Matrix(rows: values.count, columns: values.count)
        for (i, v) in values.enumerated() { m.storage[i * values.count + i] = v }
        return m
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix: index (\(row), \(column)) out of \(rows)×\(columns)")
            return storage[row * columns + column]
        }
        set {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix: index (\(row), \(column)) out of \(rows)×\(columns)")
            storage[row * columns + column] = newValue
        }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(storage[(i * columns)..<((i + 1) * columns)]) }

    /// Rows `range` as a new matrix (a gate block of a fused PyTorch weight, for instance).
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "Matrix: rows \(range) out of 0..<\(rows)")
        return Matrix(
            rows: range.count, columns: columns,
            storage: Array(storage[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// Replaces rows `start ..< start + block.rows` by `block` (same column count).
    public mutating func setRows(startingAt start: Int, to block: Matrix) {
        precondition(
            block.columns == columns && start >= 0 && start + block.rows <= rows,
            "Matrix: cannot place a \(block.rows)×\(block.columns) block at row \(start) of \(rows)×\(columns)")
        storage.replaceSubrange((start * columns)..<((start + block.rows) * columns), with: block.storage)
    }

    /// The transpose (a copy).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t.storage[j * rows + i] = storage[i * columns + j] } }
        return t
    }

    /// Multiplies every element by `s`.
    public static func * (s: Double, m: Matrix) -> Matrix {
        Matrix(rows: m.rows, columns: m.columns, storage: m.storage.map { s * $0 })
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(
            a.rows == b.rows && a.columns == b.columns,
            "Matrix: cannot add \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
        return Matrix(rows: a.rows, columns: a.columns, storage: zip(a.storage, b.storage).map { $0 + $1 })
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(
            a.rows == b.rows && a.columns == b.columns,
            "Matrix: cannot subtract \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
        return Matrix(rows: a.rows, columns: a.columns, storage: zip(a.storage, b.storage).map { $0 - $1 })
    }

    /// Largest absolute element (0 for an empty matrix; NaN if any element is NaN).
    public var maxAbs: Double {
        var m = 0.0
        for v in storage { if v.isNaN { return .nan }; m = Swift.max(m, abs(v)) }
        return m
    }

    /// Frobenius norm, computed without underflow or overflow (see `Norms.euclidean`).
    public var frobeniusNorm: Double { Norms.euclidean(storage) }

    public var description: String {
        (0..<rows).map { i in row(i).map { String($0) }.joined(separator: " ") }.joined(separator: "\n")
    }
}

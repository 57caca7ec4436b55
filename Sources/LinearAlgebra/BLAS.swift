internal import CLAPACKE

/// Whether a matrix operand is used as stored or transposed.
public enum Transpose: Sendable {
    case none, transpose
    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// Thin, pointer-level wrappers over CBLAS (OpenBLAS), row-major throughout.
///
/// These are the hot-path entry points for `Recurrent`: they take raw pointers and leading
/// dimensions so that a block of a larger buffer (one timestep of a sequence, one gate block of
/// a fused weight) is multiplied in place, without copies. Sizes are the caller's to get right;
/// they are checked only for being non-negative.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C, with op(A) m×k, op(B) k×n, C m×n, all row-major.
    /// `lda`, `ldb`, `ldc` are the row strides (≥ the stored column count of each operand).
    @inline(__always)
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose,
        m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "BLAS.gemm: negative size")
        if m == 0 || n == 0 { return }
        cblas_dgemm(
            CblasRowMajor, transA.cblas, transB.cblas,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y ← α·op(A)·x + β·y with A stored row-major as m×n (op(A) is n×m when transposed).
    @inline(__always)
    public static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
        beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        if m == 0 || n == 0 { return }
        cblas_dgemv(CblasRowMajor, trans.cblas, Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    /// y ← α·x + y over `count` contiguous elements.
    @inline(__always)
    public static func axpy(count: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        if count == 0 { return }
        cblas_daxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// Index of the element of largest magnitude (BLAS `idamax`, 0-based).
    @inline(__always)
    public static func indexOfMaxMagnitude(count: Int, x: UnsafePointer<Double>) -> Int {
        count == 0 ? 0 : Int(cblas_idamax(Int32(count), x, 1))
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
    }

    /// Sets the number of threads OpenBLAS uses for one call (process-wide).
    ///
    /// Results are bit-identical at a fixed thread count but differ in the last bits between
    /// 1 and 2 threads. When the program runs BLAS calls from several threads of its own, set 1
    /// here: 2 BLAS threads per caller on 2 cores oversubscribes and runs ~2.4× slower.
    public static func setThreads(_ n: Int) {
        precondition(n >= 1, "BLAS.setThreads: need at least one thread")
        openblas_set_num_threads(Int32(n))
    }

    /// OpenBLAS's build configuration (for reports), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Haswell".
    public static var configuration: String { configuration(core: core) }

    /// The build configuration with `core` as the kernels used (a report rebuilt later states the
    /// kernels its numbers were computed with, which `run.json` records).
    public static func configuration(core: String) -> String {
        String(cString: openblas_get_config()) + " (core: \(core))"
    }

    /// The CPU kernels OpenBLAS chose when it loaded ("Haswell", "SkylakeX", "Zen", …): set by the
    /// environment variable OPENBLAS_CORETYPE, else detected. Kernels for different CPUs round
    /// differently in the last bits.
    public static var core: String { String(cString: openblas_get_corename()) }
}

extension Matrix {
    /// op(A)·op(B) through `dgemm`.
    public static func product(
        _ a: Matrix, _ transA: Transpose = .none,
        _ b: Matrix, _ transB: Transpose = .none
    ) -> Matrix {
        let (m, k) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (k2, n) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        precondition(k == k2, "Matrix.product: inner sizes differ (\(m)×\(k) · \(k2)×\(n))")
        var c = Matrix(rows: m, columns: n)
        if k == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(
                        transA, transB, m: m, n: n, k: k, alpha: 1,
                        a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                        beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// Matrix product A·B.
    public static func * (a: Matrix, b: Matrix) -> Matrix { product(a, .none, b, .none) }

    /// A·x through `dgemv`.
    public func times(_ x: [Double]) -> [Double] {
        precondition(x.count == columns, "Matrix.times: \(rows)×\(columns) matrix and vector of \(x.count)")
        var y = [Double](repeating: 0, count: rows)
        if columns == 0 { return y }
        storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    BLAS.gemv(
                        .none, m: rows, n: columns, alpha: 1, a: pa.baseAddress!, lda: columns,
                        x: px.baseAddress!, beta: 0, y: py.baseAddress!)
                }
            }
        }
        return y
    }
}

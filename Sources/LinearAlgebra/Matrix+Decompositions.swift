internal import CLAPACKE

/// A complex eigenvalue λ = real + i·imag.
public struct Eigenvalue: Sendable, Equatable {
    public var real: Double
    public var imag: Double
    public init(real: Double, imag: Double) { self.real = real; self.imag = imag }
    /// |λ|, computed without overflow.
    public var modulus: Double {
        let a = abs(real), b = abs(imag)
        let m = Swift.max(a, b)
        if m == 0 || !m.isFinite { return m }
        let r = Swift.min(a, b) / m
        return m * (1 + r * r).squareRoot()
    }
}

/// A full singular value decomposition A = U·diag(σ)·Vᵀ (A m×n, U m×m, Vᵀ n×n).
public struct SingularValueDecomposition: Sendable {
    public var u: Matrix
    /// Singular values, largest first, min(m, n) of them.
    public var singularValues: [Double]
    public var vt: Matrix
}

/// A thin QR factorisation A = Q·R (A m×n with m ≥ n, Q m×n with orthonormal columns, R n×n upper).
public struct QRDecomposition: Sendable {
    public var q: Matrix
    public var r: Matrix
}

extension Matrix {
    private func requireFinite(_ routine: String) throws {
        for v in storage where !v.isFinite { throw LinearAlgebraError.nonFiniteInput(routine: routine) }
    }

    /// Singular values only, largest first (LAPACK `dgesdd` with jobz = 'N').
    ///
    /// Accurate to about `ε·σ_max` each (absolute); relative accuracy for tiny σ is not promised.
    /// Throws `LinearAlgebraError` if the input is non-finite or LAPACK reports a failure.
    public func singularValues() throws -> [Double] {
        try requireFinite("dgesdd")
        let m = rows, n = columns, k = Swift.min(m, n)
        if k == 0 { return [] }
        var a = storage
        var s = [Double](repeating: 0, count: k)
        // Row-major dgesdd with jobz = 'N' still checks ldu ≥ m and ldvt ≥ n (else info = -11
        // and a message on stdout), so pass those leading dimensions with dummy arrays that LAPACK
        // never touches.
        var dummyU = [Double](repeating: 0, count: 1)
        var dummyVT = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesdd(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), Int32(m), Int32(n),
            &a, Int32(n),  // lda = columns (row-major)
            &s,
            &dummyU, Int32(m),  // ldu ≥ m (unused)
            &dummyVT, Int32(n))  // ldvt ≥ n (unused)
        try LinearAlgebraError.check(info, "dgesdd")
        return s
    }

    /// Largest singular value σ_max (spectral norm).
    public func spectralNorm() throws -> Double { try singularValues().first ?? 0 }

    /// Full SVD through `dgesdd` (jobz = 'A'): U m×m, σ (largest first), Vᵀ n×n.
    public func svd() throws -> SingularValueDecomposition {
        try requireFinite("dgesdd")
        let m = rows, n = columns, k = Swift.min(m, n)
        var a = storage
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: m * m)
        var vt = [Double](repeating: 0, count: n * n)
        if k > 0 {
            let info = LAPACKE_dgesdd(
                LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "A")), Int32(m), Int32(n),
                &a, Int32(n), &s, &u, Int32(m), &vt, Int32(n))
            try LinearAlgebraError.check(info, "dgesdd")
        }
        return SingularValueDecomposition(
            u: Matrix(rows: m, columns: m, storage: u), singularValues: s,
            vt: Matrix(rows: n, columns: n, storage: vt))
    }

    /// Eigenvalues of a square matrix (LAPACK `dgeev`, no eigenvectors), sorted by modulus
    /// (largest first), then by real part, then by imaginary part (descending).
    ///
    /// dgeev's own order depends on the BLAS thread count, so it is sorted here.
    public func eigenvalues() throws -> [Eigenvalue] {
        guard rows == columns else {
            throw LinearAlgebraError.shape(routine: "dgeev", expected: "a square matrix", got: "\(rows)×\(columns)")
        }
        try requireFinite("dgeev")
        let n = rows
        if n == 0 { return [] }
        var a = storage
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var dummyL = [Double](repeating: 0, count: 1), dummyR = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")),
            Int32(n), &a, Int32(n), &wr, &wi,
            &dummyL, 1, &dummyR, 1)  // jobvl = jobvr = 'N': ldvl, ldvr ≥ 1
        try LinearAlgebraError.check(info, "dgeev")
        return zip(wr, wi).map { Eigenvalue(real: $0, imag: $1) }.sorted {
            let (ma, mb) = ($0.modulus, $1.modulus)
            if ma != mb { return ma > mb }
            if $0.real != $1.real { return $0.real > $1.real }
            return $0.imag > $1.imag
        }
    }

    /// Spectral radius ρ = max |λ|.
    public func spectralRadius() throws -> Double { try eigenvalues().first?.modulus ?? 0 }

    /// Thin QR through `dgeqrf` + `dorgqr`. Requires rows ≥ columns.
    public func qr() throws -> QRDecomposition {
        let m = rows, n = columns
        guard m >= n else {
            throw LinearAlgebraError.shape(routine: "dgeqrf", expected: "rows ≥ columns", got: "\(m)×\(n)")
        }
        try requireFinite("dgeqrf")
        if n == 0 { return QRDecomposition(q: Matrix(rows: m, columns: 0), r: Matrix(rows: 0, columns: 0)) }
        var a = storage
        var tau = [Double](repeating: 0, count: n)
        try LinearAlgebraError.check(LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), &a, Int32(n), &tau), "dgeqrf")
        var r = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in i..<n { r.storage[i * n + j] = a[i * n + j] } }
        // dorgqr overwrites the reflectors with the first n columns of Q (k = n reflectors).
        try LinearAlgebraError.check(
            LAPACKE_dorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(n), &a, Int32(n), &tau), "dorgqr")
        return QRDecomposition(q: Matrix(rows: m, columns: n, storage: a), r: r)
    }
}

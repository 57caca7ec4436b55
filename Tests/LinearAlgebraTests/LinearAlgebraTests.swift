import Foundation
import Testing
@testable import LinearAlgebra

/// |a − b| ≤ tol·max(|b|, 1): relative for numbers above 1, absolute below.
func expectClose(
    _ a: Double, _ b: Double, _ tol: Double, _ what: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(abs(a - b) <= tol * max(abs(b), 1), "\(what()): \(a) vs \(b)", sourceLocation: sourceLocation)
}

/// A deterministic pseudo-random matrix (a linear congruential generator, so this module needs
/// nothing from Recurrent): entries in [−1, 1).
func pseudoRandom(_ m: Int, _ n: Int, seed: UInt64) -> Matrix {
    var s = seed
    return Matrix(
        rows: m, columns: n,
        storage: (0..<(m * n)).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) * 0x1p-52 - 1
        })
}

@Suite struct MatrixProducts {
    @Test func productMatchesHandComputation() {
        // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]] (by hand).
        let a = Matrix([[1, 2, 3], [4, 5, 6]]), b = Matrix([[7, 8], [9, 10], [11, 12]])
        #expect(a * b == Matrix([[58, 64], [139, 154]]))
        // Aᵀ·A via the transpose flag equals the explicit transpose product.
        #expect(Matrix.product(a, .transpose, a) == a.transposed * a)
        #expect(Matrix.product(a, .none, a, .transpose) == Matrix([[14, 32], [32, 77]]))
        #expect(a.times([1, 0, -1]) == [-2, -2])
    }

    @Test func threadsCanBeReadAndTheBLASIsOpenBLAS() {
        // Setting the thread count is process-wide and tests run concurrently, so this test sets it
        // only to the value it already has (a change would alter other tests' arithmetic mid-run).
        let current = BLAS.threads
        #expect(current >= 1)
        BLAS.setThreads(current)
        #expect(BLAS.threads == current)
        #expect(BLAS.configuration.contains("OpenBLAS"))
    }
}

@Suite struct SingularValues {
    @Test func diagonal() throws {
        // The singular values of a diagonal matrix are the sorted absolute diagonal entries.
        let s = try Matrix.diagonal([3, -7, 0.5, 2]).singularValues()
        for (x, y) in zip(s, [7, 3, 2, 0.5]) { expectClose(x, y, 1e-15, "σ") }
    }

    @Test(arguments: [4, 33, 128]) func orthogonalHasUnitSingularValues(n: Int) throws {
        let q = try pseudoRandom(n, n, seed: UInt64(n)).qr().q
        for s in try q.singularValues() { #expect(abs(s - 1) <= 1e-12, "σ = \(s)") }
        // Q is orthogonal: QᵀQ = I to 1e-13 (n·ε-sized rounding).
        let qtq = Matrix.product(q, .transpose, q)
        #expect((qtq - Matrix.identity(n)).maxAbs <= 1e-13)
    }

    @Test func rankDeficient() throws {
        // u vᵀ with u = (1, 2, 2), v = (3, 4): σ_1 = ‖u‖‖v‖ = 3·5 = 15, σ_2 = 0.
        let a = Matrix([[3, 4], [6, 8], [6, 8]])
        let s = try a.singularValues()
        expectClose(s[0], 15, 1e-15)
        #expect(s[1] <= 15 * 1e-15)
    }

    @Test func nonNormal() throws {
        // A = [[1, a], [0, 1]]: det = 1 = σ1σ2 and ‖A‖_F² = 2 + a² = σ1² + σ2², so
        // σ1 = (a + √(a² + 4))/2, σ2 = 1/σ1. Eigenvalues are both 1: ρ = 1 while σ_max = a + 1/a…
        let a = 100.0
        let s = try Matrix([[1, a], [0, 1]]).singularValues()
        let s1 = (a + (a * a + 4).squareRoot()) / 2
        expectClose(s[0], s1, 1e-14)
        #expect(abs(s[1] - 1 / s1) <= 1e-14 * s1)
        expectClose(try Matrix([[1, a], [0, 1]]).spectralRadius(), 1, 1e-12)
    }

    @Test func publishedExample() throws {
        // Intel oneMKL "LAPACKE_dgesvd Example Program in C" (the 6×5 matrix below, printed
        // column-major there): singular values 27.47 22.64 8.56 5.99 2.01, printed to 2 decimals.
        let columns: [[Double]] = [
            [8.79, 6.11, -9.15, 9.57, -3.49, 9.84],
            [9.93, 6.91, -7.93, 1.64, 4.02, 0.15],
            [9.83, 5.04, 4.86, 8.83, 9.80, -8.99],
            [5.45, -0.27, 4.85, 0.74, 10.00, -6.02],
            [3.16, 7.98, 3.01, 5.80, 4.27, -5.31],
        ]
        let a = Matrix(columns).transposed
        let s = try a.singularValues()
        for (x, y) in zip(s, [27.47, 22.64, 8.56, 5.99, 2.01]) {
            #expect(abs(x - y) <= 0.005, "σ = \(x), published \(y)")
        }
        // The full SVD reconstructs A: U·diag(σ)·Vᵀ = A to 1e-13 relative to σ_max.
        let d = try a.svd()
        var sigma = Matrix(rows: 6, columns: 5)
        for i in 0..<5 { sigma[i, i] = d.singularValues[i] }
        #expect((d.u * sigma * d.vt - a).maxAbs <= 1e-13 * s[0])
        // jobz = 'A' and 'N' take different paths inside dgesdd: equal to rounding, not bitwise.
        for (x, y) in zip(d.singularValues, s) { #expect(abs(x - y) <= 1e-14 * s[0]) }
    }

    @Test func nonFiniteInputIsAnError() {
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dgesdd")) {
            try Matrix([[1, .nan], [0, 1]]).singularValues()
        }
    }
}

@Suite struct Eigenvalues {
    @Test(arguments: [0.3, 1.0, 2.5]) func rotation(theta: Double) throws {
        // R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]] has eigenvalues cos θ ± i sin θ, |λ| = 1.
        let r = Matrix([[cos(theta), -sin(theta)], [sin(theta), cos(theta)]])
        let e = try r.eigenvalues()
        #expect(e.count == 2)
        for l in e {
            expectClose(l.real, cos(theta), 1e-15)
            expectClose(abs(l.imag), sin(theta), 1e-15)
            expectClose(l.modulus, 1, 1e-15)
        }
        #expect(e[0].imag == -e[1].imag)
    }

    @Test func sortedByModulusAndSpectralRadius() throws {
        // Upper-triangular: the eigenvalues are the diagonal 2, −5, 0.5.
        let a = Matrix([[2, 1, 7], [0, -5, 3], [0, 0, 0.5]])
        let e = try a.eigenvalues()
        #expect(e.map(\.real) == [-5, 2, 0.5])
        #expect(e.allSatisfy { $0.imag == 0 })
        #expect(try a.spectralRadius() == 5)
    }

    @Test func nonSquareIsAnError() {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).eigenvalues() }
    }
}

@Suite struct QR {
    @Test func reconstructsAndIsOrthonormal() throws {
        let a = pseudoRandom(7, 4, seed: 9)
        let d = try a.qr()
        #expect((d.q * d.r - a).maxAbs <= 1e-14)
        #expect((Matrix.product(d.q, .transpose, d.q) - Matrix.identity(4)).maxAbs <= 1e-14)
        for i in 0..<4 { for j in 0..<i { #expect(d.r[i, j] == 0) } }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).qr() }
    }
}

@Suite struct ScaledNorms {
    @Test func noUnderflowOrOverflow() {
        // (3, 4)·10^k has norm 5·10^k for every k; the naive sum of squares gives 0 below
        // k ≈ −154 and inf above k ≈ 154.
        for k in [-320.0, -200, -160, 0, 160, 300] {
            let s = pow(10, k)
            let n = Norms.euclidean([3 * s, 4 * s])
            if k >= -300 {
                #expect(abs(n - 5 * s) <= 4e-16 * 5 * s, "k = \(k): \(n)")
            } else {
                #expect(n > 0, "k = \(k): subnormal input must not give 0")
            }
        }
        let tiny = [3e-200, 4e-200]
        #expect(tiny.reduce(0) { $0 + $1 * $1 }.squareRoot() == 0)  // the naive way fails here
        #expect(Norms.euclidean([]) == 0)
        #expect(Norms.euclidean([0, 0]) == 0)
        #expect(Norms.euclidean([1, .infinity]) == .infinity)
        #expect(Norms.euclidean([1, .nan, .infinity]).isNaN)
    }

    @Test func logNormOfScaledVector() {
        // (3, 4) · 2^-2000 has norm 5·2^-2000: log10 = log10 5 − 2000 log10 2 ≈ −601.3.
        let x = [3.0, 4.0]
        let l = x.withUnsafeBufferPointer { Norms.log10Euclidean($0.baseAddress!, count: 2, exponent2: -2000) }
        #expect(abs(l - (log10(5.0) - 2000 * Norms.log10of2)) <= 1e-12)
        #expect(abs(Norms.log10of2 - log10(2.0)) <= 1e-16)
    }

    /// Subnormal elements: (3, 4)·2^−1074 has norm 5·2^−1074 (log10 ≈ −322.6); scaling the largest
    /// element to [1, 2) would need 2^1072, not a Double (this returned +inf before).
    @Test func normsOfSubnormalVectors() {
        let x = [3 * 0x1p-1074, 4 * 0x1p-1074]
        let l = x.withUnsafeBufferPointer { Norms.log10Euclidean($0.baseAddress!, count: 2, exponent2: 0) }
        #expect(abs(l - (log10(5.0) - 1074 * Norms.log10of2)) <= 1e-12)
        #expect(Norms.euclidean(x) == 5 * 0x1p-1074)
        #expect(Norms.euclidean([0x1p-1074]) == 0x1p-1074)
    }

    @Test func powerOfTwoScalingIsExact() {
        var x = [3.0, -0.1, 1e-300]
        x.withUnsafeMutableBufferPointer { Norms.scaleByPowerOfTwo($0.baseAddress!, count: 3, 1500) }
        #expect(x[0] == .infinity && x[1] == -.infinity)
        var y = [3.0, -0.1]
        y.withUnsafeMutableBufferPointer {
            Norms.scaleByPowerOfTwo($0.baseAddress!, count: 2, -900)
            Norms.scaleByPowerOfTwo($0.baseAddress!, count: 2, 900)
        }
        #expect(y == [3.0, -0.1])  // exact round trip through 2^-900
    }
}

/// A failure reported by LAPACK, or an input LAPACK cannot take.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// `routine` returned `info < 0`: argument number `-info` had an illegal value (a bug here).
    case illegalArgument(routine: String, argument: Int)
    /// `routine` returned `info > 0`: the algorithm did not converge (`info` says where).
    case didNotConverge(routine: String, info: Int)
    /// The input holds inf or NaN; LAPACK's behaviour on such input is undefined.
    case nonFiniteInput(routine: String)
    /// The matrix does not have the shape the routine needs.
    case shape(routine: String, expected: String, got: String)

    public var description: String {
        switch self {
        case let .illegalArgument(r, a): return "\(r): argument \(a) had an illegal value (LAPACK info = \(-a))"
        case let .didNotConverge(r, i): return "\(r): did not converge (LAPACK info = \(i))"
        case let .nonFiniteInput(r): return "\(r): the matrix contains inf or NaN"
        case let .shape(r, e, g): return "\(r): expected \(e), got \(g)"
        }
    }

    /// Maps a LAPACK `info` to nil (success) or an error.
    static func check(_ info: Int32, _ routine: String) throws {
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, argument: Int(-info)) }
        if info > 0 { throw LinearAlgebraError.didNotConverge(routine: routine, info: Int(info)) }
    }
}

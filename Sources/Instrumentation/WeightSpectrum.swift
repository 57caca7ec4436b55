import LinearAlgebra
import Recurrent

/// The spectrum of one recurrent matrix: every singular value (`dgesdd`, σ_max first) and, for a
/// square matrix, every eigenvalue (`dgeev`, sorted by modulus) with the spectral radius.
/// Cost: O(H³) per matrix (one SVD, one eigen-decomposition).
public struct WeightSpectrum: Sendable {
    /// `weight_hh_l0` for the whole (fused) W_hh of layer 0, `weight_hh_l0/f` for its forget block.
    public var matrix: String
    public var singularValues: [Double]
    /// Empty for a non-square (fused, G > 1) matrix.
    public var eigenvalues: [Eigenvalue]
    public var sigmaMax: Double { singularValues.first ?? 0 }
    public var spectralRadius: Double? { eigenvalues.first?.modulus }

    public init(matrix name: String, _ m: Matrix) throws {
        matrix = name
        singularValues = try m.singularValues()
        eigenvalues = m.rows == m.columns ? try m.eigenvalues() : []
    }

    /// The whole W_hh and, for gated cells, each H × H gate block of every layer.
    ///
    /// With projections (h_t = W_hr m_t, W_hh's blocks H × P): the blocks' singular values, W_hr's
    /// (`weight_hr_l{k}`, P × H), and the effective recurrent map of each gate, W_hr · W_hh^(g)
    /// (`weight_hr_l{k}@weight_hh_l{k}/g`, P × P: how h_{t−1} reaches h_t through that gate's
    /// pre-activation, before the gates' diagonal factors), with its eigenvalues — the P × P map
    /// has the same non-zero eigenvalues as the H × H map W_hh^(g) W_hr that m_{t−1} sees.
    public static func of(_ network: RecurrentNetwork) throws -> [WeightSpectrum] {
        var out: [WeightSpectrum] = []
        for (l, p) in network.layers.enumerated() {
            out.append(try WeightSpectrum(matrix: "weight_hh_l\(l)", p.weightHH))
            if network.cell.gateCount > 1 {
                for (g, name) in network.cell.gateNames.enumerated() {
                    out.append(try WeightSpectrum(matrix: "weight_hh_l\(l)/\(name)", p.recurrentBlock(g)))
                }
            }
            if p.projectionSize > 0 {
                out.append(try WeightSpectrum(matrix: "weight_hr_l\(l)", p.weightHR))
                for (g, name) in network.cell.gateNames.enumerated() {
                    out.append(
                        try WeightSpectrum(
                            matrix: "weight_hr_l\(l)@weight_hh_l\(l)/\(name)",
                            Matrix.product(p.weightHR, .none, p.recurrentBlock(g))))
                }
            }
        }
        return out
    }
}

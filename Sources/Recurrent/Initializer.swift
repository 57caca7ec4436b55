import Foundation
import LinearAlgebra

/// How to fill W_hh (each H × H gate block separately for gated cells).
public enum RecurrentInit: Sendable, Equatable, Codable {
    /// PyTorch's default: U(−1/√H, 1/√H).
    case pytorchDefault
    /// An orthogonal H × H matrix per gate block (QR of a Gaussian matrix with the signs of
    /// diag(R) folded in, as `torch.nn.init.orthogonal_`), times `gain`.
    case orthogonal(gain: Double)
    /// `scale` · I per gate block (IRNN, Le, Jaitly & Hinton 2015, use 1 with ReLU).
    case scaledIdentity(scale: Double)
    /// Pascanu, Mikolov & Bengio 2013's "smart" tanh initialisation (after Sutskever et al. 2013):
    /// each row has `nonZerosPerRow` (15) N(0, 1) entries in random columns, the rest 0; then the
    /// block is rescaled to spectral radius `spectralRadius` (0.95).
    case sparse(nonZerosPerRow: Int, spectralRadius: Double)
    /// N(0, std²) entries.
    case gaussian(std: Double)

    /// Pascanu et al. 2013's setting: 15 non-zeros per row, spectral radius 0.95.
    public static let smartTanh = RecurrentInit.sparse(nonZerosPerRow: 15, spectralRadius: 0.95)
}

/// A rescaling applied to each W_hh gate block after it is drawn.
public enum SpectralTarget: Sendable, Equatable, Codable {
    /// Rescale so that the largest singular value is exactly `value`.
    case sigmaMax(Double)
    /// Rescale so that the spectral radius (largest |eigenvalue|) is exactly `value`.
    case spectralRadius(Double)
}

/// A complete initialisation recipe. Every draw comes from the `SplitMix64` passed to
/// `initialize`, in a fixed order (layer by layer: W_ih, W_hh, b_ih, b_hh, peepholes), so the
/// same seed gives the same network.
public struct Initializer: Sendable, Equatable, Codable {
    /// W_hh recipe (per gate block).
    public var recurrent: RecurrentInit
    /// Optional rescaling of every W_hh gate block to a target σ_max or spectral radius.
    public var target: SpectralTarget?
    /// Whether biases get PyTorch's U(−1/√H, 1/√H) (true) or start at 0.
    public var randomBiases: Bool
    /// LSTM only: sets b_if + b_hf by putting this value in b_if and 0 in b_hf (Jozefowicz et al.
    /// 2015 recommend 1). nil leaves the forget biases as drawn.
    public var forgetBias: Double?
    /// GRU only: sets b_iz + b_hz likewise (a positive value makes the cell keep its state).
    public var updateBias: Double?

    public init(
        recurrent: RecurrentInit = .pytorchDefault, target: SpectralTarget? = nil,
        randomBiases: Bool = true, forgetBias: Double? = nil, updateBias: Double? = nil
    ) {
        self.recurrent = recurrent
        self.target = target
        self.randomBiases = randomBiases
        self.forgetBias = forgetBias
        self.updateBias = updateBias
    }

    /// PyTorch's default initialisation of `nn.RNN`/`nn.LSTM`/`nn.GRU`: every tensor U(−1/√H, 1/√H).
    public static let pytorch = Initializer()

    /// Fills every tensor of `network`. Throws only if LAPACK fails (orthogonal or rescaled draws).
    public func initialize(_ network: inout RecurrentNetwork, using rng: inout SplitMix64) throws {
        let H = network.hiddenSize
        let k = 1 / Double(H).squareRoot()
        for l in 0..<network.layerCount {
            var p = network.layers[l]
            p.weightIH.storage = p.weightIH.storage.map { _ in rng.uniform(-k, k) }
            for g in 0..<p.cell.gateCount {
                var block = try Initializer.draw(recurrent, size: H, using: &rng)
                if let target { block = try Initializer.rescale(block, to: target) }
                p.weightHH.setRows(startingAt: g * H, to: block)
            }
            p.biasIH = p.biasIH.map { _ in randomBiases ? rng.uniform(-k, k) : 0 }
            p.biasHH = p.biasHH.map { _ in randomBiases ? rng.uniform(-k, k) : 0 }
            if p.cell == .lstm(.peephole) {
                p.peepholeI = p.peepholeI.map { _ in rng.uniform(-k, k) }
                p.peepholeF = p.peepholeF.map { _ in rng.uniform(-k, k) }
                p.peepholeO = p.peepholeO.map { _ in rng.uniform(-k, k) }
            }
            if let fb = forgetBias, p.cell == .lstm(.standard) || p.cell == .lstm(.peephole) {
                for j in H..<(2 * H) { p.biasIH[j] = fb; p.biasHH[j] = 0 }
            }
            if let ub = updateBias, case .gru = p.cell {
                for j in H..<(2 * H) { p.biasIH[j] = ub; p.biasHH[j] = 0 }
            }
            network.layers[l] = p
        }
    }

    /// One H × H block drawn by `recipe`.
    public static func draw(_ recipe: RecurrentInit, size H: Int, using rng: inout SplitMix64) throws -> Matrix {
        switch recipe {
        case .pytorchDefault:
            let k = 1 / Double(H).squareRoot()
            return Matrix(rows: H, columns: H, storage: (0..<(H * H)).map { _ in rng.uniform(-k, k) })
        case .gaussian(let std):
            return Matrix(rows: H, columns: H, storage: (0..<(H * H)).map { _ in std * rng.normal() })
        case .orthogonal(let gain):
            return gain * (try orthogonal(H, using: &rng))
        case .scaledIdentity(let s):
            return Matrix.identity(H, scale: s)
        case let .sparse(nnz, radius):
            var m = Matrix(rows: H, columns: H)
            let perRow = Swift.min(nnz, H)
            for i in 0..<H {
                var columns = Array(0..<H)
                // Partial Fisher–Yates: the first `perRow` entries are a uniform random subset.
                for j in 0..<perRow {
                    let r = j + Int(rng.next() % UInt64(H - j))
                    columns.swapAt(j, r)
                    m[i, columns[j]] = rng.normal()
                }
            }
            return try rescale(m, to: .spectralRadius(radius))
        }
    }

    /// A Haar-random H × H orthogonal matrix: QR of an H × H N(0, 1) matrix, with column j of Q
    /// multiplied by sign(R_jj) (Mezzadri 2007; what `torch.nn.init.orthogonal_` does).
    public static func orthogonal(_ H: Int, using rng: inout SplitMix64) throws -> Matrix {
        let a = Matrix(rows: H, columns: H, storage: (0..<(H * H)).map { _ in rng.normal() })
        var (q, r) = try {
            let d = try a.qr(); return (d.q, d.r)
        }()
        for j in 0..<H where r[j, j] < 0 { for i in 0..<H { q[i, j] = -q[i, j] } }
        return q
    }

    /// `m` scaled so that its σ_max or spectral radius equals the target (a zero matrix stays zero).
    public static func rescale(_ m: Matrix, to target: SpectralTarget) throws -> Matrix {
        let (current, wanted): (Double, Double)
        switch target {
        case .sigmaMax(let s): (current, wanted) = (try m.spectralNorm(), s)
        case .spectralRadius(let r): (current, wanted) = (try m.spectralRadius(), r)
        }
        return current == 0 ? m : (wanted / current) * m
    }
}

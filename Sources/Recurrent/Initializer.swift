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
    /// LSTM only: the input-gate bias b_ii + b_hi, set likewise (Hochreiter & Schmidhuber 1997 start
    /// the input gates negative, so the cell ignores its inputs until it learns to open them).
    public var inputBias: Double?
    /// LSTM only: the output-gate bias b_io + b_ho, set likewise.
    public var outputBias: Double?
    /// LSTM only: "chrono" initialisation (Tallec & Ollivier 2018, §4): b_f = log(u) with u ~
    /// U(1, T_max − 1) per unit, and b_i = −b_f. Drawn after every other tensor of the layer, so
    /// setting it leaves the other draws unchanged. It replaces `forgetBias` and `inputBias`.
    public var chronoMaxLag: Double?
    /// W_ih: PyTorch's U(−1/√H, 1/√H) when nil, else N(0, std²) (Pascanu et al. 2013's code draws
    /// every weight from a Gaussian: std 0.1 for "basic tanh", 0.01 for "smart tanh").
    public var inputStd: Double?

    public init(
        recurrent: RecurrentInit = .pytorchDefault, target: SpectralTarget? = nil,
        randomBiases: Bool = true, forgetBias: Double? = nil, updateBias: Double? = nil,
        inputBias: Double? = nil, outputBias: Double? = nil, chronoMaxLag: Double? = nil, inputStd: Double? = nil
    ) {
        self.recurrent = recurrent
        self.target = target
        self.randomBiases = randomBiases
        self.forgetBias = forgetBias
        self.updateBias = updateBias
        self.inputBias = inputBias
        self.outputBias = outputBias
        self.chronoMaxLag = chronoMaxLag
        self.inputStd = inputStd
    }

    /// PyTorch's default initialisation of `nn.RNN`/`nn.LSTM`/`nn.GRU`: every tensor U(−1/√H, 1/√H).
    public static let pytorch = Initializer()

    /// Fills every tensor of `network`. Throws only if LAPACK fails (orthogonal or rescaled draws).
    public func initialize(_ network: inout RecurrentNetwork, using rng: inout SplitMix64) throws {
        let H = network.hiddenSize
        let k = 1 / Double(H).squareRoot()
        for l in 0..<network.layerCount {
            var p = network.layers[l]
            if let std = inputStd {
                p.weightIH.storage = p.weightIH.storage.map { _ in std * rng.normal() }
            } else {
                p.weightIH.storage = p.weightIH.storage.map { _ in rng.uniform(-k, k) }
            }
            if p.projectionSize > 0 {
                // H × P blocks and W_hr (P × H) are not square: PyTorch's default for both.
                precondition(
                    recurrent == .pytorchDefault && target == nil,
                    "Initializer: an LSTM with projections takes PyTorch's default initialisation only")
                p.weightHH.storage = p.weightHH.storage.map { _ in rng.uniform(-k, k) }
            } else {
                for g in 0..<p.cell.gateCount {
                    var block = try Initializer.draw(recurrent, size: H, using: &rng)
                    if let target { block = try Initializer.rescale(block, to: target) }
                    p.weightHH.setRows(startingAt: g * H, to: block)
                }
            }
            p.biasIH = p.biasIH.map { _ in randomBiases ? rng.uniform(-k, k) : 0 }
            p.biasHH = p.biasHH.map { _ in randomBiases ? rng.uniform(-k, k) : 0 }
            if p.cell == .lstm(.peephole) {
                p.peepholeI = p.peepholeI.map { _ in rng.uniform(-k, k) }
                p.peepholeF = p.peepholeF.map { _ in rng.uniform(-k, k) }
                p.peepholeO = p.peepholeO.map { _ in rng.uniform(-k, k) }
            }
            p.weightHR.storage = p.weightHR.storage.map { _ in rng.uniform(-k, k) }
            let fullLSTM = [.lstm(.standard), .lstm(.peephole), .lstm(.noOutputActivation)].contains(p.cell)
            let threeBlockLSTM = p.cell == .lstm(.coupled) || p.cell == .lstm(.noForgetGate)
            // Gate rows: i, f, g, o for lstm, lstm-peephole and lstm-no-output-activation; i, g, o
            // for lstm-coupled (f = 1 − i) and lstm-no-forget-gate (f ≡ 1).
            func setBias(_ block: Int, _ value: Double) {
                for j in (block * H)..<((block + 1) * H) { p.biasIH[j] = value; p.biasHH[j] = 0 }
            }
            if let fb = forgetBias {
                if fullLSTM { setBias(1, fb) }
                // Coupled: f = 1 − σ(a_i) = σ(−a_i), so b_f = fb is b_i = −fb.
                if p.cell == .lstm(.coupled) { setBias(0, -fb) }
            }
            if let ib = inputBias, fullLSTM || threeBlockLSTM { setBias(0, ib) }
            if let ob = outputBias {
                if fullLSTM { setBias(3, ob) }
                if threeBlockLSTM { setBias(2, ob) }
            }
            if let tMax = chronoMaxLag, fullLSTM {
                for j in 0..<H {
                    let bf = log(rng.uniform(1, Swift.max(1, tMax - 1)))
                    p.biasIH[H + j] = bf; p.biasHH[H + j] = 0
                    p.biasIH[j] = -bf; p.biasHH[j] = 0
                }
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

import Foundation
import LinearAlgebra
import Recurrent

/// Gradient clipping: a separate, visible step after backpropagation (never inside it), which
/// records what it saw and did.
public enum ClipMode: Sendable, Equatable, CustomStringConvertible {
    /// PyTorch `clip_grad_norm_`: n = ‖all gradients‖₂, coef = min(1, max / (n + 1e-6)), g ← coef·g.
    /// [3, 4] with max 2 gives [1.19999976, 1.59999968] (coef = 2 / 5.000001).
    case globalNormPyTorch(maxNorm: Double)
    /// TensorFlow `clip_by_global_norm`: g ← g · max / max(n, max). [3, 4] with max 2 gives [1.2, 1.6].
    case globalNormExact(maxNorm: Double)
    /// Keras `clipnorm` / `tf.clip_by_norm` per tensor: t ← t · max / max(‖t‖, max).
    case perTensorNorm(maxNorm: Double)
    /// Element-wise value clipping (Keras `clipvalue`, `clip_grad_value_`): g ← min(max(g, −v), v).
    case value(limit: Double)

    public var description: String {
        switch self {
        case .globalNormPyTorch(let m): return "global-norm-pytorch(\(m))"
        case .globalNormExact(let m): return "global-norm-exact(\(m))"
        case .perTensorNorm(let m): return "per-tensor-norm(\(m))"
        case .value(let v): return "value(\(v))"
        }
    }
}

/// What to do when the gradient holds inf or NaN.
public enum NonFinitePolicy: String, Sendable, Equatable, CaseIterable {
    /// Throw `ClipError.nonFinite` naming the first tensor that is not finite (PyTorch's
    /// `error_if_nonfinite=True`).
    case error
    /// Leave the gradient as it is and report `skipped = true`: the caller must not apply the update.
    case skipUpdate = "skip-update"
}

public enum ClipError: Error, Equatable, CustomStringConvertible {
    case nonFinite(tensor: String, preClipNorm: Double)
    public var description: String {
        switch self {
        case let .nonFinite(t, n): return "gradient of \(t) is not finite (global norm \(n)); update refused"
        }
    }
}

/// The record of one clipping step.
public struct ClipRecord: Sendable, Equatable {
    /// ‖g‖₂ over all tensors before clipping (inf or NaN if the gradient was not finite).
    public var preClipNorm: Double
    /// ‖g‖₂ after clipping (equal to `preClipNorm` when nothing fired or the update was skipped).
    public var postClipNorm: Double
    /// Whether clipping changed any value (for PyTorch's mode: coef < 1).
    public var fired: Bool
    /// The non-finite policy chose to skip this update.
    public var skipped: Bool
    /// The first tensor (in order) that holds inf or NaN, if any.
    public var firstNonFiniteTensor: String?
    /// Per tensor: (name, norm before, norm after).
    public var tensors: [(name: String, pre: Double, post: Double)]

    public static func == (a: ClipRecord, b: ClipRecord) -> Bool {
        a.preClipNorm.bitPattern == b.preClipNorm.bitPattern && a.postClipNorm.bitPattern == b.postClipNorm.bitPattern
            && a.fired == b.fired && a.skipped == b.skipped && a.firstNonFiniteTensor == b.firstNonFiniteTensor
            && a.tensors.map(\.name) == b.tensors.map(\.name)
    }
}

public struct Clipper: Sendable {
    public var mode: ClipMode
    public var nonFinite: NonFinitePolicy

    public init(_ mode: ClipMode, nonFinite: NonFinitePolicy = .error) {
        self.mode = mode
        self.nonFinite = nonFinite
    }

    /// Clips named tensors in place and returns the record.
    public func clip(_ tensors: inout [(name: String, values: [Double])]) throws -> ClipRecord {
        let norms = tensors.map { Norms.euclidean($0.values) }
        let total = Norms.euclidean(norms)
        let bad = tensors.first { $0.values.contains { !$0.isFinite } }?.name
        if let bad {
            switch nonFinite {
            case .error: throw ClipError.nonFinite(tensor: bad, preClipNorm: total)
            case .skipUpdate:
                return ClipRecord(
                    preClipNorm: total, postClipNorm: total, fired: false, skipped: true,
                    firstNonFiniteTensor: bad, tensors: zip(tensors, norms).map { ($0.name, $1, $1) })
            }
        }
        var fired = false
        switch mode {
        case .globalNormPyTorch(let m):
            let coef = Swift.min(1, m / (total + 1e-6))
            fired = coef < 1
            for i in tensors.indices { tensors[i].values = tensors[i].values.map { $0 * coef } }
        case .globalNormExact(let m):
            if total > m {
                fired = true
                let f = m / total
                for i in tensors.indices { tensors[i].values = tensors[i].values.map { $0 * f } }
            }
        case .perTensorNorm(let m):
            for i in tensors.indices where norms[i] > m {
                fired = true
                let f = m / norms[i]
                tensors[i].values = tensors[i].values.map { $0 * f }
            }
        case .value(let v):
            for i in tensors.indices {
                tensors[i].values = tensors[i].values.map { x in
                    let c = Swift.min(Swift.max(x, -v), v)
                    if c != x { fired = true }
                    return c
                }
            }
        }
        let post = tensors.map { Norms.euclidean($0.values) }
        return ClipRecord(
            preClipNorm: total, postClipNorm: Norms.euclidean(post), fired: fired, skipped: false,
            firstNonFiniteTensor: nil,
            tensors: (0..<tensors.count).map { (tensors[$0].name, norms[$0], post[$0]) })
    }

    /// Clips a network's gradients in place (tensor names `weight_hh_l0`, …).
    public func clip(_ gradients: inout [LayerGradients]) throws -> ClipRecord {
        var named: [(name: String, values: [Double])] = []
        for (l, g) in gradients.enumerated() { for t in g.tensors { named.append(("\(t.name)_l\(l)", t.values)) } }
        let record = try clip(&named)
        var i = 0
        for l in gradients.indices {
            for t in gradients[l].tensors { gradients[l].setTensor(t.name, named[i].values); i += 1 }
        }
        return record
    }
}

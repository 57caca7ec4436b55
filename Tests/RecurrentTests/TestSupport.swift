import Foundation
import Testing
import LinearAlgebra
@testable import Recurrent

/// Normwise relative difference max|a − b| / max|b| (0 when both are all zero).
func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeDifference: \(a.count) vs \(b.count) values")
    var d = 0.0, s = 0.0
    for (x, y) in zip(a, b) { d = max(d, abs(x - y)); s = max(s, abs(y)) }
    return s == 0 ? d : d / s
}

func expectRelative(
    _ a: [Double], _ b: [Double], _ tol: Double, _ what: @autoclosure () -> String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let r = relativeDifference(a, b)
    #expect(r <= tol, "\(what()): relative difference \(r) > \(tol)", sourceLocation: sourceLocation)
}

/// A network of `cell` with PyTorch's default initialisation drawn from `seed`.
func makeNetwork(
    _ cell: CellKind, input I: Int, hidden H: Int, layers: Int = 1, seed: UInt64,
    initializer: Initializer = .pytorch
) throws -> RecurrentNetwork {
    var rng = SplitMix64(seed: seed)
    var net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: layers)
    try initializer.initialize(&net, using: &rng)
    return net
}

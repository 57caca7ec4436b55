import Foundation

private typealias N = NetworkParameters
import LinearAlgebra
import Recurrent

/// Builds a network and its inputs from a configuration's `NetworkParameters` (declared, with
/// their defaults, in Parameters.swift). Everything is drawn from SplitMix64(seed), weights first,
/// then inputs U(−s, s) with s = `input_scale`.
public enum NetworkRecipe {
    public static func build(_ c: Configuration) throws -> (RecurrentNetwork, SequenceBatch) {
        var rng = SplitMix64(seed: c.seed)
        let net = try network(c, inputSize: c[N.inputSize], using: &rng)
        let s = c[N.inputScale]
        let input = SequenceBatch.uniform(
            steps: c[N.steps], batchSize: c[N.batchSize],
            featureSize: net.inputSize, low: -s, high: s, using: &rng)
        return (net, input)
    }

    /// The network alone, drawn from `rng` (weights only).
    public static func network(
        _ c: Configuration, inputSize I: Int, layers: Int? = nil, using rng: inout SplitMix64
    ) throws -> RecurrentNetwork {
        guard let cell = CellKind(name: c[N.cell]) else {
            throw SpecError(file: "", field: N.cell.name, message: "unknown cell \(c[N.cell])")
        }
        let H = c[N.hiddenSize]
        let scale = c[N.initScale]
        let recurrent: RecurrentInit
        switch c[N.initialisation] {
        case "orthogonal": recurrent = .orthogonal(gain: scale)
        case "identity": recurrent = .scaledIdentity(scale: scale)
        case "gaussian": recurrent = .gaussian(std: scale / Double(H).squareRoot())
        case "smart-tanh": recurrent = .smartTanh
        default: recurrent = .pytorchDefault
        }
        var target: SpectralTarget? = nil
        if let s = c.given(N.sigmaMax) { target = .sigmaMax(s) }
        if let r = c.given(N.spectralRadius) { target = .spectralRadius(r) }
        let initializer = Initializer(
            recurrent: recurrent, target: target, randomBiases: c[N.bias] == "pytorch",
            forgetBias: c.given(N.forgetBias), updateBias: c.given(N.updateBias), inputBias: c.given(N.inputBias),
            outputBias: c.given(N.outputBias), chronoMaxLag: c.given(N.chronoMaxLag), inputStd: c.given(N.inputStd))
        var net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: layers ?? c[N.layers])
        try initializer.initialize(&net, using: &rng)
        let multiplies = ["pytorch", "smart-tanh"].contains(c[N.initialisation])
        if multiplies && scale != 1 && target == nil {
            for l in 0..<net.layerCount { net.layers[l].weightHH = scale * net.layers[l].weightHH }
        }
        return net
    }

    /// A bidirectional network of the configuration's cell and depth: each layer and direction a
    /// 1-layer network drawn as `network` draws one (forward direction first, layer by layer),
    /// then the inputs, as `build` draws them.
    public static func buildBidirectional(_ c: Configuration) throws -> (BidirectionalNetwork, SequenceBatch) {
        var rng = SplitMix64(seed: c.seed)
        let H = c[N.hiddenSize]
        var bi = BidirectionalNetwork(
            cell: CellKind(name: c[N.cell]) ?? .rnn(.tanh), inputSize: c[N.inputSize], hiddenSize: H,
            layerCount: c[N.layers])
        for k in 0..<bi.layerCount {
            for d in 0..<2 {
                bi.directions[k][d] = try network(c, inputSize: k == 0 ? c[N.inputSize] : 2 * H, layers: 1, using: &rng)
            }
        }
        let s = c[N.inputScale]
        let input = SequenceBatch.uniform(
            steps: c[N.steps], batchSize: c[N.batchSize], featureSize: c[N.inputSize], low: -s, high: s, using: &rng)
        return (bi, input)
    }
}

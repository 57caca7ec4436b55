import Foundation
import LinearAlgebra
import Recurrent

/// Builds a network and its inputs from a configuration's parameters (defaults in brackets):
/// `cell` [rnn-tanh], `layers` [1], `input_size` [8], `hidden_size` [32], `batch_size` [4],
/// `steps` [100], `init` [pytorch] with `init_scale` [1] (orthogonal: gain; identity: scale;
/// gaussian: std = init_scale/√H; pytorch and smart-tanh: W_hh multiplied by it), optional
/// `sigma_max` or `spectral_radius` (each W_hh gate block rescaled to it), `bias` [pytorch | zero],
/// `forget_bias` (LSTM), `update_bias` (GRU), inputs U(−s, s) with s = `input_scale` [1].
/// Everything is drawn from SplitMix64(seed), weights first, then inputs.
public enum NetworkRecipe {
    public static func build(_ c: Configuration) throws -> (RecurrentNetwork, SequenceBatch) {
        var rng = SplitMix64(seed: c.seed)
        let net = try network(c, inputSize: c.integer("input_size", 8), using: &rng)
        let s = c.number("input_scale", 1)
        let input = SequenceBatch.uniform(steps: c.integer("steps", 100), batchSize: c.integer("batch_size", 4),
                                          featureSize: net.inputSize, low: -s, high: s, using: &rng)
        return (net, input)
    }

    /// The network alone, drawn from `rng` (weights only).
    public static func network(_ c: Configuration, inputSize I: Int, using rng: inout SplitMix64) throws -> RecurrentNetwork {
        let cell = CellKind(name: c.text("cell", "rnn-tanh"))!
        let H = c.integer("hidden_size", 32)
        let scale = c.number("init_scale", 1)
        let recurrent: RecurrentInit
        switch c.text("init", "pytorch") {
        case "orthogonal": recurrent = .orthogonal(gain: scale)
        case "identity": recurrent = .scaledIdentity(scale: scale)
        case "gaussian": recurrent = .gaussian(std: scale / Double(H).squareRoot())
        case "smart-tanh": recurrent = .smartTanh
        default: recurrent = .pytorchDefault
        }
        var target: SpectralTarget? = nil
        if let s = c.parameters["sigma_max"]?.number { target = .sigmaMax(s) }
        if let r = c.parameters["spectral_radius"]?.number { target = .spectralRadius(r) }
        let initializer = Initializer(recurrent: recurrent, target: target, randomBiases: c.text("bias", "pytorch") == "pytorch",
                                      forgetBias: c.parameters["forget_bias"]?.number, updateBias: c.parameters["update_bias"]?.number)
        var net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: c.integer("layers", 1))
        try initializer.initialize(&net, using: &rng)
        let multiplies = ["pytorch", "smart-tanh"].contains(c.text("init", "pytorch"))
        if multiplies && scale != 1 && target == nil {
            for l in 0..<net.layerCount { net.layers[l].weightHH = scale * net.layers[l].weightHH }
        }
        return net
    }
}

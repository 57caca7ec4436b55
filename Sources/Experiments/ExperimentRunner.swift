import Foundation
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting

/// Runs the configurations of an experiment and returns its tidy tables (file name → table).
/// Every row starts with `run`, `config` (the configuration's index in the full enumeration), the
/// varying parameters and `seed`, so the tables of shards concatenate without conflict.
public enum ExperimentRunner {
    public static func keyColumns(_ spec: ExperimentSpec, _ configs: [Configuration]) -> [String] {
        ["run", "config"] + (configs.first?.varying ?? spec.grid.map(\.0)) + ["seed"]
    }

    /// Parameter values are spelled as in the run name (`2`, `0.05`, `rnn-tanh`), so a filter
    /// written from one matches the other. A case that does not set a varying key leaves it empty.
    static func key(_ c: Configuration) -> [CSVTable.Field] {
        [.text(c.name), .integer(c.index)] + c.varying.map { k in c.parameters[k].map { .text($0.description) } ?? .empty } + [.integer(Int(c.seed))]
    }

    /// Measures `configs` (a whole experiment or one shard of it). `progress` is called after each
    /// configuration with (done, total).
    public static func measure(_ spec: ExperimentSpec, _ configs: [Configuration], allConfigs: [Configuration],
                               progress: (Int, Int) -> Void = { _, _ in }) throws -> [(String, CSVTable)] {
        let keys = keyColumns(spec, allConfigs)
        switch spec.kind {
        case .seedTable:
            var t = CSVTable(columns: keys + ["t", "lag", "grad_h_norm", "grad_h_log10", "ratio_to_last", "predicted_ratio"])
            for (i, c) in configs.enumerated() {
                let s = c.number("scale", 1), T = c.integer("steps", 365)
                var rng = SplitMix64(seed: c.seed)
                let H = c.integer("hidden_size", 16), I = c.integer("input_size", 4)
                var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: I, hiddenSize: H)
                try Initializer.pytorch.initialize(&net, using: &rng)
                net.layers[0].weightHH = Matrix.identity(H, scale: s)
                let input = SequenceBatch.uniform(steps: T, batchSize: c.integer("batch_size", 4), featureSize: I, using: &rng)
                let logs = net.gradients(input, loss: .last).backprop.gradHiddenLog10[0]
                for tt in 0...T {
                    t.append(key(c) + [.integer(tt), .integer(T - tt), .fromLog10(logs[tt]), .number(logs[tt]),
                                       .fromLog10(logs[tt] - logs[T]), .number(pow(s, Double(T - tt)))])
                }
                progress(i + 1, configs.count)
            }
            return [("gradient_norms.csv", t)]

        case .gradientFlow, .clipping:
            var tables = FlowTables(keyColumns: keys, jacobianValues: configs.first.map { $0.integer("jacobian_values", Int.max) })
            var clipping = CSVTable(columns: keys + ["mode", "threshold", "pre_clip_norm", "post_clip_norm", "fired", "cosine_pre_post"])
            for (i, c) in configs.enumerated() {
                let (net, input) = try NetworkRecipe.build(c)
                let options = ProbeOptions(temporalContributions: false, saturation: c.flag("saturation", false),
                                           spectra: true, jacobians: c.flag("jacobians", false))
                let r = try GradientFlowProbe.run(net, input: input, loss: ProbeLoss(rawValue: c.text("loss", "last"))!, options: options)
                tables.append(r, network: net, key: key(c))
                if spec.kind == .clipping {
                    let maxNorm = c.number("max_norm", 1), v = c.number("clip_value", 0.01)
                    let modes: [ClipMode] = [.globalNormPyTorch(maxNorm: maxNorm), .globalNormExact(maxNorm: maxNorm),
                                             .perTensorNorm(maxNorm: maxNorm), .value(limit: v)]
                    let before = r.parameterGradients.flatMap { $0.tensors.flatMap(\.values) }
                    for mode in modes {
                        var g = r.parameterGradients
                        let name: String, threshold: Double
                        switch mode {
                        case .globalNormPyTorch(let m): (name, threshold) = ("global-norm-pytorch", m)
                        case .globalNormExact(let m): (name, threshold) = ("global-norm-exact", m)
                        case .perTensorNorm(let m): (name, threshold) = ("per-tensor-norm", m)
                        case .value(let l): (name, threshold) = ("value", l)
                        }
                        let rec = try Clipper(mode, nonFinite: .skipUpdate).clip(&g)
                        let after = g.flatMap { $0.tensors.flatMap(\.values) }
                        clipping.append(key(c) + [.text(name), .number(threshold), .number(rec.preClipNorm), .number(rec.postClipNorm),
                                                  .text(rec.fired ? "true" : "false"), .number(cosine(before, after))])
                    }
                }
                progress(i + 1, configs.count)
            }
            var files = tables.files
            if spec.kind == .clipping { files.append(("clipping.csv", clipping)) }
            return files

        case .cliff:
            return try Cliff.measure(configs, keys: keys, key: key, progress: progress)

        case .training:
            return try TrainingRunner.measure(configs, keys: keys, key: key, progress: progress)
        }
    }

    /// cos∠(a, b), computed with scaled norms.
    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let na = Norms.euclidean(a), nb = Norms.euclidean(b)
        guard na > 0, nb > 0, na.isFinite, nb.isFinite else { return .nan }
        var s = 0.0
        for (x, y) in zip(a, b) { s += (x / na) * (y / nb) }
        return s
    }
}

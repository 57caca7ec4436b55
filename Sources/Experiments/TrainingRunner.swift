import Foundation

private typealias T = TrainingParameters
import Instrumentation
import Recurrent
import Reporting
import Statistics
import Training

/// Runs configurations of kind `training` from their `TrainingParameters` (declared, with their
/// defaults, in Parameters.swift): the task, the network as in `NetworkRecipe`, a linear readout
/// (PyTorch's default init), the optimiser, clipping and the schedule.
enum TrainingRunner {
    static func task(_ c: Configuration) -> any TrainingTask {
        let length = c[T.length]
        switch c.given(T.task) ?? "delayed-recall" {
        case "adding-hochreiter1997": return AddingProblem(.hochreiter1997, steps: max(length, 12))
        case "adding-pascanu2013": return AddingProblem(.pascanu2013, steps: max(length, 12))
        case "adding-le2015": return AddingProblem(.le2015, steps: length)
        case "temporal-order-4": return TemporalOrder(classes: 4, steps: max(length, 20))
        case "temporal-order-pascanu2013": return TemporalOrderPascanu(steps: max(length, 20))
        case "temporal-order-8": return TemporalOrder(classes: 8, steps: max(length, 20))
        case "copy-memory": return CopyMemory(delay: length)
        case "near-far": return NearFarDependency(gap: max(c[T.gap], NearFarDependency.nearDistance))
        case "counting-anbn": return CountingLanguage(maxTrainingCount: length)
        default: return DelayedRecall(classes: c[T.classes], gap: c[T.gap])
        }
    }

    static func config(_ c: Configuration) -> TrainingConfig {
        let updates = c[T.updates]
        let lr = c[T.learningRate]
        let optimizer: OptimizerKind
        switch c[T.optimizer] {
        case "sgd": optimizer = .sgd(learningRate: lr, momentum: c[T.momentum])
        case "rmsprop": optimizer = .rmsprop(learningRate: lr)
        default: optimizer = .adam(learningRate: lr)
        }
        let t = c[T.clipThreshold]
        var clip: ClipMode?
        switch c[T.clip] {
        case "global-norm": clip = .globalNormExact(maxNorm: t)
        case "global-norm-pytorch": clip = .globalNormPyTorch(maxNorm: t)
        case "per-tensor": clip = .perTensorNorm(maxNorm: t)
        case "value": clip = .value(limit: t)
        default: clip = nil
        }
        var config = TrainingConfig(
            optimizer: optimizer, clip: clip, clipRelative: clip == nil ? nil : c.given(T.clipRelative),
            updates: updates, batchSize: c[T.batchSize], evalEvery: c[T.evalEvery],
            evalSize: c[T.evalSize], spectrumEvery: c[T.spectrumEvery],
            lagEvery: c[T.lagEvery], omega: c[T.omega])
        config.successLevel = c.given(T.successLevel)
        config.stopWhenSolved = c[T.stopWhenSolved]
        config.confirmSize = c[T.confirmSize]
        config.stepWorkers = c[T.stepWorkers]
        return config
    }

    static func measure(_ c: Configuration, keys: [String], key: (Configuration) -> [CSVTable.Field]) throws -> [(
        String, CSVTable
    )] {
        var training = CSVTable(
            columns: keys + [
                "update", "loss", "omega_penalty", "pre_clip_norm", "post_clip_norm", "clipped", "sigma_max_whh",
                "spectral_radius_whh",
            ])
        var evaluation = CSVTable(
            columns: keys + ["update", "loss", "metric_name", "metric", "baseline_loss", "baseline_metric"])
        var lags = CSVTable(columns: keys + ["update", "lag", "grad_h_log10", "ratio_to_last_log10", "informative"])
        // Every seed's held-out curve, narrow (the settings are the config's row of summary.csv), so
        // that the plots can show means over seeds while the wide per-update tables keep one seed.
        var seedCurves = CSVTable(columns: ["config", "seed", "update", "loss", "metric"])
        var summary = CSVTable(
            columns: keys + [
                "steps", "parameter_count", "updates_run", "diverged_at", "divergence",
                "final_loss", "metric_name", "final_metric", "best_metric", "baseline_metric", "higher_is_better",
                "clip_threshold_used", "initial_grad_norm", "clipped_fraction", "max_pre_clip_norm",
                "first_reached", "reached_from", "solved", "solved_at", "confirm_metric",
                "informative_ratio_init_log10",
            ])
        func opt(_ v: Double?) -> CSVTable.Field { v.map { .number($0) } ?? .empty }
        do {
            let task = self.task(c)
            var rng = SplitMix64(seed: c.seed)
            let net = try NetworkRecipe.network(c, inputSize: task.inputSize, using: &rng)
            var readout = Readout(outputs: task.outputSize, hidden: net.hiddenSize)
            if let std = c.given(T.readoutStd) {
                readout.initialize(std: std, using: &rng)
            } else {
                readout.initialize(using: &rng)
            }
            var model = Model(network: net, readout: readout)
            let cfg = config(c)
            let h = Trainer.train(&model, task: task, config: cfg, using: &rng)
            let every = c[T.recordEvery]
            for r in h.updates where r.update % every == 0 || r.update == h.updates.last?.update {
                training.append(
                    key(c) + [
                        .integer(r.update), .number(r.loss), opt(r.omega), .number(r.preClipNorm),
                        .number(r.postClipNorm),
                        .text(r.clipped ? "true" : "false"), opt(r.sigmaMax), opt(r.spectralRadius),
                    ])
            }
            for e in h.evaluations {
                evaluation.append(
                    key(c) + [
                        .integer(e.update), .number(e.score.loss), .text(e.score.metricName), .number(e.score.metric),
                        .number(e.score.baselineLoss), .number(e.score.baselineMetric),
                    ])
            }
            for e in h.evaluations {
                seedCurves.append([
                    .integer(c.index), .text(String(c.seed)), .integer(e.update), .number(e.score.loss),
                    .number(e.score.metric),
                ])
            }
            for l in h.lagNorms {
                let T = l.log10.count - 1
                for t in 0...T {
                    lags.append(
                        key(c) + [
                            .integer(l.update), .integer(T - t), .number(l.log10[t]), .number(l.log10[t] - l.log10[T]),
                            .text(T - t == task.informativeLag ? "true" : "false"),
                        ])
                }
            }
            let last = h.evaluations.last!.score
            let metrics = h.evaluations.map(\.score.metric)
            let best = last.higherIsBetter ? metrics.max()! : metrics.min()!
            let parameters = model.network.parameterCount + task.outputSize * (net.hiddenSize + 1)
            let clippedFraction = Double(h.updates.filter(\.clipped).count) / Double(max(h.updates.count, 1))
            let maxNorm = h.updates.map(\.preClipNorm).max() ?? .nan
            var fields: [CSVTable.Field] = key(c)
            fields += [.integer(task.steps), .integer(parameters), .integer(h.updates.count)]
            fields += [h.divergedAt.map { .integer($0) } ?? .empty, .text(h.divergence ?? "")]
            fields += [
                .number(last.loss), .text(last.metricName), .number(last.metric), .number(best),
                .number(last.baselineMetric),
            ]
            fields += [.text(last.higherIsBetter ? "true" : "false"), opt(h.clipThreshold), opt(h.initialGradientNorm)]
            fields += [.number(clippedFraction), .number(maxNorm)]
            // Success: the first evaluation at the level, the update from which every later one
            // stays there (Statistics.Sustained), and, with stop_when_solved, the confirmed solve.
            let level = c.given(T.successLevel)
            let curve = h.evaluations.map { (update: $0.update, value: $0.score.metric) }
            let firstReached = level.flatMap { l in h.evaluations.first { Trainer.meets($0.score, l) }?.update }
            let reachedFrom = level.flatMap { Sustained.reached(curve, level: $0, lowerIsBetter: !last.higherIsBetter) }
            let solved: Bool? = level.map { _ in c[T.stopWhenSolved] ? h.solvedAt != nil : reachedFrom != nil }
            fields += [firstReached.map { .integer($0) } ?? .empty, reachedFrom.map { .integer($0) } ?? .empty]
            fields += [
                solved.map { .text($0 ? "true" : "false") } ?? .empty, h.solvedAt.map { .integer($0) } ?? .empty,
            ]
            fields += [opt(h.confirmation?.metric)]
            // Gradient flow at initialisation: log10 ‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ on the first
            // batch, before any update (the lag norms recorded at update 1).
            let initial = h.lagNorms.first { $0.update == 1 }.flatMap { l -> Double? in
                let T = l.log10.count - 1, t = T - task.informativeLag
                return t >= 0 && t <= T ? l.log10[t] - l.log10[T] : nil
            }
            fields += [opt(initial)]
            summary.append(fields)
        }
        return [
            ("training.csv", training), ("evaluation.csv", evaluation), ("seed_curves.csv", seedCurves),
            ("lag_norms.csv", lags), ("summary.csv", summary),
        ]
    }
}

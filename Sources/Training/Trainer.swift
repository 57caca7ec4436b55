import Foundation
import LinearAlgebra
import Recurrent

/// How to train.
public struct TrainingConfig: Sendable {
    public var optimizer: OptimizerKind
    /// Clipping, a separate step between backward and update; nil for none.
    public var clip: ClipMode?
    /// When set, the clip threshold is this multiple of the average gradient norm measured on
    /// `calibrationBatches` batches at the initial parameters (Pascanu et al. 2013 choose the
    /// threshold from the average norm); it replaces the threshold inside `clip`.
    public var clipRelative: Double?
    public var calibrationBatches = 10
    public var updates: Int
    public var batchSize: Int
    /// Evaluate on a fixed held-out set every `evalEvery` updates (and at the end).
    public var evalEvery: Int
    public var evalSize: Int
    /// Record σ_max and ρ of W_hh every this many updates.
    public var spectrumEvery: Int
    /// Record the per-lag gradient norms every this many updates.
    public var lagEvery: Int
    /// Weight λ of Pascanu's Ω regulariser (vanilla RNN only); 0 for none.
    public var omega: Double
    /// The task metric at which a run counts as solved (metric ≤ it when lower is better, ≥ it
    /// otherwise); nil for no criterion.
    public var successLevel: Double?
    /// Stop at the first evaluation that meets `successLevel` on the held-out set and again on
    /// `confirmSize` fresh sequences (Pascanu et al. 2013's code stops when a run is solved).
    public var stopWhenSolved = false
    public var confirmSize = 10_000
    /// Threads one training step splits its batch across (`Model.lossAndGradients(_:workers:)`).
    /// The split sums in another order, so results differ from one thread's in the last bits:
    /// part of the configuration, never chosen by the machine. Pascanu's Ω needs the unsplit
    /// trace, so runs with Ω use one thread.
    public var stepWorkers = 1

    public init(
        optimizer: OptimizerKind, clip: ClipMode? = nil, clipRelative: Double? = nil, updates: Int, batchSize: Int,
        evalEvery: Int, evalSize: Int, spectrumEvery: Int = 1, lagEvery: Int = 100, omega: Double = 0
    ) {
        self.optimizer = optimizer
        self.clip = clip
        self.clipRelative = clipRelative
        self.updates = updates
        self.batchSize = batchSize
        self.evalEvery = evalEvery
        self.evalSize = evalSize
        self.spectrumEvery = spectrumEvery
        self.lagEvery = lagEvery
        self.omega = omega
    }
}

/// One update's record.
public struct UpdateRecord: Sendable {
    public var update: Int
    public var loss: Double
    public var omega: Double?
    public var preClipNorm: Double
    public var postClipNorm: Double
    public var clipped: Bool
    public var sigmaMax: Double?
    public var spectralRadius: Double?
}

/// Everything a training run recorded.
public struct TrainingHistory: Sendable {
    public var updates: [UpdateRecord] = []
    /// (update, score on the held-out set); update 0 is before training.
    public var evaluations: [(update: Int, score: TaskScore)] = []
    /// (update, log10 ‖∂L/∂h_t‖ of the top layer for t = 0 … T) on the training batch: at update 1,
    /// every `lagEvery` updates and at the last update.
    public var lagNorms: [(update: Int, log10: [Double])] = []
    /// The update at which the loss, a gradient or a parameter became inf or NaN, and what.
    public var divergedAt: Int?
    public var divergence: String?
    /// The clip threshold used (absolute), and the average initial gradient norm it came from.
    public var clipThreshold: Double?
    public var initialGradientNorm: Double?
    /// With `stopWhenSolved`: the update at which the held-out set met the success level and the
    /// fresh confirmation set did too (training stopped there), and the confirmation's score.
    public var solvedAt: Int?
    public var confirmation: TaskScore?
    /// Confirmations tried (held-out met the level) that the fresh set did not.
    public var failedConfirmations = 0
}

public enum Trainer {
    /// Trains `model` on `task` in place. Never traps on divergence: a non-finite loss, gradient or
    /// parameter ends the run, recorded in `divergedAt`/`divergence`. `progress` gets (done, total).
    public static func train(
        _ model: inout Model, task: any TrainingTask, config c: TrainingConfig,
        using rng: inout SplitMix64, progress: (Int, Int) -> Void = { _, _ in }
    ) -> TrainingHistory {
        var history = TrainingHistory()
        var heldOutRNG = rng.fork()
        let heldOut = task.heldOutBatch(c.evalSize, using: &heldOutRNG)
        let isRNN: Bool = {
            if case .rnn = model.network.cell { return true }; return false
        }()
        let useOmega = c.omega > 0 && isRNN

        // Forked only when used, so runs without a stopping rule draw exactly as before.
        var confirmRNG = c.stopWhenSolved ? rng.fork() : SplitMix64(seed: 0)
        func score(_ batch: TaskBatch) -> TaskScore {
            let trace = model.network.forward(batch.input)
            return task.score(model.readout.outputs(trace, everyStep: task.readsEveryStep), batch)
        }
        /// Evaluates; returns true when training should stop (solved and confirmed).
        func evaluate(_ update: Int) -> Bool {
            let s = score(heldOut)
            history.evaluations.append((update, s))
            guard c.stopWhenSolved, let level = c.successLevel, Self.meets(s, level) else { return false }
            // Confirm on fresh sequences, in chunks of at most 1,000 (the scores are means, so the
            // chunks' scores weighted by their sizes give the whole set's).
            var remaining = c.confirmSize, loss = 0.0, metric = 0.0
            while remaining > 0 {
                let n = Swift.min(1000, remaining)
                let part = score(task.batch(n, using: &confirmRNG))
                loss += part.loss * Double(n)
                metric += part.metric * Double(n)
                remaining -= n
            }
            var confirmed = s
            confirmed.loss = loss / Double(c.confirmSize)
            confirmed.metric = metric / Double(c.confirmSize)
            guard Self.meets(confirmed, level) else {
                history.failedConfirmations += 1
                return false
            }
            history.solvedAt = update
            history.confirmation = confirmed
            return true
        }

        // Calibrate a relative clip threshold on the initial parameters (no update).
        var clipper = c.clip.map { Clipper($0, nonFinite: .skipUpdate) }
        if let rel = c.clipRelative, let mode = c.clip {
            var norms: [Double] = []
            for _ in 0..<c.calibrationBatches {
                let g = model.lossAndGradients(task.batch(c.batchSize, using: &rng)).gradients
                norms.append(Norms.euclidean(g.map { Norms.euclidean($0.values) }))
            }
            let avg = norms.filter { $0.isFinite }.reduce(0, +) / Double(max(norms.filter { $0.isFinite }.count, 1))
            history.initialGradientNorm = avg
            let threshold = rel * avg
            history.clipThreshold = threshold
            switch mode {
            case .globalNormPyTorch: clipper = Clipper(.globalNormPyTorch(maxNorm: threshold), nonFinite: .skipUpdate)
            case .globalNormExact: clipper = Clipper(.globalNormExact(maxNorm: threshold), nonFinite: .skipUpdate)
            case .perTensorNorm: clipper = Clipper(.perTensorNorm(maxNorm: threshold), nonFinite: .skipUpdate)
            case .value: clipper = Clipper(.value(limit: threshold), nonFinite: .skipUpdate)
            }
        } else if let mode = c.clip {
            switch mode {
            case .globalNormPyTorch(let m), .globalNormExact(let m), .perTensorNorm(let m), .value(let m):
                history.clipThreshold = m
            }
        }

        var optimizer = Optimizer(c.optimizer)
        _ = evaluate(0)
        for update in 1...max(c.updates, 1) where c.updates > 0 {
            let batch = task.batch(c.batchSize, using: &rng)
            let options = BackwardOptions(stateGradients: useOmega)
            var loss: Double, grads: [(name: String, values: [Double])], back: Backpropagation
            var trace: ForwardTrace? = nil
            if c.stepWorkers > 1 && !useOmega {
                (loss, grads, back) = model.lossAndGradients(batch, workers: c.stepWorkers)
            } else {
                let r = model.lossAndGradients(batch, options: options)
                (loss, grads, back, trace) = (r.0, r.1, r.2, r.3)
            }
            var omegaValue: Double? = nil
            if useOmega, let trace {
                let (o, dW) = PascanuRegularizer.evaluate(model.network, trace, stateGradients: back.stateGradients)
                omegaValue = o
                let name = "weight_hh_l\(model.network.layerCount - 1)"
                if let i = grads.firstIndex(where: { $0.name == name }) {
                    for j in grads[i].values.indices { grads[i].values[j] += c.omega * dW.storage[j] }
                }
            }
            if c.lagEvery > 0 && (update == 1 || update % c.lagEvery == 0 || update == c.updates) {
                history.lagNorms.append((update, back.gradHiddenLog10[model.network.layerCount - 1]))
            }
            // Clipping: a visible step after backward, before the update.
            var record = UpdateRecord(
                update: update, loss: loss, omega: omegaValue, preClipNorm: 0, postClipNorm: 0, clipped: false)
            let bad = grads.first { $0.values.contains { !$0.isFinite } }?.name
            if let clipper {
                var named = grads
                let r = (try? clipper.clip(&named))!  // .skipUpdate never throws
                record.preClipNorm = r.preClipNorm
                record.postClipNorm = r.postClipNorm
                record.clipped = r.fired
                grads = named
            } else {
                let n = Norms.euclidean(grads.map { Norms.euclidean($0.values) })
                record.preClipNorm = n
                record.postClipNorm = n
            }
            if !loss.isFinite || bad != nil {
                history.updates.append(record)
                history.divergedAt = update
                history.divergence = !loss.isFinite ? "loss is \(loss)" : "gradient of \(bad!) is not finite"
                progress(c.updates, c.updates)
                break
            }
            var params = model.tensors.map(\.values)
            optimizer.update(&params, gradients: grads.map(\.values))
            if let i = params.firstIndex(where: { $0.contains { !$0.isFinite } }) {
                history.updates.append(record)
                history.divergedAt = update
                history.divergence = "parameter \(model.tensors[i].name) is not finite after the update"
                progress(c.updates, c.updates)
                break
            }
            model.setTensors(params)
            if c.spectrumEvery > 0 && update % c.spectrumEvery == 0 {
                let w = model.network.layers[model.network.layerCount - 1].weightHH
                record.sigmaMax = try? w.spectralNorm()
                record.spectralRadius = w.rows == w.columns ? try? w.spectralRadius() : nil
            }
            history.updates.append(record)
            if update % c.evalEvery == 0 || update == c.updates, evaluate(update) {
                progress(c.updates, c.updates)
                break
            }
            progress(update, c.updates)
        }
        return history
    }

    /// Whether a score meets a success level.
    public static func meets(_ s: TaskScore, _ level: Double) -> Bool {
        s.metric.isFinite && (s.higherIsBetter ? s.metric >= level : s.metric <= level)
    }
}

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
        let heldOut = task.batch(c.evalSize, using: &heldOutRNG)
        let isRNN: Bool = {
            if case .rnn = model.network.cell { return true }; return false
        }()
        let useOmega = c.omega > 0 && isRNN

        func evaluate(_ update: Int) {
            let trace = model.network.forward(heldOut.input)
            let out = model.readout.outputs(trace, everyStep: task.readsEveryStep)
            history.evaluations.append((update, task.score(out, heldOut)))
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
        evaluate(0)
        for update in 1...max(c.updates, 1) where c.updates > 0 {
            let batch = task.batch(c.batchSize, using: &rng)
            let options = BackwardOptions(stateGradients: useOmega)
            var (loss, grads, back, trace) = model.lossAndGradients(batch, options: options)
            var omegaValue: Double? = nil
            if useOmega {
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
            if update % c.evalEvery == 0 || update == c.updates { evaluate(update) }
            progress(update, c.updates)
        }
        return history
    }
}

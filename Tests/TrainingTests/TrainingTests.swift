import Foundation
import Testing
import LinearAlgebra
import Instrumentation
@testable import Recurrent
@testable import Training

struct OptimizerReference: Decodable {
    struct Config: Decodable { var optimizer: String; var options: [String: Double?]; var trajectory: [[Double]] }
    var theta0: [Double]
    var gradients: [[Double]]
    var configs: [Config]

    static let shared: OptimizerReference = {
        let url = Bundle.module.url(
            forResource: "optimizer_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(OptimizerReference.self, from: Data(contentsOf: url))
    }()
}

extension OptimizerReference.Config: CustomTestStringConvertible {
    var testDescription: String { "\(optimizer) \(options.compactMapValues { $0 })" }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        optimizer = try c.decode(String.self, forKey: .optimizer)
        trajectory = try c.decode([[Double]].self, forKey: .trajectory)
        // Options hold numbers, booleans and [β1, β2]; flatten to numbers.
        let raw = try c.decode([String: AnyNumber].self, forKey: .options)
        var o: [String: Double?] = [:]
        for (k, v) in raw {
            switch v {
            case .number(let x): o[k] = x
            case .pair(let a, let b): o[k + "1"] = a; o[k + "2"] = b
            }
        }
        options = o
    }
    enum Keys: String, CodingKey { case optimizer, options, trajectory }
}

enum AnyNumber: Decodable {
    case number(Double), pair(Double, Double)
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .number(b ? 1 : 0)
        } else if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else {
            let p = try c.decode([Double].self); self = .pair(p[0], p[1])
        }
    }
}

@Suite struct OptimizerTests {
    /// torch.optim on a fixed gradient sequence (scripts/reference/optimizer_reference.py): 25 steps
    /// of each configuration. PyTorch's operation order is mirrored, but its CPU kernels fuse
    /// multiply-adds, so results differ by an ulp per step; each element is compared against the
    /// largest magnitude it takes along its trajectory: |a − b| ≤ 1e-13·max_k |θ_k| (25 steps × a
    /// few ulp; near a zero crossing a relative test would be meaningless).
    @Test(arguments: OptimizerReference.shared.configs)
    func matchesTorchOptim(_ c: OptimizerReference.Config) {
        let o = c.options
        let kind: OptimizerKind
        switch c.optimizer {
        case "sgd":
            kind = .sgd(
                learningRate: (o["lr"] ?? nil)!, momentum: (o["momentum"] ?? nil) ?? 0,
                nesterov: ((o["nesterov"] ?? nil) ?? 0) == 1)
        case "rmsprop":
            kind = .rmsprop(
                learningRate: (o["lr"] ?? nil) ?? 0.01, alpha: (o["alpha"] ?? nil) ?? 0.99,
                epsilon: (o["eps"] ?? nil) ?? 1e-8)
        default:
            kind = .adam(
                learningRate: (o["lr"] ?? nil) ?? 0.001, beta1: (o["betas1"] ?? nil) ?? 0.9,
                beta2: (o["betas2"] ?? nil) ?? 0.999, epsilon: (o["eps"] ?? nil) ?? 1e-8)
        }
        var opt = Optimizer(kind)
        var p = [OptimizerReference.shared.theta0]
        let scale = (0..<p[0].count).map { j in c.trajectory.map { abs($0[j]) }.max()! }
        for (k, g) in OptimizerReference.shared.gradients.enumerated() {
            opt.update(&p, gradients: [g])
            for (j, (a, b)) in zip(p[0], c.trajectory[k]).enumerated() {
                #expect(abs(a - b) <= 1e-13 * scale[j], "\(c.optimizer) step \(k + 1): \(a) vs \(b)")
            }
        }
    }
}

@Suite struct ReadoutGradientTests {
    /// Loss(readout(network(x))) against five-point finite differences, for every parameter of the
    /// network and of the readout (GradientCheck's error measure and step), for each readout kind.
    @Test(arguments: [
        ("rnn-tanh", "mse-last"), ("lstm", "ce-last"), ("gru", "ce-every"), ("lstm-peephole", "mse-last"),
        ("rnn-relu", "ce-every"),
    ])
    func finiteDifferences(cell: String, readout: String) throws {
        var rng = SplitMix64(seed: 17)
        var net = RecurrentNetwork(cell: CellKind(name: cell)!, inputSize: 3, hiddenSize: 4, layerCount: 2)
        try Initializer.pytorch.initialize(&net, using: &rng)
        if cell == "rnn-relu" { for l in 0..<2 { net.layers[l].biasIH = net.layers[l].biasIH.map { $0 + 0.5 } } }
        let C = readout.hasPrefix("mse") ? 1 : 3
        var r = Readout(outputs: C, hidden: 4)
        r.initialize(using: &rng)
        let model = Model(network: net, readout: r)
        let T = 5, B = 3
        let x = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: 3, using: &rng)
        let targets: Targets
        switch readout {
        case "mse-last": targets = .values((0..<B).map { _ in rng.uniform(-1, 1) })
        case "ce-last": targets = .lastClass((0..<B).map { _ in Int(rng.next() % 3) })
        default: targets = .everyClass((0..<(T * B)).map { _ in Int(rng.next() % 3) })
        }
        let batch = TaskBatch(input: x, targets: targets)
        let (loss, grads, _, _) = model.lossAndGradients(batch)
        let floor = 1e4 * Double.ulpOfOne * max(1, abs(loss)) / GradientCheck.relativeStep
        let values = model.tensors
        for (i, t) in values.enumerated() {
            let numeric = GradientCheck.derivative(of: t.values) { v in
                var m = model
                var all = values.map(\.values)
                all[i] = v
                m.setTensors(all)
                return m.lossAndGradients(batch).loss
            }
            let e = GradientCheck.error(t.name, grads[i].values, numeric, floor: floor)
            #expect(e.relativeError <= 1e-6, "\(cell), \(readout), \(t.name): \(e.relativeError)")
        }
    }
}

@Suite struct OmegaTests {
    /// ∂Ω/∂W_hh with v = ∂L/∂h and φ' frozen (Pascanu et al.'s approximation), against finite
    /// differences of Ω(W) with those frozen: r_k,b = ‖d_k,b·W‖/‖v_k,b‖, Ω = (1/B) Σ (r − 1)².
    @Test func gradientMatchesFrozenFiniteDifferences() throws {
        var rng = SplitMix64(seed: 3)
        var net = RecurrentNetwork(cell: .rnn(.tanh), inputSize: 2, hiddenSize: 5)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let x = SequenceBatch.uniform(steps: 6, batchSize: 2, featureSize: 2, using: &rng)
        let trace = net.forward(x)
        let back = net.backward(
            trace, outputGradient: ProbeLoss.all.outputGradient(trace), options: BackwardOptions(stateGradients: true))
        let v = back.stateGradients
        let (omega, grad) = PascanuRegularizer.evaluate(net, trace, stateGradients: v)
        #expect(omega > 0)
        let T = 6, B = 2, H = 5
        var ds: [(d: [Double], vn: Double)] = []
        for k in 1..<T {
            let h = trace.hidden(layer: 0, step: k + 1)
            for b in 0..<B {
                let vk = Array(v[((k * B + b) * H)..<((k * B + b + 1) * H)])
                ds.append(((0..<H).map { vk[$0] * (1 - h[b, $0] * h[b, $0]) }, Norms.euclidean(vk)))
            }
        }
        func frozen(_ w: [Double]) -> Double {
            let W = Matrix(rows: H, columns: H, storage: w)
            return ds.reduce(0) { acc, e in
                let u = Matrix(rows: 1, columns: H, storage: e.d) * W
                let r = u.frobeniusNorm / e.vn
                return acc + (r - 1) * (r - 1) / Double(B)
            }
        }
        #expect(abs(frozen(net.layers[0].weightHH.storage) - omega) <= 1e-12 * omega)
        let numeric = GradientCheck.derivative(of: net.layers[0].weightHH.storage, frozen)
        let e = GradientCheck.error("omega", grad.storage, numeric, floor: 0)
        #expect(e.relativeError <= 1e-8, "\(e.relativeError)")
    }
}

@Suite struct TaskTests {
    @Test(arguments: AddingProblem.Variant.allCases)
    func addingTargetsMarkersAndBaselines(_ v: AddingProblem.Variant) {
        let task = AddingProblem(v, steps: 40)
        var rng = SplitMix64(seed: 1)
        let batch = task.batch(20_000, using: &rng)
        guard case .values(let y) = batch.targets else { Issue.record("regression targets expected"); return }
        let B = 20_000, T = 40
        for b in 0..<50 {
            let marked = (0..<T).filter { batch.input.values[($0 * B + b) * 2 + 1] == 1 }
            #expect(marked.count == 2)
            let s = marked.map { batch.input.values[($0 * B + b) * 2] }.reduce(0, +)
            let expected = v == .hochreiter1997 ? 0.5 + s / 4 : (v == .pascanu2013 ? s / 2 : s)
            #expect(abs(y[b] - expected) < 1e-15)
            if v == .le2015 {
                #expect(marked[0] < T / 2 && marked[1] >= T / 2)
            } else {
                #expect(marked.min()! < 10 && marked.max()! < T / 2 - 1)
            }
        }
        // The constant predictor's score matches the derived baseline (Monte Carlo, 20,000
        // sequences: binomial s.e. ≈ 0.0034 for 0.36 — allow 4 s.e.).
        let constant = v == .le2015 ? 1.0 : 0.5
        let s = task.score([Double](repeating: constant, count: B), batch)
        #expect(abs(s.metric - s.baselineMetric) < (v == .le2015 ? 0.01 : 0.014), "\(s.metric) vs \(s.baselineMetric)")
    }

    @Test func temporalOrderCopyAndRecallAreConsistent() {
        var rng = SplitMix64(seed: 2)
        for classes in [4, 8] {
            let task = TemporalOrder(classes: classes, steps: 60)
            let b = task.batch(200, using: &rng)
            guard case .lastClass(let y) = b.targets else { Issue.record("class targets expected"); continue }
            for i in 0..<200 {
                let sym = (0..<60).map { t in (0..<8).first { b.input.values[(t * 200 + i) * 8 + $0] == 1 }! }
                #expect(sym[0] == 4 && sym[59] == 5)
                let relevant = sym.filter { $0 >= 6 }.map { $0 - 6 }
                #expect(relevant.count == (classes == 4 ? 2 : 3))
                #expect(relevant.reduce(0) { 2 * $0 + $1 } == y[i])
            }
            #expect(
                abs(task.score([Double](repeating: 0, count: 200 * classes), b).loss - log(Double(classes))) < 1e-12)
        }
        // Pascanu et al.'s tempOrder.py: 6 channels, the two relevant symbols (0 = A, 1 = B) in
        // [⌊0.1T⌋, 2⌊0.1T⌋) and [⌊0.5T⌋, ⌊0.5T⌋ + ⌊0.1T⌋), class v₀ + 2v₁, distractors 2–5 elsewhere.
        let pascanu = TemporalOrderPascanu(steps: 57)
        let pb = pascanu.batch(300, using: &rng)
        guard case .lastClass(let py) = pb.targets else { Issue.record("class targets expected"); return }
        var seenClasses = Set<Int>(), seenPositions = Set<Int>()
        for i in 0..<300 {
            let sym = (0..<57).map { t in (0..<6).first { pb.input.values[(t * 300 + i) * 6 + $0] == 1 }! }
            let relevant = sym.indices.filter { sym[$0] < 2 }
            #expect(relevant.count == 2)
            #expect((5..<10).contains(relevant[0]) && (28..<33).contains(relevant[1]), "\(relevant)")
            #expect(sym[relevant[0]] + 2 * sym[relevant[1]] == py[i])
            seenClasses.insert(py[i]); seenPositions.formUnion(relevant)
        }
        #expect(seenClasses == [0, 1, 2, 3] && seenPositions == Set(5..<10).union(28..<33))
        let copy = CopyMemory(delay: 15)
        let cb = copy.batch(3, using: &rng)
        guard case .everyClass(let cy) = cb.targets else { Issue.record("per-step targets expected"); return }
        for i in 0..<3 {
            let input = (0..<copy.steps).map { t in (0..<10).first { cb.input.values[(t * 3 + i) * 10 + $0] == 1 }! }
            #expect(input[24] == 9)
            #expect(Array(input[0..<10]) == (25..<35).map { cy[$0 * 3 + i] })
            #expect((0..<25).allSatisfy { cy[$0 * 3 + i] == 0 })
        }
        // The memoryless predictor (blank for T + 10 steps, uniform over 1–8 after) scores 10·ln 8/(T + 20).
        var logits = [Double](repeating: -1e9, count: copy.steps * 3 * 10)
        for t in 0..<copy.steps {
            for i in 0..<3 {
                if t < 25 { logits[(t * 3 + i) * 10] = 0 } else { for k in 1...8 { logits[(t * 3 + i) * 10 + k] = 0 } }
            }
        }
        #expect(abs(copy.score(logits, cb).loss - 10 * log(8.0) / 35) < 1e-12)
        let recall = DelayedRecall(classes: 4, gap: 7)
        let rb = recall.batch(10, using: &rng)
        guard case .lastClass(let ry) = rb.targets else { Issue.record("class targets expected"); return }
        for i in 0..<10 {
            #expect(rb.input.values[i * 9 + ry[i]] == 1)
            #expect(rb.input.values[(8 * 10 + i) * 9 + 8] == 1)  // recall cue at the last step
        }
    }
}

@Suite struct TrainerTests {
    func model(_ cell: String, hidden: Int, task: any TrainingTask, seed: UInt64) throws -> (Model, SplitMix64) {
        var rng = SplitMix64(seed: seed)
        var net = RecurrentNetwork(cell: CellKind(name: cell)!, inputSize: task.inputSize, hiddenSize: hidden)
        try Initializer.pytorch.initialize(&net, using: &rng)
        var r = Readout(outputs: task.outputSize, hidden: hidden)
        r.initialize(using: &rng)
        return (Model(network: net, readout: r), rng)
    }

    @Test func learnsAShortRecallAndIsDeterministic() throws {
        let task = DelayedRecall(classes: 4, gap: 3)
        let config = TrainingConfig(
            optimizer: .adam(learningRate: 0.01), updates: 150, batchSize: 16, evalEvery: 50, evalSize: 200)
        var (m, rng) = try model("lstm", hidden: 12, task: task, seed: 5)
        let h = Trainer.train(&m, task: task, config: config, using: &rng)
        #expect(h.divergedAt == nil)
        #expect(h.evaluations.first!.score.metric < 0.5)  // chance is 0.25
        #expect(h.evaluations.last!.score.metric > 0.95, "accuracy \(h.evaluations.last!.score.metric)")
        #expect(h.updates.count == 150 && h.updates.allSatisfy { $0.sigmaMax != nil })
        var (m2, rng2) = try model("lstm", hidden: 12, task: task, seed: 5)
        let h2 = Trainer.train(&m2, task: task, config: config, using: &rng2)
        #expect(h2.updates.map(\.loss) == h.updates.map(\.loss))
        #expect(m2 == m)
    }

    /// With a stopping rule, training ends at the first evaluation whose held-out score meets the
    /// level and is confirmed on fresh sequences; without one, the same seed trains exactly as before
    /// (the confirmation generator is not even forked).
    @Test func stopsWhenSolvedAndConfirmed() throws {
        let task = DelayedRecall(classes: 4, gap: 3)
        var config = TrainingConfig(
            optimizer: .adam(learningRate: 0.01), updates: 150, batchSize: 16, evalEvery: 10, evalSize: 200)
        var (m0, rng0) = try model("lstm", hidden: 12, task: task, seed: 5)
        let free = Trainer.train(&m0, task: task, config: config, using: &rng0)
        config.successLevel = 0.9
        var (m1, rng1) = try model("lstm", hidden: 12, task: task, seed: 5)
        let levelOnly = Trainer.train(&m1, task: task, config: config, using: &rng1)
        #expect(levelOnly.updates.map(\.loss) == free.updates.map(\.loss), "a level alone changes nothing")
        config.stopWhenSolved = true
        config.confirmSize = 2500
        var (m2, rng2) = try model("lstm", hidden: 12, task: task, seed: 5)
        let h = Trainer.train(&m2, task: task, config: config, using: &rng2)
        let at = try #require(h.solvedAt)
        #expect(h.updates.count == at && h.evaluations.last!.update == at && at < 150)
        #expect(h.evaluations.last!.score.metric >= 0.9)
        let c = try #require(h.confirmation)
        #expect(c.metric >= 0.9 && c.metric <= 1)
        // It stopped at its own first held-out hit unless a confirmation failed there.
        let firstHit = try #require(h.evaluations.first { $0.score.metric >= 0.9 }?.update)
        #expect(h.failedConfirmations > 0 || firstHit == at)
        var (m3, rng3) = try model("lstm", hidden: 12, task: task, seed: 5)
        #expect(
            Trainer.train(&m3, task: task, config: config, using: &rng3).updates.map(\.loss) == h.updates.map(\.loss))
    }

    /// A step split across 2 threads (`stepWorkers`) trains like the unsplit one to rounding over a
    /// few updates, and is deterministic: the split is part of the configuration.
    @Test func splitStepsTrainLikeUnsplitOnes() throws {
        let task = DelayedRecall(classes: 4, gap: 3)
        var config = TrainingConfig(
            optimizer: .adam(learningRate: 0.01), updates: 5, batchSize: 16, evalEvery: 5, evalSize: 50)
        var (m1, r1) = try model("gru", hidden: 8, task: task, seed: 11)
        let one = Trainer.train(&m1, task: task, config: config, using: &r1)
        config.stepWorkers = 2
        var (m2, r2) = try model("gru", hidden: 8, task: task, seed: 11)
        let two = Trainer.train(&m2, task: task, config: config, using: &r2)
        for (a, b) in zip(one.updates, two.updates) { #expect(abs(a.loss - b.loss) <= 1e-10 * abs(a.loss)) }
        var (m3, r3) = try model("gru", hidden: 8, task: task, seed: 11)
        #expect(
            Trainer.train(&m3, task: task, config: config, using: &r3).updates.map(\.loss) == two.updates.map(\.loss))
    }

    @Test func divergenceIsReportedNotFatal() throws {
        // A linear RNN with a huge learning rate: parameters or gradients overflow within a few updates.
        let task = AddingProblem(.le2015, steps: 30)
        var (m, rng) = try model("rnn-identity", hidden: 8, task: task, seed: 6)
        let h = Trainer.train(
            &m, task: task,
            config: TrainingConfig(
                optimizer: .sgd(learningRate: 1e6), updates: 200, batchSize: 8,
                evalEvery: 50, evalSize: 20), using: &rng)
        let at = try #require(h.divergedAt)
        #expect(at < 200)
        #expect(h.divergence != nil && h.updates.count == at)
    }

    @Test func relativeClippingIsCalibratedAndRecorded() throws {
        let task = AddingProblem(.pascanu2013, steps: 30)
        var (m, rng) = try model("rnn-tanh", hidden: 8, task: task, seed: 7)
        m.network.layers[0].weightHH = try Initializer.rescale(m.network.layers[0].weightHH, to: .sigmaMax(3))
        let h = Trainer.train(
            &m, task: task,
            config: TrainingConfig(
                optimizer: .sgd(learningRate: 0.05), clip: .globalNormExact(maxNorm: 1),
                clipRelative: 0.5, updates: 30, batchSize: 8, evalEvery: 10, evalSize: 20,
                omega: 0.5), using: &rng)
        let g0 = try #require(h.initialGradientNorm)
        #expect(abs(try #require(h.clipThreshold) - 0.5 * g0) < 1e-15 * g0)
        for r in h.updates where r.clipped { #expect(abs(r.postClipNorm - h.clipThreshold!) <= 1e-12 * r.postClipNorm) }
        #expect(h.updates.contains { $0.clipped })
        #expect(h.updates.allSatisfy { $0.omega != nil })
    }
}

@Suite struct ModelBatchSplitTests {
    /// The training step split across workers equals the unsplit one: each share's mean divides by
    /// the whole batch's count, so losses and gradients add (1e-12 relative: summation order).
    @Test(arguments: ["mse-last", "ce-last", "ce-every"])
    func splitEqualsUnsplit(readout kind: String) throws {
        var rng = SplitMix64(seed: 23)
        var net = RecurrentNetwork(cell: .lstm(.standard), inputSize: 3, hiddenSize: 6)
        try Initializer.pytorch.initialize(&net, using: &rng)
        let C = kind.hasPrefix("mse") ? 1 : 4
        var r = Readout(outputs: C, hidden: 6)
        r.initialize(using: &rng)
        let model = Model(network: net, readout: r)
        let T = 9, B = 7
        let x = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: 3, using: &rng)
        let targets: Targets =
            kind == "mse-last"
            ? .values((0..<B).map { _ in rng.nextUnit() })
            : kind == "ce-last"
                ? .lastClass((0..<B).map { _ in Int(rng.next() % 4) })
                : .everyClass((0..<(T * B)).map { _ in Int(rng.next() % 4) })
        let batch = TaskBatch(input: x, targets: targets)
        let one = model.lossAndGradients(batch)
        for workers in [2, 3] {
            let split = model.lossAndGradients(batch, workers: workers)
            #expect(abs(split.loss - one.loss) <= 1e-12 * abs(one.loss))
            for (a, b) in zip(split.gradients, one.gradients) {
                #expect(a.name == b.name)
                let scale = b.values.map(abs).max()!
                #expect(
                    zip(a.values, b.values).map { abs($0 - $1) }.max()! <= 1e-12 * scale,
                    "\(kind), \(workers) workers, \(a.name)")
            }
        }
    }
}

import Foundation
import Analysis
import Dispatch
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting
import Training

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
        [.text(c.name), .integer(c.index)]
            + c.varying.map { k in c.parameters[k].map { .text($0.description) } ?? .empty } + [.text(String(c.seed))]
    }

    /// Configurations run at once: `GRADPATH_WORKERS` where set (a positive integer), else Slurm's
    /// `SLURM_CPUS_PER_TASK` inside a job (whose cores the node's count would overstate), else the
    /// machine's active cores.
    public static var defaultWorkers: Int {
        let env = ProcessInfo.processInfo.environment
        for name in ["GRADPATH_WORKERS", "SLURM_CPUS_PER_TASK"] {
            if let v = env[name].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), v >= 1, v <= 4096 {
                return v
            }
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// Measures `configs` (a whole experiment or one shard of it). `progress` is called after each
    /// configuration with (done, total). Each configuration's per-step tables are thinned by `rows`
    /// after its summaries were computed from every step.
    ///
    /// Configurations are independent (each draws from its own seed), so they run on `workers`
    /// threads at once; their tables are then concatenated in configuration order, so the result
    /// does not depend on the number of workers. Callers should set `BLAS.setThreads(1)` first (the
    /// CLI does): two BLAS threads per worker on two cores oversubscribe. This function leaves the
    /// process-wide BLAS setting alone — changing it here would change the arithmetic of other
    /// threads' BLAS calls mid-run.
    public static func measure(
        _ spec: ExperimentSpec, _ configs: [Configuration], allConfigs: [Configuration],
        workers: Int = ExperimentRunner.defaultWorkers, keepEmpty: Bool = false,
        rows: RecordedRows = .thinned, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> [(String, CSVTable)] {
        let keys = keyColumns(spec, allConfigs)
        // The first seed of the run's list (configurations enumerate seeds innermost).
        let firstSeed = allConfigs.first?.seed
        let box = ResultBox(count: configs.count)
        let next = ResultBox.Counter()
        // A training step that splits its batch (`step_workers`) uses that many threads itself.
        let stepThreads =
            spec.kind == .training ? configs.map { $0[TrainingParameters.stepWorkers] }.max() ?? 1 : 1
        let concurrent = max(1, min(workers / max(stepThreads, 1), configs.count))
        DispatchQueue.concurrentPerform(iterations: concurrent) { _ in
            while let i = next.take(below: configs.count), box.error == nil {
                do {
                    let tables = rows.apply(
                        try measureOne(spec, configs[i], keys: keys), kind: spec.kind,
                        firstSeed: configs[i].seed == firstSeed, spectraPlotted: spec.report.contains("spectra"))
                    box.store(i, tables)
                    progress(box.done, configs.count)
                } catch {
                    box.fail(error)
                }
            }
        }
        if let e = box.error { throw e }
        return merge(box.results.map { $0 ?? [] }, keepEmpty: keepEmpty)
    }

    /// Concatenates per-configuration tables by file name, in first-seen order; drops tables left
    /// empty except the ones every run writes (unless `keepEmpty`).
    static func merge(_ parts: [[(String, CSVTable)]], keepEmpty: Bool = false) -> [(String, CSVTable)] {
        var order: [String] = [], merged: [String: CSVTable] = [:]
        for part in parts {
            for (name, t) in part {
                if var m = merged[name] {
                    m.append(contentsOf: t); merged[name] = m
                } else {
                    order.append(name); merged[name] = t
                }
            }
        }
        let always: Set = ["gradient_norms.csv", "diagnosis.csv", "nonfinite_events.csv"]
        return order.compactMap { n in
            let t = merged[n]!
            return t.rows.isEmpty && !always.contains(n) && !keepEmpty ? nil : (n, t)
        }
    }

    /// The tables of one configuration.
    static func measureOne(_ spec: ExperimentSpec, _ c: Configuration, keys: [String]) throws -> [(String, CSVTable)] {
        switch spec.kind {
        case .seedTable:
            var t = CSVTable(
                columns: keys + [
                    "t", "lag", "grad_h_norm", "grad_h_log10", "ratio_to_last", "predicted_ratio", "sigma_max_whh",
                    "sigma_power_log10",
                ])
            let s = c[SeedTableParameters.scale], T = c[SeedTableParameters.steps]
            let coupling = c[SeedTableParameters.coupling]
            var rng = SplitMix64(seed: c.seed)
            let H = c[SeedTableParameters.hiddenSize], I = c[SeedTableParameters.inputSize]
            var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: I, hiddenSize: H)
            try Initializer.pytorch.initialize(&net, using: &rng)
            var w = Matrix.identity(H, scale: s)
            for i in 0..<max(H - 1, 0) { w[i, i + 1] = coupling }
            net.layers[0].weightHH = w
            let sigmaMax = try w.spectralNorm()
            let input = SequenceBatch.uniform(
                steps: T, batchSize: c[SeedTableParameters.batchSize], featureSize: I, using: &rng)
            let logs = net.gradients(input, loss: .last).backprop.gradHiddenLog10[0]
            for tt in 0...T {
                t.append(
                    key(c) + [
                        .integer(tt), .integer(T - tt), .fromLog10(logs[tt]), .number(logs[tt]),
                        .fromLog10(logs[tt] - logs[T]), .number(pow(s, Double(T - tt))), .number(sigmaMax),
                        .number(Double(T - tt) * log10(sigmaMax)),
                    ])
            }
            return [("gradient_norms.csv", t)]

        case .gradientFlow, .clipping:
            var tables = FlowTables(
                keyColumns: keys, jacobianValues: c.given(NetworkParameters.jacobianValues) ?? Int.max)
            var clipping = CSVTable(
                columns: keys + ["mode", "threshold", "pre_clip_norm", "post_clip_norm", "fired", "cosine_pre_post"])
            let (net, input) = try NetworkRecipe.build(c)
            let options = ProbeOptions(
                temporalContributions: false, saturation: c[NetworkParameters.saturation],
                spectra: true, jacobians: c[NetworkParameters.jacobians])
            let loss = ProbeLoss(rawValue: c[NetworkParameters.loss]) ?? .last
            let r = try GradientFlowProbe.run(net, input: input, loss: loss, options: options)
            tables.append(r, network: net, key: key(c))
            if spec.kind == .clipping {
                guard let maxNorm = c.given(ClippingParameters.maxNorm), let v = c.given(ClippingParameters.clipValue)
                else {
                    throw SpecError(
                        file: spec.file, field: "parameters",
                        message: "kind clipping-modes needs max_norm and clip_value")
                }
                let modes: [(String, ClipMode, Double)] = [
                    ("global-norm-pytorch", .globalNormPyTorch(maxNorm: maxNorm), maxNorm),
                    ("global-norm-exact", .globalNormExact(maxNorm: maxNorm), maxNorm),
                    ("per-tensor-norm", .perTensorNorm(maxNorm: maxNorm), maxNorm),
                    ("value", .value(limit: v), v),
                ]
                let before = r.parameterGradients.flatMap { $0.tensors.flatMap(\.values) }
                // Mikolov's clipping acts inside BPTT, on each step's ∂L/∂h_t: another backward pass.
                let mikolov = net.gradients(input, loss: loss, options: BackwardOptions(stateClip: v)).backprop
                let clamped = mikolov.parameterGradients.flatMap { $0.tensors.flatMap(\.values) }
                clipping.append(
                    key(c) + [
                        .text("mikolov-bptt"), .number(v), .number(Norms.euclidean(before)),
                        .number(Norms.euclidean(clamped)), .text(clamped != before ? "true" : "false"),
                        .number(cosine(before, clamped)),
                    ])
                for (name, mode, threshold) in modes {
                    var g = r.parameterGradients
                    let rec = try Clipper(mode, nonFinite: .skipUpdate).clip(&g)
                    let after = g.flatMap { $0.tensors.flatMap(\.values) }
                    clipping.append(
                        key(c) + [
                            .text(name), .number(threshold), .number(rec.preClipNorm), .number(rec.postClipNorm),
                            .text(rec.fired ? "true" : "false"), .number(cosine(before, after)),
                        ])
                }
            }
            var files = tables.allFiles
            if spec.kind == .clipping { files.append(("clipping.csv", clipping)) }
            return files

        case .cliff:
            return try Cliff.measure(c, keys: keys, key: key)

        case .training:
            return try TrainingRunner.measure(c, keys: keys, key: key)
        case .precision:
            return try ProbeRunner.precision(c, keys: keys, key: key)
        case .sequentialJacobian:
            return try ProbeRunner.sequentialJacobian(c, keys: keys, key: key)
        case .stackedFlow:
            return try ProbeRunner.stackedFlow(c, keys: keys, key: key)
        case .feedforward:
            return try FeedForwardRunner.measure(c, keys: keys, key: key)
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

/// Results of the configuration workers, guarded by a lock.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [[(String, CSVTable)]?]
    private(set) var error: Error?
    private(set) var done = 0

    init(count: Int) { results = [[(String, CSVTable)]?](repeating: nil, count: count) }

    func store(_ i: Int, _ t: [(String, CSVTable)]) { lock.lock(); results[i] = t; done += 1; lock.unlock() }
    func fail(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }

    /// Hands out indices 0, 1, 2, … to the workers.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        func take(below n: Int) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < n else { return nil }
            next += 1
            return next - 1
        }
    }
}

import Analysis
import Formats
import Foundation
import Instrumentation
import ModelImport
import LinearAlgebra
import Recurrent
import Training

/// The benchmark of `gradpath bench` (docs/workload.md): the reference workload — I = 32, H = 128,
/// T = 1000, B = 16, PyTorch default initialisation, last-step loss, forward plus exact BPTT with
/// per-step norms and all parameter gradients — for the tanh RNN, the LSTM and the GRU at 1 and 2
/// BLAS threads, beside a large-GEMM rate measured in the same run; the cost of the per-step
/// norms; SVD and eigenvalues; one Adam step of an LSTM on the adding problem; the peak memory of
/// one pass per cell against its stored caches (`Memory`); optionally the checkpointed
/// T = 100,000 LSTM (`LongSequence`). ∂L/∂x is not part of the workload and is not formed in the
/// timed passes (the numpy script does not form it either). Every time is the best of `repeats`
/// runs (the machine is shared; the minimum is the least disturbed).
public struct Benchmark: Sendable {
    public var steps = 1000
    public var batch = 16
    public var inputSize = 32
    public var hiddenSize = 128
    public var repeats = 5
    public var threads = [1, 2]
    /// The cells of the workload (rnn-tanh, lstm and gru by default).
    public var cells: [CellKind] = [.rnn(.tanh), .lstm(.standard), .gru(.resetAfter)]
    /// Only this mode of the workload (`blas` or `batch-split`); nil: both.
    public var modeFilter: String?
    /// Whether to time the SVD, eigenvalues and the Adam step too.
    public var extras = true
    /// Whether to run the long-sequence case (`LongSequence`).
    public var longSequence = false
    /// Whether to time a whole `gradpath analyze` of a user-sized model (`AnalysisCost`).
    public var analysis = false
    public var analysisHidden = 512
    public var analysisSteps = 1000
    public var analysisBatch = 32
    /// Steps and segment length of the long-sequence case.
    public var longSteps = 100_000
    public var longSegment = 1000

    public init() {}

    /// A small form for tests and a quick look (T = 100, 2 repeats, smaller matrices).
    public static var quick: Benchmark {
        var b = Benchmark()
        b.steps = 100
        b.repeats = 2
        return b
    }

    public struct Workload: Sendable, Codable {
        public var cell: String
        public var threads: Int
        /// `blas`: one pass, BLAS using `threads` threads; `batch-split`: the batch split across
        /// `threads` workers, each with single-threaded BLAS.
        public var mode: String
        public var seconds: Double
        public var stepsTimesBatchPerSecond: Double
        public var gflops: Double
        /// GFLOP/s divided by the large-GEMM rate at the same thread count.
        public var fractionOfGEMM: Double
        /// time with per-step norms / time without, minus 1.
        public var normOverhead: Double
        /// time with Mikolov's element-wise clamp of every step's ∂L/∂h_t (and ∂L/∂c_t) at 1 /
        /// time without, minus 1 (`BackwardOptions.stateClip`, the clipping mode `mikolov-bptt`).
        public var stateClipOverhead: Double
    }

    /// The cost of the resting-point search behind diagnosis.csv's `linearised_rate_log10`
    /// (`RestingPoint.linearisedRatesLog10`) for one cell of the reference size, beside one pass
    /// of the workload for that cell (1 thread).
    public struct RestingPointCost: Sendable, Codable {
        public var cell: String
        public var seconds: Double
        /// seconds / one single-threaded pass of the reference workload.
        public var ofOnePass: Double
    }

    /// Peak memory of one pass of the reference workload (1 thread) against its stored forward caches,
    /// measured with ∂L/∂x formed (the larger case; the timed workload skips it).
    ///
    /// Stored caches (`ForwardTrace.storedDoubles`, per layer, in Doubles): T·B·(I + (G+1)·H) + B·H,
    /// plus 2·T·B·H + B·H for the LSTM (c_0 … c_T, tanh c_t) and T·B·H for the GRU (its n-gate term); G = 0
    /// for the vanilla RNN. The backward pass adds ∂L/∂x (T·B·I, twice for a moment while it
    /// becomes the returned array), one chunk of ∂L/∂(pre-activations) (4096·G·H, twice for the
    /// reset-after GRU) and O(B·G·H) scratch, so peak/caches = 1 + (2I + chunk)/(caches per T·B):
    /// about 1.2 for the LSTM, 1.4 for the GRU and 1.6 for the RNN at the reference sizes.
    public struct Memory: Sendable, Codable {
        public var cell: String
        public var storedCacheBytes: Int
        /// Resident bytes the pass added at its peak (VmHWM after − VmRSS before).
        public var peakBytes: Int
        public var ratio: Double
    }

    /// T = `longSteps` (100,000) for an LSTM with H = 128, B = 16, I = 32, last-step loss, with
    /// checkpoints every `longSegment` steps, one thread.
    public struct LongSequence: Sendable, Codable {
        public var steps: Int
        public var segment: Int
        public var seconds: Double
        /// The whole process's resident peak (VmHWM, reset just before) while it ran: binary,
        /// libraries, the 0.4 GB input and the 0.4 GB ∂L/∂x included.
        public var processPeakBytes: Int?
        /// What the ordinary pass would store in forward caches alone.
        public var unsegmentedCacheBytes: Int
        public var loss: Double
        /// log10 ‖∂L/∂h_0‖: finite and far below Double's range is the point.
        public var log10GradH0: Double
    }

    /// A whole analysis (`Analysis.run`: load a safetensors state_dict, random inputs, the probe with
    /// its spectra, temporal contributions, saturation and resting points, the Jacobian probe off as
    /// by default, tables, plots and report written) of a 2-layer LSTM with I = 32, beside one plain
    /// forward + backward pass of the same network and inputs, at the same threads.
    public struct AnalysisCost: Sendable, Codable {
        public var cell: String
        public var layers: Int
        public var hidden: Int
        public var steps: Int
        public var batch: Int
        public var threads: Int
        public var seconds: Double
        public var onePassSeconds: Double
        /// seconds / onePassSeconds.
        public var ofOnePass: Double
    }

    public struct Result: Sendable, Codable {
        public var machineCores: Int
        public var loadAverage: Double?
        public var blas: String
        public var steps: Int
        public var batch: Int
        public var gemmGflops: [String: Double]  // threads → GFLOP/s of a 512³ dgemm
        public var workloads: [Workload]
        /// nil when `extras` is off (likewise the next three).
        public var svd512Seconds: Double?
        public var svd1024Seconds: Double?
        public var eig512Seconds: Double?
        public var adamStepSeconds: Double?
        public var restingPoint: [RestingPointCost]?
        public var memory: [Memory]
        public var longSequence: LongSequence?
        public var analysis: AnalysisCost?
        public var warnings: [String]
    }

    static func best(_ n: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<max(n, 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        return best
    }

    /// Matrix work of one forward + backward pass: 2·B·G·H·(3H + 2I)·T flops (docs/workload.md).
    func flops(_ cell: CellKind) -> Double {
        let perStep: Int = batch * cell.gateCount * hiddenSize * (3 * hiddenSize + 2 * inputSize)
        return 2 * Double(perStep) * Double(steps)
    }

    /// The 1-minute load average, when /proc/loadavg can be read.
    public static var loadAverage: Double? {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap {
            Double($0.split(separator: " ").first ?? "")
        }
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let saved = BLAS.threads
        defer { BLAS.setThreads(saved) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let load = Benchmark.loadAverage
        var warnings: [String] = []
        if let load, load > 0.5 {
            warnings.append(
                """
                the machine is not quiet: load average \(load) before the benchmark (other processes hold a core);\
                 ratios measured in one run stay meaningful, absolute rates do not
                """
            )
        }
        var rng = SplitMix64(seed: 7)
        let n = 512
        let a = Matrix(rows: n, columns: n, storage: (0..<(n * n)).map { _ in rng.uniform(-1, 1) })
        var gemm: [String: Double] = [:]
        for t in threads {
            BLAS.setThreads(t)
            progress("dgemm 512³, \(t) thread\(t == 1 ? "" : "s")")
            let s = Benchmark.best(repeats) { _ = a * a }
            gemm[String(t)] = 2 * Double(n * n * n) / s / 1e9
        }
        var workloads: [Workload] = []
        for cell in cells {
            var r = SplitMix64(seed: 1)
            var net = RecurrentNetwork(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize)
            try Initializer.pytorch.initialize(&net, using: &r)
            let x = SequenceBatch.uniform(steps: steps, batchSize: batch, featureSize: inputSize, using: &r)
            let modes: [(Int, String)] =
                (threads.map { ($0, "blas") } + threads.filter { $0 > 1 }.map { ($0, "batch-split") })
                .filter { modeFilter == nil || $0.1 == modeFilter }
            for (t, mode) in modes {
                BLAS.setThreads(mode == "blas" ? t : 1)
                let workers = mode == "blas" ? 1 : t
                progress("\(cell), \(t) thread\(t == 1 ? "" : "s") (\(mode))")
                // Warm-up.
                _ = net.gradients(x, loss: .last, options: BackwardOptions(inputGradient: false), workers: workers)
                // The reference workload (docs/workload.md): norms and parameter gradients, not ∂L/∂x (as the numpy script).
                let on = Benchmark.best(repeats) {
                    _ = net.gradients(x, loss: .last, options: BackwardOptions(inputGradient: false), workers: workers)
                }
                let off = Benchmark.best(repeats) {
                    _ = net.gradients(
                        x, loss: .last, options: BackwardOptions(norms: false, inputGradient: false), workers: workers)
                }
                let clipped = Benchmark.best(repeats) {
                    _ = net.gradients(
                        x, loss: .last, options: BackwardOptions(inputGradient: false, stateClip: 1), workers: workers)
                }
                let g = flops(cell) / on / 1e9
                workloads.append(
                    Workload(
                        cell: cell.description, threads: t, mode: mode, seconds: on,
                        stepsTimesBatchPerSecond: Double(steps * batch) / on, gflops: g,
                        fractionOfGEMM: g / gemm[String(t)]!, normOverhead: on / off - 1,
                        stateClipOverhead: clipped / on - 1))
            }
        }
        // Peak memory of one single-threaded pass per cell.
        BLAS.setThreads(1)
        var memory: [Memory] = []
        for cell in cells {
            progress("\(cell), peak memory")
            var r = SplitMix64(seed: 1)
            var net = RecurrentNetwork(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize)
            try Initializer.pytorch.initialize(&net, using: &r)
            let x = SequenceBatch.uniform(steps: steps, batchSize: batch, featureSize: inputSize, using: &r)
            let m = ProcessMemory.measurePeak { net.gradients(x, loss: .last) }  // ∂L/∂x included
            guard let peak = m.peakBytes else {
                warnings.append("peak memory not measured: /proc/self/clear_refs or /proc/self/status is not available")
                break
            }
            let cache = m.result.trace.storedDoubles * MemoryLayout<Double>.stride
            memory.append(
                Memory(
                    cell: cell.description, storedCacheBytes: cache, peakBytes: peak,
                    ratio: Double(peak) / Double(cache)))
        }
        var long: LongSequence?
        if longSequence {
            progress("T = \(longSteps), checkpointed")
            long = try runLongSequence()
        }
        var analysisCost: AnalysisCost?
        if analysis {
            progress("analysis, 2-layer LSTM H = \(analysisHidden)")
            analysisCost = try runAnalysis(threads: threads.max() ?? 1)
        }
        guard extras else {
            return Result(
                machineCores: cores, loadAverage: load, blas: BLAS.configuration, steps: steps, batch: batch,
                gemmGflops: gemm,
                workloads: workloads, svd512Seconds: nil, svd1024Seconds: nil, eig512Seconds: nil,
                adamStepSeconds: nil, restingPoint: nil, memory: memory, longSequence: long, analysis: analysisCost,
                warnings: warnings)
        }
        BLAS.setThreads(threads.max() ?? saved)
        progress("SVD and eigenvalues")
        let big = Matrix(rows: 1024, columns: 1024, storage: (0..<(1024 * 1024)).map { _ in rng.uniform(-1, 1) })
        let svd512 = try Benchmark.best(repeats) { _ = try a.singularValues() }
        let svd1024 = try Benchmark.best(max(1, repeats / 2)) { _ = try big.singularValues() }
        let eig512 = try Benchmark.best(repeats) { _ = try a.eigenvalues() }
        progress("Adam step")
        // The batch split across the threads of the widest mode, each with single-threaded BLAS.
        let adamWorkers = threads.max() ?? 1
        BLAS.setThreads(1)
        let task = AddingProblem(.le2015, steps: 200)
        var r = SplitMix64(seed: 3)
        var net = RecurrentNetwork(cell: .lstm(.standard), inputSize: task.inputSize, hiddenSize: 128)
        try Initializer.pytorch.initialize(&net, using: &r)
        var readout = Readout(outputs: 1, hidden: 128)
        readout.initialize(using: &r)
        var model = Model(network: net, readout: readout)
        var optimizer = Optimizer(.adam())
        let batch32 = task.batch(32, using: &r)
        let adam = Benchmark.best(repeats) {
            let g = model.lossAndGradients(batch32, workers: adamWorkers).gradients
            var p = model.tensors.map(\.values)
            optimizer.update(&p, gradients: g.map(\.values))
            model.setTensors(p)
        }
        progress("resting points")
        var resting: [RestingPointCost] = []
        for cell in cells {
            var r = SplitMix64(seed: 1)
            var net = RecurrentNetwork(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize)
            try Initializer.pytorch.initialize(&net, using: &r)
            let x = SequenceBatch.uniform(steps: steps, batchSize: batch, featureSize: inputSize, using: &r)
            let search = Benchmark.best(repeats) { _ = RestingPoint.linearisedRatesLog10(net) }
            let pass = Benchmark.best(repeats) {
                _ = net.gradients(x, loss: .last, options: BackwardOptions(inputGradient: false))
            }
            resting.append(RestingPointCost(cell: cell.description, seconds: search, ofOnePass: search / pass))
        }
        return Result(
            machineCores: cores, loadAverage: load, blas: BLAS.configuration, steps: steps, batch: batch,
            gemmGflops: gemm,
            workloads: workloads, svd512Seconds: svd512, svd1024Seconds: svd1024, eig512Seconds: eig512,
            adamStepSeconds: adam, restingPoint: resting, memory: memory, longSequence: long, analysis: analysisCost,
            warnings: warnings)
    }

    /// The analysis case: the model written as an F32 state_dict into a temporary folder, analysed
    /// with random inputs (seed 0) into it, then removed. Each time is the best of `repeats` (at most 2).
    func runAnalysis(threads t: Int) throws -> AnalysisCost {
        BLAS.setThreads(t)
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("gradpath-bench-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        var r = SplitMix64(seed: 5)
        var net = RecurrentNetwork(
            cell: .lstm(.standard), inputSize: inputSize, hiddenSize: analysisHidden, layerCount: 2)
        try Initializer.pytorch.initialize(&net, using: &r)
        var tensors: [(name: String, shape: [Int], values: [Double], dtype: String)] = []
        for (l, p) in net.layers.enumerated() {
            for w in p.tensors { tensors.append(("lstm.\(w.name)_l\(l)", w.shape, w.values, "F32")) }
        }
        let weights = dir.appendingPathComponent("model.safetensors")
        try Safetensors.encode(tensors).write(to: weights)
        let job = Analysis(
            cell: nil, weights: weights.path,
            inputs: .random(steps: analysisSteps, batch: analysisBatch, seed: 0))
        let n = min(repeats, 2)
        var loaded: RecurrentNetwork?
        let seconds = try Benchmark.best(n) {
            let res = try job.run(
                into: dir.appendingPathComponent("out"), memory: MemoryLimit(bytes: .infinity, origin: "bench"))
            loaded = res.network
        }
        var rng = SplitMix64(seed: 0)
        let x = SequenceBatch.uniform(
            steps: analysisSteps, batchSize: analysisBatch, featureSize: inputSize, using: &rng)
        let model = loaded ?? net
        let pass = Benchmark.best(n) { _ = model.gradients(x, loss: .last) }
        return AnalysisCost(
            cell: "lstm", layers: 2, hidden: analysisHidden, steps: analysisSteps, batch: analysisBatch, threads: t,
            seconds: seconds, onePassSeconds: pass, ofOnePass: seconds / pass)
    }

    /// The long-sequence case, single-threaded (the batch split would copy the 0.4 GB input).
    func runLongSequence() throws -> LongSequence {
        BufferCache.release()
        ProcessMemory.trimHeap()
        let reset = ProcessMemory.resetPeak()  // VmHWM from here on: this run's peak
        var r = SplitMix64(seed: 11)
        var net = RecurrentNetwork(cell: .lstm(.standard), inputSize: inputSize, hiddenSize: hiddenSize)
        try Initializer.pytorch.initialize(&net, using: &r)
        let x = SequenceBatch.uniform(steps: longSteps, batchSize: batch, featureSize: inputSize, using: &r)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let g = net.gradients(x, loss: .last, checkpointEvery: longSegment)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        let peak = reset ? ProcessMemory.current()?.peak : nil
        let H = hiddenSize, I = inputSize
        let cacheDoubles = longSteps * batch * (I + 5 * H + 2 * H) + 2 * batch * H
        return LongSequence(
            steps: longSteps, segment: longSegment, seconds: seconds, processPeakBytes: peak,
            unsegmentedCacheBytes: cacheDoubles * MemoryLayout<Double>.stride, loss: g.loss,
            log10GradH0: g.backprop.gradHiddenLog10[0][0])
    }
}

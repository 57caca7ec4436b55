import Foundation
import LinearAlgebra
import Recurrent
import Training

/// The benchmark of `gradpath bench` (DESIGN §7): the reference workload — I = 32, H = 128,
/// T = 1000, B = 16, PyTorch default initialisation, last-step loss, forward plus exact BPTT with
/// per-step norms and all parameter gradients — for the tanh RNN, the LSTM and the GRU at 1 and 2
/// BLAS threads, beside a large-GEMM rate measured in the same run; the cost of the per-step
/// norms; SVD and eigenvalues; one Adam step of an LSTM on the adding problem. Every time is the
/// best of `repeats` runs (the machine is shared; the minimum is the least disturbed).
public struct Benchmark: Sendable {
    public var steps = 1000
    public var batch = 16
    public var inputSize = 32
    public var hiddenSize = 128
    public var repeats = 5
    public var threads = [1, 2]

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
    }

    public struct Result: Sendable, Codable {
        public var machineCores: Int
        public var loadAverage: Double?
        public var blas: String
        public var steps: Int
        public var batch: Int
        public var gemmGflops: [String: Double]       // threads → GFLOP/s of a 512³ dgemm
        public var workloads: [Workload]
        public var svd512Seconds: Double
        public var svd1024Seconds: Double
        public var eig512Seconds: Double
        public var adamStepSeconds: Double
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

    /// Matrix work of one forward + backward pass: 2·B·G·H·(3H + 2I)·T flops (DESIGN §7).
    func flops(_ cell: CellKind) -> Double {
        let perStep: Int = batch * cell.gateCount * hiddenSize * (3 * hiddenSize + 2 * inputSize)
        return 2 * Double(perStep) * Double(steps)
    }

    /// The 1-minute load average, when /proc/loadavg can be read.
    public static var loadAverage: Double? {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap { Double($0.split(separator: " ").first ?? "") }
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let saved = BLAS.threads
        defer { BLAS.setThreads(saved) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let load = Benchmark.loadAverage
        var warnings: [String] = []
        if let load, load > 0.5 { warnings.append("the machine is not quiet: load average \(load) before the benchmark (other processes hold a core); ratios measured in one run stay meaningful, absolute rates do not") }
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
        for cell in [CellKind.rnn(.tanh), .lstm(.standard), .gru(.resetAfter)] {
            var r = SplitMix64(seed: 1)
            var net = RecurrentNetwork(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize)
            try Initializer.pytorch.initialize(&net, using: &r)
            let x = SequenceBatch.uniform(steps: steps, batchSize: batch, featureSize: inputSize, using: &r)
            let modes: [(Int, String)] = threads.map { ($0, "blas") } + threads.filter { $0 > 1 }.map { ($0, "batch-split") }
            for (t, mode) in modes {
                BLAS.setThreads(mode == "blas" ? t : 1)
                let workers = mode == "blas" ? 1 : t
                progress("\(cell), \(t) thread\(t == 1 ? "" : "s") (\(mode))")
                _ = net.gradients(x, loss: .last, workers: workers)   // warm-up
                let on = Benchmark.best(repeats) { _ = net.gradients(x, loss: .last, workers: workers) }
                let off = Benchmark.best(repeats) { _ = net.gradients(x, loss: .last, options: BackwardOptions(norms: false), workers: workers) }
                let g = flops(cell) / on / 1e9
                workloads.append(Workload(cell: cell.description, threads: t, mode: mode, seconds: on,
                                          stepsTimesBatchPerSecond: Double(steps * batch) / on, gflops: g,
                                          fractionOfGEMM: g / gemm[String(t)]!, normOverhead: on / off - 1))
            }
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
        return Result(machineCores: cores, loadAverage: load, blas: BLAS.configuration, steps: steps, batch: batch, gemmGflops: gemm,
                      workloads: workloads, svd512Seconds: svd512, svd1024Seconds: svd1024, eig512Seconds: eig512,
                      adamStepSeconds: adam, warnings: warnings)
    }
}

import ArgumentParser
import Benchmarks
import Recurrent
import Experiments
import Foundation
import Reporting

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the reference workload, SVD, eigenvalues and an Adam step.",
        discussion: """
            The reference workload (docs/workload.md in the repository): I = 32, H = 128, T = 1000, B = 16, forward plus exact \
            BPTT with per-step norms, for rnn-tanh, lstm and gru at 1 and 2 BLAS threads. Prints \
            timesteps × batch per second, GFLOP/s (2·B·G·H·(3H + 2I)·T flops per pass), the fraction \
            of a 512³ dgemm rate measured in the same run, and the cost of the per-step norms; then \
            singular values of 512 × 512 and 1024 × 1024, eigenvalues of 512 × 512, and one Adam step \
            of an LSTM (H = 128) on the adding problem (T = 200, batch 32). Times are the best of \
            --repeats runs. With 2 threads, two modes: `blas` (OpenBLAS's own threads) and \
            `batch-split` (the batch split across two workers, each with single-threaded BLAS). \
            Then the peak resident memory of one single-threaded pass per cell against its stored \
            forward caches. --long adds T = 100,000 with gradient checkpointing. Warns when the \
            machine is not quiet.
            """
    )

    @Flag(help: "Print machine-readable JSON instead of a table.")
    var json = false

    @Flag(help: "A small form (T = 100, 2 repeats) for a quick look.")
    var quick = false

    @Option(help: "Runs per measurement (the best counts).")
    var repeats: Int?

    @Option(
        name: .customLong("cell"),
        help: "Only this cell (repeatable).")
    var cells: [CellKind] = []

    @Option(name: .customLong("threads"), help: "Only these thread counts (repeatable), e.g. --threads 1.")
    var threads: [Int] = []

    @Option(help: "Only this mode of the two-thread workload.")
    var mode: BenchMode?

    @Flag(help: "Time only the reference workload (skip SVD, eigenvalues and the Adam step).")
    var workloadOnly = false

    @Flag(
        help:
            """
            Also run T = 100,000 (LSTM, H = 128, B = 16, last-step loss) with checkpoints every 1000 steps (about\
             a minute; needs < 2 GiB).
            """
    )
    var long = false

    @Flag(
        help: """
            Also time a whole `gradpath analyze` of a 2-layer LSTM (I = 32, H = 512, T = 1000, B = 32) beside one plain \
            pass of it (about a minute; needs about 3 GiB).
            """)
    var analysis = false

    @Option(help: "Steps of the --long case.")
    var longSteps: Int?

    @Option(help: "Checkpoint segment length of the --long case.")
    var longSegment: Int?

    @OptionGroup var memoryOptions: MemoryOptions

    func validate() throws {
        if let r = repeats, r < 1 || r > 1000 { throw ValidationError("--repeats must be from 1 to 1000, got \(r).") }
        if let t = longSteps, t < 1 { throw ValidationError("--long-steps must be ≥ 1, got \(t).") }
        if let k = longSegment, k < 1 { throw ValidationError("--long-segment must be ≥ 1, got \(k).") }
        if let t = threads.first(where: { $0 < 1 || $0 > 64 }) {
            throw ValidationError("--threads must be between 1 and 64, got \(t).")
        }
    }

    func run() throws {
        var b = quick ? Benchmark.quick : Benchmark()
        if let repeats { b.repeats = repeats }
        if !cells.isEmpty { b.cells = cells }
        if !threads.isEmpty { b.threads = Array(Set(threads)).sorted() }
        b.extras = !workloadOnly
        b.modeFilter = mode?.rawValue
        b.longSequence = long || longSteps != nil || longSegment != nil
        if let longSteps { b.longSteps = longSteps }
        if let longSegment { b.longSegment = longSegment }
        b.analysis = analysis
        if analysis {
            try memoryOptions.limit.check(
                2
                    * CostEstimate.passBytes(
                        cell: .lstm(.standard), inputSize: 32, hiddenSize: b.analysisHidden, layers: 2,
                        steps: b.analysisSteps, batch: b.analysisBatch),
                "bench --analysis: a 2-layer LSTM with H = \(b.analysisHidden), T = \(b.analysisSteps), B = \(b.analysisBatch)"
            )
        }
        if b.longSequence {
            // Inputs (T·B·I), the checkpointed states (h and c of every segment boundary) and one
            // segment's pass; the segment is at most T long.
            let t = Double(b.longSteps), k = Double(min(b.longSegment, b.longSteps))
            let inputs = 8 * t * 16 * 32
            let checkpoints = 8 * (t / k + 1) * 2 * 16 * 128
            let segment = CostEstimate.passBytes(
                cell: .lstm(.standard), inputSize: 32, hiddenSize: 128, layers: 1, steps: Int(k), batch: 16)
            try memoryOptions.limit.check(
                inputs + checkpoints + segment,
                "bench --long: T = \(b.longSteps) with checkpoints every \(b.longSegment) steps")
        }
        let modes =
            (mode == .batchSplit ? 0 : b.threads.count) + (mode == .blas ? 0 : b.threads.filter { $0 > 1 }.count)
        let bar = ProgressBar(
            total: b.threads.count + b.cells.count * (modes + 1) + (b.extras ? 3 : 0) + (b.longSequence ? 1 : 0)
                + (b.analysis ? 1 : 0),
            label: "bench")
        let r = try b.run { bar.advance($0) }
        for w in r.warnings { printError("warning: \(w)") }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(r), as: UTF8.self))
            return
        }
        print("reference workload: I = 32, H = 128, T = \(r.steps), B = \(r.batch); \(r.machineCores) cores; \(r.blas)")
        print(
            "dgemm 512³: "
                + r.gemmGflops.keys.sorted().map {
                    "\(NumberFormat.short(r.gemmGflops[$0]!, digits: 3)) GFLOP/s (\($0) thread\($0 == "1" ? "" : "s"))"
                }.joined(separator: ", "))
        print(
            "cell      threads  mode         time (s)   steps×batch/s   GFLOP/s   of dgemm   norm overhead   state clip"
        )
        for w in r.workloads {
            func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
            print(
                pad(w.cell, 10) + pad(String(w.threads), 9) + pad(w.mode, 13)
                    + pad(NumberFormat.short(w.seconds, digits: 4), 11)
                    + pad(String(Int(w.stepsTimesBatchPerSecond.rounded())), 16)
                    + pad(NumberFormat.short(w.gflops, digits: 3), 10)
                    + pad(String(format: "%.0f%%", 100 * w.fractionOfGEMM), 11)
                    + pad(String(format: "%+.1f%%", 100 * w.normOverhead), 16)
                    + String(format: "%+.1f%%", 100 * w.stateClipOverhead))
        }
        func mib(_ bytes: Int) -> String { NumberFormat.short(Double(bytes) / 1048576, digits: 4) + " MiB" }
        for m in r.memory {
            print(
                """
                peak memory, \(m.cell) (1 thread): \(mib(m.peakBytes)) =\
                 \(NumberFormat.short(m.ratio, digits: 3))× the stored forward caches (\(mib(m.storedCacheBytes)))
                """
            )
        }
        if let l = r.longSequence {
            print(
                """
                T = \(l.steps), LSTM H = 128, B = \(r.batch), checkpoints every \(l.segment) steps:\
                 \(NumberFormat.short(l.seconds, digits: 4)) s, 
                """
                    + """
                    process peak \(l.processPeakBytes.map(mib) ?? "not measured") (the unsegmented caches alone:\
                     \(mib(l.unsegmentedCacheBytes))); 
                    """
                        + """
                        loss \(NumberFormat.short(l.loss, digits: 6)), log10‖∂L/∂h_0‖ =\
                         \(NumberFormat.short(l.log10GradH0, digits: 6))
                        """
            )
        }
        if let a = r.analysis {
            print(
                "analysis, \(a.layers)-layer \(a.cell) H = \(a.hidden), T = \(a.steps), B = \(a.batch) (\(a.threads) threads): "
                    + "\(NumberFormat.short(a.seconds, digits: 3)) s = \(NumberFormat.short(a.ofOnePass, digits: 3))× "
                    + "one plain pass (\(NumberFormat.short(a.onePassSeconds, digits: 3)) s)")
        }
        guard let svd512 = r.svd512Seconds, let svd1024 = r.svd1024Seconds, let eig512 = r.eig512Seconds,
            let adam = r.adamStepSeconds
        else { return }
        print(
            """
            singular values 512×512: \(NumberFormat.short(svd512 * 1000, digits: 3)) ms; 1024×1024:\
             \(NumberFormat.short(svd1024 * 1000, digits: 3)) ms; eigenvalues 512×512:\
             \(NumberFormat.short(eig512 * 1000, digits: 3)) ms
            """
        )
        print("Adam step, LSTM H = 128, adding T = 200, batch 32: \(NumberFormat.short(adam * 1000, digits: 3)) ms")
        for c in r.restingPoint ?? [] {
            print(
                "resting-point search (linearised_rate_log10), \(c.cell) H = 128: "
                    + "\(NumberFormat.short(c.seconds * 1000, digits: 3)) ms = "
                    + "\(NumberFormat.short(c.ofOnePass, digits: 3))× one pass (1 thread)")
        }
    }
}

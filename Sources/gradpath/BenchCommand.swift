import ArgumentParser
import Experiments
import Foundation
import Reporting

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the reference workload, SVD, eigenvalues and an Adam step.",
        discussion: """
        The reference workload (DESIGN §7): I = 32, H = 128, T = 1000, B = 16, forward plus exact \
        BPTT with per-step norms, for rnn-tanh, lstm and gru at 1 and 2 BLAS threads. Prints \
        timesteps × batch per second, GFLOP/s (2·B·G·H·(3H + 2I)·T flops per pass), the fraction \
        of a 512³ dgemm rate measured in the same run, and the cost of the per-step norms; then \
        singular values of 512 × 512 and 1024 × 1024, eigenvalues of 512 × 512, and one Adam step \
        of an LSTM (H = 128) on the adding problem (T = 200, batch 32). Times are the best of \
        --repeats runs. With 2 threads, two modes: `blas` (OpenBLAS's own threads) and \
        `batch-split` (the batch split across two workers, each with single-threaded BLAS). \
        Warns when the machine is not quiet.
        """
    )

    @Flag(help: "Print machine-readable JSON instead of a table.")
    var json = false

    @Flag(help: "A small form (T = 100, 2 repeats) for a quick look.")
    var quick = false

    @Option(help: "Runs per measurement (the best counts).")
    var repeats: Int?

    func validate() throws {
        if let r = repeats, r < 1 { throw ValidationError("--repeats must be ≥ 1.") }
    }

    func run() throws {
        var b = quick ? Benchmark.quick : Benchmark()
        if let repeats { b.repeats = repeats }
        let bar = ProgressBar(total: 2 + 3 * (2 * b.threads.count - 1) + 2, label: "bench")
        let r = try b.run { bar.advance($0) }
        for w in r.warnings { printError("warning: \(w)") }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(r), as: UTF8.self))
            return
        }
        print("reference workload: I = 32, H = 128, T = \(r.steps), B = \(r.batch); \(r.machineCores) cores; \(r.blas)")
        print("dgemm 512³: " + r.gemmGflops.keys.sorted().map { "\(NumberFormat.short(r.gemmGflops[$0]!, digits: 3)) GFLOP/s (\($0) thread\($0 == "1" ? "" : "s"))" }.joined(separator: ", "))
        print("cell      threads  mode         time (s)   steps×batch/s   GFLOP/s   of dgemm   norm overhead")
        for w in r.workloads {
            func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
            print(pad(w.cell, 10) + pad(String(w.threads), 9) + pad(w.mode, 13) + pad(NumberFormat.short(w.seconds, digits: 4), 11)
                  + pad(String(Int(w.stepsTimesBatchPerSecond.rounded())), 16) + pad(NumberFormat.short(w.gflops, digits: 3), 10)
                  + pad(String(format: "%.0f%%", 100 * w.fractionOfGEMM), 11) + String(format: "%+.1f%%", 100 * w.normOverhead))
        }
        print("singular values 512×512: \(NumberFormat.short(r.svd512Seconds * 1000, digits: 3)) ms; 1024×1024: \(NumberFormat.short(r.svd1024Seconds * 1000, digits: 3)) ms; eigenvalues 512×512: \(NumberFormat.short(r.eig512Seconds * 1000, digits: 3)) ms")
        print("Adam step, LSTM H = 128, adding T = 200, batch 32: \(NumberFormat.short(r.adamStepSeconds * 1000, digits: 3)) ms")
    }
}

import Formats
import Foundation
import Reporting

/// An experiment as a Slurm job array with a dependent merge job: one array task per shard, each
/// running `gradpath run SPEC --shard k/N`, and `gradpath merge` once every task has ended well
/// (`--dependency=afterok`). The scripts are written into `OUT/<name>.slurm/` (beside the
/// experiment's folder, never in it: the merge replaces that folder), with the tasks' logs in its
/// `logs/`. Nothing here submits or prints; the CLI does (`gradpath slurm`).
public struct SlurmJob: Sendable {
    public var spec: ExperimentSpec
    public var form: Form
    public var shards: Int
    /// Absolute: where the shards and the merged report go (the tasks run in any directory).
    public var out: URL
    /// Absolute path of the gradpath binary the tasks run.
    public var executable: String
    public var partition: String?
    /// Slurm's time limit per task (`--time`), as given or estimated (`suggestedTime`).
    public var time: String
    public var cpusPerTask: Int
    public var memory: String?
    /// Further `gradpath run` options (--seed, --all-rows, --max-memory), passed to every task.
    public var runOptions: [String]
    /// OpenBLAS's kernel set pinned in every task (merge refuses shards computed with different ones).
    public var blasCore: String?

    public init(
        spec: ExperimentSpec, form: Form, shards: Int, out: URL, executable: String, partition: String? = nil,
        time: String? = nil, cpusPerTask: Int = 1, memory: String? = nil, runOptions: [String] = [],
        blasCore: String? = nil
    ) {
        self.spec = spec
        self.form = form
        self.shards = shards
        self.out = out
        self.executable = executable
        self.partition = partition
        self.cpusPerTask = cpusPerTask
        self.memory = memory
        self.runOptions = runOptions
        self.blasCore = blasCore
        self.time = ""
        self.time = time ?? suggestedTime
    }

    /// `OUT/<name>.slurm/`: the scripts and the logs (a name never holds a dot, so no experiment's
    /// folder can be called that).
    public var folder: URL { out.appendingPathComponent("\(spec.name).slurm") }
    public var arrayScript: URL { folder.appendingPathComponent("array.sbatch") }
    public var mergeScript: URL { folder.appendingPathComponent("merge.sbatch") }
    public var experimentFolder: URL { out.appendingPathComponent(spec.name) }

    /// Each shard's share of the expected work (`CostEstimate.work`, split by `Shard.plan`).
    public var shardShares: [Double] {
        let configs = spec.configurations(form: form, seedOverride: nil)
        let costs = configs.map { CostEstimate.work(spec.kind, $0) }
        let plan = Shard.plan(costs: costs, count: shards)
        var load = Array(repeating: 0.0, count: shards)
        for (i, s) in plan.enumerated() { load[s] += costs[i] }
        let total = load.reduce(0, +)
        return total > 0 ? load.map { $0 / total } : Array(repeating: 1 / Double(shards), count: shards)
    }

    /// The expected seconds of the largest shard: the spec's expected runtime (on 2 cores) times
    /// that shard's share, on `cpusPerTask` cores.
    public var expectedShardSeconds: Double {
        spec.expectedRuntimeSeconds(form) * (shardShares.max() ?? 1) * 2 / Double(max(cpusPerTask, 1))
    }

    /// Four times the largest shard's expected time, at least 15 minutes, as D-HH:MM:SS: room for
    /// a slower node without asking the scheduler for a whole day.
    public var suggestedTime: String {
        let seconds = Int(max(900, (4 * expectedShardSeconds).rounded(.up)))
        let d = seconds / 86_400, h = seconds % 86_400 / 3600, m = seconds % 3600 / 60, s = seconds % 60
        return String(format: "%d-%02d:%02d:%02d", d, h, m, s)
    }

    /// Slurm's time formats: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS (decimal fields).
    public static func validTime(_ t: String) -> Bool {
        func number(_ x: Substring) -> Bool { !x.isEmpty && x.count <= 9 && x.allSatisfy { $0.isASCII && $0.isNumber } }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        let clock = parts.last!.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count <= 3, clock.allSatisfy(number) else { return false }
        return parts.count == 1 || number(parts[0])
    }

    /// Slurm's memory sizes: a positive integer with an optional K, M, G or T.
    public static func validMemory(_ m: String) -> Bool {
        var digits = Substring(m)
        if let last = m.last, "KMGTkmgt".contains(last) { digits = m.dropLast() }
        return !digits.isEmpty && digits.count <= 12 && digits.allSatisfy { $0.isASCII && $0.isNumber }
            && (Int(digits) ?? 0) > 0
    }

    /// A partition name as Slurm takes it (no shell metacharacters).
    public static func validPartition(_ p: String) -> Bool {
        !p.isEmpty && p.count <= 64
            && p.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.,".contains($0)) }
    }

    /// Single-quoted for the shell.
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    var formOption: [String] { form == .quick ? ["--quick"] : (form == .full ? ["--full"] : []) }

    func header(_ jobName: String, output: String) -> [String] {
        var h = ["#!/bin/bash", "#SBATCH --job-name=\(jobName)", "#SBATCH --output=\(output)"]
        h.append("#SBATCH --time=\(time)")
        if let partition { h.append("#SBATCH --partition=\(partition)") }
        return h
    }

    /// The array job: task k runs shard k of N.
    public var arrayScriptText: String {
        let logs = folder.appendingPathComponent("logs").path
        var lines = header("gradpath-\(spec.name)", output: "\(logs)/shard-%a-of-\(shards)-job%A.out")
        lines.append("#SBATCH --array=1-\(shards)")
        lines.append("#SBATCH --ntasks=1")
        lines.append("#SBATCH --cpus-per-task=\(cpusPerTask)")
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        let shares = shardShares
        let largest = String(format: "%.0f%%", 100 * (shares.max() ?? 1))
        lines += [
            "#",
            "# Written by `gradpath slurm` for \(spec.name) (\(form.rawValue) form): \(shards) shards balanced by",
            "# expected cost (the largest holds \(largest) of the work, about \(Int(expectedShardSeconds.rounded(.up))) s on",
            "# \(cpusPerTask) core\(cpusPerTask == 1 ? "" : "s")). Resubmit one failed task alone with",
            "# `gradpath slurm ... --only K --submit`; the merge job then completes the report.",
            "set -euo pipefail",
            "# BLAS and GradPath's workers use exactly the task's cores: \(cpusPerTask) worker(s), one BLAS thread each.",
            "export OPENBLAS_NUM_THREADS=\(cpusPerTask) OMP_NUM_THREADS=\(cpusPerTask) GRADPATH_WORKERS=\(cpusPerTask)",
        ]
        if let blasCore { lines.append("export OPENBLAS_CORETYPE=\(Self.quoted(blasCore))") }
        let run =
            [executable, "run", spec.file, "--out", out.path] + formOption + runOptions
        lines.append(
            "exec " + run.map(Self.quoted).joined(separator: " ") + " --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\"")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The merge job, submitted with `--dependency=afterok:<array job>`.
    public var mergeScriptText: String {
        let logs = folder.appendingPathComponent("logs").path
        var lines = header("gradpath-\(spec.name)-merge", output: "\(logs)/merge-job%j.out")
        lines.append("#SBATCH --ntasks=1")
        lines.append("#SBATCH --cpus-per-task=1")
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        lines += [
            "#",
            "# Written by `gradpath slurm` for \(spec.name): joins the \(shards) shards into the report once every",
            "# array task has ended well. It refuses an incomplete set and names the missing shard.",
            "set -euo pipefail",
            "export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 GRADPATH_WORKERS=1",
            "exec " + [executable, "merge", experimentFolder.path].map(Self.quoted).joined(separator: " "),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes both scripts (and the logs folder) into `folder`, each atomically, replacing earlier
    /// scripts; the logs of earlier tasks are kept. A failure names the path and the reason.
    public func write() throws {
        try AtomicFile.createDirectory(folder.appendingPathComponent("logs"))
        let f = OutputFolder(folder)
        try f.write(arrayScriptText, to: arrayScript.lastPathComponent)
        try f.write(mergeScriptText, to: mergeScript.lastPathComponent)
    }

    /// The sbatch arguments of the array job: all shards, or only those listed (1-based).
    public func arraySubmission(only: [Int]? = nil) -> [String] {
        var a = ["--parsable"]
        if let only { a.append("--array=" + only.map(String.init).joined(separator: ",")) }
        return a + [arrayScript.path]
    }

    /// The sbatch arguments of the merge job, after the array job `arrayJob`.
    public func mergeSubmission(after arrayJob: String) -> [String] {
        ["--parsable", "--dependency=afterok:\(arrayJob)", mergeScript.path]
    }

    /// The job id in `sbatch --parsable`'s answer ("123" or "123;cluster").
    public static func jobID(_ answer: String) -> String? {
        let id = answer.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init)
        return id.flatMap { $0.isEmpty || !$0.allSatisfy({ $0.isASCII && $0.isNumber }) ? nil : $0 }
    }
}

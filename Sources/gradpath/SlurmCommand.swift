import ArgumentParser
import Experiments
import Foundation
import LinearAlgebra

struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run an experiment on a Slurm cluster: a job array of shards and a merge job after it.",
        discussion: """
            Writes OUT/<name>.slurm/array.sbatch (one array task per shard, each running `gradpath run \
            SPEC --shard k/N` into OUT/<name>/shard-k-of-N/) and merge.sbatch (`gradpath merge OUT/<name>`, \
            submitted with --dependency=afterok on the whole array, so the report appears when every \
            task has ended well). Shards are balanced by the expected cost of their configurations. \
            Each task pins BLAS threads and GradPath's workers to --cpus-per-task; OPENBLAS_CORETYPE, \
            when set here, is pinned in every task too (merge refuses shards computed with different \
            kernels). Logs go to OUT/<name>.slurm/logs/.

            Without --submit it writes the scripts and prints the sbatch commands it would run; with \
            --submit it runs them and prints the job ids. A failed task is resubmitted alone with \
            --only K (or K,L,…) --submit, together with a new merge job after it.

            --time defaults to four times the largest shard's expected time (at least 15 min).
            """
    )

    @Argument(
        help: "An experiment name (see `gradpath list`) or the path of a .json specification.",
        completion: .custom(CatalogueOptions.completeNames))
    var experiment: String

    @Option(help: "Number of shards: array tasks (default: one per configuration, at most 64).")
    var shards: Int?

    @Flag(help: "Shard the full form (the published scale).")
    var full = false

    @Flag(help: "Shard the quick form (seconds; for trying the cluster).")
    var quick = false

    @Option(help: "Folder of the shards, the merged report and the <name>.slurm scripts.")
    var out: String = "reports"

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Time limit per task, Slurm's format (HH:MM:SS, D-HH:MM:SS, …).")
    var time: String?

    @Option(name: .customLong("cpus-per-task"), help: "Cores per task (BLAS threads and workers).")
    var cpusPerTask: Int = 1

    @Option(help: "Memory per task, Slurm's format (e.g. 4G, 500M).")
    var mem: String?

    @Option(help: "Submit only these shards (1-based, comma-separated), e.g. after a task failed.")
    var only: String?

    @Flag(help: "Submit through sbatch and print the job ids (default: print what would be submitted).")
    var submit = false

    @Option(help: "Use this one seed instead of the experiment's seed list (passed to every task).")
    var seed: UInt64?

    @Flag(help: "Write every row of the per-step tables (passed to every task).")
    var allRows = false

    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var memoryOptions: MemoryOptions

    static let maxShards = 1000

    func validate() throws {
        if quick && full { throw ValidationError("Give --quick or --full, not both.") }
        if let n = shards, !(1...Self.maxShards).contains(n) {
            throw ValidationError(
                "--shards: expected 1 to \(Self.maxShards) (Slurm's default MaxArraySize is 1001), got \(n).")
        }
        if !(1...1024).contains(cpusPerTask) {
            throw ValidationError("--cpus-per-task: expected 1 to 1024, got \(cpusPerTask).")
        }
        if let t = time, !SlurmJob.validTime(t) {
            throw ValidationError(
                "--time: expected Slurm's format (MM, HH:MM:SS, D-HH:MM:SS…), got '\(ErrorReport.oneLine(t))'.")
        }
        if let m = mem, !SlurmJob.validMemory(m) {
            throw ValidationError("--mem: expected a size such as 4G or 500M, got '\(ErrorReport.oneLine(m))'.")
        }
        if let p = partition, !SlurmJob.validPartition(p) {
            throw ValidationError(
                "--partition: expected letters, digits, '_', '-', '.' or ',', got '\(ErrorReport.oneLine(p))'.")
        }
        if let o = only, Self.parseOnly(o) == nil {
            throw ValidationError("--only: expected shard numbers such as 3 or 2,5, got '\(ErrorReport.oneLine(o))'.")
        }
    }

    static func parseOnly(_ s: String) -> [Int]? {
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= maxShards else { return nil }
        var seen = Set<Int>()
        var out: [Int] = []
        for p in parts {
            guard p.count <= 7, let k = Int(p), k >= 1 else { return nil }
            if seen.insert(k).inserted { out.append(k) }
        }
        return out.sorted()
    }

    func run() throws {
        let form: Form = quick ? .quick : (full ? .full : .standard)
        try catalogueOptions.checkOutput(out)
        var spec = try catalogueOptions.catalogue.load(experiment)
        if form == .full && spec.forms[.full] == nil {
            throw InputError("\(spec.file): no full form (no \"full\" object); run without --full")
        }
        spec.file = URL(fileURLWithPath: spec.file).standardizedFileURL.path
        let count = spec.configurationCount(form: form, seedOverride: seed) ?? Int.max
        let n = shards ?? min(max(count, 1), 64)
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        // The same refusals as every task would meet (configurations, shards, memory), before writing.
        let probe = ExperimentRun(spec: spec, form: form, seedOverride: seed, shard: Shard(index: 1, count: n))
        try probe.checkCost(memory: memoryOptions.limit, workers: cpusPerTask)
        let onlyList = only.flatMap(Self.parseOnly)
        if let bad = onlyList?.first(where: { $0 > n }) {
            throw InputError("--only: shard \(bad) does not exist; the array has \(n) shards (1 to \(n))")
        }
        var options: [String] = []
        if let seed { options += ["--seed", String(seed)] }
        if allRows { options.append("--all-rows") }
        if let m = memoryOptions.maxMemory { options += ["--max-memory", m] }
        let core = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 }
        let job = SlurmJob(
            spec: spec, form: form, shards: n, out: outURL, executable: CatalogueLocation.executablePath,
            partition: partition,
            time: time, cpusPerTask: cpusPerTask, memory: mem, runOptions: options, blasCore: core)
        try job.write()
        let share = String(format: "%.0f%%", 100 * (job.shardShares.max() ?? 1))
        print(
            """
            \(spec.name): \(count) configuration\(count == 1 ? "" : "s") in \(n) shard\(n == 1 ? "" : "s")\
             (the largest \(share) of the expected work), --time \(job.time);\
             scripts in \(job.folder.path)/
            """)
        let arrayArgs = job.arraySubmission(only: onlyList)
        guard submit else {
            print("would submit:")
            print("  sbatch " + arrayArgs.joined(separator: " "))
            print("  sbatch " + job.mergeSubmission(after: "<array job id>").joined(separator: " "))
            print("then find the report in \(job.experimentFolder.path)/report.md")
            return
        }
        let arrayID = try Self.sbatch(arrayArgs)
        let mergeID = try Self.sbatch(job.mergeSubmission(after: arrayID))
        let tasks = onlyList.map { "shard\($0.count == 1 ? "" : "s") " + $0.map(String.init).joined(separator: ",") }
        print("submitted array job \(arrayID) (\(tasks ?? "shards 1-\(n)")) and merge job \(mergeID) after it")
        print("the report will be in \(job.experimentFolder.path)/report.md; logs in \(job.folder.path)/logs/")
    }

    /// Runs `sbatch ARGS` (from PATH) and returns the job id it prints.
    static func sbatch(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sbatch"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { throw InputError("sbatch: could not be started (\(error.localizedDescription))") }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let answer = String(decoding: o, as: UTF8.self)
        if p.terminationStatus == 127 {
            throw InputError("sbatch: not found on PATH (submit from a Slurm login node, or run without --submit)")
        }
        guard p.terminationStatus == 0, let id = SlurmJob.jobID(answer) else {
            // sbatch explains itself over several lines ("sbatch: error: …"): one line of them all.
            let why = String(decoding: e, as: UTF8.self).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                .map { $0.hasPrefix("sbatch: ") ? String($0.dropFirst(8)) : $0 }.joined(separator: "; ")
            throw InputError(
                "sbatch \(args.last ?? ""): \(why.isEmpty ? "exit status \(p.terminationStatus), no job id" : ErrorReport.oneLine(why))"
            )
        }
        return id
    }
}

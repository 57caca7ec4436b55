import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The repository (this file is Tests/GradPathTests/SlurmTests.swift).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs `executable args` with `extra` added to the environment (`spawn`, Spawn.swift).
private func run(_ executable: String, _ args: [String], env extra: [String: String] = [:]) throws -> CLIResult {
    try spawn(executable, args, env: extra)
}

/// Every regular file below `dir` (relative paths), leaving out the folders `skip` names.
func files(_ dir: URL, skip: (String) -> Bool = { _ in false }) -> [String] {
    let fm = FileManager.default
    var out: [String] = []
    for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where !skip(name) {
        var isDir: ObjCBool = false
        let u = dir.appendingPathComponent(name)
        fm.fileExists(atPath: u.path, isDirectory: &isDir)
        if isDir.boolValue { out += files(u).map { "\(name)/\($0)" } } else { out.append(name) }
    }
    return out.sorted()
}

@Suite struct SlurmScriptTests {
    /// The scripts `gradpath slurm` writes, without a cluster: the array covers every shard, pins
    /// BLAS and the workers to --cpus-per-task, runs the spec by absolute path; the merge waits for
    /// the array; --only resubmits exactly the named tasks; bad options are refused in one line.
    @Test func scriptsAndDryRun() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try gradpath(
            [
                "slurm", "cell-comparison", "--shards", "3", "--cpus-per-task", "4", "--mem", "2G", "--partition",
                "short", "--out", dir.path, "--experiments", experimentsFolder,
            ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("would submit:") && r.stdout.contains("--dependency=afterok:<array job id>"))
        let folder = dir.appendingPathComponent("cell-comparison.slurm")
        let array = try String(contentsOf: folder.appendingPathComponent("array.sbatch"), encoding: .utf8)
        let merge = try String(contentsOf: folder.appendingPathComponent("merge.sbatch"), encoding: .utf8)
        for line in [
            "#SBATCH --array=1-3", "#SBATCH --cpus-per-task=4", "#SBATCH --mem=2G", "#SBATCH --partition=short",
            "export OPENBLAS_NUM_THREADS=4 OMP_NUM_THREADS=4 GRADPATH_WORKERS=4",
            "--shard \"${SLURM_ARRAY_TASK_ID}/3\"",
        ] {
            #expect(array.contains(line), "array.sbatch lacks \(line)")
        }
        // The spec by absolute path, so the tasks run it from any directory.
        #expect(array.contains("'run' '\(experimentsFolder)/cell-comparison.json' '--out' '\(dir.path)'"), "\(array)")
        #expect(array.contains("#SBATCH --time="))
        #expect(merge.contains("'merge' '\(dir.path)/cell-comparison'"))
        // Nothing was written into the experiment's own folder (the merge replaces it).
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("cell-comparison").path))
        let only = try gradpath(
            [
                "slurm", "cell-comparison", "--shards", "3", "--only", "2", "--out", dir.path, "--experiments",
                experimentsFolder,
            ])
        #expect(only.stdout.contains("sbatch --parsable --array=2 "), "\(only.stdout)")
        for (args, mentions) in [
            (["--shards", "0"], "--shards"), (["--time", "1:x"], "--time"), (["--mem", "lots"], "--mem"),
            (["--partition", "a;rm"], "--partition"), (["--only", "0"], "--only"),
            (["--shards", "3", "--only", "4"], "shard 4"),
            (["--quick", "--full"], "not both"),
        ] {
            let bad = try gradpath(
                ["slurm", "cell-comparison", "--out", dir.path, "--experiments", experimentsFolder] + args)
            #expect(bad.status == 2 && bad.stderr.contains(mentions), "\(args): \(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "\(args): \(bad.stderr)")
        }
        // An output folder that cannot be made, and sbatch failing: one line each, status 2.
        let file = dir.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let blocked = try gradpath(["slurm", "vanishing-sweep", "--out", file.path, "--experiments", experimentsFolder])
        #expect(blocked.status == 2 && blocked.stderr.contains(file.path), "\(blocked.stderr)")
        #expect(blocked.stderr.split(separator: "\n").count == 1, "\(blocked.stderr)")
        let noCluster = try run(
            gradpathBinary().path,
            [
                "slurm", "vanishing-sweep", "--shards", "2", "--out", dir.path, "--experiments", experimentsFolder,
                "--submit",
            ],
            env: ["SLURM_CONF": dir.appendingPathComponent("no-such/slurm.conf").path])
        // (stdout and stderr share one file there: find the error line.)
        let errors = noCluster.stdout.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(noCluster.status == 2 && errors.count == 1, "\(noCluster.stdout)")
        #expect(errors.first.map { $0.hasPrefix("error: sbatch ") && !$0.contains("\\x0A") } ?? false, "\(errors)")
        let tooMany = try gradpath(
            ["slurm", "seed-table", "--shards", "999", "--out", dir.path, "--experiments", experimentsFolder])
        #expect(tooMany.status == 2 && tooMany.stderr.contains("fewer than 999 shards"), "\(tooMany.stderr)")
    }
}

/// End to end on a real single-node Slurm cluster (slurmctld, slurmd and munge from Debian's
/// packages, installed by `make setup`), started on localhost by scripts/slurm/local-cluster.sh and
/// stopped afterwards, also when the test fails: a quick experiment over 4 array tasks, of which
/// task 3 is first left out — the merge job then refuses the incomplete set and names shard 3 —
/// then resubmitted alone with --only 3; its merge job completes the report, which is byte for
/// byte the unsharded run's (the merged folder also keeps the four shard folders it was made from).
@Suite struct SlurmClusterTests {
    @Test func fourArrayTasksAndTheMergeGiveTheUnshardedRun() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = repositoryRoot.appendingPathComponent("scripts/slurm/local-cluster.sh").path
        let clusterEnv = [
            "GRADPATH_SLURM_STATE": dir.appendingPathComponent("cluster").path,
            "GRADPATH_SLURM_PORT": String(20_000 + Int(getpid()) % 20_000),
        ]
        let up = try run("/bin/bash", [script, "up"], env: clusterEnv)
        defer { _ = try? run("/bin/bash", [script, "down"], env: clusterEnv) }
        try #require(up.status == 0, "local cluster did not start: \(up.stderr)")
        let env = ["SLURM_CONF": dir.appendingPathComponent("cluster/slurm.conf").path]
        let out = dir.appendingPathComponent("out"), name = "vanishing-sweep"
        let base = ["slurm", name, "--quick", "--shards", "4", "--out", out.path, "--experiments", experimentsFolder]
        let binary = gradpathBinary().path

        /// Submits, returns the merge job's id, and waits until it has ended (at most 3 minutes).
        func submitAndWait(_ extra: [String]) throws -> String {
            let r = try run(binary, base + extra + ["--submit"], env: env)
            #expect(r.status == 0, "\(r.stderr)")
            let words = r.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            guard let m = words.firstIndex(of: "merge").map({ words[$0 + 2] }) else {
                Issue.record("no merge job id in: \(r.stdout)")
                return ""
            }
            let deadline = Date().addingTimeInterval(180)
            while Date() < deadline {
                let s = try run("/usr/bin/env", ["scontrol", "show", "job", m, "-o"], env: env).stdout
                if let state = s.split(separator: " ").first(where: { $0.hasPrefix("JobState=") }),
                    !["JobState=PENDING", "JobState=RUNNING", "JobState=CONFIGURING", "JobState=COMPLETING"].contains(
                        String(state))
                {
                    return m
                }
                Thread.sleep(forTimeInterval: 0.5)
            }
            Issue.record("merge job \(m) did not end within 3 minutes")
            return m
        }

        // Shards 1, 2 and 4 only: the merge after them refuses the set and names shard 3.
        let first = try submitAndWait(["--only", "1,2,4"])
        let logs = out.appendingPathComponent("\(name).slurm/logs")
        let firstLog = try String(contentsOf: logs.appendingPathComponent("merge-job\(first).out"), encoding: .utf8)
        #expect(firstLog.contains("missing shard-3-of-4"), "\(firstLog)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name)/report.md").path))
        // Shard 3 alone, and a new merge after it: the report is complete.
        let second = try submitAndWait(["--only", "3"])
        let secondLog = try String(contentsOf: logs.appendingPathComponent("merge-job\(second).out"), encoding: .utf8)
        #expect(secondLog.contains("merged into"), "\(secondLog)")

        // The unsharded run, here, with the same BLAS kernels (the tasks pinned this environment's).
        let plain = dir.appendingPathComponent("plain")
        let r = try run(binary, ["run", name, "--quick", "--out", plain.path, "--experiments", experimentsFolder])
        try #require(r.status == 0, "\(r.stderr)")
        let a = plain.appendingPathComponent(name), b = out.appendingPathComponent(name)
        let mine = files(a)
        #expect(mine.count >= 10)
        #expect(files(b) { $0.hasPrefix("shard-") } == mine)
        #expect(
            files(b).filter { $0.hasPrefix("shard-") }.map { $0.split(separator: "/")[0] }.uniqued() == [
                "shard-1-of-4", "shard-2-of-4", "shard-3-of-4", "shard-4-of-4",
            ])
        for f in mine {
            #expect(
                try Data(contentsOf: a.appendingPathComponent(f)) == Data(contentsOf: b.appendingPathComponent(f)),
                "\(f) differs between the Slurm run and the unsharded one")
        }
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

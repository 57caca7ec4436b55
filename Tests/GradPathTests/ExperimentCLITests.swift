import Foundation
import Testing

@Suite struct ExperimentCLITests {
    @Test func listShowsEveryExperimentWithRuntimeAndTitle() throws {
        let r = try gradpath(["list", "--experiments", experimentsFolder])
        #expect(r.status == 0)
        for name in [
            "seed-table", "vanishing-sweep", "relu-vs-tanh", "lstm-cell-highway", "gru-gates", "cell-comparison",
            "spectrum", "cliff", "clipping-modes",
        ] {
            #expect(r.stdout.contains(name), "list lacks \(name)")
        }
        #expect(r.stdout.contains("~") && r.stdout.contains(" s "))
        let missing = try gradpath(["list", "--experiments", "/nonexistent-folder"])
        #expect(missing.status == 2 && missing.stderr.contains("nonexistent-folder"))
    }

    @Test func userSpecByPathAndItsErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("mine.json")
        try """
        {"name": "mine", "title": "My sweep", "question": "Does it vanish?", "expected_runtime_seconds": 1, "kind": "gradient-flow",
         "parameters": {"steps": 20, "hidden_size": 8}, "grid": {"sigma_max": [0.5, 2]}, "seeds": [4], "report": ["bound-vs-observed"]}
        """.write(to: spec, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try gradpath(["run", spec.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("mine/report.md").path))
        let diag = try String(contentsOf: out.appendingPathComponent("mine/diagnosis.csv"), encoding: .utf8)
        #expect(diag.hasPrefix("run,config,sigma_max,seed,layer,"))

        let bad = dir.appendingPathComponent("bad.json")
        try
            #"{"name": "bad", "title": "T", "question": "Q", "expected_runtime_seconds": 1, "kind": "gradient-flow", "grid": {"sigma_max": [0.5, "big"]}}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        let e = try gradpath(["run", bad.path, "--out", out.path])
        #expect(e.status == 2)
        #expect(e.stderr.split(separator: "\n").count == 1)
        for part in ["bad.json", "grid.sigma_max[1]", "'big'", "a number from"] {
            #expect(e.stderr.contains(part), "\(e.stderr)")
        }
        // The earlier report is untouched.
        #expect(try String(contentsOf: out.appendingPathComponent("mine/diagnosis.csv"), encoding: .utf8) == diag)

        for (args, mention) in [
            (["run", "no-such-experiment", "--experiments", experimentsFolder], "no-such-experiment"),
            (["run", "seed-table", "--shard", "3/2", "--experiments", experimentsFolder], "--shard"),
            (["run", "seed-table", "--all"], "not both"),
            (["run", "seed-table", "--quick", "--full", "--experiments", experimentsFolder], "not both"),
            (["run", "seed-table", "--full", "--experiments", experimentsFolder], "no full form"),
        ] {
            let x = try gradpath(args + ["--out", out.path])
            #expect(
                x.status == 2 && x.stderr.contains(mention) && x.stderr.split(separator: "\n").count == 1,
                "\(args): \(x.stderr)")
        }
    }

    @Test func shardsThenMergeFromTheCommandLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 1...2 {
            let r = try gradpath([
                "run", "clipping-modes", "--quick", "--shard", "\(i)/2", "--out", dir.path, "--experiments",
                experimentsFolder,
            ])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let folder = dir.appendingPathComponent("clipping-modes")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("shard-1-of-2/clipping.csv").path))
        let m = try gradpath(["merge", folder.path])
        #expect(m.status == 0, "\(m.stderr)")
        let clipping = try String(contentsOf: folder.appendingPathComponent("clipping.csv"), encoding: .utf8)
        #expect(clipping.split(separator: "\n").count == 1 + 7 * 5)  // 7 σ_max values × 5 modes, quick seed 1
        #expect(
            try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8).contains(
                "## Pre- and post-clip norms"))
        let none = try gradpath(["merge", dir.path])
        #expect(none.status == 2 && none.stderr.contains("no shard"))
        // `report` rebuilds the same report from the CSV files alone.
        let before = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("report.md"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("clipping.svg"))
        let rebuilt = try gradpath(["report", folder.path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8) == before)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("clipping.svg").path))
        let notAnExperiment = try gradpath(["report", dir.path])
        #expect(notAnExperiment.status == 2 && notAnExperiment.stderr.contains("experiment.json"))
    }

    @Test func inspectSummarisesPlotsAndGivesVerdicts() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try gradpath(["run", "vanishing-sweep", "--quick", "--out", dir.path, "--experiments", experimentsFolder])
        let file = dir.appendingPathComponent("vanishing-sweep/gradient_norms.csv").path
        let r = try gradpath(["inspect", file, "--where", "cell=rnn-tanh", "--where", "sigma_max=0.5"])
        #expect(r.status == 0, "\(r.stderr)")
        // T = 60: lags 0…60 thinned (docs/reports.md#thinned-tables) to 0–7 and 10, 15, …, 60 (stride
        // ⌈61/24⌉ = 3 rounded up to 5): 8 + 11 = 19 rows.
        for part in ["19 of", "grad_h_log10", "min", "median", "•", "lag", "verdicts:", "vanishing"] {
            #expect(r.stdout.contains(part), "inspect lacks \(part)")
        }
        let col = try gradpath([
            "inspect", dir.appendingPathComponent("vanishing-sweep/diagnosis.csv").path, "--column",
            "observed_rate_log10",
        ])
        #expect(col.status == 0 && col.stdout.contains("observed_rate_log10: 28 finite values"))
        for (args, mention) in [
            ([file, "--column", "nope"], "nope"), ([file, "--where", "colour=red"], "colour"),
            ([file, "--where", "novalue"], "COLUMN=VALUE"),
            ([dir.appendingPathComponent("missing.csv").path], "missing.csv"),
        ] {
            let x = try gradpath(["inspect"] + args)
            #expect(
                x.status == 2 && x.stderr.contains(mention) && x.stderr.split(separator: "\n").count == 1,
                "\(args): \(x.stderr)")
        }
    }

    @Test func spectrumOfOrthogonalAndRescaledMatrices() throws {
        let r = try gradpath(["spectrum", "--cell", "lstm", "--init", "orthogonal", "--hidden", "16"])
        #expect(r.status == 0, "\(r.stderr)")
        // Orthogonal gate blocks: σ_max = σ_min = 1, ρ = 1; the fused 4H × H matrix has σ = 2 (WᵀW = 4I).
        #expect(r.stdout.contains("weight_hh_l0/f      1           1           1             1 "))
        #expect(r.stdout.contains("weight_hh_l0        2           2           1             — (not square)"))
        let s = try gradpath(["spectrum", "--cell", "rnn-tanh", "--sigma-max", "0.9", "--hidden", "32"])
        #expect(s.stdout.contains("weight_hh_l0        0.9 "))
        let bad = try gradpath(["spectrum", "--init", "xavier"])
        #expect(bad.status == 2 && bad.stderr.contains("xavier"))
    }
}

@Suite struct BenchCLITests {
    /// The long-sequence case at a small size: checkpointed, finite, and far below Double's range
    /// in log10 where it should be (an LSTM with PyTorch's default gates loses ~0.19 decades per step
    /// here: T = 5000 gave −968, so T = 2500 lands near −480).
    @Test func longSequenceCase() throws {
        let r = try gradpath([
            "bench", "--json", "--workload-only", "--threads", "1", "--cell", "lstm", "--repeats", "1",
            "--quick", "--long-steps", "2500", "--long-segment", "50",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let long = try #require(json["longSequence"] as? [String: Any])
        #expect(long["steps"] as? Int == 2500 && long["segment"] as? Int == 50)
        let g = try #require(long["log10GradH0"] as? Double)
        #expect(g.isFinite && g < -308, "log10‖∂L/∂h_0‖ = \(g)")
        #expect(((long["loss"] as? Double) ?? 0) > 0)
        #expect(json["svd512Seconds"] == nil)
    }

    /// The quick benchmark's JSON has every measurement, each positive and finite (no speed
    /// threshold: speed targets are checked by the benchmark itself, never by a timed test).
    @Test func quickBenchmarkReportsEveryMeasurement() throws {
        let r = try gradpath(["bench", "--quick", "--json", "--repeats", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let workloads = try #require(json["workloads"] as? [[String: Any]])
        #expect(Set(workloads.map { $0["cell"] as? String ?? "" }) == ["rnn-tanh", "lstm", "gru"])
        #expect(Set(workloads.map { $0["threads"] as? Int ?? 0 }) == [1, 2])
        #expect(Set(workloads.map { $0["mode"] as? String ?? "" }) == ["blas", "batch-split"])
        #expect(workloads.count == 9)
        for w in workloads {
            for k in ["seconds", "stepsTimesBatchPerSecond", "gflops", "fractionOfGEMM"] {
                let v = try #require(w[k] as? Double, "\(k)")
                #expect(v > 0 && v.isFinite, "\(k) = \(v)")
            }
            #expect((w["normOverhead"] as? Double)?.isFinite == true)
            #expect((w["stateClipOverhead"] as? Double)?.isFinite == true)
        }
        let resting = try #require(json["restingPoint"] as? [[String: Any]])
        #expect(resting.map { $0["cell"] as? String ?? "" } == ["rnn-tanh", "lstm", "gru"])
        for c in resting { #expect(((c["seconds"] as? Double) ?? 0) > 0 && ((c["ofOnePass"] as? Double) ?? 0) > 0) }
        for k in ["svd512Seconds", "svd1024Seconds", "eig512Seconds", "adamStepSeconds"] {
            #expect(((json[k] as? Double) ?? 0) > 0, "\(k)")
        }
        #expect((json["gemmGflops"] as? [String: Double])?.keys.sorted() == ["1", "2"])
        // Stored forward caches, 8 bytes per Double (Benchmark.Memory's formula), T = 100, B = 16,
        // I = 32, H = 128: rnn 8·(T·B·(I + H) + B·H) = 2,064,384; lstm 8·(T·B·(I + 5H + 2H) + 2·B·H)
        // = 11,911,168; gru 8·(T·B·(I + 4H + H) + B·H) = 8,617,984.
        let memory = try #require(json["memory"] as? [[String: Any]])
        let cache = Dictionary(
            uniqueKeysWithValues: memory.map { ($0["cell"] as? String ?? "", $0["storedCacheBytes"] as? Int ?? 0) })
        #expect(cache == ["rnn-tanh": 2_064_384, "lstm": 11_911_168, "gru": 8_617_984])
        for m in memory { #expect(((m["peakBytes"] as? Int) ?? 0) > 0 && ((m["ratio"] as? Double) ?? 0) > 0) }
        #expect(json["longSequence"] == nil)
        #expect(try gradpath(["bench", "--repeats", "0"]).status == 2)
        #expect(try gradpath(["bench", "--long-segment", "0"]).status == 2)
        #expect(try gradpath(["bench", "--cell", "lstn"]).status == 2)
        #expect(try gradpath(["bench", "--mode", "fast"]).status == 2)
        #expect(try gradpath(["bench", "--threads", "0"]).status == 2)
    }
}

import Foundation
import Testing
import ModelImport
import Recurrent

/// Writes a small random PyTorch-layout model and input batch as safetensors into `dir`.
func writeModel(
    _ cell: CellKind, layers: Int = 2, input I: Int = 3, hidden H: Int = 4, steps T: Int = 30, batch B: Int = 2,
    to dir: URL
) throws -> (weights: URL, inputs: URL) {
    var rng = SplitMix64(seed: 77)
    var net = RecurrentNetwork(cell: cell, inputSize: I, hiddenSize: H, layerCount: layers)
    try Initializer.pytorch.initialize(&net, using: &rng)
    var tensors: [(name: String, shape: [Int], values: [Double])] = []
    for (l, p) in net.layers.enumerated() {
        for t in p.tensors { tensors.append(("\(t.name)_l\(l)", t.shape, t.values)) }
    }
    let w = dir.appendingPathComponent("weights.safetensors"), x = dir.appendingPathComponent("inputs.safetensors")
    try Safetensors.encode(tensors).write(to: w)
    let input = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: I, using: &rng)
    try Safetensors.encode([("input", [T, B, I], input.values)]).write(to: x)
    return (w, x)
}

func run(_ command: String, _ arguments: [String], in dir: URL) throws -> CLIResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [command] + arguments
    p.currentDirectoryURL = dir
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLIResult(
        status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
        stderr: String(decoding: e, as: UTF8.self))
}

@Suite struct AnalyzeCLITests {
    @Test(arguments: [CellKind.lstm(.standard), .rnn(.tanh), .gru(.resetAfter)])
    func writesEveryFileAndThePlotsRedraw(_ cell: CellKind) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (w, x) = try writeModel(cell, to: dir)
        let out = dir.appendingPathComponent("out")
        let r = try gradpath([
            "analyze", "--cell", cell.description, "--weights", w.path, "--inputs", x.path, "--out", out.path,
            "--per-sequence",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("layer 1:"))
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        for f in [
            "gradient_norms.csv", "gradient_norms_per_sequence.csv", "spectrum.csv", "eigenvalues.csv",
            "jacobian_spectrum.csv",
            "jacobian_norms.csv", "temporal_contributions.csv", "saturation.csv", "diagnosis.csv",
            "nonfinite_events.csv",
            "report.md", "gradient_norms.svg", "gradient_norms.gp", "gradient_norms.py", "spectrum.svg",
            "jacobian_spectrum.svg", "temporal_contributions.svg",
        ] {
            #expect(files.contains(f), "missing \(f)")
        }
        let norms = try String(contentsOf: out.appendingPathComponent("gradient_norms.csv"), encoding: .utf8).split(
            separator: "\n")
        #expect(norms[0] == "run,layer,t,lag,grad_h_norm,grad_h_log10,grad_c_norm,grad_c_log10,pascanu_bound_log10")
        #expect(norms.count == 1 + 2 * 31)
        let firstRow = norms[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(firstRow[6].isEmpty == !cell.hasCellState)  // c columns empty without a cell state
        #expect(
            try String(contentsOf: out.appendingPathComponent("spectrum.csv"), encoding: .utf8).hasPrefix(
                "run,matrix,index,singular_value\n"))
        #expect(
            try String(contentsOf: out.appendingPathComponent("eigenvalues.csv"), encoding: .utf8).hasPrefix(
                "run,matrix,index,real,imag,modulus\n"))
        #expect(
            try String(contentsOf: out.appendingPathComponent("jacobian_spectrum.csv"), encoding: .utf8).hasPrefix(
                "run,layer,sequence,lag,index,log10_singular_value\n"))
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        for s in ["## Diagnosis", "![", "gradient_norms.svg", "verdict", "weights: `weights.safetensors`"] {
            #expect(report.contains(s), "report lacks \(s)")
        }
        #expect(!report.contains(dir.path), "the report must not contain absolute paths")

        // Every gnuplot script renders from the CSV alone, silently; every matplotlib script compiles,
        // and runs when matplotlib is installed (the Makefile's set-up installs it).
        let scripts = files.filter { $0.hasSuffix(".gp") }.sorted()
        #expect(scripts.count == 4)
        for gp in scripts {
            let g = try run("gnuplot", [gp], in: out)
            #expect(g.status == 0 && g.stderr.isEmpty, "\(gp): \(g.stderr)")
            let svg = gp.replacingOccurrences(of: ".gp", with: "-gnuplot.svg")
            let size =
                (try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(svg).path)[.size] as? Int)
                ?? 0
            #expect(size > 2000, "\(svg) is \(size) bytes")
        }
        let hasMatplotlib = try run("python3", ["-c", "import matplotlib"], in: out).status == 0
        for py in files.filter({ $0.hasSuffix(".py") }).sorted() {
            #expect(try run("python3", ["-m", "py_compile", py], in: out).status == 0, "\(py) does not compile")
            if hasMatplotlib {
                let m = try run("python3", [py], in: out)
                #expect(m.status == 0, "\(py): \(m.stderr)")
                #expect(
                    FileManager.default.fileExists(
                        atPath: out.appendingPathComponent(py.replacingOccurrences(of: ".py", with: "-matplotlib.svg"))
                            .path))
            }
        }
    }

    @Test func randomInputsAndDiagnosisOfAVanishingRNN() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (w, _) = try writeModel(.rnn(.tanh), layers: 1, to: dir)
        let out = dir.appendingPathComponent("out")
        let r = try gradpath([
            "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "200,3", "--seed", "5", "--out",
            out.path,
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        // PyTorch's default init at H = 4 gives σ_max(W_hh) < 1: vanishing, with a bound.
        #expect(r.stdout.contains("layer 0: vanishing"))
        let diag = try String(contentsOf: out.appendingPathComponent("diagnosis.csv"), encoding: .utf8).split(
            separator: "\n")
        #expect(
            diag[0]
                == "run,layer,probe_loss,parameter_count,sigma_max_whh,spectral_radius_whh,gamma,bound_rate_log10,linearised_rate_log10,observed_rate_log10,observed_c_rate_log10,memory_horizon,verdict,bound_holds"
        )
        #expect(diag[1].hasSuffix(",vanishing,true"))
        // Same seed, same numbers.
        let again = dir.appendingPathComponent("again")
        _ = try gradpath([
            "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "200,3", "--seed", "5", "--out",
            again.path,
        ])
        #expect(
            try Data(contentsOf: out.appendingPathComponent("gradient_norms.csv"))
                == Data(contentsOf: again.appendingPathComponent("gradient_norms.csv")))
    }

    @Test func badFilesGiveOneLineAndStatus2AndLeaveEarlierResults() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (w, x) = try writeModel(.gru(.resetAfter), layers: 1, to: dir)
        let out = dir.appendingPathComponent("out")
        #expect(
            try gradpath([
                "analyze", "--cell", "gru", "--weights", w.path, "--inputs", x.path, "--out", out.path,
                "--no-jacobians",
            ]).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("gradient_norms.csv"))

        let truncated = dir.appendingPathComponent("truncated.safetensors")
        try Data(try Data(contentsOf: w).prefix(200)).write(to: truncated)
        let garbage = dir.appendingPathComponent("garbage.safetensors")
        try Data("hello".utf8).write(to: garbage)
        let cases: [([String], String)] = [
            // A GRU file read as an LSTM.
            (["--cell", "lstm", "--weights", w.path, "--inputs", x.path], "weight_hh_l0"),
            (["--cell", "gru", "--weights", truncated.path, "--inputs", x.path], "truncated.safetensors"),
            (["--cell", "gru", "--weights", garbage.path, "--inputs", x.path], "garbage.safetensors"),
            (
                [
                    "--cell", "gru", "--weights", dir.appendingPathComponent("nope.safetensors").path, "--inputs",
                    x.path,
                ], "nope.safetensors"
            ),
            (["--cell", "gru", "--weights", w.path, "--inputs", w.path], "missing tensor 'input'"),
            (["--cell", "gru", "--weights", w.path, "--random-inputs", "0,3"], "--random-inputs"),
            (["--cell", "gru", "--weights", w.path], "--inputs"),
            (
                ["--cell", "gru", "--weights", w.path, "--random-inputs", "5,2", "--jacobian-sequence", "7"],
                "jacobian-sequence"
            ),
            (["--cell", "gru", "--weights", w.path, "--random-inputs", "5,2", "--loss", "mean"], "--loss"),
        ]
        for (args, mention) in cases {
            let r = try gradpath(["analyze"] + args + ["--out", out.path])
            #expect(r.status == 2, "\(args): status \(r.status), \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(mention), "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: out.appendingPathComponent("gradient_norms.csv")) == before)
    }
}

/// `gradpath report` rebuilds an analysis folder from its CSV files and analysis.json alone, as it
/// rebuilds an experiment folder: every file comes back byte for byte.
@Suite struct AnalysisRebuildTests {
    @Test(arguments: [CellKind.lstm(.standard), .rnn(.tanh), .gru(.resetBefore)])
    func reportRebuildsAnAnalysisFolderByteForByte(_ cell: CellKind) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (w, x) = try writeModel(cell, to: dir)
        let out = dir.appendingPathComponent("out")
        let r = try gradpath([
            "analyze", "--cell", cell.description, "--weights", w.path, "--inputs", x.path, "--out", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let fm = FileManager.default
        var before: [String: Data] = [:]
        for f in try fm.contentsOfDirectory(atPath: out.path) {
            before[f] = try Data(contentsOf: out.appendingPathComponent(f))
        }
        #expect(before["analysis.json"] != nil && before["report.md"] != nil)
        for f in before.keys where f.hasSuffix(".svg") || f.hasSuffix(".gp") || f == "report.md" {
            try fm.removeItem(at: out.appendingPathComponent(f))
        }
        let rebuilt = try gradpath(["report", out.path])
        #expect(rebuilt.status == 0 && rebuilt.stdout.contains("analysis: report rebuilt"), "\(rebuilt.stderr)")
        var after: [String: Data] = [:]
        for f in try fm.contentsOfDirectory(atPath: out.path) {
            after[f] = try Data(contentsOf: out.appendingPathComponent(f))
        }
        #expect(Set(after.keys) == Set(before.keys))
        for (f, d) in before { #expect(after[f] == d, "\(f) differs after the rebuild") }
        // A damaged analysis.json is one line naming the file.
        try "{\"cell\": 3}".write(to: out.appendingPathComponent("analysis.json"), atomically: true, encoding: .utf8)
        let bad = try gradpath(["report", out.path])
        #expect(
            bad.status == 2 && bad.stderr.contains("analysis.json: field")
                && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
    }
}

import Foundation
import Testing
import Analysis
import ModelImport
import Reporting
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
            "--per-sequence", "--jacobians",
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

/// `gradpath analyze` on the checkpoint a user has: a whole model's state_dict (the module found by
/// its keys, the cell by its shapes), `--list`, `--module`, half precision, `--batch-first`, and
/// `--json` / `--fail-on` for CI.
@Suite struct WholeModelCLITests {
    /// Embedding → 2-layer LSTM (`rnn.`) → Linear, in `dtype`; and its inputs (T = 12, B = 2).
    func writeWholeModel(to dir: URL, dtype: String = "F32", scale: Double = 1) throws -> (URL, URL, URL) {
        var rng = SplitMix64(seed: 21)
        var net = RecurrentNetwork(cell: .lstm(.standard), inputSize: 3, hiddenSize: 4, layerCount: 2)
        try Initializer.pytorch.initialize(&net, using: &rng)
        var tensors: [(name: String, shape: [Int], values: [Double], dtype: String)] = [
            ("embedding.weight", [7, 3], (0..<21).map { Double($0) / 4 }, dtype)
        ]
        for (l, p) in net.layers.enumerated() {
            for t in p.tensors { tensors.append(("rnn.\(t.name)_l\(l)", t.shape, t.values.map { $0 * scale }, dtype)) }
        }
        tensors.append(("head.weight", [2, 4], .init(repeating: 0.5, count: 8), dtype))
        let w = dir.appendingPathComponent("model.safetensors")
        try Safetensors.encode(tensors).write(to: w)
        // The same module alone, in F64 with the values the file holds (widened), for comparison.
        let read = try Safetensors.read(w.path)
        let bare = dir.appendingPathComponent("bare.safetensors")
        try Safetensors.encode(
            read.keys.filter { $0.hasPrefix("rnn.") }.sorted().map {
                (String($0.dropFirst(4)), read[$0]!.shape, read[$0]!.values)
            }
        ).write(to: bare)
        let T = 12, B = 2
        let input = SequenceBatch.uniform(steps: T, batchSize: B, featureSize: 3, using: &rng)
        var batchFirst = [Double](repeating: 0, count: T * B * 3)
        for t in 0..<T {
            for b in 0..<B { for i in 0..<3 { batchFirst[(b * T + t) * 3 + i] = input.values[(t * B + b) * 3 + i] } }
        }
        let x = dir.appendingPathComponent("x.safetensors"), xb = dir.appendingPathComponent("xb.safetensors")
        try Safetensors.encode([("input", [T, B, 3], input.values)]).write(to: x)
        try Safetensors.encode([("input", [B, T, 3], batchFirst)]).write(to: xb)
        return (w, bare, xb)
    }

    @Test func aWholeModelAnalysesLikeItsBareModule() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (w, bare, xb) = try writeWholeModel(to: dir, dtype: "BF16")
        let list = try gradpath(["analyze", "--weights", w.path, "--list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(
            list.stdout
                == """
                rnn: cell lstm, 2 layers, input size 3, hidden size 4, unidirectional, bias, dtype BF16
                other tensors (ignored by analyze): embedding.weight, head.weight

                """)
        // No --cell: the shapes say LSTM. Batch-first inputs.
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        let whole = try gradpath([
            "analyze", "--weights", w.path, "--inputs", xb.path, "--batch-first", "--out", a.path,
        ])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("module rnn: cell lstm") && whole.stdout.contains("analysed as lstm"))
        #expect(whole.stdout.contains("other tensors (ignored): embedding.weight, head.weight"))
        let x = dir.appendingPathComponent("x.safetensors")
        let single = try gradpath([
            "analyze", "--cell", "lstm", "--weights", bare.path, "--inputs", x.path, "--out", b.path,
        ])
        #expect(single.status == 0, "\(single.stderr)")
        // The same numbers (the run column names the cell in both).
        for f in ["gradient_norms.csv", "diagnosis.csv", "spectrum.csv"] {
            #expect(
                try Data(contentsOf: a.appendingPathComponent(f)) == Data(contentsOf: b.appendingPathComponent(f)),
                "\(f)")
        }
        let report = try String(contentsOf: a.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("module: rnn: cell lstm") && report.contains("`embedding.weight`"))
        #expect(report.contains("read batch-first (B, T, I): T = 12, B = 2"))
        // No Jacobian probe unless asked.
        #expect(!FileManager.default.fileExists(atPath: a.appendingPathComponent("jacobian_spectrum.csv").path))
        // A --cell the shapes contradict, and a --module that is not there.
        let wrong = try gradpath(["analyze", "--cell", "gru", "--weights", w.path, "--random-inputs", "5,1"])
        #expect(wrong.status == 2 && wrong.stderr.contains("--cell gru contradicts the shapes of module rnn"))
        let missing = try gradpath(["analyze", "--module", "lstm", "--weights", w.path, "--random-inputs", "5,1"])
        #expect(
            missing.status == 2
                && missing.stderr.contains("--module lstm: no recurrent module with that prefix; found rnn"))
    }

    @Test func jsonVerdictsAndFailOn() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Weights scaled by 0.05: the gradient vanishes (every layer's verdict).
        let (w, _, xb) = try writeWholeModel(to: dir, scale: 0.05)
        let out = dir.appendingPathComponent("out")
        let args = ["analyze", "--weights", w.path, "--inputs", xb.path, "--batch-first", "--out", out.path, "--json"]
        let r = try gradpath(args + ["--fail-on", "exploding,nonfinite"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["module"] as? String == "rnn" && json["cell"] as? String == "lstm" && json["steps"] as? Int == 12)
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.map { $0["verdict"] as? String } == ["vanishing", "vanishing"])
        #expect(layers.allSatisfy { ($0["observed_rate_log10"] as? Double ?? 0) < -0.1 })
        #expect((json["failed"] as? [String]) == [])
        let failing = try gradpath(args + ["--fail-on", "vanishing"])
        #expect(failing.status == 3, "\(failing.stderr)")
        let f = try #require(try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any])
        #expect((f["failed"] as? [String]) == ["vanishing"])
        // Without --json the summary is text; the exit status is the same.
        let text = try gradpath(Array(args.dropLast()) + ["--fail-on", "vanishing"])
        #expect(text.status == 3 && text.stdout.contains("layer 0: vanishing"))
    }

    /// A bias-free ReLU RNN saved in F16: the nonlinearity must be named, and is then read.
    @Test func aBiasFreeReluRNNNeedsItsNonlinearity() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = dir.appendingPathComponent("relu.safetensors")
        try Safetensors.encode(
            [
                ("weight_ih_l0", [3, 2], [0.1, 0.2, 0.3, -0.1, 0.0, 0.2], "F16"),
                ("weight_hh_l0", [3, 3], [0.5, 0.1, 0, 0, 0.4, 0.1, 0.2, 0, 0.3], "F16"),
            ] as [(name: String, shape: [Int], values: [Double], dtype: String)]
        ).write(to: w)
        let refused = try gradpath(["analyze", "--weights", w.path, "--random-inputs", "10,2"])
        #expect(refused.status == 2 && refused.stderr.contains("nonlinearity is not stored in its state_dict"))
        #expect(refused.stderr.contains("--cell rnn-tanh or --cell rnn-relu"))
        let out = dir.appendingPathComponent("out")
        let ok = try gradpath([
            "analyze", "--cell", "rnn-relu", "--weights", w.path, "--random-inputs", "10,2", "--out", out.path,
        ])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("no bias, dtype F16") && ok.stdout.contains("analysed as rnn-relu"))
    }
}

/// The command line `tools/export_for_gradpath.py` prints for each exported PyTorch model (kept in
/// the fixture's reference.json) runs as printed, in a copy of the export folder.
@Suite struct ExportedModelCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InstrumentationTests/Fixtures/user_loss")

    @Test(arguments: ["whole_lstm_ce", "relu_rnn_nobias_bf16", "gru_hn_only"])
    func thePrintedCommandRuns(_ name: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: copy)
        struct Ref: Decodable { var command: String }
        let ref = try JSONDecoder().decode(
            Ref.self, from: Data(contentsOf: copy.appendingPathComponent("reference.json")))
        let words = ref.command.split(separator: " ").map(String.init)
        #expect(words.first == "gradpath" && words.contains("--grad-output"))
        let r = try gradpath(Array(words.dropFirst()), in: copy)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try String(contentsOf: copy.appendingPathComponent("analysis/report.md"), encoding: .utf8)
        #expect(report.contains("your loss") && report.contains("from `grad_output.safetensors`"))
        let diagnosis = try String(contentsOf: copy.appendingPathComponent("analysis/diagnosis.csv"), encoding: .utf8)
        #expect(diagnosis.contains(",user,"))
        // The folder rebuilds from its files alone.
        let rebuilt = try gradpath(["report", copy.appendingPathComponent("analysis").path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
    }

    @Test func aGradOutputOfTheWrongShapeIsOneLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = Self.fixtures.appendingPathComponent("gru_hn_only")
        let g = dir.appendingPathComponent("g.safetensors")
        try Safetensors.encode([("grad_output", [60, 2, 6], .init(repeating: 0, count: 720))]).write(to: g)
        let r = try gradpath([
            "analyze", "--weights", src.appendingPathComponent("weights.safetensors").path, "--inputs",
            src.appendingPathComponent("inputs.safetensors").path, "--grad-output", g.path, "--out",
            dir.appendingPathComponent("out").path,
        ])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("g.safetensors: tensor 'grad_output': shape [60, 2, 6], expected (T, B, H) = (60, 2, 5)"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}

/// Where float16, bfloat16, float32 and float64 would lose the gradient: the first lag below each
/// format's smallest normal and subnormal number.
@Suite struct PrecisionMarkTests {
    /// log10‖∂L/∂h_t‖ = −0.3·(T − t), T = 200: below float16's smallest normal 2^−14 (log10 −4.21) first
    /// at lag 15 (−4.5), below its smallest subnormal 2^−24 (−7.22) at lag 25 (−7.5), below float32's
    /// smallest normal 2^−126 (−37.93) at lag 127 (−38.1), never below float64's (−307.65).
    @Test func firstLagsBelowEachFormatsLimits() {
        let logs = (0...200).map { -0.3 * Double(200 - $0) }
        #expect(FloatFormatLimits.firstStepBelow(logs, limit: 0x1p-14) == 185)
        #expect(FloatFormatLimits.firstStepBelow(logs, limit: 0x1p-24) == 175)
        #expect(FloatFormatLimits.firstStepBelow(logs, limit: 0x1p-126) == 73)
        #expect(FloatFormatLimits.firstStepBelow(logs, limit: 0x1p-1022) == nil)
        // An exact zero counts as below every limit.
        #expect(FloatFormatLimits.firstStepBelow([-.infinity, 0, 0], limit: 0x1p-1074) == 0)
    }

    @Test func theAnalysisReportMarksThem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (w, _) = try writeModel(.rnn(.tanh), layers: 1, to: dir)
        let out = dir.appendingPathComponent("out")
        let r = try gradpath([
            "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "300,2", "--out", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Where lower precision loses this gradient"))
        for f in ["float16", "bfloat16", "float32", "float64"] { #expect(report.contains("| 0 | \(f) | ")) }
        // The row agrees with gradient_norms.csv.
        let g = try CSVData.read(out.appendingPathComponent("gradient_norms.csv"))
        let logs = g.values("grad_h_log10", in: g.rows).map { $0 ?? .nan }
        if let t = FloatFormatLimits.firstStepBelow(logs, limit: 0x1p-14) {
            #expect(report.contains("| 0 | float16 | lag \(300 - t) (t = \(t)) |"))
        } else {
            #expect(report.contains("| 0 | float16 | never |"))
        }
    }
}

/// With the Jacobian probe, the report reads the largest (finite-time) Lyapunov exponent and says
/// from which lag the per-step norms depend on the last bits of the weights.
@Suite struct ChaosNoteTests {
    func analyse(gain: Double, in dir: URL) throws -> String {
        let H = 16
        var rng = SplitMix64(seed: 9)
        let whh = (0..<(H * H)).map { _ in gain * rng.normal() / Double(H).squareRoot() }
        let w = dir.appendingPathComponent("w\(gain).safetensors")
        try Safetensors.encode([
            ("weight_ih_l0", [H, 2], (0..<(2 * H)).map { _ in 0.1 * rng.uniform(-1, 1) }),
            ("weight_hh_l0", [H, H], whh),
        ]).write(to: w)
        let out = dir.appendingPathComponent("out\(gain)")
        let r = try gradpath([
            "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "300,1", "--jacobians", "--out",
            out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    }

    @Test func chaoticAndContractingDynamics() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Gain 3 ≫ 1: a random tanh network in its chaotic phase (Sompolinsky, Crisanti & Sommers 1988).
        let chaotic = try analyse(gain: 3, in: dir)
        #expect(chaotic.contains("## Chaos: how far back the last bits matter"))
        #expect(chaotic.contains("the dynamics are chaotic") && chaotic.contains("depend on the last bits"))
        // Gain 0.5: every Jacobian contracts.
        let calm = try analyse(gain: 0.5, in: dir)
        #expect(calm.contains("the dynamics contract") && !calm.contains("chaotic"))
    }
}

/// A bidirectional GRU exported from PyTorch analyses from the command line: gradient_norms.csv has
/// a `direction` column, `t` is the input position for both directions (the reverse direction's
/// initial state at T + 1), and every norm matches float64 PyTorch to 1e-9 in log10.
@Suite struct BidirectionalCLITests {
    /// A 2-layer LSTM with proj_size = 3 (H = 8) under an MSE head plus 0.1·‖c_n‖², exported by
    /// tools/export_for_gradpath.py: ‖∂L/∂h_t‖ (P wide) and ‖∂L/∂c_t‖ of every layer and step from the
    /// command line against float64 PyTorch autograd (1e-9 in log10), the spectra of W_hh's H × P
    /// blocks, of W_hr and of the effective maps W_hr·W_hh^(g), the Jacobian probe over the (P + H)
    /// state, and the float32 pass.
    @Test func aProjectedLSTMMatchesPyTorchFromTheCommandLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("projected")
        try FileManager.default.copyItem(
            at: ExportedModelCLITests.fixtures.appendingPathComponent("projected_lstm"), to: copy)
        struct Ref: Decodable {
            var command: String
            var steps: Int
            var layers: Int
            var projection: Int
            var grad_h_log10: [[Double?]]
            var grad_c_log10: [[Double?]]
        }
        let ref = try JSONDecoder().decode(
            Ref.self, from: Data(contentsOf: copy.appendingPathComponent("reference.json")))
        #expect(ref.projection == 3)
        let args = Array(ref.command.split(separator: " ").map(String.init).dropFirst())
        let r = try gradpath(args + ["--jacobians", "--precision", "float32"], in: copy)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("projection 3"))
        let g = try CSVData.read(copy.appendingPathComponent("analysis/gradient_norms.csv"))
        var compared = 0
        for k in 0..<ref.layers {
            let rows = g.rows(where: ["layer": "\(k)"])
            let ts = g.values("t", in: rows).compactMap { $0 }.map { Int($0) }
            #expect(ts == Array(0...ref.steps))
            for (t, (h, c)) in zip(ts, zip(g.values("grad_h_log10", in: rows), g.values("grad_c_log10", in: rows))) {
                if let theirs = ref.grad_h_log10[k][t], let ours = h {
                    #expect(abs(ours - theirs) <= 1e-9, "h: layer \(k), t = \(t)")
                    compared += 1
                }
                if let theirs = ref.grad_c_log10[k][t], let ours = c {
                    #expect(abs(ours - theirs) <= 1e-9, "c: layer \(k), t = \(t)")
                    compared += 1
                }
            }
        }
        #expect(compared >= 2 * ref.layers * ref.steps)
        let spectrum = try CSVData.read(copy.appendingPathComponent("analysis/spectrum.csv"))
        let matrices = Set(spectrum.distinct("matrix"))
        for m in ["weight_hh_l1/f", "weight_hr_l1", "weight_hr_l1@weight_hh_l1/f"] {
            #expect(matrices.contains(m), "\(m)")
        }
        // H × P blocks have min(H, P) = 3 singular values; W_hr (3 × 8) 3; the 3 × 3 effective map 3.
        #expect(spectrum.rows(where: ["matrix": "weight_hh_l0/i"]).count == 3)
        let eig = try CSVData.read(copy.appendingPathComponent("analysis/eigenvalues.csv"))
        #expect(eig.rows(where: ["matrix": "weight_hr_l0@weight_hh_l0/o"]).count == 3)
        #expect(eig.rows(where: ["matrix": "weight_hh_l0/o"]).isEmpty)
        let j = try CSVData.read(copy.appendingPathComponent("analysis/jacobian_spectrum.csv"))
        #expect(Set(j.values("index", in: j.rows(where: ["layer": "0", "lag": "1"])).compactMap { $0 }).count == 3 + 8)
        let p = try CSVData.read(copy.appendingPathComponent("analysis/precision_norms.csv"))
        #expect(p.rows(where: ["format": "float32"]).count == ref.layers * (ref.steps + 1))
        let summary = try String(contentsOf: copy.appendingPathComponent("analysis/analysis.json"), encoding: .utf8)
        #expect(summary.contains("\"projection_size\": 3"))
        let report = try String(contentsOf: copy.appendingPathComponent("analysis/report.md"), encoding: .utf8)
        #expect(report.contains("P = 3"))
        let svg = try String(contentsOf: copy.appendingPathComponent("analysis/spectrum.svg"), encoding: .utf8)
        #expect(svg.contains("weight_hr_l1@weight_hh_l1/o") && svg.contains(">weight_hr_l0<"))
        let rebuilt = try gradpath(["report", copy.appendingPathComponent("analysis").path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try String(contentsOf: copy.appendingPathComponent("analysis/report.md"), encoding: .utf8) == report)
    }

    @Test func aBidirectionalGRUMatchesPyTorchFromTheCommandLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("bigru")
        try FileManager.default.copyItem(
            at: ExportedModelCLITests.fixtures.appendingPathComponent("bigru_tagger"), to: copy)
        struct Ref: Decodable {
            var command: String
            var steps: Int
            var grad_h_log10: [[[Double?]]]
        }
        let ref = try JSONDecoder().decode(
            Ref.self, from: Data(contentsOf: copy.appendingPathComponent("reference.json")))
        let r = try gradpath(Array(ref.command.split(separator: " ").map(String.init).dropFirst()), in: copy)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("layer 1 reverse: "))
        let g = try CSVData.read(copy.appendingPathComponent("analysis/gradient_norms.csv"))
        #expect(Array(g.columns.prefix(5)) == ["run", "direction", "layer", "t", "lag"])
        let T = ref.steps
        var compared = 0
        for k in 0..<2 {
            for (d, name) in ["forward", "reverse"].enumerated() {
                let rows = g.rows(where: ["layer": "\(k)", "direction": name])
                let ts = g.values("t", in: rows).compactMap { $0 }.map { Int($0) }
                #expect(Set(ts) == Set(d == 0 ? Array(0...T) : Array(1...(T + 1))))
                for (t, v) in zip(ts, g.values("grad_h_log10", in: rows)) {
                    guard let theirs = ref.grad_h_log10[k][d][t], let ours = v else { continue }
                    #expect(abs(ours - theirs) <= 1e-9, "layer \(k) \(name) t = \(t)")
                    compared += 1
                }
            }
        }
        #expect(compared == 4 * (T + 1))
        let report = try String(contentsOf: copy.appendingPathComponent("analysis/report.md"), encoding: .utf8)
        #expect(report.contains("bidirectional (a forward and a reverse direction each)"))
        #expect(report.contains("| 1 reverse | float16 |"))
        let spectrum = try CSVData.read(copy.appendingPathComponent("analysis/spectrum.csv"))
        #expect(spectrum.distinct("matrix").contains("weight_hh_l1_reverse"))
        let rebuilt = try gradpath(["report", copy.appendingPathComponent("analysis").path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        // A probe loss works too (½‖y_T‖² of the 2H-wide output).
        let probe = try gradpath([
            "analyze", "--weights", copy.appendingPathComponent("weights.safetensors").path, "--random-inputs", "20,2",
            "--json", "--out", dir.appendingPathComponent("probe").path,
        ])
        #expect(probe.status == 0, "\(probe.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])
        #expect((json["layers"] as? [[String: Any]])?.count == 4 && json["directions"] as? Int == 2)
    }
}

/// `--precision`: the same pass with the state gradient stored in float32, float16 or bfloat16.
/// By hand (see StorageFormatTests): a linear RNN with W_hh = ½·I, zero input, h_0 = 2^300·1 has
/// ∂L/∂h_t = 2^−(T−t)·1 under the last-step loss, exactly 0 in float32 from lag 150, in bfloat16
/// from lag 134, in float16 from lag 25; the exact value there is 2^−lag·√2.
@Suite struct PrecisionOptionTests {
    @Test(arguments: [("float32", 150), ("bfloat16", 134), ("float16", 25)])
    func theReportSaysWhereTheGradientBecomesZero(_ format: String, lag: Int) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = dir.appendingPathComponent("w.safetensors"), x = dir.appendingPathComponent("x.safetensors")
        try Safetensors.encode([
            ("weight_ih_l0", [2, 1], [0, 0]), ("weight_hh_l0", [2, 2], [0.5, 0, 0, 0.5]),
        ]).write(to: w)
        try Safetensors.encode([
            ("input", [300, 1, 1], .init(repeating: 0, count: 300)), ("h0", [1, 1, 2], [0x1p300, 0x1p300]),
        ]).write(to: x)
        let out = dir.appendingPathComponent("out")
        let r = try gradpath([
            "analyze", "--cell", "rnn-identity", "--weights", w.path, "--inputs", x.path, "--precision", format,
            "--out", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        let exact = NumberFormat.shortFromLog10(-Double(lag) * log10(2.0) + 0.5 * log10(2.0))
        #expect(report.contains("## The same pass in \(format)"))
        #expect(report.contains("| 0 | lag \(lag) (t = \(300 - lag)) | \(exact) | 0 |"), "\(report)")
        let p = try CSVData.read(out.appendingPathComponent("precision_norms.csv"))
        #expect(p.rows.count == 301 && p.distinct("format") == [format])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("precision_norms.svg").path))
    }

    @Test func anUnknownFormatIsRefused() throws {
        let r = try gradpath(["analyze", "--weights", "w", "--random-inputs", "5,1", "--precision", "float8"])
        #expect(r.status == 2 && r.stderr.contains("float32"))
    }
}

/// On a terminal (a pseudo-terminal from util-linux's `script`), the bar counts the Jacobian
/// probe's steps layer by layer; off a terminal nothing is drawn.
@Suite struct AnalyzeProgressTests {
    @Test func theBarCountsStepsOnATerminal() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (w, _) = try writeModel(.gru(.resetAfter), to: dir)
        let out = dir.appendingPathComponent("out")
        let binary = gradpathBinary().path
        let command = [
            binary, "analyze", "--cell", "gru", "--weights", w.path, "--random-inputs", "40,2", "--jacobians",
            "--out", out.path,
        ].map { "'\($0)'" }.joined(separator: " ")
        let tty = try run("script", ["-qec", command, "/dev/null"], in: dir)
        #expect(tty.status == 0, "\(tty.stderr)")
        #expect(tty.stdout.contains("Jacobians, layer 1 of 2") && tty.stdout.contains("Jacobians, layer 2 of 2"))
        #expect(tty.stdout.contains("40/40"))
        let plain = try gradpath([
            "analyze", "--cell", "gru", "--weights", w.path, "--random-inputs", "40,2", "--jacobians",
            "--out", out.path,
        ])
        #expect(plain.status == 0 && !plain.stderr.contains("Jacobians"))
    }
}

/// Keras 3 files from the command line: a `.weights.h5` file and the `.keras` archive holding the
/// same weights analyse alike; `--list` marks a reset_after=False GRU.
@Suite struct KerasCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InstrumentationTests/Fixtures/keras")

    @Test func weightsFileAndArchiveAnalyseAlike() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lstm = Self.fixtures.appendingPathComponent("lstm")
        var norms: [Data] = []
        for file in ["model.weights.h5", "model.keras"] {
            let out = dir.appendingPathComponent(file)
            let r = try gradpath([
                "analyze", "--weights", lstm.appendingPathComponent(file).path, "--inputs",
                lstm.appendingPathComponent("inputs.safetensors").path, "--batch-first", "--out", out.path,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("module lstm: cell lstm, 1 layer, input size 3, hidden size 4"))
            norms.append(try Data(contentsOf: out.appendingPathComponent("gradient_norms.csv")))
        }
        #expect(norms[0] == norms[1])
        let list = try gradpath([
            "analyze", "--weights", Self.fixtures.appendingPathComponent("gru_reset_before/model.weights.h5").path,
            "--list",
        ])
        #expect(list.status == 0 && list.stdout.contains("(Keras, reset_after=False)"))
        // A SimpleRNN needs its activation named.
        let rnn = try gradpath([
            "analyze", "--weights", Self.fixtures.appendingPathComponent("simple_rnn/model.weights.h5").path,
            "--random-inputs", "5,1",
        ])
        #expect(rnn.status == 2 && rnn.stderr.contains("Keras SimpleRNN, whose activation is not stored"))
    }
}

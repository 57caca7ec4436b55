import Foundation
import Testing
@testable import Experiments
import Formats
import Instrumentation
import LinearAlgebra
@testable import ModelImport
import Recurrent
@testable import Reporting

/// Regression tests of the hardening issue, one per example of a class (the CLI-level ones are in
/// GradPathTests/HardeningCLITests.swift). Each failed before the change: a trap, a write outside
/// the output folder, a lost folder or an accepted bad input.

@Suite struct JSONParserTests {
    @Test func keepsKeyOrderLiteralsAndTypes() throws {
        let v = try JSON.parse(
            #"{"z": 1, "a": [true, 2.50, "x\u00e9\n"], "m": {"k": null}, "big": 18446744073709551615}"#)
        #expect(v.object?.map(\.0) == ["z", "a", "m", "big"])
        #expect(v["a"]?.array?[0] == .bool(true))
        #expect(v["a"]?.array?[0].number == nil)  // a boolean is never a number
        #expect(v["a"]?.array?[1].number == 2.5)
        #expect(v["a"]?.array?[2].string == "xé\n")
        #expect(v["big"]?.unsigned == UInt64.max)  // exact beyond 2^53
        #expect(v["m"]?["k"] == .null)
    }

    @Test(arguments: [
        ("{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}", 3, 14, "expected a value"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key 'a'"),
        ("[1, 2", 1, 6, "end of input"),
        ("{\"a\": tru}", 1, 7, "true"),
        ("\"abc", 1, 1, "unterminated string"),
        ("{\"a\": 01}", 1, 8, "leading zeros"),
        ("{\"a\": 1e999}", 1, 7, "out of range"),
        ("{} x", 1, 4, "after the end"),
    ])
    func errorsGiveLineAndColumn(text: String, line: Int, column: Int, says: String) {
        do {
            _ = try JSON.parse(text)
            Issue.record("accepted \(text)")
        } catch let e as JSONError {
            #expect(e.line == line && e.column == column, "\(e)")
            #expect(e.message.contains(says), "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { _ = try JSON.parse(deep) }
    }
}

@Suite struct OutputContainmentTests {
    @Test(arguments: ["../x.svg", "../../../../x", "a/b.csv", "..", ".", "", "x\ny", "/etc/passwd"])
    func namesThatLeaveTheFolderAreRefused(name: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = OutputFolder(dir.appendingPathComponent("out"))
        #expect(throws: ReportError.self) { try out.write("x", to: name) }
        // Nothing was written anywhere below the temporary folder.
        let written = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []
        #expect(written.filter { !$0.hasPrefix("out") }.isEmpty, "\(written)")
    }

    @Test func figureNamesBuiltFromDataUseTheSafeAlphabet() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for bad in ["gradient_norms_../../x", "rates_a b", "-x", "x\u{0}y", ".hidden"] {
            let f = Figure(name: bad, title: "t", xLabel: "x", yLabel: "y", yIsLog10: false, series: [])
            #expect(throws: ReportError.self) { try f.write(to: OutputFolder(dir)) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        try Figure(name: "gradient_norms_rnn-tanh", title: "t", xLabel: "x", yLabel: "y", yIsLog10: false, series: [])
            .write(to: OutputFolder(dir))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 3)
    }

    /// A newline, quote, backslash or control character in a label must not break the generated
    /// scripts: Python parses the matplotlib script and reads the label back unchanged.
    @Test func scriptStringsAreEscapedForTheirLanguage() throws {
        let label = "a \"b\" \\c\nd\re\tf\u{1}g\u{7f}h \u{2028}é"
        let f = Figure(
            name: "escaped", title: label, xLabel: label, yLabel: "y", yIsLog10: true,
            series: [
                .init(
                    label: label, csv: "x.csv", x: "lag", y: "v", filter: [("cell", label)], points: [(0, 1), (1, 2)])
            ])
        let py = f.matplotlibScript
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("check.py")
        try py.write(to: dir.appendingPathComponent("fig.py"), atomically: true, encoding: .utf8)
        let expected = label.unicodeScalars.map { String(format: "%d", $0.value) }.joined(separator: ",")
        try """
        import ast
        tree = ast.parse(open(\(Figure.pythonString(dir.appendingPathComponent("fig.py").path)), encoding="utf-8").read())
        want = "".join(chr(int(c)) for c in "\(expected)".split(","))
        found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == want]
        assert len(found) >= 3, len(found)
        print("ok")
        """.write(to: script, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && text.contains("ok"), "\(text)")
        // gnuplot: no raw control character survives inside the script, and every string is closed
        // on its own line.
        let gp = f.gnuplotScript
        #expect(!gp.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(gp.contains(#"a \"b\" \\c\nd\re\tf\001g\177h"#))
        // SVG: control characters, which XML cannot hold, are gone.
        #expect(!f.svg.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F })
    }

    @Test func ticksAndLabelsNeverTrapOnExtremeRanges() {
        for (lo, hi) in [
            (-1.7e308, 1.7e308), (1e300, 1e300 * 1.0000001), (1e17, 1e17 + 64), (-5.0, 1e300), (0, 5e-324),
        ] {
            let t = Figure.ticks(lo, hi)
            #expect(t.count <= 14)
            for v in t { _ = Figure.label(v, log10: true); _ = Figure.label(v, log10: false) }
        }
        #expect(Figure.label(1e300, log10: true).hasPrefix("1e"))
        _ = TerminalPlot.render([(-1.7e308, 1), (1.7e308, 2), (0, -1.7e308)], xLabel: "x", yLabel: "y", yIsLog10: true)
        #expect(NumberFormat.shortFromLog10(1e19) == "10^1.000e+19")
        #expect(NumberFormat.fromLog10(-1e300).hasPrefix("1e"))
    }
}

@Suite struct FolderSwapTests {
    func write(_ dir: URL, _ files: [String: String]) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (k, v) in files { try v.write(to: dir.appendingPathComponent(k), atomically: false, encoding: .utf8) }
    }

    func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    /// A run killed in a container (pid 1) leaves `.exp.partial-1` holding the shard folders it had
    /// moved in, and `.exp.old-1`. The next run (also pid 1) must neither fail nor delete them.
    @Test func leftoversOfADeadRunAreRecoveredNotDeleted() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("exp")
        // Killed after moving the shards into its new folder and renaming the old one away.
        try write(dir.appendingPathComponent(".exp.old-1"), ["report.md": "previous"])
        try write(dir.appendingPathComponent(".exp.partial-1"), ["report.md": "half"])
        try write(dir.appendingPathComponent(".exp.partial-1/shard-1-of-2"), ["a.csv": "shard one"])
        try write(dir.appendingPathComponent(".exp.old-1/shard-2-of-2"), ["a.csv": "shard two"])
        try FolderSwap.replace(target, carry: { $0.hasPrefix("shard-") }) { try $0.write("new", to: "report.md") }
        #expect(read(target.appendingPathComponent("report.md")) == "new")
        #expect(read(target.appendingPathComponent("shard-1-of-2/a.csv")) == "shard one")
        #expect(read(target.appendingPathComponent("shard-2-of-2/a.csv")) == "shard two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["exp"])
    }

    @Test func aSwapCutBetweenItsRenamesRestoresThePreviousFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // `exp` is missing: the dead run renamed it away and died before putting the new one in place.
        try write(dir.appendingPathComponent(".exp.old-77"), ["report.md": "previous"])
        FolderSwap.recover(parent: dir, name: "exp", carry: { _ in false })
        #expect(read(dir.appendingPathComponent("exp/report.md")) == "previous")
    }

    @Test func aLiveRunsFoldersAreLeftAlone() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = dir.appendingPathComponent(".exp.partial-5-abc")
        try write(live, ["x": "being written"])
        let fd = open(live.path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        FolderSwap.recover(parent: dir, name: "exp", carry: { _ in true })
        #expect(read(live.appendingPathComponent("x")) == "being written")
    }

    @Test func aFolderOfOtherFilesIsNeverReplaced() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = dir.appendingPathComponent("my-project")
        try write(mine, ["thesis.tex": "years of work"])
        #expect(throws: ReportError.self) { try FolderSwap.replace(mine) { try $0.write("x", to: "report.md") } }
        #expect(read(mine.appendingPathComponent("thesis.tex")) == "years of work")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["my-project"])
    }
}

@Suite struct SpecLimitTests {
    func spec(grid: String, extra: String = "") -> Data {
        Data(
            """
            {"name": "g", "title": "t", "question": "q", "expected_runtime_seconds": 1, "kind": "gradient-flow",
             "parameters": {"steps": 5\(extra)}, "grid": {\(grid)}}
            """.utf8)
    }

    /// 10 keys × 10 values = 10^10 configurations: refused from the count, never enumerated.
    @Test func aHugeGridIsCountedNotEnumerated() throws {
        let keys = [
            "init_scale", "input_scale", "forget_bias", "hidden_size", "input_size", "batch_size", "layers",
            "jacobian_values", "steps", "sigma_max",
        ]
        var grid: [String] = []
        for k in keys {
            let values: [String] = (1...10).map { (i: Int) -> String in
                k == "layers" ? String((i - 1) % 8 + 1) : String(i)
            }
            grid.append("\"\(k)\": [" + values.joined(separator: ", ") + "]")
        }
        do {
            _ = try ExperimentSpec.parse(spec(grid: grid.joined(separator: ", ")), file: "g.json")
            Issue.record("accepted")
        } catch let e as SpecError {
            #expect(
                e.description.contains("10000000000 configurations") && e.description.contains("limit of 100000"),
                "\(e)")
        }
    }

    @Test func gridOrderComesFromTheParsedStructure() throws {
        // `quick` before `grid`, and a key name that also appears in a string: the order is the grid's.
        let text = """
            {"quick": {"grid": {"hidden_size": [4]}}, "name": "g", "title": "mentions \\"sigma_max\\" first", "question": "q",
             "expected_runtime_seconds": 1, "kind": "gradient-flow",
             "grid": {"hidden_size": [4, 8], "sigma_max": [0.5, 2]}}
            """
        let s = try ExperimentSpec.parse(Data(text.utf8), file: "g.json")
        #expect(s.grid.map(\.0) == ["hidden_size", "sigma_max"])
        #expect(
            s.configurations(form: .standard, seedOverride: nil).map(\.name).prefix(2)
                == ["hidden_size=4;sigma_max=0.5;seed=0", "hidden_size=4;sigma_max=2;seed=0"])
    }

    @Test func validationStillSeesEveryCheckedCombination() {
        // forget_bias is an error for a GRU: the reduced validation set must still contain cell = gru.
        let grid = "\"hidden_size\": [1, 2, 3], \"cell\": [\"lstm\", \"gru\"]"
        #expect(throws: SpecError.self) {
            _ = try ExperimentSpec.parse(spec(grid: grid, extra: ", \"forget_bias\": 1"), file: "g.json")
        }
    }

    @Test func memoryEstimatesRefuseTerabyteRuns() throws {
        let text = """
            {"name": "big", "title": "t", "question": "q", "expected_runtime_seconds": 1, "kind": "gradient-flow",
             "parameters": {"steps": 100000, "hidden_size": 4096, "input_size": 4096, "batch_size": 4096, "layers": 8}}
            """
        let s = try ExperimentSpec.parse(Data(text.utf8), file: "big.json")
        let run = ExperimentRun(spec: s)
        do {
            try run.checkCost(memory: MemoryLimit(bytes: 24 * 0x1p30, origin: "24 GiB"))
            Issue.record("accepted")
        } catch let e as CostError {
            #expect(
                e.message.contains("needs about") && e.message.contains("TiB")
                    && e.message.contains("more than 24 GiB"), "\(e)")
        }
        // The training case: held-out set and sequences of 100,000 steps.
        let training = """
            {"name": "long", "title": "t", "question": "q", "expected_runtime_seconds": 1, "kind": "training",
             "parameters": {"task": "adding-hochreiter1997", "length": 100000, "eval_size": 100000}}
            """
        let t = ExperimentRun(spec: try ExperimentSpec.parse(Data(training.utf8), file: "long.json"))
        #expect(throws: CostError.self) { try t.checkCost(memory: MemoryLimit(bytes: 24 * 0x1p30, origin: "24 GiB")) }
        // A predefined experiment's quick form fits easily.
        let sweep = try ExperimentSpec.load(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("experiments/vanishing-sweep.json").path)
        try ExperimentRun(spec: sweep, form: .quick).checkCost(memory: MemoryLimit(bytes: 0x1p30, origin: "1 GiB"))
    }

    @Test func theEstimateIsAnUpperBoundOfTheStoredCaches() throws {
        // passBytes counts twice the stored caches plus the input and its gradient.
        for cell in CellKind.all {
            var net = RecurrentNetwork(cell: cell, inputSize: 3, hiddenSize: 5, layerCount: 2)
            var rng = SplitMix64(seed: 1)
            try Initializer.pytorch.initialize(&net, using: &rng)
            let x = SequenceBatch.uniform(steps: 7, batchSize: 2, featureSize: 3, using: &rng)
            let stored = net.forward(x).layers.map(\.storedDoubles).reduce(0, +)
            let estimate = CostEstimate.passBytes(
                cell: cell, inputSize: 3, hiddenSize: 5, layers: 2, steps: 7, batch: 2)
            #expect(estimate >= Double(16 * stored), "\(cell): \(estimate) < 2 × \(8 * stored)")
            let slack: Double = 8 * 2 * 7 * 2 * 3 + 8 * 2 * 2 * 5 * 4
            #expect(estimate <= Double(16 * stored) + slack, "\(cell)")
        }
    }
}

@Suite struct SafetensorsHardeningTests {
    func header(_ json: String, body: Int) -> Data {
        var d = Data()
        var n = UInt64(json.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { d.append(contentsOf: $0) }
        d.append(Data(json.utf8))
        d.append(Data(count: body))
        return d
    }

    func message(_ data: Data) -> String {
        do { _ = try Safetensors.parse(data, file: "m.safetensors"); return "accepted" } catch { return "\(error)" }
    }

    @Test func elementCountsThatOverflowIntAreRefused() {
        let m = message(
            header(
                #"{"w": {"dtype": "F64", "shape": [4294967296, 4294967296, 4294967296], "data_offsets": [0, 8]}}"#,
                body: 8))
        #expect(m.contains("more elements than"), "\(m)")
    }

    @Test func overlappingGappedAndBooleanEntriesAreRefused() {
        let overlap =
            #"{"a": {"dtype": "F64", "shape": [2], "data_offsets": [0, 16]}, "b": {"dtype": "F64", "shape": [1], "data_offsets": [8, 16]}}"#
        #expect(message(header(overlap, body: 16)).contains("overlap"))
        let gap = #"{"a": {"dtype": "F64", "shape": [1], "data_offsets": [8, 16]}}"#
        #expect(message(header(gap, body: 16)).contains("contiguous"))
        let extra = #"{"a": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}}"#
        #expect(message(header(extra, body: 16)).contains("no tensor describes"))
        let bools = #"{"a": {"dtype": "F64", "shape": [true, true], "data_offsets": [0, 8]}}"#
        #expect(message(header(bools, body: 8)).contains("non-negative integers"))
    }

    @Test func picklesZipsAndHDF5AreRecognised() {
        #expect(message(Data([0x80, 0x02, 0x7D, 0x71] + [UInt8](repeating: 0, count: 20))).contains("pickle"))
        #expect(message(Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 20))).contains("zip archive"))
        #expect(message(Data([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])).contains("HDF5"))
        #expect(message(Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 20))).contains("save_file"))
    }

    @Test func aNaNInitialStateIsRefused() throws {
        let net = RecurrentNetwork(cell: .rnn(.tanh), inputSize: 2, hiddenSize: 3)
        let t = try Safetensors.parse(
            Safetensors.encode([("input", [1, 1, 2], [0, 1]), ("h0", [1, 1, 3], [0, .nan, 1])]), file: "x")
        #expect(throws: ModelImportError.self) { _ = try PyTorchImport.inputs(tensors: t, file: "x", for: net) }
    }
}

@Suite struct VerdictTests {
    /// A ReLU RNN whose states overflow: the gradient norms are NaN, and the verdict says so
    /// (it was `neutral` with an observed rate of nan).
    @Test func overflowingStatesGiveTheVerdictNonFinite() throws {
        var net = RecurrentNetwork(cell: .rnn(.relu), inputSize: 1, hiddenSize: 2)
        net.layers[0].weightHH = Matrix.identity(2, scale: 1e100)
        net.layers[0].weightIH = Matrix(rows: 2, columns: 1, storage: [1, 1])
        var rng = SplitMix64(seed: 3)
        let x = SequenceBatch.uniform(steps: 10, batchSize: 1, featureSize: 1, low: 0.5, high: 1, using: &rng)
        let r = try GradientFlowProbe.run(
            net, input: x, loss: .last, options: ProbeOptions(spectra: false, jacobians: false))
        #expect(r.diagnoses[0].verdict == .nonFinite, "\(r.diagnoses[0])")
        #expect(Verdict.nonFinite.rawValue == "non-finite")
    }

    @Test func exactlyZeroNormsAreVanishingNotNonFinite() {
        let d = Diagnosis(
            layer: 0, gradHiddenLog10: [-.infinity, -.infinity, 0], sigmaMax: 0, gamma: 1, checkBound: false)
        #expect(d.verdict == .vanishing)
    }
}

/// Every committed seed of the fuzz corpus, and every input the fuzzer once crashed on
/// (Fuzz/crashes/<target>/), goes through the fuzz targets' own entry points: none may trap.
@Suite struct FuzzCorpusReplayTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    @Test(arguments: [("safetensors", "FuzzSafetensors"), ("spec", "FuzzSpec"), ("csv", "FuzzCSV")])
    func replay(corpus: String, target: String) throws {
        var files: [URL] = []
        for folder in ["corpus/\(corpus)", "crashes/\(target)"] {
            let dir = Self.fuzz.appendingPathComponent(folder)
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
                files.append(dir.appendingPathComponent(f))
            }
        }
        #expect(files.count >= 3, "the seed corpus of \(target) is missing")
        for f in files {
            let data = try Data(contentsOf: f)
            switch corpus {
            case "safetensors": FuzzEntry.safetensors(data)
            case "spec": FuzzEntry.spec(data)
            default: FuzzEntry.csv(data)
            }
        }
    }
}

/// A measured column never shares its name with a parameter of its kind: a spec that sweeps that
/// parameter would otherwise write two columns of one name (once a crash: sweeping `omega` met
/// training.csv's Ω column).
@Suite struct ColumnNameTests {
    @Test(arguments: ["seed-table", "vanishing-sweep", "clipping-modes", "cliff", "gate-comparison"])
    func measuredColumnsAreNotParameterNames(name: String) throws {
        let spec = try catalogue.load(name)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ExperimentRun(spec: spec, form: .quick).run(into: dir)
        let keys = Set(ExperimentRunner.keyColumns(spec, spec.configurations(form: .quick, seedOverride: nil)))
        let parameters = Set(spec.kind.parameters.keys)
        for f in try csvFiles(dir.appendingPathComponent(name)) {
            let columns = try CSVData.read(dir.appendingPathComponent(name).appendingPathComponent(f)).columns
            let clash = Set(columns).subtracting(keys).intersection(parameters)
            #expect(clash.isEmpty, "\(name)/\(f): measured columns named like parameters: \(clash.sorted())")
        }
    }
}

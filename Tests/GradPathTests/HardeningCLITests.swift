import Foundation
import Testing
@testable import ModelImport

/// The hardening issue's examples as an adversarial user meets them, through the CLI: each must
/// end with exactly one line on stderr and exit 2 (or succeed where the input is valid), never a
/// trap, a write outside the output folder or a lost result. Library-level tests of the same
/// classes are in ExperimentsTests/HardeningTests.swift.

/// `gradpath ARGS`: expects exit 2 with one stderr line containing every part, and nothing on stdout.
func expectRefused(
    _ args: [String], _ parts: [String], in directory: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let r = try gradpath(args, in: directory)
    #expect(r.status == 2, "\(args): status \(r.status), \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
    for p in parts {
        #expect(r.stderr.contains(p), "\(args): '\(r.stderr)' lacks '\(p)'", sourceLocation: sourceLocation)
    }
    #expect(
        !r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("You don’t have permission")
            && !r.stderr.contains("Fatal error"),
        sourceLocation: sourceLocation)
}

/// Sets one field of a CSV file written by gradpath (no quoted commas in the rows it edits).
func setField(_ file: URL, column: String, row: Int, to value: String) throws {
    var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
    let header = lines[0].split(separator: ",").map(String.init)
    guard let c = header.firstIndex(of: column) else { Issue.record("no column \(column)"); return }
    // The first field (run) is quoted and holds ';' but no ','; split the rest.
    var fields = lines[row + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    fields[c] = value
    lines[row + 1] = fields.joined(separator: ",")
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
}

func files(under dir: URL) -> Set<String> {
    Set((FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String]) ?? [])
}

func replaceInCSVs(_ folder: URL, _ from: String, _ to: String, only: String? = nil) throws {
    for f in try FileManager.default.contentsOfDirectory(atPath: folder.path)
    where f.hasSuffix(".csv") && (only == nil || f == only) {
        let u = folder.appendingPathComponent(f)
        try String(contentsOf: u, encoding: .utf8).replacingOccurrences(of: from, with: to).write(
            to: u, atomically: true, encoding: .utf8)
    }
}

@Suite(.serialized) struct HardeningCLITests {
    /// A quick vanishing-sweep (rnn-tanh and rnn-sigmoid) in `dir/out/vanishing-sweep`.
    func sweep(_ dir: URL) throws -> URL {
        let r = try gradpath([
            "run", "vanishing-sweep", "--quick", "--out", dir.appendingPathComponent("out").path, "--experiments",
            experimentsFolder,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        return dir.appendingPathComponent("out/vanishing-sweep")
    }

    // MARK: 1. Writes outside the output folder

    @Test func aCellNamedLikeAPathIsRefusedAndNothingIsWrittenOutside() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try sweep(dir)
        try replaceInCSVs(folder, "rnn-tanh", "../../../../x")
        let before = files(under: dir)
        try expectRefused(
            ["report", folder.path],
            [folder.path + "/diagnosis.csv: line 2, column 'cell'", "'../../../../x' is not allowed"])
        #expect(files(under: dir) == before)
        // Where the escaped name would have landed (folder/../../../../x.svg) there is nothing.
        let escaped = folder.appendingPathComponent("../../../../x.svg").standardizedFileURL
        #expect(!FileManager.default.fileExists(atPath: escaped.path))
    }

    @Test func aNewlineInACSVValueIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try sweep(dir)
        try replaceInCSVs(folder, ",rnn-sigmoid,", ",\"rnn-sig\nmoid\",")
        try expectRefused(["report", folder.path], ["column 'cell'", "rnn-sig\\x0Amoid"])
    }

    // MARK: 2. Traps

    @Test func aSeedAbove2To63Runs() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try gradpath([
            "run", "vanishing-sweep", "--quick", "--seed", "18446744073709551615", "--out", dir.path, "--experiments",
            experimentsFolder,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let g = try String(contentsOf: dir.appendingPathComponent("vanishing-sweep/diagnosis.csv"), encoding: .utf8)
        #expect(g.contains(",18446744073709551615,"))
        let rebuilt = try gradpath(["report", dir.appendingPathComponent("vanishing-sweep").path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
    }

    @Test func inspectOfExtremeValues() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("x.csv")
        try "lag,grad_h_log10\n0,1e19\n1,-1e300\n2,5\n".write(to: f, atomically: true, encoding: .utf8)
        let a = try gradpath(["inspect", f.path])
        #expect(a.status == 0 && a.stdout.contains("10^1.000e+19"), "\(a.stderr)")
        try "t,value\n-1.7e308,1\n1.7e308,2\n0,-1.7e308\n".write(to: f, atomically: true, encoding: .utf8)
        let b = try gradpath(["inspect", f.path, "--x", "t", "--column", "value"])
        #expect(b.status == 0 && b.stdout.contains("•"), "\(b.stderr)")
    }

    @Test func reportOfALayerOfInfAndHugeLogNorms() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try sweep(dir)
        // A log-norm of 1e300 is a number: the report is built.
        try setField(folder.appendingPathComponent("gradient_norms.csv"), column: "grad_h_log10", row: 0, to: "1e300")
        let ok = try gradpath(["report", folder.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        // A layer of inf is not a layer.
        try setField(folder.appendingPathComponent("diagnosis.csv"), column: "layer", row: 0, to: "inf")
        try expectRefused(["report", folder.path], ["diagnosis.csv: line 2, column 'layer'", "'inf'"])
    }

    @Test func anExperimentJSONOfAnotherKind() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try sweep(dir)
        let other = try String(contentsOfFile: experimentsFolder + "/clipping-modes.json", encoding: .utf8)
        try other.replacingOccurrences(of: "\"name\": \"clipping-modes\"", with: "\"name\": \"vanishing-sweep\"")
            .write(to: folder.appendingPathComponent("experiment.json"), atomically: true, encoding: .utf8)
        try expectRefused(["report", folder.path], ["missing; the experiment did not write it", "clipping.csv"])
        let seedTable = try String(contentsOfFile: experimentsFolder + "/seed-table.json", encoding: .utf8)
        try seedTable.replacingOccurrences(of: "\"name\": \"seed-table\"", with: "\"name\": \"vanishing-sweep\"")
            .write(to: folder.appendingPathComponent("experiment.json"), atomically: true, encoding: .utf8)
        try expectRefused(["report", folder.path], ["no column"])
    }

    @Test func mergeOfMalformedShardSets() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("exp")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("shard-1-of-0"), withIntermediateDirectories: true)
        try expectRefused(["merge", folder.path], ["shard-1-of-0", "1 ≤ i ≤ n"])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("shard-1-of-0"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("shard-1-of-999999999999"), withIntermediateDirectories: true)
        try expectRefused(
            ["merge", folder.path],
            [
                """
                missing shard-2-of-999999999999, shard-3-of-999999999999, shard-4-of-999999999999 and 999999999995\
                 more of 999999999999 shards
                """
            ])
    }

    // MARK: 3. Cost before allocation

    @Test func terabyteRequestsAreRefusedWithTheEstimate() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A 16 KB weights file with I = 2048 and 50,000,000 random steps: 819 GB of inputs alone.
        let w = dir.appendingPathComponent("w.safetensors")
        try Safetensors.encode([
            ("weight_ih_l0", [1, 2048], [Double](repeating: 0.01, count: 2048)), ("weight_hh_l0", [1, 1], [0.5]),
        ]).write(to: w)
        try expectRefused(
            [
                "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "50000000,1", "--out",
                dir.appendingPathComponent("a").path,
            ],
            ["needs about", "TiB", "more than"])
        try expectRefused(
            ["analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "9223372036854775807,2"],
            ["more than 2^63"])
        let specs = [
            (
                "big",
                #""kind": "gradient-flow", "parameters": {"steps": 100000, "hidden_size": 4096, "input_size": 4096, "batch_size": 4096, "layers": 8}"#
            ),
            (
                "long",
                #""kind": "training", "parameters": {"task": "adding-hochreiter1997", "length": 100000, "eval_size": 100000}"#
            ),
        ]
        for (name, body) in specs {
            let f = dir.appendingPathComponent("\(name).json")
            try #"{"name": "\#(name)", "title": "t", "question": "q", "expected_runtime_seconds": 1, \#(body)}"#.write(
                to: f, atomically: true, encoding: .utf8)
            try expectRefused(
                ["run", f.path, "--out", dir.appendingPathComponent("out").path],
                ["\(name): 1 configuration needs about", "more than"])
        }
        try expectRefused(["bench", "--long-steps", "100000000000"], ["bench --long", "needs about", "more than"])
        // --max-memory sets the limit.
        try expectRefused(
            [
                "run", "vanishing-sweep", "--quick", "--max-memory", "1K", "--out",
                dir.appendingPathComponent("out").path,
                "--experiments", experimentsFolder,
            ], ["more than --max-memory 1.0 KiB"])
        try expectRefused(["run", "vanishing-sweep", "--max-memory", "lots"], ["--max-memory", "8G"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    // MARK: 4. Lost or mixed results

    @Test func analyzeReplacesItsWholeFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = dir.appendingPathComponent("w.safetensors")
        try Safetensors.encode([
            ("weight_ih_l0", [3, 2], [0.1, 0.2, 0.3, -0.1, 0.0, 0.2]),
            ("weight_hh_l0", [3, 3], [0.5, 0.1, 0, 0, 0.4, 0.1, 0.2, 0, 0.3]),
        ]).write(to: w)
        let out = dir.appendingPathComponent("analysis")
        let first = try gradpath([
            "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "20,3", "--per-sequence",
            "--jacobians", "--out", out.path,
        ])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            files(under: out).contains("gradient_norms_per_sequence.csv")
                && files(under: out).contains("jacobian_spectrum.csv"))
        let second = try gradpath([
            "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "20,3", "--no-jacobians", "--out",
            out.path,
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let now = files(under: out)
        #expect(
            !now.contains("gradient_norms_per_sequence.csv") && !now.contains { $0.hasPrefix("jacobian_") }, "\(now)")
        // A failing analysis (inputs of the wrong size) leaves the folder as it was.
        let bad = dir.appendingPathComponent("x.safetensors")
        try Safetensors.encode([("input", [4, 1, 5], [Double](repeating: 0, count: 20))]).write(to: bad)
        try expectRefused(
            ["analyze", "--cell", "rnn-tanh", "--weights", w.path, "--inputs", bad.path, "--out", out.path], ["input"])
        #expect(files(under: out) == now)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
                "analysis", "w.safetensors", "x.safetensors",
            ])
    }

    /// In a container every run is pid 1: a killed sharded run leaves `.NAME.partial-1` (holding the
    /// shard folders it had moved in) and `.NAME.old-1`. The next run neither fails nor deletes them.
    @Test func aRunAfterAKilledRunInAContainerKeepsTheShards() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 1...2 {
            let r = try gradpath([
                "run", "clipping-modes", "--quick", "--shard", "\(i)/2", "--out", dir.path, "--experiments",
                experimentsFolder,
            ])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let fm = FileManager.default
        let folder = dir.appendingPathComponent("clipping-modes")
        let partial = dir.appendingPathComponent(".clipping-modes.partial-1"),
            old = dir.appendingPathComponent(".clipping-modes.old-1")
        try fm.createDirectory(at: partial, withIntermediateDirectories: true)
        try fm.moveItem(
            at: folder.appendingPathComponent("shard-1-of-2"), to: partial.appendingPathComponent("shard-1-of-2"))
        try fm.createDirectory(at: old, withIntermediateDirectories: true)
        let m = try gradpath(["merge", folder.path])  // shard 1 is in the dead run's folder: incomplete
        #expect(m.status == 2 && m.stderr.contains("missing shard-1-of-2"), "\(m.stderr)")
        let r = try gradpath([
            "run", "clipping-modes", "--quick", "--out", dir.path, "--experiments", experimentsFolder,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(fm.fileExists(atPath: folder.appendingPathComponent("shard-1-of-2/clipping.csv").path))
        #expect(fm.fileExists(atPath: folder.appendingPathComponent("shard-2-of-2/clipping.csv").path))
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["clipping-modes"])
        let merged = try gradpath(["merge", folder.path])
        #expect(merged.status == 0, "\(merged.stderr)")
    }

    @Test func mergeRefusesAShardThatLacksAFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 1...3 {
            let r = try gradpath([
                "run", "vanishing-sweep", "--quick", "--shard", "\(i)/3", "--out", dir.path, "--experiments",
                experimentsFolder,
            ])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let folder = dir.appendingPathComponent("vanishing-sweep")
        for f in ["gradient_norms.csv", "diagnosis.csv", "spectrum.csv", "eigenvalues.csv"] {
            try FileManager.default.removeItem(at: folder.appendingPathComponent("shard-2-of-3/\(f)"))
        }
        try expectRefused(
            ["merge", folder.path],
            ["shard-2-of-3", "lacks diagnosis.csv, eigenvalues.csv, gradient_norms.csv and 1 more"])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path))
    }

    // MARK: 5 and 6. Accepted when it should be refused; messages a person can act on

    @Test func filesThatAreNotRegularFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for (path, says) in [
            (dir.path, "is a folder; expected a file"), (fifo.path, "is a named pipe (FIFO)"),
            ("/dev/null", "is a device"),
            (dir.appendingPathComponent("nope.safetensors").path, "no such file"),
        ] {
            try expectRefused(
                ["analyze", "--cell", "lstm", "--weights", path, "--random-inputs", "5,1"], [path + ": " + says])
            try expectRefused(["inspect", path], [path + ": " + says])
            try expectRefused(["run", path], [says])
        }
    }

    @Test func outputUnderAFileSaysWhichPartIsAFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("notes.txt")
        try "mine".write(to: file, atomically: true, encoding: .utf8)
        try expectRefused(
            [
                "run", "vanishing-sweep", "--quick", "--out", file.appendingPathComponent("reports").path,
                "--experiments", experimentsFolder,
            ],
            ["\(file.path) is a file, not a folder"])
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
        // An output folder that holds other files is never replaced.
        let mine = dir.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "work".write(to: mine.appendingPathComponent("paper.tex"), atomically: true, encoding: .utf8)
        let w = dir.appendingPathComponent("w.safetensors")
        try Safetensors.encode([("weight_ih_l0", [1, 1], [0.1]), ("weight_hh_l0", [1, 1], [0.5])]).write(to: w)
        try expectRefused(
            ["analyze", "--cell", "rnn-tanh", "--weights", w.path, "--random-inputs", "5,1", "--out", mine.path],
            ["does not look like GradPath output"])
        #expect(try String(contentsOf: mine.appendingPathComponent("paper.tex"), encoding: .utf8) == "work")
    }

    @Test func jsonErrorsGiveLineAndColumn() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("broken.json")
        try "{\n  \"name\": \"x\",\n  \"title\": \"t\"\n  \"kind\": \"cliff\"\n}\n".write(
            to: f, atomically: true, encoding: .utf8)
        try expectRefused(
            ["run", f.path], ["broken.json: not valid JSON: line 4, column 3: unexpected '\"'; expected ',' or '}'"])
    }

    @Test func inspectWhereMatchingNoRowsSaysSo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("x.csv")
        try "cell,lag,grad_h_log10\nlstm,0,1\n".write(to: f, atomically: true, encoding: .utf8)
        let r = try gradpath(["inspect", f.path, "--where", "cell=gru"])
        #expect(
            r.status == 0 && r.stdout.contains("no rows match --where cell=gru")
                && !r.stdout.contains("no numeric column"), "\(r.stdout)")
    }

    @Test func aNaNInitialStateIsRefusedByAnalyze() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = dir.appendingPathComponent("w.safetensors"), x = dir.appendingPathComponent("x.safetensors")
        try Safetensors.encode([("weight_ih_l0", [1, 1], [0.1]), ("weight_hh_l0", [1, 1], [0.5])]).write(to: w)
        try Safetensors.encode([("input", [3, 1, 1], [0, 1, 2]), ("h0", [1, 1, 1], [.nan])]).write(to: x)
        try expectRefused(
            [
                "analyze", "--cell", "rnn-tanh", "--weights", w.path, "--inputs", x.path, "--out",
                dir.appendingPathComponent("a").path,
            ],
            ["tensor 'h0'", "finite initial state"])
    }
}

import Foundation
import Testing

/// Runs the built `gradpath` binary (it sits next to the test bundle in the build folder).
struct CLIResult { var status: Int32; var stdout: String; var stderr: String }

/// The gradpath binary of this build (beside the test bundle, or in a folder above it).
func gradpathBinary() -> URL {
    var dir = Bundle.main.bundleURL
    var binary = dir.appendingPathComponent("gradpath")
    while !FileManager.default.isExecutableFile(atPath: binary.path) && dir.path != "/" {
        dir = dir.deletingLastPathComponent()
        binary = dir.appendingPathComponent("gradpath")
    }
    return binary
}

func gradpath(_ arguments: [String], in directory: URL? = nil) throws -> CLIResult {
    let binary = gradpathBinary()
    let p = Process()
    p.executableURL = binary
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLIResult(
        status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
        stderr: String(decoding: e, as: UTF8.self))
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradpath-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The repository's experiments folder (this file is Tests/GradPathTests/CLITests.swift).
let experimentsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("experiments").path

@Suite struct CLITests {
    @Test func helpListsTheCommands() throws {
        let r = try gradpath(["--help"])
        #expect(r.status == 0)
        for word in ["check", "run", "Exit status"] { #expect(r.stdout.contains(word), "help lacks \(word)") }
        // Every subcommand has complete help.
        for c in ["list", "run", "merge", "report", "inspect", "analyze", "spectrum", "check"] {
            let h = try gradpath([c, "--help"])
            #expect(h.status == 0 && h.stdout.contains("OVERVIEW") && h.stdout.contains("USAGE"), "\(c) --help")
        }
        #expect(try gradpath(["run", "--help"]).stdout.contains("--shard"))
    }

    @Test(arguments: [
        (["run", "nope"], "nope"), (["run"], "--all"), (["check", "--cell", "lstm-fancy"], "lstm-fancy"),
        (["check", "--tolerance", "-1"], "tolerance"), (["frobnicate"], "frobnicate"),
    ])
    func usageErrorsAreOneLineWithStatus2(arguments: [String], mentions: String) throws {
        let r = try gradpath(arguments)
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains(mentions))
        #expect(r.stdout.isEmpty)
    }

    @Test func checkPassesForOneCell() throws {
        let r = try gradpath(["check", "--cell", "gru-reset-before"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("4 passed, 0 failed"))
    }

    @Test func checkFailsWithStatus1WhenTheToleranceCannotBeMet() throws {
        // No finite-difference check reaches 1e-30: the command must report failure, not pass.
        let r = try gradpath(["check", "--cell", "rnn-tanh", "--tolerance", "1e-30"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL"))
    }

    @Test func seedTableWritesCSVAndReport() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try gradpath(["run", "seed-table", "--out", dir.path, "--experiments", experimentsFolder])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let csv = try String(contentsOf: dir.appendingPathComponent("seed-table/gradient_norms.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "run,config,coupling,scale,seed,t,lag,grad_h_norm,grad_h_log10,ratio_to_last,predicted_ratio,sigma_max_whh,sigma_power_log10"
        )
        // T = 365: lags 0…365 thinned (docs/reports.md#thinned-tables) to 0–7, the multiples of 20 (stride
        // ⌈366/24⌉ = 16 rounded up to 20) and the last, 365: 8 + 18 + 1 = 27 rows for each of the 5 cases.
        #expect(lines.count == 1 + 5 * 27)
        let allRows = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: allRows) }
        let full = try gradpath([
            "run", "seed-table", "--all-rows", "--out", allRows.path, "--experiments", experimentsFolder,
        ])
        #expect(full.status == 0, "stderr: \(full.stderr)")
        let every = try String(
            contentsOf: allRows.appendingPathComponent("seed-table/gradient_norms.csv"), encoding: .utf8)
        #expect(every.split(separator: "\n").count == 1 + 5 * 366)
        // The t = 0 row of s = 1.01: measured ratio vs 1.01^365 = 37.78343433288728 (python3 -c
        // "print(repr(1.01**365))"), to 1e-10 relative.
        let row = try #require(
            lines.first {
                $0.hasPrefix("scale=1.01;seed=365,")
                    && $0.split(separator: ",", omittingEmptySubsequences: false)[5] == "0"
            })
        let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // run,config,coupling,scale,seed,t,lag,grad_h_norm,grad_h_log10,ratio_to_last,predicted_ratio,…
        #expect(f[6] == "365")
        let ratio = try #require(Double(f[9]))
        #expect(abs(ratio - 37.78343433288728) <= 1e-10 * 37.78343433288728)
        #expect(abs(try #require(Double(f[10])) - 37.78343433288728) <= 1e-12 * 37.78343433288728)
        let report = try String(contentsOf: dir.appendingPathComponent("seed-table/report.md"), encoding: .utf8)
        for s in [
            "37.783434", "0.025517964", "1377.4083", "6.2736116e-04", "37.8 as the lecture notes print it",
            "0.0006 as the lecture notes print it", "0.95 | 0.9 | 1.84164", "exploding", "vanishing",
            "seed", "OpenBLAS",
        ] {
            #expect(report.contains(s), "report lacks \(s)")
        }
        // Nothing else was written in the output folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["seed-table"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("seed-table").path).sorted()
                == [
                    "experiment.json", "gradient_norms.csv", "gradient_norms.gp", "gradient_norms.py",
                    "gradient_norms.svg", "non_normal.gp", "non_normal.py", "non_normal.svg", "report.md", "run.json",
                ])
    }

    @Test func unwritableOutputIsAnErrorAndLeavesNoPartialFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // "seed-table" exists as a plain file, so the experiment folder cannot be created.
        let blocker = dir.appendingPathComponent("seed-table")
        try "keep me".write(to: blocker, atomically: false, encoding: .utf8)
        let r = try gradpath(["run", "seed-table", "--out", dir.path, "--experiments", experimentsFolder])
        #expect(r.status != 0)
        #expect(r.stderr.contains("seed-table"))
        #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
        #expect(try String(contentsOf: blocker, encoding: .utf8) == "keep me")
    }
}

@Suite struct ParameterTableTests {
    /// The README's parameter tables are `gradpath list --parameters`, which prints the same
    /// declarations that validate specs and supply defaults.
    @Test func readmeTablesMatchTheDeclarations() throws {
        let r = try gradpath(["list", "--parameters"])
        #expect(r.status == 0, "\(r.stderr)")
        for kind in ["seed-table", "gradient-flow", "clipping-modes", "cliff", "training"] {
            #expect(r.stdout.contains("#### Kind `\(kind)`"), "no table for \(kind)")
        }
        for row in [
            "| `hidden_size` | integer 1 … 4096 | 32 |", "| `grid_points` | integer 2 … 2000 | 121 |",
            "| `eval_every` | integer 1 … 10000000 | max(1, updates / 20) |",
            "| `sigma_max` | number 1e-09 … 1000000000 | none (no rescaling) |",
        ] {
            #expect(r.stdout.contains(row), "lacks \(row)")
        }
        let readme = try String(
            contentsOf: URL(fileURLWithPath: experimentsFolder).deletingLastPathComponent().appendingPathComponent(
                "README.md"),
            encoding: .utf8)
        guard let a = readme.range(of: "<!-- parameters:begin (generated by `gradpath list --parameters`) -->\n\n"),
            let b = readme.range(of: "\n<!-- parameters:end -->")
        else { Issue.record("README lacks the parameter markers"); return }
        #expect(
            String(readme[a.upperBound..<b.lowerBound]) == r.stdout,
            "README's parameter tables differ from `gradpath list --parameters`: paste its output")
    }
}

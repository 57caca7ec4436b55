import ArgumentParser
import Foundation
import Recurrent
import Testing

@testable import gradpath

/// Every command's arguments parsed in process (no binary): typed values for valid input, a
/// usage error for invalid input, and help texts that list the generated choices.
@Suite struct ArgumentTests {
    func parse<C: ParsableCommand>(_ args: [String], as: C.Type) throws -> C {
        let c = try GradPath.parseAsRoot(args)
        guard let typed = c as? C else {
            Issue.record("\(args) parsed as \(type(of: c)), not \(C.self)")
            throw ValidationError("wrong command")
        }
        return typed
    }

    /// `args` must be refused at parse or validation time, mentioning `mention`.
    func expectRefused(_ args: [String], _ mention: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try GradPath.parseAsRoot(args)
            Issue.record("\(args) was accepted", sourceLocation: sourceLocation)
        } catch {
            let text = ErrorReport.flattened(GradPath.message(for: error))
            #expect(text.contains(mention), "\(args): \(text)", sourceLocation: sourceLocation)
            #expect(!text.contains("\n"), sourceLocation: sourceLocation)
        }
    }

    @Test func runListMergeReportInspect() throws {
        let r = try parse(
            [
                "run", "vanishing-sweep", "--quick", "--seed", "18446744073709551615", "--shard", "2/8", "--max-memory",
                "8G",
            ],
            as: RunCommand.self)
        #expect(r.experiments == ["vanishing-sweep"] && r.quick && r.seed == UInt64.max && r.shard == "2/8")
        #expect(r.memoryOptions.limit.bytes == 8 * 0x1p30)
        #expect(try parse(["run", "--all"], as: RunCommand.self).all)
        #expect(try parse(["list", "--parameters"], as: ListCommand.self).parameters)
        #expect(try parse(["merge", "out/x"], as: MergeCommand.self).folder == "out/x")
        #expect(try parse(["report", "out/x"], as: ReportCommand.self).folder == "out/x")
        let i = try parse(
            ["inspect", "f.csv", "--where", "cell=lstm", "--where", "seed=1", "--column", "grad_h_log10"],
            as: InspectCommand.self)
        #expect(i.filters == ["cell=lstm", "seed=1"] && i.column == "grad_h_log10")
        expectRefused(["run"], "--all")
        expectRefused(["run", "a", "--all"], "not both")
        expectRefused(["run", "a", "--shard", "0/4"], "--shard")
        expectRefused(["run", "a", "--shard", "5/4"], "--shard")
        expectRefused(["run", "a", "--max-memory", "-3G"], "--max-memory")
        expectRefused(["run", "a", "--seed", "-1"], "--seed")
        expectRefused(["inspect", "f.csv", "--where", "novalue"], "COLUMN=VALUE")
    }

    @Test func analyzeTakesTypedChoices() throws {
        let a = try parse(
            [
                "analyze", "--cell", "gru-reset-before", "--weights", "w", "--random-inputs", "100,4", "--loss", "all",
                "--no-jacobians",
            ], as: AnalyzeCommand.self)
        #expect(a.cell == .gru(.resetBefore) && a.loss == .all && !a.jacobians && a.randomInputs == "100,4")
        // The Jacobian probe is opt-in; --cell may be left to the shapes; --list needs no inputs.
        let b = try parse(
            ["analyze", "--weights", "w", "--random-inputs", "10,2", "--jacobians"], as: AnalyzeCommand.self)
        #expect(b.cell == nil && b.jacobians && !b.batchFirst && b.module == nil)
        let l = try parse(["analyze", "--weights", "w", "--list"], as: AnalyzeCommand.self)
        #expect(l.list)
        let f = try parse(
            ["analyze", "--weights", "w", "--random-inputs", "10,2", "--fail-on", "vanishing,nonfinite", "--json"],
            as: AnalyzeCommand.self)
        #expect(f.json && f.failOn == "vanishing,nonfinite")
        expectRefused(
            ["analyze", "--weights", "w", "--random-inputs", "10,2", "--fail-on", "vanishing,slow"],
            "'slow' is not a verdict")
        expectRefused(
            ["analyze", "--cell", "lstm-fancy", "--weights", "w", "--random-inputs", "5,1"],
            "one of the following: rnn-tanh, rnn-relu")
        expectRefused(
            ["analyze", "--cell", "lstm", "--weights", "w", "--random-inputs", "5,1", "--loss", "mean"],
            "'last' and 'all'")
        expectRefused(["analyze", "--cell", "lstm", "--weights", "w"], "exactly one of --inputs")
        expectRefused(["analyze", "--cell", "lstm", "--weights", "w", "--random-inputs", "5,0"], "--random-inputs")
        expectRefused(
            ["analyze", "--cell", "lstm", "--weights", "w", "--random-inputs", "9223372036854775807,2"],
            "more than 2^63")
        expectRefused(
            ["analyze", "--cell", "lstm", "--weights", "w", "--random-inputs", "5,1", "--jacobian-sequence=-1"], "≥ 0")
    }

    @Test func spectrumCheckBench() throws {
        let s = try parse(
            ["spectrum", "--cell", "lstm", "--init", "smart-tanh", "--hidden", "16", "--sigma-max", "2"],
            as: SpectrumCommand.self)
        #expect(s.cell == .lstm(.standard) && s.`init` == .smartTanh && s.hidden == 16 && s.sigmaMax == 2)
        #expect(try parse(["spectrum"], as: SpectrumCommand.self).cell == .rnn(.tanh))
        expectRefused(["spectrum", "--init", "xavier"], "'xavier' is invalid for '--init <init>'")
        expectRefused(["spectrum", "--hidden", "0"], "--hidden")
        expectRefused(["spectrum", "--sigma-max", "1", "--spectral-radius", "1"], "at most one")
        #expect(try parse(["check", "--cell", "lstm-peephole"], as: CheckCommand.self).cell == .lstm(.peephole))
        expectRefused(["check", "--tolerance", "0"], "tolerance")
        let b = try parse(
            ["bench", "--cell", "lstm", "--cell", "gru", "--mode", "batch-split", "--threads", "2"],
            as: BenchCommand.self)
        #expect(b.cells == [.lstm(.standard), .gru(.resetAfter)] && b.mode == .batchSplit && b.threads == [2])
        expectRefused(["bench", "--mode", "gpu"], "'blas' and 'batch-split'")
        expectRefused(["bench", "--repeats", "100000"], "--repeats")
        expectRefused(["bench", "--threads", "0"], "--threads")
    }

    /// Help text with its line wrapping undone.
    func help(_ c: ParsableCommand.Type) -> String {
        GradPath.helpMessage(for: c).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func helpTextsListTheGeneratedChoices() {
        let analyze = help(AnalyzeCommand.self)
        #expect(analyze.contains("rnn-tanh, rnn-relu, rnn-identity, rnn-sigmoid, lstm, lstm-peephole"))
        #expect(analyze.contains("--max-memory") && analyze.contains("values: last, all"))
        let spectrum = help(SpectrumCommand.self)
        #expect(
            spectrum.contains("pytorch") && spectrum.contains("smart-tanh") && spectrum.contains("default: rnn-tanh"))
        #expect(help(BenchCommand.self).contains("values: blas, batch-split"))
        #expect(help(ListCommand.self).contains("--parameters"))
        for c in GradPath.configuration.subcommands {
            let h = GradPath.helpMessage(for: c)
            #expect(h.contains("USAGE:") && h.contains("OPTIONS:"), "\(c)")
        }
    }
}

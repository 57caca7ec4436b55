import Foundation
import Testing
@testable import Experiments

/// A minimal valid spec, to which each test adds one mistake.
func specText(_ extra: String = "", kind: String = "gradient-flow", parameters: String = #""steps": 10"#) -> String {
    """
    {"name": "mine", "title": "T", "question": "Q?", "expected_runtime_seconds": 1, "kind": "\(kind)",
     "parameters": {\(parameters)}\(extra.isEmpty ? "" : ", " + extra)}
    """
}

func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecError? {
    do {
        _ = try ExperimentSpec.parse(Data(text.utf8), file: "mine.json")
        Issue.record("expected a SpecError", sourceLocation: sourceLocation)
        return nil
    } catch let e as SpecError {
        #expect(!e.description.contains("\n"), "one line: \(e.description)", sourceLocation: sourceLocation)
        #expect(e.description.hasPrefix("mine.json: "), sourceLocation: sourceLocation)
        return e
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

@Suite struct SpecValidationTests {
    @Test func aValidSpecParses() throws {
        let s = try ExperimentSpec.parse(
            Data(specText(#""grid": {"cell": ["rnn-tanh", "lstm"], "sigma_max": [0.5, 2]}, "seeds": [3, 4]"#).utf8),
            file: "mine.json")
        #expect(s.name == "mine" && s.kind == .gradientFlow && s.seeds == [3, 4])
        #expect(s.grid.map(\.0) == ["cell", "sigma_max"])
        #expect(s.design.isEmpty)
        let d = try ExperimentSpec.parse(Data(specText(#""design": ["one", "two"]"#).utf8), file: "mine.json")
        #expect(d.design == ["one", "two"])
    }

    @Test(arguments: [
        ("{not json", "", "not valid JSON"),
        ("[1, 2]", "", "JSON object"),
        (specText(#""colour": 1"#), "colour", "unknown field"),
        (specText(parameters: #""stepz": 10"#), "parameters.stepz", "unknown parameter 'stepz'"),
        (specText(parameters: #""steps": 0"#), "parameters.steps", "an integer from 1 to 100000"),
        (specText(parameters: #""steps": 2.5"#), "parameters.steps", "an integer"),
        (specText(parameters: #""steps": "ten""#), "parameters.steps", "an integer"),
        (specText(parameters: #""steps": true"#), "parameters.steps", "an integer"),
        (specText(parameters: #""sigma_max": -1"#), "parameters.sigma_max", "a number from"),
        (specText(parameters: #""cell": "lstm2""#), "parameters.cell", "one of rnn-tanh"),
        (specText(parameters: #""jacobians": 1"#), "parameters.jacobians", "true or false"),
        (specText(#""grid": {"sigma_max": []}"#), "grid.sigma_max", "non-empty list"),
        (specText(#""grid": {"sigma_max": [1, "x"]}"#), "grid.sigma_max[1]", "a number"),
        (specText(#""grid": {"hidden": [1]}"#), "grid.hidden", "unknown parameter"),
        (specText(#""seeds": [1, -2]"#), "seeds[1]", "integer from 0"),
        (specText(#""seeds": []"#), "seeds", "non-empty"),
        (specText(#""report": ["pie-chart"]"#), "report[0]", "not a section"),
        (specText(#""claims": [{"claim": "x", "published": "y"}]"#), "claims[0].source", "non-empty string"),
        (
            specText(#""claims": [{"claim": "x", "published": "y", "source": "z", "doi": "w"}]"#), "claims[0].doi",
            "unknown field"
        ),
        (specText(#""quick": {"steps": 5}"#), "quick.steps", "unknown field"),
        (specText(#""design": "why""#), "design", "a list of non-empty strings"),
        (specText(#""design": ["why", 3]"#), "design[1]", "a non-empty string"),
        (
            specText(
                #""claims": [{"claim": "x", "published": "y", "source": "z", "check": "m", "expect": {"above": "a"}}]"#),
            "claims[0].expect.above", "below_measurement"
        ),
        (
            specText(
                #""claims": [{"claim": "x", "published": "y", "source": "z", "check": "m", "expect": {"near": 1}}]"#),
            "claims[0].expect.near", "expected"
        ),
        (
            specText(#""claims": [{"claim": "x", "published": "y", "source": "z", "expect": {"below": 1}}]"#),
            "claims[0].expect", "needs a check"
        ),
        (
            specText(kind: "training", parameters: #""task": "delayed-recall", "arm": "../x""#), "parameters.arm",
            "a name of letters"
        ),
        (
            specText(kind: "training", parameters: #""task": "delayed-recall", "cell": "gru", "input_bias": -3"#),
            "parameters.input_bias", "only to cells lstm"
        ),
        (
            specText(
                kind: "training",
                parameters: #""task": "delayed-recall", "cell": "lstm", "chrono_max_lag": 50, "forget_bias": 1"#),
            "parameters.chrono_max_lag", "without forget_bias"
        ),
        (specText(#""quick": {"parameters": {"steps": 0}}"#), "quick.parameters.steps", "an integer"),
        (specText(#""full": {"parameters": {"steps": 100}}"#), "full.expected_runtime_seconds", "expected cost"),
        (specText(#""full": {"expected_runtime_seconds": -1}"#), "full.expected_runtime_seconds", "positive"),
        (specText(#""full": {"expected_runtime_seconds": 9, "steps": 5}"#), "full.steps", "unknown field"),
        (specText(#""quick": {"expected_runtime_seconds": 9}"#), "quick.expected_runtime_seconds", "unknown field"),
        (
            specText(
                #""full": {"expected_runtime_seconds": 9, "grid": {"cell": ["gru"]}}"#,
                parameters: #""cell": "lstm", "forget_bias": 1"#), "parameters.forget_bias", "--full"
        ),
        (specText(kind: "pie"), "kind", "expected one of"),
        (specText(parameters: #""cell": "gru", "forget_bias": 1"#), "parameters.forget_bias", "only to cells lstm"),
        (specText(parameters: #""sigma_max": 1, "spectral_radius": 1"#), "parameters.sigma_max", "at most one"),
        (specText(kind: "clipping-modes"), "parameters", "needs max_norm and clip_value"),
        (
            """
            {\"name\": \"Bad Name\", \"title\": \"T\", \"question\": \"Q\", \"expected_runtime_seconds\": 1,\
             \"kind\": \"cliff\"}
            """,
            "name", "lowercase"
        ),
        (
            "{\"title\": \"T\", \"question\": \"Q\", \"expected_runtime_seconds\": 1, \"kind\": \"cliff\"}", "name",
            "missing"
        ),
        (
            """
            {\"name\": \"a\", \"title\": \"T\", \"question\": \"Q\", \"expected_runtime_seconds\": 0, \"kind\":\
             \"cliff\"}
            """,
            "expected_runtime_seconds", "from 0"
        ),
    ])
    func everyKindOfMistakeIsNamed(text: String, field: String, says: String) {
        guard let e = parseError(text) else { return }
        #expect(e.field == field, "field \(e.field), expected \(field): \(e)")
        #expect(e.description.contains(says), "\(e.description) lacks '\(says)'")
    }
}

@Suite struct ConfigurationTests {
    @Test func gridCasesSeedsAndQuick() throws {
        let text = specText(
            #""grid": {"cell": ["rnn-tanh", "rnn-relu"], "sigma_max": [0.5, 1, 2]}, "cases": [{"hidden_size": 8}, {"hidden_size": 16}], "seeds": [1, 2], "quick": {"parameters": {"steps": 3}, "grid": {"sigma_max": [1]}, "seeds": [9]}"#
        )
        let s = try ExperimentSpec.parse(Data(text.utf8), file: "mine.json")
        let all = s.configurations(form: .standard, seedOverride: nil)
        #expect(all.count == 2 * 3 * 2 * 2)
        #expect(all.map(\.index) == Array(0..<24))
        // First grid key varies slowest, then the next, then cases, then seeds.
        #expect(all[0].name == "cell=rnn-tanh;sigma_max=0.5;hidden_size=8;seed=1")
        #expect(all[1].name == "cell=rnn-tanh;sigma_max=0.5;hidden_size=8;seed=2")
        #expect(all[2].name == "cell=rnn-tanh;sigma_max=0.5;hidden_size=16;seed=1")
        #expect(all[23].name == "cell=rnn-relu;sigma_max=2;hidden_size=16;seed=2")
        #expect(all.allSatisfy { $0[NetworkParameters.steps] == 10 })
        let quick = s.configurations(form: .quick, seedOverride: nil)
        #expect(quick.count == 2 * 1 * 2 * 1 && quick.allSatisfy { $0[NetworkParameters.steps] == 3 && $0.seed == 9 })
        #expect(s.configurations(form: .standard, seedOverride: 5).allSatisfy { $0.seed == 5 })
    }

    @Test func theFullFormOverridesLikeTheQuickOneAndStatesItsCost() throws {
        let text = specText(
            #""grid": {"sigma_max": [0.5, 1]}, "seeds": [1, 2], "full": {"parameters": {"steps": 1000}, "grid": {"sigma_max": [0.5, 1, 2, 4]}, "seeds": [1, 2, 3, 4, 5], "expected_runtime_seconds": 7200}"#
        )
        let s = try ExperimentSpec.parse(Data(text.utf8), file: "mine.json")
        #expect(s.configurations(form: .standard, seedOverride: nil).count == 2 * 2)
        let full = s.configurations(form: .full, seedOverride: nil)
        #expect(full.count == 4 * 5 && full.allSatisfy { $0[NetworkParameters.steps] == 1000 })
        #expect(s.configurationCount(form: .full, seedOverride: nil) == 20)
        #expect(s.expectedRuntimeSeconds(.full) == 7200 && s.expectedRuntimeSeconds(.standard) == 1)
        // No quick form: --quick runs the standard form's values.
        #expect(s.configurations(form: .quick, seedOverride: nil).count == 4)
        #expect(s.expectedRuntimeSeconds(.quick) == 1)
    }

    /// Shards are balanced by expected cost, not count: longest first onto the least-loaded shard.
    @Test func shardsAreBalancedByExpectedCost() throws {
        // By hand: 10 then ten 1s on two shards: one shard takes the 10, the other the ten 1s.
        let plan = Shard.plan(costs: [10] + Array(repeating: 1, count: 10), count: 2)
        #expect(plan == [0] + Array(repeating: 1, count: 10))
        #expect(Shard.plan(costs: [3, 1, 2], count: 5) == [0, 2, 1])
        #expect(Shard.plan(costs: [1, 1], count: 1) == [0, 0])
        // Sequence lengths 25 to 800 (work ∝ T) over 3 shards: every-n-th by count would give one
        // shard all the T = 800 runs; the plan keeps the largest within 10% of the mean.
        let s = try ExperimentSpec.parse(
            Data(specText(#""grid": {"steps": [25, 50, 100, 200, 400, 800]}, "seeds": [1, 2]"#).utf8), file: "m.json")
        let all = s.configurations(form: .standard, seedOverride: nil)
        let loads = (1...3).map { i in
            ExperimentRun(spec: s, shard: Shard(index: i, count: 3)).configurations().mine.map {
                CostEstimate.work(.gradientFlow, $0)
            }.reduce(0, +)
        }
        let mean = all.map { CostEstimate.work(.gradientFlow, $0) }.reduce(0, +) / 3
        #expect(loads.max()! <= 1.1 * mean, "\(loads) against a mean of \(mean)")
        let byCount = (0..<3).map { k in
            all.filter { $0.index % 3 == k }.map { CostEstimate.work(.gradientFlow, $0) }.reduce(0, +)
        }
        #expect(byCount.max()! > 1.2 * mean, "the by-count split was already balanced: \(byCount)")
    }

    @Test(arguments: [1, 2, 3, 7, 30])
    func shardsPartitionTheConfigurations(n: Int) throws {
        let s = try ExperimentSpec.parse(
            Data(specText(#""grid": {"sigma_max": [1, 2, 3, 4, 5, 6, 7]}, "seeds": [1, 2, 3]"#).utf8), file: "mine.json"
        )
        let all = s.configurations(form: .standard, seedOverride: nil)
        var seen: [Int] = []
        for i in 1...n {
            seen += ExperimentRun(spec: s, shard: Shard(index: i, count: n)).configurations().mine.map(\.index)
        }
        #expect(seen.sorted() == Array(0..<all.count))
        #expect(Shard("2/8") == Shard(index: 2, count: 8))
        for bad in ["0/3", "4/3", "a/3", "1/0", "2", "1/2/3"] { #expect(Shard(bad) == nil, "\(bad)") }
    }
}

@Suite struct SectionRobustnessTests {
    /// Every report section, on a user's minimal spec where nothing is swept (each parameter fixed
    /// or left at its default): the report is written, never a crash.
    @Test(arguments: [
        "bound-vs-observed", "explosion-onset", "cell-highway", "gru-gates", "cell-comparison", "spectra", "clipping",
        "seed-table", "cliff",
    ])
    func sectionWithNothingSwept(section: String) throws {
        let kind =
            section == "clipping"
            ? "clipping-modes" : (section == "seed-table" || section == "cliff" ? section : "gradient-flow")
        let parameters: String
        switch kind {
        case "clipping-modes": parameters = #""steps": 5, "hidden_size": 4, "max_norm": 1, "clip_value": 0.1"#
        case "seed-table": parameters = #""steps": 5, "hidden_size": 4"#
        case "cliff": parameters = #""steps": 5, "grid_points": 5, "iterations": 3"#
        default: parameters = #""steps": 5, "hidden_size": 4, "jacobians": true"#
        }
        let text = specText(#""report": ["\#(section)"]"#, kind: kind, parameters: parameters)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mine.json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try ExperimentRun(spec: try ExperimentSpec.load(file.path)).run(into: dir)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("mine/report.md").path))
    }

    @Test func sectionsMustFitTheKind() {
        guard let e = parseError(specText(#""report": ["cliff"]"#)) else { return }
        #expect(e.field == "report[0]" && e.description.contains("needs kind cliff"))
    }
}

/// Every claim of every predefined experiment names where in its source the compared statement is:
/// a section, figure, table, equation, algorithm, theorem, chapter or the abstract of a paper; the
/// documentation of a named API; or, for the lecture notes this project was seeded from, the note's
/// number ("seed 000"). A bare author-year is not enough (issue 13).
@Suite struct ClaimSourceTests {
    static let pattern =
        #"§\s*\d|Fig(s)?\.\s*\d|Table\s*\d|Algorithm\s*\d|[Ee]qs?\.\s*\d|Theorem\s*\d|ch\.\s*\d|abstract|documentation|seed 0\d\d"#
    static var locator: Regex<AnyRegexOutput> { try! Regex(pattern) }

    @Test func theLocatorIsRecognised() throws {
        #expect("Pascanu, Mikolov & Bengio 2013, §2.1".contains(Self.locator))
        #expect("Le, Jaitly & Hinton 2015, §4.1 and Fig. 2".contains(Self.locator))
        #expect("Jozefowicz, Zaremba & Sutskever 2015, abstract".contains(Self.locator))
        #expect(!"Chung et al. 2014".contains(Self.locator))
        #expect(!"Hochreiter & Schmidhuber 1997 (constant error carousel)".contains(Self.locator))
    }

    @Test func everyClaimNamesASectionFigureOrTable() throws {
        var checked = 0
        for name in catalogue.names() {
            for c in try catalogue.load(name).claims {
                // Each source of a claim (separated by ';') that names a paper by its year has a locator.
                for part in c.source.split(separator: ";") where part.contains(try Regex(#"(19|20)\d\d"#)) {
                    #expect(String(part).contains(Self.locator), "\(name): claim '\(c.claim)': source '\(part)'")
                }
                #expect(c.source.contains(Self.locator), "\(name): claim '\(c.claim)' has no locator")
                checked += 1
            }
        }
        #expect(checked >= 40)
    }
}

/// A table cell of report.md holds its whole value on one line: a newline becomes a space and a
/// '|' (an absolute value |x|, a claim's text) is escaped, so neither can end or split the cell.
@Suite struct MarkdownCellTests {
    @Test func pipesAndNewlinesStayInsideTheirCell() {
        let table = ReportBuilder.md(["claim", "value"], [["|rate| below 1/T", "two\nlines"]])
        let row = table.split(separator: "\n")[2]
        #expect(row == #"| \|rate\| below 1/T | two lines |"#)
        // Unescaped pipes: the three that delimit the two cells.
        #expect(row.replacingOccurrences(of: #"\|"#, with: "").filter { $0 == "|" }.count == 3)
    }
}

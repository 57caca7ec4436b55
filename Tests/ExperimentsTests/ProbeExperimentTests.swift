import Foundation
import Testing
import Reporting
@testable import Experiments

/// The quick forms of the issue-15 experiments (precision-underflow, bidirectional-flow,
/// stacked-flow, deep-feedforward): every table is written, every claim shows a measurement and a verdict where it
/// states one, a sharded run merges to the unsharded one, and the tables say what they must.
@Suite struct ProbeExperimentTests {
    static let names = ["precision-underflow", "bidirectional-flow", "stacked-flow", "deep-feedforward"]
    static let tables: [String: [String]] = [
        "precision-underflow": ["precision_norms.csv", "precision_summary.csv"],
        "bidirectional-flow": ["direction_norms.csv", "sequential_jacobian.csv", "sequential_summary.csv"],
        "stacked-flow": ["stacked_norms.csv", "stacked_summary.csv"],
        "deep-feedforward": ["ff_layers.csv", "ff_spectrum.csv", "ff_summary.csv", "ff_training.csv"],
    ]

    /// Each quick form, run once for all the tests of this suite (into one folder left in the
    /// temporary directory).
    static let quickRunsResult: Result<URL, any Error> = Result {
        let dir = try temporaryDirectory()
        for name in names { try ExperimentRun(spec: try catalogue.load(name), form: .quick).run(into: dir) }
        return dir
    }
    static var quickRuns: URL { get throws { try quickRunsResult.get() } }

    @Test(arguments: ProbeExperimentTests.names)
    func quickFormRunsMergesAndMeasuresEveryClaim(name: String) throws {
        let spec = try catalogue.load(name)
        let b = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: b) }
        let dir = try Self.quickRuns.appendingPathComponent(name)
        #expect(try csvFiles(dir) == Self.tables[name]!)
        let report = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        for claim in spec.claims {
            let row = report.split(separator: "\n").first { $0.hasPrefix("| \(claim.claim) |") }.map(String.init) ?? ""
            #expect(!row.isEmpty && !row.contains("| — | —"), "\(name): claim '\(claim.claim)' has no measurement")
            // (In the quick form's narrow ReLU networks a layer can die entirely: no interval then.)
            if claim.expect != nil && !row.contains("exactly 0 in") {
                #expect(
                    ["**holds**", "**contradicted**", "**inconclusive**"].contains { row.contains($0) },
                    "\(name): claim '\(claim.claim)' has no verdict")
            }
        }
        for i in 1...2 { try ExperimentRun(spec: spec, form: .quick, shard: Shard(index: i, count: 2)).run(into: b) }
        try ExperimentRun.merge(b.appendingPathComponent(name))
        for f in try csvFiles(dir) {
            #expect(
                try Data(contentsOf: dir.appendingPathComponent(f))
                    == Data(contentsOf: b.appendingPathComponent(name).appendingPathComponent(f)),
                "\(name)/\(f) differs between the sharded and the unsharded run")
        }
    }

    /// Float formats in order of range: float16 loses the gradient first, then bfloat16, then
    /// float32; each stored gradient is exactly 0 no earlier than the exact one falls below the
    /// format's smallest normal number times the loss scale; a larger loss scale never loses it sooner.
    @Test func precisionZeroLagsAreOrderedByRange() throws {
        let dir = try Self.quickRuns
        let s = try CSVData.read(dir.appendingPathComponent("precision-underflow/precision_summary.csv"))
        func v(_ r: [String], _ c: String) -> Double? { CSVData.number(r[s.index(of: c)!]) }
        var zero: [String: Double] = [:]
        for r in s.rows where r[s.index(of: "cell")!] == "rnn-tanh" {
            let f = r[s.index(of: "format")!], scale = r[s.index(of: "loss_scale")!], seed = r[s.index(of: "seed")!]
            if let z = v(r, "zero_lag") {
                zero["\(f)|\(scale)|\(seed)"] = z
                #expect(z >= v(r, "below_normal_lag") ?? 0, "\(f): zero before leaving the normal range")
            }
        }
        for seed in ["1", "2"] {
            for scale in ["1", "65536"] {
                let z16 = zero["float16|\(scale)|\(seed)"], zb = zero["bfloat16|\(scale)|\(seed)"]
                let z32 = zero["float32|\(scale)|\(seed)"]
                #expect(z16 != nil && zb != nil && z32 != nil)
                if let z16, let zb, let z32 { #expect(z16 < zb && zb < z32) }
            }
            for f in ["float16", "bfloat16", "float32"] {
                if let a = zero["\(f)|1|\(seed)"], let b = zero["\(f)|65536|\(seed)"] { #expect(b > a) }
            }
        }
        // float64 does not reach 0 within the quick form's 400 steps at ~0.24 decades per step.
        #expect(zero.keys.allSatisfy { !$0.hasPrefix("float64|") })
    }

    /// The feed-forward summary: a tied network's spectrum of a linear orthogonal stack is exactly
    /// flat (σ = 1 at every depth), every training run ends with an accuracy in [0, 1], and the
    /// per-layer table has D rows per configuration of the first seed.
    @Test func feedForwardTablesSayWhatTheyMust() throws {
        let dir = try Self.quickRuns
        let s = try CSVData.read(dir.appendingPathComponent("deep-feedforward/ff_summary.csv"))
        func v(_ r: [String], _ c: String) -> String { r[s.index(of: c)!] }
        var flat = 0, trained = 0
        for r in s.rows {
            if v(r, "activation") == "linear" && v(r, "init") == "orthogonal" {
                #expect(abs(CSVData.number(v(r, "spread_log10"))!) < 1e-9)
                flat += 1
            }
            if v(r, "train") == "true" {
                let a = CSVData.number(v(r, "final_accuracy"))!
                #expect(a >= 0 && a <= 1)
                trained += 1
            } else {
                #expect(v(r, "final_accuracy").isEmpty)
            }
        }
        #expect(flat == 4 && trained == 12)
        let layers = try CSVData.read(dir.appendingPathComponent("deep-feedforward/ff_layers.csv"))
        let firstSeed = s.rows.filter { v($0, "seed") == "1" }
        let depths = firstSeed.map { Int(v($0, "depth"))! }.reduce(0, +)
        #expect(layers.rows.count == depths)
    }

    /// A unidirectional network's future share is exactly 0; with one layer, residual and plain
    /// stacks are the same network.
    @Test func causalityAndTheOneLayerStack() throws {
        let dir = try Self.quickRuns
        let s = try CSVData.read(dir.appendingPathComponent("bidirectional-flow/sequential_summary.csv"))
        for r in s.rows {
            let share = CSVData.number(r[s.index(of: "future_share")!]) ?? .nan
            if r[s.index(of: "directions")!] == "1" { #expect(share == 0) } else { #expect(share > 0 && share < 1) }
        }
        let g = try CSVData.read(dir.appendingPathComponent("stacked-flow/stacked_summary.csv"))
        let one = g.rows.filter { $0[g.index(of: "layers")!] == "1" }
        for cell in Set(one.map { $0[g.index(of: "cell")!] }) {
            let rs = one.filter { $0[g.index(of: "cell")!] == cell && $0[g.index(of: "seed")!] == "1" }
            #expect(rs.count == 2)
            let last = rs.map { $0[g.index(of: "last_log10")!] }
            #expect(last[0] == last[1], "\(cell): a one-layer stack must not depend on residual")
        }
    }
}

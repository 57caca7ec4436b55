import Foundation
import Recurrent

private typealias N = NetworkParameters

/// One configuration of an experiment: every parameter value and the seed.
public struct Configuration: Sendable, Equatable {
    /// Position in the experiment's full, fixed enumeration (shards split on it).
    public var index: Int
    public var parameters: [String: ParameterValue]
    /// The parameters that vary across configurations (grid and case keys), in a fixed order.
    public var varying: [String]
    public var seed: UInt64

    public init(index: Int, parameters: [String: ParameterValue], varying: [String], seed: UInt64) {
        self.index = index
        self.parameters = parameters
        self.varying = varying
        self.seed = seed
    }

    /// `cell=rnn-tanh;sigma_max=0.5;seed=1`: the `run` column of every CSV row it produces.
    public var name: String {
        (varying.compactMap { k in parameters[k].map { "\(k)=\($0)" } } + ["seed=\(seed)"]).joined(separator: ";")
    }

    // Values are read through their declarations: `c[NetworkParameters.hiddenSize]` (Parameters.swift).
}

/// A shard `i/n` of a sweep: configurations whose index ≡ i − 1 (mod n).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Parses `i/n` with 1 ≤ i ≤ n.
    public init?(_ text: String) {
        let p = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard p.count == 2, let i = p[0], let n = p[1], n >= 1, i >= 1, i <= n, n <= 1_000_000_000_000_000 else {
            return nil
        }
        index = i
        count = n
    }

    public init(index: Int, count: Int) { self.index = index; self.count = count }

    /// Parses a folder name `shard-i-of-n` (decimal, 1 ≤ i ≤ n, n ≤ 10^15).
    public init?(folderName: String) {
        let p = folderName.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 4, p[0] == "shard", p[2] == "of", p[1].count <= 15, p[3].count <= 15,
            p[1].allSatisfy(\.isASCII), p[3].allSatisfy(\.isASCII),
            let i = Int(p[1]), let n = Int(p[3]), n >= 1, i >= 1, i <= n
        else { return nil }
        index = i
        count = n
    }

    /// Which shard (0-based) each of `configs` belongs to when split into `count` shards balanced by
    /// expected cost: the configurations, most expensive first (ties by position), each go to the
    /// shard with the least expected cost so far (ties: the lowest shard) — the longest-processing-
    /// time rule, whose largest shard is within 4/3 of the best possible split. Deterministic: every
    /// shard of a sweep, run anywhere, computes the same plan from the spec alone.
    public static func plan(costs: [Double], count: Int) -> [Int] {
        let n = costs.count
        guard count > 1, n > 0 else { return Array(repeating: 0, count: n) }
        let order = costs.indices.sorted { a, b in
            let ca = costs[a].isFinite ? costs[a] : 0, cb = costs[b].isFinite ? costs[b] : 0
            return ca != cb ? ca > cb : a < b
        }
        var shardOf = Array(repeating: 0, count: n)
        if count >= n {
            for (k, i) in order.enumerated() { shardOf[i] = k }
            return shardOf
        }
        // A binary min-heap of (load, shard).
        var heap: [(load: Double, shard: Int)] = (0..<count).map { (0, $0) }
        func less(_ a: Int, _ b: Int) -> Bool {
            heap[a].load != heap[b].load ? heap[a].load < heap[b].load : heap[a].shard < heap[b].shard
        }
        for i in order {
            shardOf[i] = heap[0].shard
            heap[0].load += max(costs[i].isFinite ? costs[i] : 0, 0)
            var k = 0
            while true {
                let l = 2 * k + 1, r = l + 1
                var m = k
                if l < heap.count && less(l, m) { m = l }
                if r < heap.count && less(r, m) { m = r }
                if m == k { break }
                heap.swapAt(k, m)
                k = m
            }
        }
        return shardOf
    }
    public var description: String { "\(index)/\(count)" }
    /// Folder name of a shard's output: `shard-2-of-8`.
    public var folderName: String { "shard-\(index)-of-\(count)" }
}

extension ExperimentSpec {
    /// The grid as run: a quick or full grid overrides the values of the keys it names; the other
    /// grid keys keep theirs.
    public func effectiveGrid(form: Form) -> [(String, [ParameterValue])] {
        var g = grid
        if let q = override(form)?.grid {
            for (k, v) in q {
                if let i = g.firstIndex(where: { $0.0 == k }) { g[i].1 = v } else { g.append((k, v)) }
            }
        }
        return g
    }

    /// How many configurations `configurations(form:seedOverride:)` gives, computed without
    /// enumerating them; nil when the count overflows Int.
    public func configurationCount(form: Form, seedOverride: UInt64?) -> Int? {
        let seedCount = seedOverride != nil ? 1 : seeds(form).count
        var n = max(cases(form).count, 1)
        for (_, values) in effectiveGrid(form: form) + [
            ("", Array(repeating: ParameterValue.flag(true), count: seedCount))
        ] {
            let (p, overflow) = n.multipliedReportingOverflow(by: values.count)
            if overflow { return nil }
            n = p
        }
        return n
    }

    /// Parameters whose values (not only presence) `ExperimentKind.check` reads.
    static let checkedValues = Set([
        NetworkParameters.cell.name, TrainingParameters.clip.name, TrainingParameters.task.name,
        TrainingParameters.omega.name, CliffParameters.wMin.name, CliffParameters.wMax.name,
        CliffParameters.bMin.name, CliffParameters.bMax.name,
    ])

    /// One configuration per combination of the values that validation reads: the other grid keys
    /// keep only their first value and one seed stands for all (at most as many as the full set).
    func validationConfigurations(form: Form) -> [Configuration] {
        var reduced = self
        func reduce(_ g: [(String, [ParameterValue])]) -> [(String, [ParameterValue])] {
            g.map { k, v in
                guard ExperimentSpec.checkedValues.contains(k) else { return (k, [v[0]]) }
                var seen = Set<ParameterValue>()
                return (k, v.filter { seen.insert($0).inserted })
            }
        }
        reduced.grid = reduce(grid)
        for (f, o) in forms { reduced.forms[f]?.grid = o.grid.map(reduce) }
        return reduced.configurations(form: form, seedOverride: seeds.first ?? 0)
    }

    /// Every configuration in a fixed order: grid (Cartesian product, first key slowest), then
    /// cases, then seeds. A quick or full `form` applies the spec's overrides of that form;
    /// `seedOverride` replaces the seed list.
    public func configurations(form: Form, seedOverride: UInt64?) -> [Configuration] {
        let g = effectiveGrid(form: form)
        let base = baseParameters(form)
        let o = override(form)
        var combos: [[String: ParameterValue]] = [[:]]
        for (key, values) in g {
            combos = combos.flatMap { c in
                values.map { v in
                    var d = c; d[key] = v; return d
                }
            }
        }
        let formCases = cases(form)
        let caseList = formCases.isEmpty ? [[:]] : formCases
        let seedList = seedOverride.map { [$0] } ?? seeds(form)
        let caseKeys = Array(Set(formCases.flatMap(\.keys))).sorted()
        let varying = g.map(\.0) + caseKeys.filter { k in !g.contains { $0.0 == k } }
        var out: [Configuration] = []
        for combo in combos {
            for c in caseList {
                for seed in seedList {
                    var p = base
                    p.merge(c) { _, x in x }
                    p.merge(combo) { _, x in x }
                    // A form's parameters win over grid values for the parameters they name.
                    if let o {
                        p.merge(o.parameters.filter { k, _ in !(o.grid?.contains { $0.0 == k } ?? false) }) {
                            _, q in q
                        }
                    }
                    out.append(Configuration(index: out.count, parameters: p, varying: varying, seed: seed))
                }
            }
        }
        return out
    }
}

extension ExperimentKind {
    /// A gate bias given to a cell that has no such gate.
    static func cellParameterProblem(_ p: [String: ParameterValue]) -> (field: String, message: String)? {
        let cell = p[N.cell.name]?.text ?? "rnn-tanh"
        let withF = ["lstm", "lstm-peephole", "lstm-coupled", "lstm-no-output-activation"]
        let lstm = withF + ["lstm-no-forget-gate"]
        let rules: [(Parameter, [String])] = [
            (N.forgetBias.declaration, withF), (N.inputBias.declaration, lstm), (N.outputBias.declaration, lstm),
            (N.chronoMaxLag.declaration, ["lstm", "lstm-peephole", "lstm-no-output-activation"]),
            (N.updateBias.declaration, ["gru", "gru-reset-before"]),
        ]
        for (param, cells) in rules where p[param.name] != nil && !cells.contains(cell) {
            return ("parameters.\(param.name)", "applies only to cells \(cells.joined(separator: ", ")), not \(cell)")
        }
        if p[N.chronoMaxLag.name] != nil, p[N.forgetBias.name] != nil || p[N.inputBias.name] != nil {
            return ("parameters.chrono_max_lag", "sets b_f and b_i itself; give it without forget_bias and input_bias")
        }
        return nil
    }

    /// A problem with a complete configuration (parameters that contradict each other).
    func check(_ p: [String: ParameterValue]) -> (field: String, message: String)? {
        switch self {
        case .gradientFlow, .clipping, .precision, .sequentialJacobian, .stackedFlow:
            if p[N.sigmaMax.name] != nil && p[N.spectralRadius.name] != nil {
                return ("parameters.sigma_max", "give at most one of sigma_max and spectral_radius")
            }
            if let problem = Self.cellParameterProblem(p) { return problem }
            if self == .clipping,
                p[ClippingParameters.maxNorm.name] == nil || p[ClippingParameters.clipValue.name] == nil
            {
                return ("parameters", "kind clipping-modes needs max_norm and clip_value")
            }
        case .cliff:
            if let a = p[CliffParameters.wMin.name]?.number, let b = p[CliffParameters.wMax.name]?.number, a >= b {
                return ("parameters.w_min", "must be below w_max")
            }
            if let a = p[CliffParameters.bMin.name]?.number, let b = p[CliffParameters.bMax.name]?.number, a >= b {
                return ("parameters.b_min", "must be below b_max")
            }
        case .seedTable:
            break
        case .feedforward:
            let arch = p[FeedForwardParameters.architecture.name]?.text ?? "plain"
            if p[FeedForwardParameters.weights.name]?.text == "tied", !["plain", "residual"].contains(arch) {
                return ("parameters.weights", "tied weights need architecture plain or residual, not \(arch)")
            }
        case .training:
            let cell = p[N.cell.name]?.text ?? "rnn-tanh"
            if p[N.sigmaMax.name] != nil && p[N.spectralRadius.name] != nil {
                return ("parameters.sigma_max", "give at most one of sigma_max and spectral_radius")
            }
            if let problem = Self.cellParameterProblem(p) { return problem }
            let clip = p[TrainingParameters.clip.name]?.text ?? "none"
            if clip != "none" && p[TrainingParameters.clipThreshold.name] == nil
                && p[TrainingParameters.clipRelative.name] == nil
            {
                return ("parameters.clip", "clip \(clip) needs clip_threshold or clip_relative")
            }
            if let o = p[TrainingParameters.omega.name]?.number, o > 0, !cell.hasPrefix("rnn-") {
                return ("parameters.omega", "Pascanu's Ω applies to vanilla RNNs, not \(cell)")
            }
            if p[TrainingParameters.task.name] == nil {
                return ("parameters.task", "missing; expected one of the tasks")
            }
        }
        return nil
    }
}

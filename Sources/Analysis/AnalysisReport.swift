import Formats
import Foundation
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting

/// What an analysis folder says about the model and the run, beside its CSV files
/// (`analysis.json`), so that `report.md` and the figures can be rebuilt from the folder alone.
public struct AnalysisSummary: Sendable, Equatable {
    public var cell: String
    public var gateNames: [String]
    public var hasCellState: Bool
    public var gateCount: Int
    public var layers: Int
    public var inputSize: Int
    public var hiddenSize: Int
    public var parameters: Int
    public var steps: Int
    public var batch: Int
    public var loss: String
    public var lossValue: Double
    public var source: [String]
    public var seed: UInt64?
    public var blasThreads: Int
    /// 1, or 2 for a bidirectional module (the tables then have a `direction` column).
    public var directions = 1
    /// P of an LSTM with projections (`proj_size`), else 0.
    public var projectionSize = 0

    public var json: String {
        func q(_ s: String) -> String { JSON.quote(s) }
        let fields =
            [
                "\"cell\": \(q(cell))", "\"gates\": [\(gateNames.map(q).joined(separator: ", "))]",
                "\"cell_state\": \(hasCellState)", "\"gate_count\": \(gateCount)", "\"layers\": \(layers)",
                "\"input_size\": \(inputSize)", "\"hidden_size\": \(hiddenSize)", "\"parameters\": \(parameters)",
                "\"steps\": \(steps)", "\"batch\": \(batch)", "\"loss\": \(q(loss))",
                "\"loss_value\": \(q(NumberFormat.roundTrip(lossValue)))",
                "\"source\": [\(source.map(q).joined(separator: ", "))]",
                "\"seed\": \(seed.map(String.init) ?? "null")", "\"blas_threads\": \(blasThreads)",
            ] + (directions == 1 ? [] : ["\"directions\": \(directions)"])
            + (projectionSize == 0 ? [] : ["\"projection_size\": \(projectionSize)"])
        return "{\n  " + fields.joined(separator: ",\n  ") + "\n}\n"
    }

    public init(
        cell: String, gateNames: [String], hasCellState: Bool, gateCount: Int, layers: Int, inputSize: Int,
        hiddenSize: Int, parameters: Int, steps: Int, batch: Int, loss: String, lossValue: Double, source: [String],
        seed: UInt64?, blasThreads: Int
    ) {
        self.cell = cell
        self.gateNames = gateNames
        self.hasCellState = hasCellState
        self.gateCount = gateCount
        self.layers = layers
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.parameters = parameters
        self.steps = steps
        self.batch = batch
        self.loss = loss
        self.lossValue = lossValue
        self.source = source
        self.seed = seed
        self.blasThreads = blasThreads
    }

    /// Reads `analysis.json`; an error names the file and the field.
    public static func read(_ url: URL) throws -> AnalysisSummary {
        func fail(_ m: String) -> AnalysisError { AnalysisError("\(url.path): \(m)") }
        let data: Data
        do { data = try FileInput.read(url.path, maxBytes: 1 << 20) } catch let e as FileInputError {
            throw fail("\(e.message); expected an analysis folder written by `gradpath analyze`")
        }
        let v: JSONValue
        do { v = try JSON.parse(data) } catch let e as JSONError { throw fail("not valid JSON: \(e)") }
        func int(_ k: String) throws -> Int {
            guard let n = v[k]?.integer, n >= 0 else { throw fail("field '\(k)': expected a non-negative integer") }
            return n
        }
        func str(_ k: String) throws -> String {
            guard let s = v[k]?.string else { throw fail("field '\(k)': expected a string") }
            return s
        }
        func strings(_ k: String) throws -> [String] {
            guard let a = v[k]?.array, a.allSatisfy({ $0.string != nil }) else {
                throw fail("field '\(k)': expected a list of strings")
            }
            return a.compactMap(\.string)
        }
        guard let c = v["cell_state"]?.bool else { throw fail("field 'cell_state': expected true or false") }
        let lossText = try str("loss_value")
        guard let lossValue = CSVData.number(lossText) else { throw fail("field 'loss_value': expected a number") }
        let seed: UInt64?
        if v["seed"] == .null {
            seed = nil
        } else {
            guard let s = v["seed"]?.unsigned else { throw fail("field 'seed': expected an integer or null") }
            seed = s
        }
        var s = AnalysisSummary(
            cell: try str("cell"), gateNames: try strings("gates"), hasCellState: c, gateCount: try int("gate_count"),
            layers: try int("layers"), inputSize: try int("input_size"), hiddenSize: try int("hidden_size"),
            parameters: try int("parameters"), steps: try int("steps"), batch: try int("batch"), loss: try str("loss"),
            lossValue: lossValue, source: try strings("source"), seed: seed, blasThreads: try int("blas_threads"))
        if v["directions"] != nil { s.directions = try int("directions") }
        if v["projection_size"] != nil { s.projectionSize = try int("projection_size") }
        guard (1...64).contains(s.layers), s.steps >= 1, [1, 2].contains(s.directions),
            ["last", "all", "user"].contains(s.loss),
            CellKind(name: s.cell) != nil
        else {
            throw fail(
                "expected a known cell, 1 … 64 layers, 1 or 2 directions, at least one step and loss last, all or user")
        }
        return s
    }
}

/// `report.md` and the figures of an analysis folder, built from its CSV files and
/// `analysis.json` alone: the writer uses it on the tables it has just written, and
/// `gradpath report` on a folder it is given, so both give the same report.
public struct AnalysisReport {
    public var summary: AnalysisSummary
    var tables: [String: CSVData]
    /// The folder, for messages.
    var folder: URL

    /// Reads the folder's `analysis.json` and CSV files.
    public init(folder: URL) throws {
        self.folder = folder
        summary = try AnalysisSummary.read(folder.appendingPathComponent("analysis.json"))
        tables = [:]
        for f in ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        where f.hasSuffix(".csv") {
            tables[f] = try CSVData.read(folder.appendingPathComponent(f))
        }
        _ = try table("gradient_norms.csv")
        _ = try table("diagnosis.csv")
    }

    /// From tables in memory (the writer's, as the CSV text it wrote reads back).
    init(summary: AnalysisSummary, tables: [String: CSVData], folder: URL) {
        self.summary = summary
        self.tables = tables
        self.folder = folder
    }

    func table(_ name: String) throws -> CSVData {
        guard let t = tables[name] else {
            throw CSVError(
                file: folder.appendingPathComponent(name).path,
                message: "missing; expected an analysis folder written by `gradpath analyze`")
        }
        return t
    }

    func column(_ t: CSVData, _ name: String) throws -> Int {
        try t.column(name, file: folder.appendingPathComponent(t.file).path)
    }

    /// (x, y) of rows matching `filter`, from the named columns.
    func points(_ t: CSVData, x: String, y: String, _ filter: [String: String], transform: (Double) -> Double = { $0 })
        -> [(x: Double, y: Double)]
    {
        let rows = t.rows(where: filter)
        return zip(t.values(x, in: rows), t.values(y, in: rows)).map { (x: $0 ?? .nan, y: $1.map(transform) ?? .nan) }
    }

    /// The measured units of a table: each layer, or each (layer, direction) of a bidirectional
    /// network, in order, with the row filter that selects it and its label.
    static func units(_ t: CSVData) -> [(filter: [String: String], label: String)] {
        guard let lc = t.index(of: "layer") else { return [] }
        let dc = t.index(of: "direction")
        var seen: [String] = [], out: [(filter: [String: String], label: String)] = []
        for r in t.rows {
            let key = r[lc] + "|" + (dc.map { r[$0] } ?? "")
            guard !seen.contains(key) else { continue }
            seen.append(key)
            if let dc {
                out.append((["layer": r[lc], "direction": r[dc]], "layer \(r[lc]) \(r[dc])"))
            } else {
                out.append((["layer": r[lc]], "layer \(r[lc])"))
            }
        }
        return out.sorted {
            ($0.filter["layer"].flatMap { Int($0) } ?? 0) < ($1.filter["layer"].flatMap { Int($0) } ?? 0)
        }
    }

    /// A filter dictionary as the ordered pairs a `Figure.Series` takes.
    static func pairs(_ f: [String: String]) -> [(column: String, value: String)] {
        ["layer", "direction"].compactMap { k in f[k].map { (k, $0) } }
    }

    public func figures() throws -> [Figure] {
        let g = try table("gradient_norms.csv")
        let bound = try column(g, "pascanu_bound_log10")
        var out: [Figure] = []
        var normSeries: [Figure.Series] = []
        for u in Self.units(g) {
            let f = u.filter
            normSeries.append(
                .init(
                    label: "‖∂L/∂h_t‖ \(u.label)", csv: "gradient_norms.csv", x: "lag", y: "grad_h_log10",
                    filter: Self.pairs(f), points: points(g, x: "lag", y: "grad_h_log10", f)))
            if summary.hasCellState {
                normSeries.append(
                    .init(
                        label: "‖∂L/∂c_t‖ \(u.label)", csv: "gradient_norms.csv", x: "lag", y: "grad_c_log10",
                        filter: Self.pairs(f), points: points(g, x: "lag", y: "grad_c_log10", f)))
            }
            if g.rows(where: f).contains(where: { !$0[bound].isEmpty }) {
                normSeries.append(
                    .init(
                        label: "Pascanu bound (γσ_max)^lag", csv: "gradient_norms.csv", x: "lag",
                        y: "pascanu_bound_log10",
                        filter: Self.pairs(f), dashed: true,
                        points: points(g, x: "lag", y: "pascanu_bound_log10", f)))
            }
        }
        out.append(
            Figure(
                name: "gradient_norms", title: "Gradient norm against lag (\(summary.cell), loss \(summary.loss))",
                xLabel: summary.directions == 2
                    ? "lag (steps back from each direction's last step)" : "lag T − t (steps back from the end)",
                yLabel: "‖∂L/∂h_t‖ (log scale)", yIsLog10: true,
                series: normSeries))
        if let s = tables["spectrum.csv"] {
            // Gated cells: the gate blocks (and, with projections, W_hr and the effective maps).
            let matrices = s.distinct("matrix").filter {
                summary.gateCount == 1 || $0.contains("/") || $0.hasPrefix("weight_hr_")
            }
            if !matrices.isEmpty {
                // spectrum.csv holds raw singular values; the plot shows their log10 (SVG points are
                // log10, and the scripts take the log of the column).
                var f = Figure(
                    name: "spectrum",
                    title: summary.projectionSize > 0
                        ? "Singular values of W_hh's blocks, W_hr and W_hr·W_hh" : "Singular values of W_hh",
                    xLabel: "index (largest first)",
                    yLabel: "singular value (log scale)", yIsLog10: true,
                    series: matrices.map { m in
                        .init(
                            label: m, csv: "spectrum.csv", x: "index", y: "singular_value", filter: [("matrix", m)],
                            points: points(s, x: "index", y: "singular_value", ["matrix": m], transform: log10))
                    })
                f.logOfColumn = true
                out.append(f)
            }
        }
        if let j = tables["jacobian_spectrum.csv"], let li = j.index(of: "layer"), let si = j.index(of: "sequence"),
            let last = j.rows.last
        {
            let (jl, js) = (last[li], last[si])
            let jd = j.index(of: "direction").map { last[$0] }
            var unit = ["layer": jl, "sequence": js]
            if let jd { unit["direction"] = jd }
            let n = j.rows(where: unit.merging(["lag": "1"]) { $1 }).count
            let shown = Array(Set([0, 1, 2, n / 2, n - 1].filter { $0 >= 0 && $0 < n })).sorted()
            out.append(
                Figure(
                    name: "jacobian_spectrum",
                    title:
                        "Singular values of ∂s_T/∂s_{T−lag} (layer \(jl)\(jd.map { " " + $0 } ?? ""), sequence \(js))",
                    xLabel: "lag", yLabel: "σ_i of the Jacobian product (log scale)", yIsLog10: true,
                    series: shown.map { i in
                        .init(
                            label: "σ_\(i + 1)", csv: "jacobian_spectrum.csv", x: "lag", y: "log10_singular_value",
                            filter: Self.pairs(unit) + [("index", "\(i)")],
                            points: points(
                                j, x: "lag", y: "log10_singular_value", unit.merging(["index": "\(i)"]) { $1 }))
                    }))
        }
        if let p = tables["precision_norms.csv"], let fc = p.index(of: "format"), let format = p.rows.first?[fc] {
            out.append(
                Figure(
                    name: "precision_norms", title: "‖∂L/∂h_t‖ exact and with the state gradient stored in \(format)",
                    xLabel: "lag T − t", yLabel: "‖∂L/∂h_t‖ (log scale)", yIsLog10: true,
                    series: Self.units(p).flatMap { u in
                        [
                            Figure.Series(
                                label: "exact, \(u.label)", csv: "precision_norms.csv", x: "lag",
                                y: "grad_h_log10_exact",
                                filter: Self.pairs(u.filter), dashed: true,
                                points: points(p, x: "lag", y: "grad_h_log10_exact", u.filter)),
                            Figure.Series(
                                label: "\(format), \(u.label)", csv: "precision_norms.csv", x: "lag", y: "grad_h_log10",
                                filter: Self.pairs(u.filter), points: points(p, x: "lag", y: "grad_h_log10", u.filter)),
                        ]
                    }))
        }
        if let t = tables["temporal_contributions.csv"], !t.rows.isEmpty {
            out.append(
                Figure(
                    name: "temporal_contributions", title: "Share of ∂L/∂W_hh contributed by each lag",
                    xLabel: "lag T − t", yLabel: "share of Σ_t ‖term_t‖ (log scale)", yIsLog10: true,
                    series: Self.units(t).map { u in
                        .init(
                            label: u.label, csv: "temporal_contributions.csv", x: "lag", y: "share_log10",
                            filter: Self.pairs(u.filter),
                            points: points(t, x: "lag", y: "share_log10", u.filter))
                    }))
        }
        return out
    }

    public func markdown(_ figures: [Figure]) throws -> String {
        let T = summary.steps
        let lossText =
            summary.loss == "user"
            ? "your loss (its gradient ∂L/∂output from the grad-output file; value not known here)"
            : summary.loss == "last" ? "last: L = ½‖h_T‖²" : "all: L = Σ_t ½‖h_t‖²"
        var md = """
            # Gradient flow of a \(summary.cell) network

            **Question.** How does the gradient of the loss travel back through time in this network:
            does it vanish, explode or hold, how far back does the network receive credit, and what
            do the spectra of W_hh and of the Jacobian products say about why?

            ## Configuration

            | | |
            |---|---|
            | cell | \(summary.cell) (gates: \(summary.gateNames.joined(separator: ", "))) |
            | layers | \(summary.layers)\(summary.directions == 2 ? ", bidirectional (a forward and a reverse direction each)" : "") |
            | input size I | \(summary.inputSize) |
            | hidden size H | \(summary.hiddenSize)\(summary.projectionSize > 0 ? "; projections: h_t = W_hr (o_t ⊙ tanh c_t), P = \(summary.projectionSize)" : "") |
            | parameters | \(summary.parameters) |
            | steps T | \(T) |
            | batch B | \(summary.batch) |
            | loss | \(lossText)\(summary.loss == "user" ? "" : " = \(NumberFormat.short(summary.lossValue, digits: 6))") |

            """
        for s in summary.source { md += "| source | \(s) |\n" }
        md += """

            ## Diagnosis

            | layer | σ_max(W_hh) | γ | bound rate log10(γσ_max) per step | observed rate (decades per step) \
            | memory horizon (lag where the ratio < 1e-8) | verdict | bound holds |
            |---|---|---|---|---|---|---|---|

            """
        let d = try table("diagnosis.csv")
        let c = try [
            "layer", "sigma_max_whh", "gamma", "bound_rate_log10", "observed_rate_log10", "memory_horizon", "verdict",
            "bound_holds",
        ].map { try column(d, $0) }
        func num(_ s: String, _ none: String) -> String { CSVData.number(s).map { NumberFormat.short($0) } ?? none }
        let dirColumn = d.index(of: "direction")
        for r in d.rows {
            let holds = r[c[7]] == "true" ? "yes" : r[c[7]] == "false" ? "**no**" : "—"
            md +=
                "| \(r[c[0]])\(dirColumn.map { " " + r[$0] } ?? "") | \(num(r[c[1]], "—")) | \(num(r[c[2]], "—")) | \(num(r[c[3]], "— (gated cell)")) | "
            md += "\(num(r[c[4]], "nan")) | \(r[c[5]].isEmpty ? "> \(T)" : r[c[5]]) | **\(r[c[6]])** | \(holds) |\n"
        }
        let g = try table("gradient_norms.csv")
        // The top layer (its forward direction, for a bidirectional network) from its last step back to t = 0.
        var top = ["layer": "\(summary.layers - 1)"]
        if summary.directions == 2 { top["direction"] = "forward" }
        let first = g.values("grad_h_log10", in: g.rows(where: top.merging(["t": "0"]) { $1 })).first ?? nil
        let lastStep = g.values("grad_h_log10", in: g.rows(where: top.merging(["t": "\(T)"]) { $1 })).first ?? nil
        let ratio = NumberFormat.shortFromLog10((first ?? .nan) - (lastStep ?? .nan))
        md += """

            The observed rate is the least-squares slope of log10‖∂L/∂h_t‖ against the lag; the verdict is
            *vanishing* below −\(NumberFormat.short(Diagnosis.threshold(steps: T))), *exploding* above\
             +\(NumberFormat.short(Diagnosis.threshold(steps: T))) decades per step (1/T: a factor of 10 over the\
             \(T) steps of this run), *neutral* between, *non-finite* where a norm became inf or NaN.
            For a vanilla RNN, Pascanu, Mikolov & Bengio (2013, §2.1) bound the rate by
            log10(γ·σ_max(W_hh)): γσ_max < 1 is sufficient for vanishing, and γσ_max > 1 is necessary for
            explosion. Across the whole sequence, the gradient at the first step (lag \(T)) is \(ratio) times
            the gradient at the last step.

            """
        let events = tables["nonfinite_events.csv"]
        if let e = events, !e.rows.isEmpty {
            md += "### Non-finite values\n\n"
            let pc = try column(e, "pass"), tc = try column(e, "tensor"), lc = try column(e, "layer"),
                sc = try column(e, "t")
            for r in e.rows {
                md += "- \(r[pc]): \(r[tc]) of layer \(r[lc]) is not finite\(r[sc].isEmpty ? "" : " at t = \(r[sc])")\n"
            }
        } else {
            md += "No forward state or gradient became inf or NaN.\n"
        }
        md += try Self.precisionSection(g)
        if let p = tables["precision_norms.csv"] { md += Self.storageSection(p) }
        if let s = tables["spectrum.csv"], !s.rows.isEmpty {
            md += "\n## Spectra of W_hh\n\n"
            if summary.projectionSize > 0 {
                md += """
                    With projections (proj_size P = \(summary.projectionSize)), h_t = W_hr (o_t ⊙ tanh c_t) has P entries:
                    each gate block of W_hh is H × P (no eigenvalues), `weight_hr_l{k}` is W_hr (P × H), and
                    `weight_hr_l{k}@weight_hh_l{k}/g` is W_hr · W_hh^(g), the P × P map through which h_{t−1}
                    reaches h_t via gate g's pre-activation (before the gates' diagonal factors).


                    """
            }
            md += "| matrix | σ_max | σ_min | spectral radius ρ |\n|---|---|---|---|\n"
            let e = tables["eigenvalues.csv"]
            for m in s.distinct("matrix") {
                let sv = s.values("singular_value", in: s.rows(where: ["matrix": m])).compactMap { $0 }
                let rho = e.flatMap { t in
                    t.values("modulus", in: t.rows(where: ["matrix": m, "index": "0"])).first ?? nil
                }
                let rhoText = rho.map { NumberFormat.short($0) } ?? "— (not square)"
                md +=
                    "| \(m) | \(NumberFormat.short(sv.first ?? 0)) | \(NumberFormat.short(sv.last ?? 0)) | \(rhoText) |\n"
            }
        }
        if let j = tables["jacobian_spectrum.csv"] { md += Self.chaosSection(j, steps: T) }
        if tables["jacobian_spectrum.csv"] == nil {
            md +=
                """

                The spectra of the Jacobian products ∂s_T/∂s_{T−lag} were not measured: `gradpath analyze \
                --jacobians` adds them (about 4n³ flops per step and layer, n = H or 2H).

                """
        }
        md += "\n## Plots\n\n"
        for f in figures { md += "![\(f.title)](\(f.name).svg)\n\n" }
        let environment = RunEnvironment(
            seed: summary.seed ?? 0, blas: BLAS.configuration, blasThreads: summary.blasThreads)
        md += """
            Every plot is redrawn from the CSV files alone by `gnuplot NAME.gp` or `python3 NAME.py`, run in
            this folder. The columns are described in GradPath's `docs/schema.md`; `gradpath report` rebuilds
            this report and the plots from them and `analysis.json`.

            ## Environment

            \(environment.markdown)

            """
        if summary.seed == nil { md += "\n(The inputs came from a file; the seed is not used.)\n" }
        return md
    }

    /// Writes the figures and `report.md` into `folder`.
    public func write(to folder: OutputFolder) throws {
        let figures = try figures()
        for f in figures { try f.write(to: folder) }
        try folder.write(try markdown(figures), to: "report.md")
    }

    /// Rebuilds an analysis folder's report and figures from its files, replacing the folder as a
    /// whole (a failure leaves it as it was).
    public static func rebuild(_ dir: URL) throws {
        let report = try AnalysisReport(folder: dir)
        let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".csv") || $0 == "analysis.json" }.sorted()
        try FolderSwap.replace(dir) { tmp in
            for f in inputs {
                let data: Data
                do {
                    data = try FileInput.read(dir.appendingPathComponent(f).path, maxBytes: CSVData.maxFileBytes)
                } catch let e
                    as FileInputError
                { throw CSVError(file: e.file, message: e.message) }
                try tmp.write(data, to: f)
            }
            try report.write(to: tmp)
        }
    }
}

/// The smallest normal and subnormal magnitudes of the formats training uses.
public enum FloatFormatLimits {
    public static let formats: [(name: String, normal: Double, subnormal: Double)] = [
        ("float16", 0x1p-14, 0x1p-24),
        ("bfloat16", 0x1p-126, 0x1p-133),
        ("float32", 0x1p-126, 0x1p-149),
        ("float64", 0x1p-1022, 0x1p-1074),
    ]

    /// The first step t, going back from the last one, at which `log10` (log10 ‖∂L/∂h_t‖ by t =
    /// 0 … T) falls below log10(`limit`); nil if it never does.
    public static func firstStepBelow(_ log10: [Double], limit: Double) -> Int? {
        let l = Foundation.log10(limit)
        return log10.indices.reversed().first { log10[$0] < l }
    }
}

extension AnalysisReport {
    /// Where float16, bfloat16, float32 and float64 training would lose this gradient: the first
    /// lag at which ‖∂L/∂h_t‖ is below each format's smallest normal and smallest subnormal
    /// number (every element is then below it too, as no element exceeds the norm).
    static func precisionSection(_ g: CSVData) throws -> String {
        guard let tc = g.index(of: "t"), let lc = g.index(of: "lag"), let hc = g.index(of: "grad_h_log10") else {
            return ""
        }
        var md = """

            ## Where lower precision loses this gradient

            The first lag (and step t) at which ‖∂L/∂h_t‖, exact here, falls below each format's smallest
            normal number (gradual underflow begins: fewer significant bits) and smallest subnormal number
            (a value stored in that format is exactly 0). Every element of ∂L/∂h_t is then below it too.
            A format that never appears lost keeps this gradient at every step (in range; its rounding
            is another matter).

            | layer | format | below the smallest normal from | below the smallest subnormal from |
            |---|---|---|---|

            """
        for u in units(g) {
            // In the unit's own time: by lag, from its first step (largest lag) to its last (lag 0).
            let rows = g.rows(where: u.filter).sorted { (Int($0[lc]) ?? 0) > (Int($1[lc]) ?? 0) }
            let logs = rows.map { CSVData.number($0[hc]) ?? .nan }
            func at(_ i: Int?) -> String {
                guard let i else { return "never" }
                return "lag \(rows[i][lc]) (t = \(rows[i][tc]))"
            }
            for f in FloatFormatLimits.formats {
                let n = FloatFormatLimits.firstStepBelow(logs, limit: f.normal)
                let s = FloatFormatLimits.firstStepBelow(logs, limit: f.subnormal)
                md += "| \(u.label.dropFirst("layer ".count)) | \(f.name) | \(at(n)) | \(at(s)) |\n"
            }
        }
        return md
    }

    /// The largest Lyapunov exponent of each layer's state dynamics, λ₁ = log10 σ₁(∂s_T/∂s_{T−lag}) /
    /// lag at the largest lag measured (decades per step), and what it means for the last bits.
    static func chaosSection(_ j: CSVData, steps: Int) -> String {
        guard let gc = j.index(of: "lag"), let ic = j.index(of: "index"), let vc = j.index(of: "log10_singular_value")
        else { return "" }
        var md = "\n## Chaos: how far back the last bits matter\n\n"
        for u in units(j) {
            let l = u.label.dropFirst("layer ".count)
            let top = j.rows(where: u.filter).filter { $0[ic] == "0" }
            guard let last = top.max(by: { (Int($0[gc]) ?? 0) < (Int($1[gc]) ?? 0) }), let lag = Int(last[gc]), lag > 0,
                let v = CSVData.number(last[vc]), v.isFinite
            else { continue }
            let lambda = v / Double(lag)
            let rate = NumberFormat.short(lambda)
            if lambda > 0 {
                // Double's 53 bits are 15.95 decades: a last-bit difference reaches the state's own size
                // after 15.95 / λ₁ steps.
                let horizon = Int((15.95 / lambda).rounded(.up))
                md += """
                    - Layer \(l): the largest Lyapunov exponent is **+\(rate) decades per step** (σ₁ of the\
                     Jacobian product over \(lag) steps): the dynamics are chaotic. A difference in the last bit\
                     of the weights or states (2⁻⁵³ ≈ 1e-16 relative) grows to the size of the state in about\
                     \(horizon) steps, so the per-step norms beyond lag \(horizon) depend on the last bits of the\
                     weights: any two implementations (or BLAS kernels) will differ there, and only their\
                     statistics are reproducible.

                    """
            } else {
                md += """
                    - Layer \(l): the largest Lyapunov exponent is \(rate) decades per step (σ₁ of the Jacobian\
                     product over \(lag) steps): the dynamics contract, so last-bit differences shrink and the\
                     per-step norms are reproducible to rounding at every lag.

                    """
            }
        }
        return md
    }

    /// What `--precision` measured: per layer, the first lag at which the gradient stored in the
    /// lower format is exactly 0 (with the exact value there), and how far it strayed before.
    static func storageSection(_ p: CSVData) -> String {
        guard let fc = p.index(of: "format"), let lc = p.index(of: "lag"), let tc = p.index(of: "t"),
            let hc = p.index(of: "grad_h_log10"), let ec = p.index(of: "grad_h_log10_exact"),
            let format = p.rows.first?[fc]
        else { return "" }
        var md = """

            ## The same pass in \(format)

            The backward pass run again with ∂L/∂h_t (and ∂L/∂c_t) rounded to \(format) as it reaches each
            step (nearest, ties to even, subnormals kept) and carried on unscaled, as training in
            \(format) would carry it; the forward pass and the arithmetic within a step stay in float64.
            `precision_norms.csv` holds both, `precision_norms.svg` draws them.

            | layer | exactly 0 from | the exact value there | largest difference before (decades) |
            |---|---|---|---|

            """
        for u in units(p) {
            let rows = p.rows(where: u.filter).sorted { (Int($0[lc]) ?? 0) < (Int($1[lc]) ?? 0) }
            let low = rows.map { CSVData.number($0[hc]) ?? .nan }, exact = rows.map { CSVData.number($0[ec]) ?? .nan }
            let zero = low.indices.first { low[$0] == -.infinity && exact[$0] != -.infinity }
            let before = zero ?? rows.count
            let worst = (0..<before).map { abs(low[$0] - exact[$0]) }.filter { $0.isFinite }.max() ?? 0
            let label = u.label.dropFirst("layer ".count)
            if let z = zero {
                md +=
                    "| \(label) | lag \(rows[z][lc]) (t = \(rows[z][tc])) | \(NumberFormat.shortFromLog10(exact[z])) |"
                md += " \(NumberFormat.short(worst)) |\n"
            } else {
                md += "| \(label) | never (nonzero at every step) | — | \(NumberFormat.short(worst)) |\n"
            }
        }
        return md
    }
}

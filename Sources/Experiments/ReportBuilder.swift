import Formats
import LinearAlgebra
import Foundation
import Recurrent
import Reporting
import Statistics

/// Builds `report.md` and its figures from an experiment folder's CSV files alone (so a merged
/// sweep gets the same report as an unsharded one). Each section adds tables, figures and named
/// measurements; claims whose `check` names a measurement show it beside the published value.
public struct ReportBuilder {
    public var spec: ExperimentSpec
    /// Where the CSV files are read (and named in messages).
    public var folder: URL
    /// Where the report and figures are written (`folder` unless set).
    public var output: URL
    public var form: Form
    /// The seed list the CSVs were made with (the spec's, or a `--seed` override).
    public var environmentSeeds: [UInt64]

    var tables: [String: CSVData] = [:]
    /// Rows of each table grouped by filter columns (see `matching`).
    let rowIndex = RowIndex()
    var figures: [Figure] = []
    var measurements: [String: String] = [:]
    /// Measurements that carry a 95% interval, for the claims' verdicts.
    var intervals: [String: Interval] = [:]
    /// Tables the sections derive from the run's tables (success rates), written with the report.
    var derived: [(String, CSVTable)] = []
    /// The training settings of `success-rates`, by measurement key (for the disagreements).
    var settings: [String: SettingStats] = [:]
    var body = ""
    /// The BLAS thread count of the run that made the tables (from run.json), when recorded.
    var blasThreads: Int?
    /// Whether the run thinned its per-step tables (from run.json; absent means every row).
    var rows = RecordedRows.all
    /// The OpenBLAS kernels the run used (`run.json`), when recorded.
    var blasCore: String?

    public init(spec: ExperimentSpec, folder: URL, form: Form, seeds: [UInt64]) throws {
        self.spec = spec
        self.folder = folder
        self.output = folder
        self.form = form
        self.environmentSeeds = seeds
        // How the folder was run (run.json), read once: BLAS threads and kernels, row policy.
        if let d = try? Data(contentsOf: folder.appendingPathComponent("run.json")),
            let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any]
        {
            blasThreads = o["blas_threads"] as? Int
            blasCore = (o["blas_core"] as? String).flatMap { SafeName.isSafe($0) ? $0 : nil }
            if let r = o["rows"] as? String, let parsed = RecordedRows(rawValue: r) { rows = parsed }
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for f in files.sorted() where f.hasSuffix(".csv") {
            let t = try CSVData.read(folder.appendingPathComponent(f))
            try ReportBuilder.validate(t, file: folder.appendingPathComponent(f).path, kind: spec.kind)
            tables[f] = t
        }
    }

    /// Checks every value of the columns that name configurations (the spec kind's parameters,
    /// and `config`, `seed`, `layer`, `lag`, `t`): a known cell or category, or a number in its
    /// range. Names of figures and labels of plots are built from these values, so anything else
    /// (a path such as `../../x`, a newline, `inf` as a layer) is refused here, naming the file,
    /// the line and the column.
    public static func validate(_ t: CSVData, file: String, kind: ExperimentKind) throws {
        let declared = kind.parameters
        var checks: [(Int, String, ParameterKind)] = []
        for (i, c) in t.columns.enumerated() {
            if let k = declared[c]?.kind { checks.append((i, c, k)); continue }
            switch c {
            case "config": checks.append((i, c, .integer(0...ExperimentSpec.maxConfigurations)))
            case "layer": checks.append((i, c, .integer(0...63)))
            case "lag", "t": checks.append((i, c, .integer(0...1_000_000_000)))
            case "seed": checks.append((i, c, .integer(0...Int.max)))
            default: break
            }
        }
        for (r, row) in t.rows.enumerated() {
            for (i, c, k) in checks where !row[i].isEmpty {
                let v = row[i]
                let ok: Bool
                switch k {
                case .choice(let allowed): ok = allowed.contains(v)
                case .name: ok = ParameterKind.isName(v)
                case .flag: ok = v == "true" || v == "false"
                case .number(let range): ok = Double(v).map { $0.isFinite && range.contains($0) } ?? false
                case .integer(let range):
                    if c == "seed" { ok = UInt64(v) != nil } else { ok = Int(v).map(range.contains) ?? false }
                }
                if !ok {
                    throw CSVError(
                        file: file,
                        message:
                            """
                            line \(r + 2), column '\(c)': '\(SafeName.printable(v))' is not allowed; expected\
                             \(c == "seed" ? "an integer from 0 to 2^64 − 1" : k.allowed)
                            """
                    )
                }
            }
        }
    }

    /// Writes the figures and `report.md` into the folder; returns the measurements.
    @discardableResult
    public mutating func write() throws -> [String: String] {
        for s in spec.report { try section(s) }
        // A figure with nothing finite to draw (a filter that matched no rows) is left out.
        figures = figures.filter { f in
            f.heatmap != nil || f.series.contains { $0.points.contains { $0.x.isFinite && $0.y.isFinite } }
        }
        // More than eight named lines in one plot cannot be told apart: small multiples on one y range.
        figures = figures.flatMap { $0.smallMultiples(maxSeries: 8) }
        let out = OutputFolder(output)
        for (name, t) in derived { try out.write(t.text, to: name) }
        for f in figures { try f.write(to: out) }
        try out.write(markdown, to: "report.md")
        return measurements
    }

    // MARK: helpers

    /// The index of `column` in `data`; an error naming the file when it lacks the column (a folder
    /// whose experiment.json is of another kind than its CSV files).
    func col(_ data: CSVData, _ column: String) throws -> Int {
        try data.column(column, file: folder.appendingPathComponent(data.file.isEmpty ? "(table)" : data.file).path)
    }

    func table(_ name: String) throws -> CSVData {
        guard let t = tables[name] else {
            throw CSVError(
                file: folder.appendingPathComponent(name).path, message: "missing; the experiment did not write it")
        }
        return t
    }

    /// A markdown table; control characters in a cell (a newline read from a CSV) become spaces,
    /// so a value can never end the table or start a new block.
    static func md(_ header: [String], _ rows: [[String]]) -> String {
        // One line, and a '|' in a value (|x|, a claim's text) escaped so that it cannot split the cell.
        let cell = { (text: String) in ReportBuilder.oneLine(text).replacingOccurrences(of: "|", with: "\\|") }
        var s =
            "| " + header.map(cell).joined(separator: " | ") + " |\n|"
            + header.map { _ in "---" }.joined(separator: "|") + "|\n"
        for r in rows { s += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return s + "\n"
    }

    /// `text` with control characters (a newline read from a CSV or a spec) as spaces, so that a
    /// value can never end a markdown table or list item.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// A figure's file stem `prefix` + `value`: the value comes from the data (validated as a known
    /// cell, category or number); "—", the placeholder of a parameter left at its default, becomes
    /// `default`.
    static func stem(_ prefix: String, _ value: String) -> String {
        prefix + value.replacingOccurrences(of: "—", with: "default")
    }

    static func n(_ x: Double?, _ digits: Int = 4) -> String { x.map { NumberFormat.short($0, digits: digits) } ?? "—" }

    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

    /// The value a parameter that is not a column of the CSV (not swept) has in every row: the
    /// spec's fixed value, or "—" when the spec leaves it at its default.
    func fixed(_ column: String) -> String {
        spec.baseParameters(form)[column]?.description ?? "—"
    }

    /// `filter` without the columns `data` does not have (their value is the same in every row).
    static func present(_ data: CSVData, _ filter: [(String, String)]) -> [(String, String)] {
        filter.filter { data.index(of: $0.0) != nil }
    }

    /// Rows matching `filter` (columns the data lacks are constant and ignored).
    ///
    /// Served from an index of the table by the filter's columns, built once per (table, columns):
    /// a report draws one series per value, so filtering by scanning would cost series × rows, which
    /// a crafted folder with many distinct values would turn into a hang.
    func matching(_ data: CSVData, _ filter: [(String, String)]) -> [[String]] {
        let present = Dictionary(ReportBuilder.present(data, filter), uniquingKeysWith: { a, _ in a })
        guard !present.isEmpty else { return data.rows }
        let columns = present.keys.sorted()
        return rowIndex.rows(data, columns: columns, values: columns.map { present[$0]! })
    }

    /// Distinct values of a column, or its one fixed value when it is not a column.
    func distinct(_ data: CSVData, _ column: String, in rows: [[String]]? = nil) -> [String] {
        data.index(of: column) == nil ? [fixed(column)] : data.distinct(column, in: rows)
    }

    /// A field of a row, or the column's fixed value when it is not a column.
    func field(_ data: CSVData, _ row: [String], _ column: String) -> String {
        data.index(of: column).map { row[$0] } ?? fixed(column)
    }

    /// Rows grouped by `columns` (a missing column groups as its fixed value).
    func groups(_ data: CSVData, by columns: [String], rows: [[String]]? = nil) -> [([String], [[String]])] {
        var order: [[String]] = [], map: [[String]: [[String]]] = [:]
        for r in rows ?? data.rows {
            let k = columns.map { field(data, r, $0) }
            if map[k] == nil { order.append(k) }
            map[k, default: []].append(r)
        }
        return order.map { ($0, map[$0]!) }
    }

    /// A line series from `file`: x and y columns of the rows matching `filter`.
    func series(
        _ data: CSVData, file: String, label: String, x: String, y: String, filter: [(String, String)],
        dashed: Bool = false, yTransform: (Double) -> Double = { $0 }
    ) -> Figure.Series {
        let filter = ReportBuilder.present(data, filter)
        let rows = matching(data, filter)
        let xs = data.values(x, in: rows), ys = data.values(y, in: rows)
        let points = zip(xs, ys).map { (x: $0 ?? .nan, y: $1.map(yTransform) ?? .nan) }
        return Figure.Series(
            label: label, csv: file, x: x, y: y, filter: filter.map { (column: $0.0, value: $0.1) },
            dashed: dashed, points: points)
    }

    var firstSeed: String { String(environmentSeeds.first ?? 0) }

    /// Diagnosis rows of the top layer.
    func topDiagnosis() throws -> (CSVData, [[String]]) {
        let d = try table("diagnosis.csv")
        let layers = d.values("layer").compactMap { $0 }.filter { $0.isFinite && $0 >= 0 && $0 < 64 }
        let top = String(Int(layers.max() ?? 0))
        return (d, matching(d, [("layer", top)]))
    }

    // MARK: sections

    mutating func section(_ name: String) throws {
        switch name {
        case "seed-table": try seedTable()
        case "bound-vs-observed": try boundVsObserved()
        case "explosion-onset": try explosionOnset()
        case "cell-highway":
            try gateRate(
                biasColumn: "forget_bias", title: "The LSTM cell highway", predictedLabel: "log10 σ(b_f)", cRate: true,
                key: "highway")
        case "gru-gates":
            try gateRate(
                biasColumn: "update_bias", title: "GRU update gate", predictedLabel: "log10 σ(b_z)", cRate: false,
                key: "gru")
        case "cell-comparison": try cellComparison()
        case "spectra": try spectra()
        case "clipping": try clipping()
        case "cliff": try cliff()
        case "training-summary": try trainingSummary()
        case "accuracy-vs-gap": try accuracyVsGap()
        case "clipping-training": try clippingTraining()
        case "adding-mse": try addingMSE()
        case "temporal-order": try temporalOrder()
        case "learning-curves": try learningCurves()
        case "success-rates": try successRates()
        case "exploding-regime": try explodingRegime()
        case "precision-underflow": try precisionUnderflow()
        case "sequential-jacobian": try sequentialJacobianSection()
        case "stacked-flow": try stackedFlowSection()
        case "feedforward": try feedforward()
        default: break
        }
    }

    // MARK: the document

    /// "Measured here" for a claim whose measurement this form does not make (a setting only the
    /// full form runs).
    var unmeasured: String {
        guard form != .full, spec.forms[.full] != nil else { return "not measured: no run has this setting" }
        return "not in the \(form == .quick ? "quick" : "standard") form; `--full` measures it"
    }

    var markdown: String {
        var md = "# \(spec.title)\n\n**Question.** \(spec.question)\n\n"
        if !spec.design.isEmpty {
            md += "## Design\n\n" + spec.design.map { "- " + ReportBuilder.oneLine($0) + "\n" }.joined() + "\n"
        }
        if !spec.claims.isEmpty {
            md += "## Claims\n\n"
            if spec.claims.contains(where: { $0.expect != nil }) {
                md +=
                    """
                    A verdict follows from the measurement's 95% interval: **holds** when the whole interval lies on\
                     the claimed side, **contradicted** when it lies on the other, **inconclusive** when it straddles\
                     the boundary.\n\n
                    """
                md += ReportBuilder.md(
                    ["claim", "published", "measured here", "verdict", "source"],
                    spec.claims.map { c in
                        let measured = c.check.map { measurements[$0] ?? unmeasured } ?? "see below"
                        var verdict = "—"
                        if let e = c.expect, let k = c.check {
                            let side: String
                            var other: Interval? = nil
                            switch e {
                            case .above(let x): side = "> \(NumberFormat.short(x, digits: 4))"
                            case .below(let x): side = "< \(NumberFormat.short(x, digits: 4))"
                            case .belowMeasurement(let m):
                                side = "below \(m) = \(measurements[m] ?? "not measured")"; other = intervals[m]
                            case .aboveMeasurement(let m):
                                side = "above \(m) = \(measurements[m] ?? "not measured")"; other = intervals[m]
                            }
                            verdict =
                                intervals[k].map { "**\(e.verdict($0, other: other).rawValue)** (claimed \(side))" }
                                ?? "not measured"
                        }
                        return [c.claim, c.published, measured, verdict, c.source]
                    })
            } else {
                md += ReportBuilder.md(
                    ["claim", "published", "measured here", "source"],
                    spec.claims.map { c in
                        [c.claim, c.published, c.check.map { measurements[$0] ?? unmeasured } ?? "see below", c.source]
                    })
            }
        }
        md += disagreements
        md += "## Configuration\n\n"
        md +=
            """
            Experiment `\(spec.name)` (kind `\(spec.kind.rawValue)`)\(form == .standard ? "" : ", **\(form) form**");\
             specification `experiments/\(spec.name).json`.\n\n
            """
        let params = spec.baseParameters(form)
        let p = params.keys.sorted().map { "`\($0)` = \(params[$0]!)" }.joined(separator: ", ")
        if !p.isEmpty { md += "- parameters: \(p)\n" }
        let grid = spec.effectiveGrid(form: form)
        for (k, v) in grid { md += "- grid `\(k)`: \(v.map(\.description).joined(separator: ", "))\n" }
        for (i, c) in spec.cases(form).enumerated() {
            md += "- case \(i + 1): \(c.keys.sorted().map { "`\($0)` = \(c[$0]!)" }.joined(separator: ", "))\n"
        }
        md += "- seeds: \(environmentSeeds.map(String.init).joined(separator: ", "))\n"
        if rows == .thinned {
            md +=
                """
                - per-step tables thinned for plotting (the first 8 steps, round steps, the last; docs/reports.md)\
                \(spec.kind == .training ? ", and per-update tables kept for the first seed, which the plots draw" : "");\
                 every summary was computed from all steps and seeds, and `gradpath run --all-rows` writes every row\n
                """
        }
        func seconds(_ f: Form) -> String { "about \(Int(spec.expectedRuntimeSeconds(f).rounded(.up))) s" }
        md += "- expected runtime on 2 cores: \(seconds(.standard)) for the standard form"
        if spec.forms[.full] != nil { md += ", \(seconds(.full)) for the full form (`--full`)" }
        md += "\n\n"
        md += body
        if !figures.isEmpty {
            md += "## Plots\n\n"
            for f in figures { md += "![\(f.title)](\(f.name).svg)\n\n" }
            md +=
                """
                Each plot is redrawn from the CSV files alone by `gnuplot NAME.gp` or `python3 NAME.py`, run in\
                 this folder. Columns: GradPath's `reports/SCHEMA.md`.\n\n
                """
        }
        var environment = RunEnvironment(
            seed: environmentSeeds.first ?? 0, blas: BLAS.configuration(core: blasCore ?? BLAS.core),
            blasThreads: BLAS.threads)
        if let blasThreads { environment.blasThreads = blasThreads }
        md += "## Environment\n\n\(environment.markdown)\n"
        return md
    }
}

extension Figure {
    /// The same figure, with scripts that take log10 of the y column.
    func withLogOfColumn() -> Figure { var f = self; f.logOfColumn = true; return f }
}

/// Rows of a table grouped by the values of some of its columns, built on first use.
final class RowIndex {
    private var groups: [String: [[String]: [[String]]]] = [:]

    func rows(_ data: CSVData, columns: [String], values: [String]) -> [[String]] {
        let key = ([data.file] + columns).joined(separator: "\u{0}")
        if groups[key] == nil {
            let idx = columns.compactMap { data.index(of: $0) }
            var g: [[String]: [[String]]] = [:]
            for r in data.rows { g[idx.map { r[$0] }, default: []].append(r) }
            groups[key] = g
        }
        return groups[key]?[values] ?? []
    }
}

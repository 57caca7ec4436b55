import Foundation
import Training
import Reporting
import Statistics

extension ReportBuilder {
    /// The grid and case keys of this run (the columns that tell configurations apart).
    var varyingColumns: [String] { spec.configurations(form: form, seedOverride: nil).first?.varying ?? [] }

    /// "cell=lstm, gap=20" for a row, from the varying columns except `excluding`.
    func label(_ d: CSVData, _ row: [String], excluding: Set<String> = []) -> String {
        varyingColumns.filter { !excluding.contains($0) }.map { "\($0)=\(field(d, row, $0))" }.joined(separator: ", ")
    }

    static func fmtMetric(_ x: Double?, _ name: String) -> String {
        guard let x else { return "—" }
        return name.contains("accuracy") || name.contains("error")
            ? String(format: "%.1f%%", 100 * x) : NumberFormat.short(x, digits: 4)
    }

    mutating func trainingSummary() throws {
        let s = try table("summary.csv")
        var rows: [[String]] = []
        for r in s.rows {
            let metric = field(s, r, "metric_name")
            rows.append([
                label(s, r), field(s, r, "seed"), field(s, r, "task"), field(s, r, "steps"),
                field(s, r, "parameter_count"),
                field(s, r, "updates_run")
                    + (field(s, r, "diverged_at").isEmpty ? "" : " (diverged: \(field(s, r, "divergence")))"),
                ReportBuilder.fmtMetric(CSVData.number(field(s, r, "final_metric")), metric) + " \(metric)",
                ReportBuilder.fmtMetric(CSVData.number(field(s, r, "best_metric")), metric),
                ReportBuilder.fmtMetric(CSVData.number(field(s, r, "baseline_metric")), metric),
            ])
        }
        body +=
            """
            ## Every run\n\nFinal and best held-out score of each run beside the task's chance or memoryless\
             baseline.\n\n
            """
        body += ReportBuilder.md(
            ["configuration", "seed", "task", "T", "parameters", "updates", "final", "best", "baseline"], rows)
        // How much gradient reaches the task's informative step (relative to the last step), over training.
        if let lags = tables["lag_norms.csv"] {
            // One representative sequence length (the middle value of a `gap`/`length` grid), every model.
            var fixedLength: [(String, String)] = []
            if let key = spec.grid.map(\.0).first(where: {
                ($0 == "gap" || $0 == "length") && lags.index(of: $0) != nil
            }) {
                let values = lags.distinct(key)
                if !values.isEmpty { fixedLength = [(key, values[values.count / 2])] }
            }
            // Cases on different tasks (lstm-variants) get figures of their own: one task's ratio is not
            // comparable with another's. Every model is drawn; more than eight lines become small multiples.
            var parts: [[(String, String)]] = [[]]
            if varyingColumns.contains("task"), !fixedLength.contains(where: { $0.0 == "task" }) {
                let tasks = lags.distinct("task")
                if tasks.count > 1 { parts = tasks.map { [("task", $0)] } }
            }
            for part in parts {
                try informativeFigures(lags, fixedLength: fixedLength + part, firstSeed: firstSeed)
            }
        }
    }

    /// The gradient reaching the informative step over training, and ‖∂L/∂h_t‖ against lag, for the
    /// rows of `lag_norms.csv` at `fixedLength` (a representative gap or length, and a task when the
    /// cases differ in it), every model of them.
    mutating func informativeFigures(_ lags: CSVData, fixedLength: [(String, String)], firstSeed: String) throws {
        let suffix = fixedLength.filter { $0.0 == "task" }.map { "_task\($0.1)" }.joined()
        let at = fixedLength.map { ", \($0.0) \($0.1)" }.joined()
        let models = varyingColumns.filter { c in !fixedLength.contains { $0.0 == c } }
        let informative = matching(lags, [("informative", "true"), ("seed", firstSeed)] + fixedLength)
        let groupsShown = groups(lags, by: models, rows: informative)
        let labels = conciseLabels(models, groupsShown.map(\.0))
        figures.append(
            Figure(
                name: ReportBuilder.stem("informative_gradient", suffix),
                title: "Gradient reaching the informative step, relative to the last step (seed \(firstSeed)\(at))",
                xLabel: "update", yLabel: "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)", yIsLog10: true,
                series: zip(groupsShown, labels).map { g, label in
                    series(
                        lags, file: "lag_norms.csv", label: label, x: "update", y: "ratio_to_last_log10",
                        filter: Array(zip(models, g.0)) + [("informative", "true"), ("seed", firstSeed)]
                            + fixedLength)
                }))
        // near-far: the gradient reaching the near step (lag 3) beside the far one, per model.
        if fixed("task") == "near-far" {
            let near = String(NearFarDependency.nearDistance)
            var pairs: [Figure.Series] = []
            for (g, label) in zip(groupsShown, labels) {
                let base = Array(zip(models, g.0)) + [("seed", firstSeed)] + fixedLength
                pairs.append(
                    series(
                        lags, file: "lag_norms.csv", label: "\(label), far step", x: "update",
                        y: "ratio_to_last_log10", filter: base + [("informative", "true")]))
                pairs.append(
                    series(
                        lags, file: "lag_norms.csv", label: "\(label), near step", x: "update",
                        y: "ratio_to_last_log10", filter: base + [("lag", near)]
                    ).companion(of: pairs.count - 1, dashed: true))
            }
            figures.append(
                Figure(
                    name: ReportBuilder.stem("near_far_gradient", suffix),
                    title:
                        "Gradient reaching the far step (solid) and the near step (dashed), relative to the last step (seed \(firstSeed)\(at))",
                    xLabel: "update", yLabel: "‖∂L/∂h_source‖ / ‖∂L/∂h_T‖ (log scale)", yIsLog10: true,
                    series: pairs))
        }
        // Per-lag gradient norms at the first (dashed) and last record of every model at that length.
        let atLength = matching(lags, [("seed", firstSeed)] + fixedLength)
        let modelGroups = groups(lags, by: models, rows: atLength)
        let modelLabels = conciseLabels(models, modelGroups.map(\.0))
        var lagSeries: [Figure.Series] = []
        for ((k, rs), label) in zip(modelGroups, modelLabels) {
            let updates = lags.distinct("update", in: rs).sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
            guard let last = updates.last, let firstUpdate = updates.first else { continue }
            let f = Array(zip(models, k)) + [("seed", firstSeed)] + fixedLength
            lagSeries.append(
                series(
                    lags, file: "lag_norms.csv", label: "\(label) (update \(last))", x: "lag", y: "grad_h_log10",
                    filter: f + [("update", last)]))
            if firstUpdate != last {
                lagSeries.append(
                    series(
                        lags, file: "lag_norms.csv", label: "\(label) (update \(firstUpdate))", x: "lag",
                        y: "grad_h_log10", filter: f + [("update", firstUpdate)]
                    ).companion(of: lagSeries.count - 1, dashed: true))
            }
        }
        figures.append(
            Figure(
                name: ReportBuilder.stem("lag_norms", suffix),
                title: "‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed \(firstSeed)\(at))",
                xLabel: "lag T − t", yLabel: "‖∂L/∂h_t‖ (log scale)", yIsLog10: true, series: lagSeries))
    }

    /// Mean of `column` over the seeds of each group.
    func meanOver(_ d: CSVData, _ column: String, groupBy: [String]) -> [([String], Double, [Double])] {
        groups(d, by: groupBy).map { k, rs in
            let v = rs.compactMap { CSVData.number(field(d, $0, column)) }
            return (k, ReportBuilder.mean(v), v)
        }
    }

    /// Varying columns that tell models apart (everything but `gap`/`length` and the seed).
    func modelColumns(excluding: Set<String>) -> [String] { varyingColumns.filter { !excluding.contains($0) } }

    /// "lstm:3:22": the non-empty values of a group key, for measurement names.
    static func measureKey(_ k: [String]) -> String { k.filter { !$0.isEmpty }.joined(separator: ":") }

    /// "cell=lstm, forget_bias=3": a group key as a label.
    static func labelOf(_ columns: [String], _ k: [String]) -> String {
        zip(columns, k).filter { !$0.1.isEmpty }.map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    /// Short labels that still tell `keys` apart: the grid keys and a varying `arm` (or, without an
    /// `arm`, `cell`) always, then a further column only if it separates groups that would
    /// otherwise share a label.
    func conciseLabels(_ columns: [String], _ keys: [[String]]) -> [String] {
        // A named setting (`arm`) labels a row by itself; otherwise the cell does.
        let grid = Set(spec.grid.map(\.0)).union(["arm"])
        let named = columns.contains("arm")
        func rank(_ c: String) -> Int { grid.contains(c) ? 0 : (c == "cell" && !named ? 1 : 2) }
        let varying = columns.indices.filter { i in Set(keys.map { $0[i] }).count > 1 }
        // A grid key always labels (a one-value grid still names the setting: "length=150"), so a
        // claim's measurement name does not depend on how many values the grid has.
        let gridKeys = Set(spec.grid.map(\.0))
        var chosen = columns.indices.filter { i in
            gridKeys.contains(columns[i]) || (varying.contains(i) && rank(columns[i]) < 2)
        }
        func distinctLabels(_ cols: [Int]) -> Int {
            Set(keys.map { k in cols.map { k[$0] }.joined(separator: "\u{1}") }).count
        }
        for i in varying where rank(columns[i]) == 2 && distinctLabels(chosen + [i]) > distinctLabels(chosen) {
            chosen.append(i)
        }
        chosen.sort()
        return keys.map { k in ReportBuilder.labelOf(chosen.map { columns[$0] }, chosen.map { k[$0] }) }
    }

    mutating func accuracyVsGap() throws {
        let s = try table("summary.csv")
        let models = modelColumns(excluding: ["gap"])
        let gaps = distinct(s, "gap")
        var rows: [[String]] = []
        let gs = groups(s, by: models)
        let short = conciseLabels(models, gs.map(\.0))
        // Mean accuracy per model and gap with its Student-t interval: the plotted table.
        var byGap = CSVTable(columns: models + ["gap", "runs", "mean_accuracy", "mean_lower", "mean_upper", "chance"])
        func num(_ x: Double?) -> CSVTable.Field { x.map { .number($0) } ?? .empty }
        for ((k, rs), label) in zip(gs, short) {
            var line = [label]
            var holds: String? = nil, broken = false
            for g in gaps {
                let gapRows = rs.filter { field(s, $0, "gap") == g }
                let v = gapRows.compactMap { CSVData.number(field(s, $0, "final_metric")) }
                let m = v.isEmpty ? nil : ReportBuilder.mean(v)
                let ci = Confidence.mean(v)
                line.append(
                    m.map {
                        (ci.map { ReportBuilder.intervalText($0, percent: true) }
                            ?? ReportBuilder.fmtMetric($0, "accuracy"))
                            + " (" + v.map { ReportBuilder.fmtMetric($0, "accuracy") }.joined(separator: ", ") + ")"
                    } ?? "—")
                // "Holds up to g" only while every gap from the shortest one up to g holds.
                if !broken, let m, m >= 0.9 { holds = g } else { broken = true }
                if let m {
                    for mk in Set([ReportBuilder.measureKey(k), label]) {
                        measurements["at-gap:\(mk):\(g)"] = ReportBuilder.fmtMetric(m, "accuracy")
                    }
                }
                if !gapRows.isEmpty {
                    byGap.append(
                        k.map { CSVTable.Field.text($0) } + [
                            .text(g), .integer(v.count), num(m), num(ci?.lower), num(ci?.upper),
                            num(CSVData.number(field(s, gapRows[0], "baseline_metric"))),
                        ])
                }
            }
            for mk in Set([ReportBuilder.measureKey(k), label]) {
                measurements["gap-limit:\(mk)"] =
                    holds.map { "≥ 90% mean accuracy at every gap up to \($0)" }
                    ?? "below 90% already at the shortest gap"
            }
            rows.append(line)
        }
        derived.append(("accuracy_by_gap.csv", byGap))
        let data = try CSVData(text: byGap.text, file: "accuracy_by_gap.csv")
        // Each mean with every seed's final accuracy as points in its colour.
        var plot: [Figure.Series] = []
        for (g, label) in zip(gs, short) {
            let main = plot.count
            plot.append(
                series(
                    data, file: "accuracy_by_gap.csv", label: label, x: "gap", y: "mean_accuracy",
                    filter: Array(zip(models, g.0))))
            plot.append(
                series(
                    s, file: "summary.csv", label: "\(label), per seed", x: "gap", y: "final_metric",
                    filter: Array(zip(models, g.0))
                ).companion(of: main, markers: true))
        }
        if let first = gs.first {
            plot.append(
                series(
                    data, file: "accuracy_by_gap.csv", label: "chance", x: "gap", y: "chance",
                    filter: Array(zip(models, first.0)), dashed: true))
        }
        let chance =
            s.rows.first.map { ReportBuilder.fmtMetric(CSVData.number(field(s, $0, "baseline_metric")), "accuracy") }
            ?? "—"
        body +=
            """
            ## Accuracy against gap\n\nHeld-out accuracy at the end of training: mean over seeds with its Student-t\
             95% interval (shown within [0, 100%]), each seed in brackets. Chance: \(chance). A model \"holds\" a gap\
             while its mean accuracy stays ≥ 90% at that gap and every shorter one.\n\n
            """
        body += ReportBuilder.md(["model"] + gaps.map { "gap \($0)" }, rows)
        var f = Figure(
            name: "accuracy_vs_gap",
            title: "Recall accuracy against the gap: mean over \(environmentSeeds.count) seeds (points: each seed)",
            xLabel: "gap (steps, log scale)", yLabel: "held-out accuracy", yIsLog10: false, series: plot)
        f.xLogScale = true
        f.yRange = (0, 1)
        figures.append(f)
    }

    mutating func clippingTraining() throws {
        let s = try table("summary.csv"), t = try table("training.csv")
        let keys = varyingColumns
        var rows: [[String]] = []
        for (k, rs) in groups(s, by: keys) {
            let diverged = rs.filter { !field(s, $0, "diverged_at").isEmpty }
            let metric = rs.first.map { field(s, $0, "metric_name") } ?? ""
            let finals = rs.filter { field(s, $0, "diverged_at").isEmpty }.compactMap {
                CSVData.number(field(s, $0, "final_metric"))
            }
            let name = ReportBuilder.labelOf(keys, k)
            let mk = k.filter { !$0.isEmpty }.joined(separator: ":")
            measurements["diverged:\(mk)"] = "\(diverged.count) of \(rs.count) runs diverged"
            measurements["final:\(mk)"] = ReportBuilder.fmtMetric(
                finals.isEmpty ? nil : ReportBuilder.mean(finals), metric)
            rows.append([
                name,
                "\(diverged.count)/\(rs.count)"
                    + (diverged.isEmpty
                        ? ""
                        : " (at update " + diverged.map { field(s, $0, "diverged_at") }.joined(separator: ", ") + ")"),
                finals.isEmpty ? "—" : ReportBuilder.fmtMetric(ReportBuilder.mean(finals), metric),
                ReportBuilder.n(rs.compactMap { CSVData.number(field(s, $0, "max_pre_clip_norm")) }.max()),
                ReportBuilder.n(CSVData.number(rs.first.map { field(s, $0, "clip_threshold_used") } ?? "")),
                ReportBuilder.fmtMetric(
                    ReportBuilder.mean(rs.compactMap { CSVData.number(field(s, $0, "clipped_fraction")) }), "accuracy"),
            ])
        }
        body +=
            """
            ## Training in the exploding regime\n\nFor each clipping setting: how many runs diverged (a loss,\
             gradient or parameter became inf or NaN), the final held-out score of the others, the largest\
             gradient norm met, the clip threshold and how often clipping fired.\n\n
            """
        body += ReportBuilder.md(
            ["setting", "diverged", "final (mean)", "largest ‖g‖", "threshold", "clipped updates"], rows)
        // One line per setting (first seed), for the loss and for the pre-clip norm, both log scale.
        func perSetting(_ name: String, _ title: String, _ y: String, _ yLabel: String) -> Figure {
            var f = Figure(
                name: name, title: "\(title) (seed \(firstSeed))", xLabel: "update", yLabel: yLabel, yIsLog10: true,
                series: groups(t, by: keys, rows: matching(t, [("seed", firstSeed)])).map { k, _ in
                    series(
                        t, file: "training.csv", label: ReportBuilder.labelOf(keys, k), x: "update", y: y,
                        filter: Array(zip(keys, k)) + [("seed", firstSeed)], yTransform: log10)
                })
            f.logOfColumn = true
            return f
        }
        figures.append(perSetting("loss_curves", "Training loss", "loss", "loss (log scale)"))
        figures.append(
            perSetting("gradient_norms", "Gradient norm before clipping", "pre_clip_norm", "‖g‖ (log scale)"))
    }

    mutating func addingMSE() throws {
        let s = try table("summary.csv")
        let cells = distinct(s, "cell"), lengths = distinct(s, "length")
        let means = meanOver(s, "final_metric", groupBy: ["cell", "length"])
        var rows: [[String]] = []
        for c in cells {
            var line = [c]
            for l in lengths {
                let m = means.first { $0.0 == [c, l] }
                line.append(m.map { NumberFormat.short($0.1) + ($0.1 < 1.0 / 6 ? " (< 1/6)" : " (≥ 1/6)") } ?? "—")
                if let m {
                    measurements["mse:\(c):\(l)"] = "MSE \(NumberFormat.short(m.1)) against the baseline 1/6 = 0.1667"
                }
            }
            rows.append(line)
        }
        body +=
            """
            ## MSE against the constant-predictor baseline 1/6\n\nHeld-out MSE at the end of training, mean over\
             seeds.\n\n
            """
        body += ReportBuilder.md(["cell"] + lengths.map { "T = \($0)" }, rows)
        guard let (d, keys) = try curvesBySetting() else { return }
        for l in lengths {
            // One line per setting at this length (a model with several learning rates has several).
            let models = keys.filter { $0 != "length" }
            let gs = groups(d, by: models, rows: matching(d, [("length", l)]))
            let labels = conciseLabels(models, gs.map(\.0))
            var plot: [Figure.Series] = []
            for (g, label) in zip(gs, labels) {
                meanWithRange(
                    &plot, d, label: label, y: "metric", filter: Array(zip(models, g.0)) + [("length", l)], log: true)
            }
            if let first = gs.first {
                plot.append(
                    series(
                        d, file: "curves_by_update.csv", label: "baseline 1/6", x: "update", y: "baseline_metric",
                        filter: Array(zip(models, first.0)) + [("length", l)], dashed: true,
                        yTransform: { $0 > 0 ? log10($0) : .nan }))
            }
            // Log scale: a diverging seed's MSE (10^10) must not flatten the baseline and the plateau.
            var f = Figure(
                name: ReportBuilder.stem("mse_T", l), title: "Held-out MSE during training, T = \(l): \(overSeeds)",
                xLabel: "update", yLabel: "MSE (log scale)", yIsLog10: true, series: plot)
            f.logOfColumn = true
            figures.append(f)
        }
    }

    mutating func temporalOrder() throws {
        let s = try table("summary.csv"), e = try table("evaluation.csv")
        var rows: [[String]] = []
        for (k, rs) in groups(s, by: ["length"]) {
            let errors = rs.compactMap { CSVData.number(field(s, $0, "final_metric")) }.map { 1 - $0 }
            // First evaluation with error below 1%, per seed.
            let firsts = rs.map { r -> String in
                let evals = matching(e, [("run", field(s, r, "run"))])
                let hit = evals.first { (CSVData.number(field(e, $0, "metric")) ?? 0) > 0.99 }
                return hit.map { field(e, $0, "update") } ?? "not within \(field(s, r, "updates_run"))"
            }
            measurements["error:\(k[0])"] =
                """
                \(String(format: "%.2f%%", 100 * ReportBuilder.mean(errors))) error; below 1% from update\
                 \(firsts.joined(separator: ", "))
                """
            rows.append([
                k[0], String(format: "%.2f%%", 100 * ReportBuilder.mean(errors)),
                errors.map { String(format: "%.2f%%", 100 * $0) }.joined(separator: ", "),
                firsts.joined(separator: ", "),
            ])
        }
        body +=
            """
            ## Error against sequence length\n\nHeld-out classification error at the end (mean, then per seed) and\
             the first evaluation at which it fell below 1%.\n\n
            """
        body += ReportBuilder.md(["T", "final error (mean)", "per seed", "below 1% from update"], rows)
        guard let (d, keys) = try curvesBySetting() else { return }
        var plot: [Figure.Series] = []
        let gs = groups(d, by: keys)
        for (g, label) in zip(gs, conciseLabels(keys, gs.map(\.0))) {
            meanWithRange(&plot, d, label: label, y: "metric", filter: Array(zip(keys, g.0)))
        }
        figures.append(
            Figure(
                name: "accuracy", title: "Held-out accuracy during training: \(overSeeds)", xLabel: "update",
                yLabel: "accuracy", yIsLog10: false, series: plot))
    }

    mutating func learningCurves() throws {
        let s = try table("summary.csv")
        let models = modelColumns(excluding: [])
        var rows: [[String]] = []
        let metric = s.rows.first.map { field(s, $0, "metric_name") } ?? "metric"
        var curves: [Figure.Series] = [], losses: [Figure.Series] = []
        let gs = groups(s, by: models)
        let short = conciseLabels(models, gs.map(\.0))
        let curveData = try curvesBySetting()
        for ((k, rs), label) in zip(gs, short) {
            let values = rs.compactMap { CSVData.number(field(s, $0, "final_metric")) }.filter(\.isFinite)
            let v = ReportBuilder.mean(values)
            measurements["final:\(ReportBuilder.measureKey(k))"] = ReportBuilder.fmtMetric(v, metric)
            let ci = Confidence.mean(values)
            rows.append([
                label, ReportBuilder.fmtMetric(v, metric),
                ci.map {
                    "[\(ReportBuilder.fmtMetric($0.lower, metric)), \(ReportBuilder.fmtMetric($0.upper, metric))]"
                }
                    ?? "—",
                values.map { ReportBuilder.fmtMetric($0, metric) }.joined(separator: ", "),
            ])
            if let (d, _) = curveData {
                meanWithRange(&curves, d, label: label, y: "metric", filter: Array(zip(models, k)))
                meanWithRange(&losses, d, label: label, y: "loss", filter: Array(zip(models, k)), log: true)
            }
        }
        body +=
            """
            ## Learning curves\n\nFinal held-out \(metric): mean over seeds, its Student-t 95% interval, and each\
             seed. The plots show the mean over seeds at each evaluation with the lowest and highest seed dashed (a\
             run stopped when solved keeps its last evaluation).\n\n
            """
            + ReportBuilder.md(["model", "final (mean)", "95% CI", "per seed"], rows)
        // The chance or memoryless baseline as a line, once per distinct value (tasks differ).
        if let (d, keys) = curveData {
            var seen: Set<String> = []
            for (k, rows) in groups(d, by: keys) {
                guard let v = rows.first.map({ field(d, $0, "baseline_metric") }), !v.isEmpty, seen.insert(v).inserted
                else { continue }
                curves.append(
                    series(
                        d, file: "curves_by_update.csv",
                        label: "baseline \(ReportBuilder.fmtMetric(CSVData.number(v), metric))", x: "update",
                        y: "baseline_metric", filter: Array(zip(keys, k)), dashed: true))
            }
        }
        figures.append(
            Figure(
                name: "learning_curves", title: "Held-out \(metric) during training: \(overSeeds)",
                xLabel: "update", yLabel: metric, yIsLog10: false, series: curves))
        var f = Figure(
            name: "held_out_loss", title: "Held-out loss during training: \(overSeeds)", xLabel: "update",
            yLabel: "loss (log scale)", yIsLog10: true, series: losses)
        f.logOfColumn = true
        figures.append(f)
    }
}

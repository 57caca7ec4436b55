import Foundation
import Reporting
import Statistics

/// The statistics of training experiments: success rates with Wilson intervals, updates to success
/// as median and quartiles over seeds (censored where runs did not succeed), final scores as means
/// with Student-t intervals, and the share of seeds solved by each update (docs/measurements.md).
extension ReportBuilder {
    /// One setting (the varying columns except the seed) and its runs.
    struct SettingStats {
        var key: [String]
        var label: String
        var runs: Int
        var solved: Int
        var rate: Interval?
        /// Update at which each run succeeded (nil: not within its budget).
        var times: [Double?]
        var final: Interval?
        var finalValues: [Double]
        var diverged: Int
        var perSeed: [String]
        /// Each run's log10 ‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ on its first batch (gradient flow at
        /// initialisation), where summary.csv has it.
        var initialRatios: [Double] = []
    }

    /// The update a run counts as solved at: the confirmed stop with `stop_when_solved`, else the
    /// update from which its held-out score stays at the level.
    func solvedAt(_ s: CSVData, _ r: [String]) -> Double? {
        guard field(s, r, "solved") == "true" else { return nil }
        return CSVData.number(field(s, r, "solved_at")) ?? CSVData.number(field(s, r, "reached_from"))
    }

    func settingStats(_ s: CSVData) -> [SettingStats] {
        let keys = varyingColumns
        let gs = groups(s, by: keys)
        let labels = conciseLabels(keys, gs.map(\.0))
        return zip(gs, labels).map { g, label in
            let (k, rs) = g
            let solved = rs.filter { field(s, $0, "solved") == "true" }.count
            let finals = rs.filter { field(s, $0, "diverged_at").isEmpty }.compactMap {
                CSVData.number(field(s, $0, "final_metric"))
            }.filter(\.isFinite)
            let metric = rs.first.map { field(s, $0, "metric_name") } ?? ""
            let perSeed = rs.map { r -> String in
                let seed = field(s, r, "seed")
                if !field(s, r, "diverged_at").isEmpty { return "\(seed): diverged at \(field(s, r, "diverged_at"))" }
                if let t = solvedAt(s, r) { return "\(seed): \(Int(t))" }
                return "\(seed): — (\(ReportBuilder.fmtMetric(CSVData.number(field(s, r, "final_metric")), metric)))"
            }
            return SettingStats(
                key: k, label: label.isEmpty ? "all runs" : label, runs: rs.count, solved: solved,
                rate: Confidence.wilson(successes: solved, trials: rs.count), times: rs.map { solvedAt(s, $0) },
                final: Confidence.mean(finals), finalValues: finals,
                diverged: rs.filter { !field(s, $0, "diverged_at").isEmpty }.count, perSeed: perSeed,
                initialRatios: rs.compactMap { CSVData.number(field(s, $0, "informative_ratio_init_log10")) }.filter(
                    \.isFinite))
        }
    }

    /// The gradient reaching the informative step at initialisation, per setting: the mean over
    /// seeds of log10 ‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ on each run's first batch, with its Student-t
    /// 95% interval (the measurement `init-gradient:KEY`). Nothing where summary.csv lacks it.
    mutating func initialGradientFlow(_ stats: [SettingStats]) {
        let rows = stats.filter { !$0.initialRatios.isEmpty }.map { st -> [String] in
            let g = Confidence.mean(st.initialRatios)
            return [
                st.label,
                g.map { ReportBuilder.intervalText($0, percent: false) }
                    ?? NumberFormat.short(st.initialRatios[0], digits: 4),
                st.initialRatios.map { NumberFormat.short($0, digits: 3) }.joined(separator: ", "),
            ]
        }
        guard !rows.isEmpty else { return }
        body +=
            """
            \n### Gradient flow at initialisation\n\nHow much of the gradient at the last step reaches the\
             informative step before any training: log10 ‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ on each run's first\
             batch (0 = undamped, −1 = a tenth), the mean over seeds with its Student-t 95% interval.\n\n
            """
        body += ReportBuilder.md(["setting", "log10 ratio: mean [95% CI]", "per seed"], rows)
    }

    static func percent(_ x: Double) -> String { String(format: "%.0f%%", 100 * x) }

    /// "62% [31%, 86%]". A share's interval is shown clipped to [0, 100%] (a t interval of a mean
    /// accuracy near 0 can reach below it); the CSV keeps the interval as computed.
    static func intervalText(_ i: Interval?, percent: Bool) -> String {
        guard let i else { return "—" }
        let f: (Double) -> String = percent ? { ReportBuilder.percent($0) } : { NumberFormat.short($0, digits: 4) }
        let lo = percent ? max(0, i.lower) : i.lower, hi = percent ? min(1, i.upper) : i.upper
        return "\(f(i.estimate)) [\(f(lo)), \(f(hi))]"
    }

    static func quantileText(_ q: CensoredQuantiles.Value?) -> String {
        switch q {
        case .value(let v): return String(Int(v.rounded()))
        case .notReached: return "not reached"
        case nil: return "—"
        }
    }

    /// `success-rates`: the table, `success_rates.csv` and `success_by_update.csv` (derived from
    /// summary.csv, so `report` and `merge` rebuild them), a plot of the share solved against the
    /// training budget, and the measurements `success:KEY`, `final:KEY`, `median-updates:KEY`.
    mutating func successRates() throws {
        let s = try table("summary.csv")
        let stats = settingStats(s)
        let keys = varyingColumns.filter { $0 != "seed" }
        var rows: [[String]] = []
        var rates = CSVTable(
            columns: keys + [
                "runs", "solved", "rate", "rate_lower", "rate_upper", "median_updates", "lower_quartile_updates",
                "upper_quartile_updates", "final_mean", "final_lower", "final_upper",
            ])
        func num(_ x: Double?) -> CSVTable.Field { x.map { .number($0) } ?? .empty }
        func q(_ st: SettingStats, _ p: Double) -> CensoredQuantiles.Value? { CensoredQuantiles.quantile(st.times, p) }
        func qValue(_ v: CensoredQuantiles.Value?) -> Double? { if case .value(let x) = v { return x }; return nil }
        for st in stats {
            let r0 = matching(s, Array(zip(varyingColumns, st.key))).first ?? []
            let metric = r0.isEmpty ? "metric" : field(s, r0, "metric_name")
            let percentMetric = metric.contains("accuracy") || metric.contains("error")
            let higher = !r0.isEmpty && field(s, r0, "higher_is_better") == "true"
            let level = r0.isEmpty ? "—" : field(s, r0, "success_level")
            let stops = !r0.isEmpty && field(s, r0, "stop_when_solved") == "true"
            let confirm = r0.isEmpty ? "—" : field(s, r0, "confirm_size")
            let criterion =
                "\(metric) \(higher ? "≥" : "≤") \(level)"
                + (stops ? ", confirmed on \(confirm == "—" ? "10000" : confirm) fresh (stops)" : ", kept to the end")
            // Each measurement under the setting's values joined by ':' and under its label
            // ("length=50, arm=msgd-cr"), so a claim can name it either way.
            for mk in Set([ReportBuilder.measureKey(st.key), st.label]) {
                settings[mk] = st
                measurements["success:\(mk)"] =
                    "\(st.solved)/\(st.runs) solved, \(ReportBuilder.intervalText(st.rate, percent: true))"
                if let r = st.rate { intervals["success:\(mk)"] = r }
                if let f = st.final {
                    intervals["final:\(mk)"] = f
                    measurements["final:\(mk)"] =
                        "mean \(ReportBuilder.intervalText(f, percent: percentMetric)) \(metric) over \(st.finalValues.count) runs"
                }
                measurements["median-updates:\(mk)"] = ReportBuilder.quantileText(q(st, 0.5))
                if let m = CensoredQuantiles.medianInterval(st.times) {
                    let median: Double = qValue(q(st, 0.5)) ?? .infinity
                    intervals["median-updates:\(mk)"] = Interval(estimate: median, lower: m.lower, upper: m.upper)
                    func t(_ x: Double) -> String { x.isFinite ? String(Int(x.rounded())) : "not reached" }
                    measurements["median-updates:\(mk)"] =
                        """
                        median \(ReportBuilder.quantileText(q(st, 0.5))) updates [\(t(m.lower)), \(t(m.upper))]\
                         (order statistics, coverage \(ReportBuilder.percent(m.coverage)))
                        """
                }
                if let g = Confidence.mean(st.initialRatios) {
                    intervals["init-gradient:\(mk)"] = g
                    measurements["init-gradient:\(mk)"] =
                        "log10 ratio \(ReportBuilder.intervalText(g, percent: false)) over \(st.initialRatios.count) runs"
                }
                if let d = Confidence.wilson(successes: st.diverged, trials: st.runs) {
                    intervals["diverged:\(mk)"] = d
                    measurements["diverged:\(mk)"] =
                        "\(st.diverged)/\(st.runs) diverged, \(ReportBuilder.intervalText(d, percent: true))"
                }
            }
            rows.append([
                st.label, criterion, "\(st.runs)",
                "\(st.solved)" + (st.diverged > 0 ? " (\(st.diverged) diverged)" : ""),
                ReportBuilder.intervalText(st.rate, percent: true),
                "\(ReportBuilder.quantileText(q(st, 0.5))) [\(ReportBuilder.quantileText(q(st, 0.25))), \(ReportBuilder.quantileText(q(st, 0.75)))]",
                (st.final == nil && st.finalValues.count == 1
                    ? ReportBuilder.fmtMetric(st.finalValues[0], metric)
                    : ReportBuilder.intervalText(st.final, percent: percentMetric)) + " \(metric)",
                st.perSeed.joined(separator: "; "),
            ])
            rates.append(
                st.key.map { CSVTable.Field.text($0) } + [
                    .integer(st.runs), .integer(st.solved), num(st.rate?.estimate), num(st.rate?.lower),
                    num(st.rate?.upper), num(qValue(q(st, 0.5))), num(qValue(q(st, 0.25))), num(qValue(q(st, 0.75))),
                    num(st.final?.estimate), num(st.final?.lower), num(st.final?.upper),
                ])
        }
        body +=
            """
            ## Success rates\n\nA run succeeds when its held-out metric meets the setting's level: with a\
             stopping rule, at an evaluation and again on fresh sequences (training stops there, as in Pascanu et\
             al.'s code); otherwise from some evaluation to the end of training (\"reaches\" means it stays).\
             Each setting ran every seed of the list fixed in the specification. Rates carry Wilson 95%\
             intervals; updates to success are the median and quartiles over seeds (\"not reached\" where the\
             quantile falls among runs that did not succeed); the final metric is a mean with its Student-t 95%\
             interval over the runs that did not diverge (shown within [0, 100%]). Per seed: the update of\
             success, or — with the final score.\n\n
            """
        body += ReportBuilder.md(
            [
                "setting", "success", "seeds", "solved", "success rate [95% CI]",
                "updates to success: median [quartiles]", "final [95% CI]", "per seed",
            ], rows)
        derived.append(("success_rates.csv", rates))
        initialGradientFlow(stats)
        try successAgainstLength(rates, keys: keys)

        // The share of seeds solved by each update: the success rate against the training budget.
        let evalTable = tables["evaluation.csv"]
        let updates = evalTable.map { e in Set(e.values("update").compactMap { $0 }).sorted() } ?? []
        guard !updates.isEmpty else { return }
        var byUpdate = CSVTable(columns: keys + ["update", "solved", "runs", "rate", "rate_lower", "rate_upper"])
        for st in stats {
            for u in updates {
                let k = st.times.filter { t in t.map { $0 <= u } ?? false }.count
                let w = Confidence.wilson(successes: k, trials: st.runs)
                byUpdate.append(
                    st.key.map { CSVTable.Field.text($0) } + [
                        .number(u), .integer(k), .integer(st.runs), num(w?.estimate), num(w?.lower), num(w?.upper),
                    ])
            }
        }
        derived.append(("success_by_update.csv", byUpdate))
        let data = try CSVData(text: byUpdate.text, file: "success_by_update.csv")
        // One figure per value of a swept gap or length (so that a figure holds the settings of
        // one task), else one; the Wilson lower bound is drawn where a figure has few lines.
        let split = keys.first { k in
            let values = stats.map { $0.key[keys.firstIndex(of: k)!] }
            return ["gap", "length", "task"].contains(k) && Set(values).count > 1 && !values.contains("")
        }
        var parts: [(String, [SettingStats])] =
            split.map { k in
                let i = keys.firstIndex(of: k)!
                return distinct(data, k).map { v in ("\(k) \(v)", stats.filter { $0.key[i] == v }) }
            } ?? [("", stats)]
        // The settings that rescale W_hh (the exploding regime) get a figure of their own.
        if let i = keys.firstIndex(of: "sigma_max") {
            let rescaled = stats.filter { !$0.key[i].isEmpty }
            if !rescaled.isEmpty && rescaled.count < stats.count {
                parts = parts.map { t, m in (t, m.filter { $0.key[i].isEmpty }) }.filter { !$0.1.isEmpty }
                parts.append(("exploding regime", rescaled))
            }
        }
        for (title, members) in parts {
            var plot: [Figure.Series] = []
            for st in members {
                let filter = Array(zip(keys, st.key))
                let main = plot.count
                plot.append(
                    series(data, file: "success_by_update.csv", label: st.label, x: "update", y: "rate", filter: filter)
                )
                if members.count <= 5 {
                    plot.append(
                        series(
                            data, file: "success_by_update.csv", label: "\(st.label), 95% CI", x: "update",
                            y: "rate_lower", filter: filter, dashed: true
                        ).companion(of: main))
                }
            }
            let name =
                title.isEmpty
                ? "success_by_update"
                : ReportBuilder.stem("success_by_update_", title.replacingOccurrences(of: " ", with: ""))
            var f = Figure(
                name: name,
                title: "Share of seeds solved by each update\(title.isEmpty ? "" : ", \(title)")"
                    + (members.count <= 5 ? " (dashed: Wilson lower bound)" : ""),
                xLabel: "update", yLabel: "share of seeds solved", yIsLog10: false, series: plot)
            f.yRange = (0, 1)
            figures.append(f)
        }
    }

    /// Success rate against the gap or length (log axis), one line per other setting, with the
    /// Wilson bounds dashed, from `success_rates.csv`.
    mutating func successAgainstLength(_ rates: CSVTable, keys: [String]) throws {
        let data = try CSVData(text: rates.text, file: "success_rates.csv")
        // A gap or length that every setting has (cases of different tasks leave it empty in some).
        guard
            let x = keys.first(where: { k in
                (k == "length" || k == "gap") && data.distinct(k).count > 1 && !data.distinct(k).contains("")
            })
        else { return }
        let others = keys.filter { $0 != x }
        let gs = groups(data, by: others)
        let labels = conciseLabels(others, gs.map(\.0))
        var plot: [Figure.Series] = []
        for ((k, _), label) in zip(gs, labels) {
            let filter = Array(zip(others, k))
            let name = label.isEmpty ? "all" : label
            let main = plot.count
            plot.append(series(data, file: "success_rates.csv", label: name, x: x, y: "rate", filter: filter))
            plot.append(
                series(
                    data, file: "success_rates.csv", label: "\(name): 95% CI", x: x, y: "rate_lower", filter: filter,
                    dashed: true
                ).companion(of: main))
            plot.append(
                series(
                    data, file: "success_rates.csv", label: "\(name): 95% CI", x: x, y: "rate_upper", filter: filter,
                    dashed: true
                ).companion(of: main))
        }
        var f = Figure(
            name: "success_vs_\(x)", title: "Success rate against the \(x) (dashed: Wilson 95% interval)",
            xLabel: x == "gap" ? "gap (steps, log scale)" : "sequence length T (log scale)", yLabel: "success rate",
            yIsLog10: false, series: plot)
        f.xLogScale = true
        f.yRange = (0, 1)
        figures.append(f)
    }

    /// `exploding-regime`: the settings that rescale W_hh (`sigma_max` given), by effective step
    /// lr·τ (τ the clip threshold; no clipping: unbounded): divergence with its Wilson interval, the
    /// final metric of the runs that did not diverge against the baseline, how often clipping fired,
    /// the largest gradient norm and σ_max(W_hh) at the end (last row of training.csv).
    mutating func explodingRegime() throws {
        let s = try table("summary.csv")
        let t = tables["training.csv"]
        let stats = settingStats(s).filter { st in
            let rows = matching(s, Array(zip(varyingColumns, st.key)))
            return rows.contains { !field(s, $0, "sigma_max").isEmpty && field(s, $0, "sigma_max") != "—" }
        }
        guard !stats.isEmpty else { return }
        var rows: [[String]] = []
        var metrics: Set<String> = []
        for st in stats {
            let rs = matching(s, Array(zip(varyingColumns, st.key)))
            guard let r0 = rs.first else { continue }
            let metric = field(s, r0, "metric_name")
            metrics.insert(metric)
            let percentMetric = metric.contains("accuracy") || metric.contains("error")
            let lr = CSVData.number(field(s, r0, "learning_rate"))
            let clipped = field(s, r0, "clip") != "none"
            let tau = CSVData.number(field(s, r0, "clip_threshold_used"))
            let step = clipped ? (lr ?? .nan) * (tau ?? .nan) : .infinity
            let clipFraction = ReportBuilder.mean(rs.compactMap { CSVData.number(field(s, $0, "clipped_fraction")) })
            let largest = rs.compactMap { CSVData.number(field(s, $0, "max_pre_clip_norm")) }.filter(\.isFinite).max()
            var sigmas: [Double] = []
            if let t {
                for r in rs {
                    let runRows = matching(t, [("run", field(s, r, "run"))])
                    if let last = runRows.last(where: { !field(t, $0, "sigma_max_whh").isEmpty }),
                        let v = CSVData.number(field(t, last, "sigma_max_whh")), field(s, r, "diverged_at").isEmpty
                    {
                        sigmas.append(v)
                    }
                }
            }
            let baseline = CSVData.number(field(s, r0, "baseline_metric"))
            rows.append([
                st.label, field(s, r0, "sigma_max"), lr.map { NumberFormat.short($0, digits: 3) } ?? "—",
                clipped ? "norm, τ = \(tau.map { NumberFormat.short($0, digits: 3) } ?? "—")" : "none",
                step.isFinite ? NumberFormat.short(step, digits: 3) : "unbounded",
                "\(st.diverged)/\(st.runs), \(ReportBuilder.intervalText(Confidence.wilson(successes: st.diverged, trials: st.runs), percent: true))",
                st.final == nil && st.finalValues.count == 1
                    ? ReportBuilder.fmtMetric(st.finalValues[0], metric)
                    : ReportBuilder.intervalText(st.final, percent: percentMetric),
                ReportBuilder.fmtMetric(baseline, metric),
                clipped ? ReportBuilder.percent(clipFraction) : "—",
                largest.map { NumberFormat.short($0, digits: 3) } ?? "—",
                sigmas.isEmpty ? "—" : NumberFormat.short(ReportBuilder.mean(sigmas), digits: 3),
            ])
        }
        body +=
            """
            ## The exploding regime, by effective step\n\nW_hh rescaled to the σ_max given, so gradients explode\
             from the start. With norm clipping at τ, no update moves the parameters by more than lr·τ (plain SGD);\
             without it the step is unbounded. A run diverges when its loss, a gradient or a parameter becomes inf\
             or NaN. Final \(metrics.sorted().joined(separator: ", ")): mean [Student-t 95%] over the runs that did\
             not diverge, beside the memoryless baseline; σ_max(W_hh) at the end, mean over those runs.\n\n
            """
        body += ReportBuilder.md(
            [
                "setting", "σ_max at init", "lr", "clipping", "lr·τ", "diverged [95% CI]", "final [95% CI]",
                "baseline", "clipped updates", "largest ‖g‖", "σ_max(W_hh) at end",
            ], rows)
    }

    /// For every claim whose verdict is not "holds", what was measured that explains it: the
    /// budget against the published one, when the successes came (still rising at the end of the
    /// budget or not), and where the runs that did not succeed ended against chance.
    var disagreements: String {
        var lines: [String] = []
        for c in spec.claims {
            guard let e = c.expect, let k = c.check, let i = intervals[k] else { continue }
            var other: Interval? = nil
            if case .belowMeasurement(let m) = e { other = intervals[m] }
            if case .aboveMeasurement(let m) = e { other = intervals[m] }
            let v = e.verdict(i, other: other)
            guard v != .holds else { continue }
            var facts: [String] = []
            let parts = k.split(separator: ":", maxSplits: 1).map(String.init)
            let name = parts.last ?? k
            // A gradient-flow claim is explained by its two measurements, not by training outcomes.
            if parts.first == "init-gradient" {
                facts.append(measurements[k] ?? "\(i)")
                if case .aboveMeasurement(let m) = e { facts.append("against \(measurements[m] ?? "—") for \(m)") }
                if case .belowMeasurement(let m) = e { facts.append("against \(measurements[m] ?? "—") for \(m)") }
            } else if let st = settings[name] {
                let s = tables["summary.csv"]
                let rows = s.map { s in matching(s, Array(zip(varyingColumns, st.key))) } ?? []
                let asked =
                    rows.first.flatMap { r in s.flatMap { CSVData.number(field($0, r, "updates")) } }
                    ?? rows.compactMap { r in s.flatMap { CSVData.number(field($0, r, "updates_run")) } }.max() ?? 0
                let solvedTimes = st.times.compactMap { $0 }
                facts.append("\(st.solved) of \(st.runs) runs succeeded within \(Int(asked)) updates")
                if !solvedTimes.isEmpty, asked > 0 {
                    let late = solvedTimes.filter { $0 > 0.75 * asked }.count
                    facts.append(
                        late > 0
                            ? "\(late) of those successes came in the last quarter of the budget: the rate was still rising when it ended"
                            : "none came in the last quarter of the budget (the last at update \(Int(solvedTimes.max()!)))"
                    )
                }
                if let s, let r0 = rows.first {
                    let metric = field(s, r0, "metric_name")
                    let unsolved = rows.filter {
                        field(s, $0, "solved") != "true" && field(s, $0, "diverged_at").isEmpty
                    }
                    .compactMap { CSVData.number(field(s, $0, "final_metric")) }
                    let chance = CSVData.number(field(s, r0, "baseline_metric"))
                    if !unsolved.isEmpty {
                        let m = Confidence.mean(unsolved)
                        let percent = metric.contains("accuracy") || metric.contains("error")
                        let shown =
                            m.map { ReportBuilder.intervalText($0, percent: percent) }
                            ?? ReportBuilder.fmtMetric(unsolved[0], metric)
                        facts.append(
                            "the \(unsolved.count) that did not ended at \(shown) \(metric), against the baseline's \(ReportBuilder.fmtMetric(chance, metric))"
                        )
                    }
                    if st.diverged > 0 { facts.append("\(st.diverged) diverged") }
                }
            }
            if facts.isEmpty { facts.append(measurements[k] ?? "\(i)") }
            if let o = other {
                func t(_ x: Double) -> String { x.isFinite ? NumberFormat.short(x, digits: 4) : "not reached" }
                let both = "[\(t(i.lower)), \(t(i.upper))] against [\(t(o.lower)), \(t(o.upper))]"
                facts.append(
                    v == .inconclusive
                        ? "the two 95% intervals overlap (\(both)), so \(environmentSeeds.count) seeds cannot order them"
                        : "the two 95% intervals are apart, the wrong way round (\(both))")
            }
            lines.append(
                "- **\(c.claim)** — \(v.rawValue). Measured: \(facts.joined(separator: "; ")). Published: \(c.published)."
            )
        }
        guard !lines.isEmpty else { return "" }
        return "### Where the measurement does not confirm the published claim\n\n" + lines.joined(separator: "\n")
            + "\n\n"
    }
}

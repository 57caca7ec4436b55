import Formats
import LinearAlgebra
import Foundation
import Instrumentation
import Recurrent
import Reporting
import Statistics

/// Report sections of gradient-flow sweeps: the seed table, the Pascanu bound against the observed rate, the onset of explosion.
extension ReportBuilder {
    mutating func seedTable() throws {
        let file = "gradient_norms.csv"
        let g = try table(file)
        var rows: [[String]] = []
        var plot: [Figure.Series] = []
        let tc = try col(g, "t"), ratioColumn = try col(g, "ratio_to_last"), lagColumn = try col(g, "lag")
        var nonNormal = false
        var nonNormalPlot: [Figure.Series] = []
        for (key, rs) in groups(g, by: ["scale", "coupling"]) {
            let s = key[0], c = Double(key[1]) ?? 0
            guard let r0 = rs.first(where: { $0[tc] == "0" }) else { continue }
            let measured = CSVData.number(r0[ratioColumn]) ?? .nan
            let predicted = CSVData.number(r0[try col(g, "predicted_ratio")]) ?? .nan
            let sigma = CSVData.number(field(g, r0, "sigma_max_whh")) ?? .nan
            let sigmaPower = CSVData.number(field(g, r0, "sigma_power_log10")) ?? .nan
            let lag = r0[lagColumn]
            let verdict = measured < 1 ? "vanishing" : (measured > 1 ? "exploding" : "neutral")
            if c == 0 {
                measurements["ratio:\(s)"] = NumberFormat.short(measured, digits: 8)
                rows.append([
                    s, key[1], NumberFormat.short(sigma, digits: 6), NumberFormat.short(measured, digits: 8),
                    "\(s)^\(lag) = " + NumberFormat.short(predicted, digits: 8),
                    NumberFormat.shortFromLog10(sigmaPower),
                    NumberFormat.short(abs(measured - predicted) / predicted, digits: 2), verdict,
                ])
                plot.append(
                    series(
                        g, file: file, label: "s = \(s)", x: "lag", y: "ratio_to_last",
                        filter: [("scale", s), ("coupling", key[1])], yTransform: log10))
            } else {
                nonNormal = true
                // The largest ratio on the way back, and where it is reached.
                var peak = -Double.infinity, peakLag = "0"
                for r in rs {
                    if let v = CSVData.number(r[ratioColumn]), v > peak { peak = v; peakLag = r[lagColumn] }
                }
                measurements["ratio:\(s):c\(key[1])"] =
                    "ratio at lag \(lag): \(NumberFormat.short(measured, digits: 6)), against ρ^\(lag) = \(NumberFormat.short(predicted, digits: 4)) and σ_max^\(lag) = \(NumberFormat.shortFromLog10(sigmaPower)); on the way back it first grows to \(NumberFormat.short(peak, digits: 4)) (lag \(peakLag)), then decays"
                rows.append([
                    s, key[1], NumberFormat.short(sigma, digits: 6), NumberFormat.short(measured, digits: 8),
                    "ρ^\(lag) = " + NumberFormat.short(predicted, digits: 8), NumberFormat.shortFromLog10(sigmaPower),
                    "— (peak \(NumberFormat.short(peak, digits: 4)) at lag \(peakLag))", verdict,
                ])
                let f = [("scale", s), ("coupling", key[1])]
                nonNormalPlot.append(
                    series(
                        g, file: file, label: "measured, s = \(s), c = \(key[1])", x: "lag", y: "ratio_to_last",
                        filter: f, yTransform: log10))
                nonNormalPlot.append(
                    series(
                        g, file: file, label: "ρ^lag = \(s)^lag", x: "lag", y: "predicted_ratio", filter: f,
                        dashed: true, yTransform: log10))
            }
        }
        body +=
            """
            ## Measured ratios\n\nA linear RNN with W_hh = s·I carries the last-step gradient back multiplied by s\
             per step, so ‖∂L/∂h_0‖/‖∂L/∂h_T‖ = s^T exactly. There singular values and eigenvalues coincide\
             (σ_max = ρ = s), so these rows cannot tell the lecture notes' argument (the gradient scales like the\
             singular values to the power t, from W^t = UΣ^tV^T) from the eigenvalue one: W^t = UΣ^tV^T holds only\
             for a symmetric positive semi-definite W.\n\n
            """
        if nonNormal {
            body +=
                """
                The non-normal rows (W_hh = s·I + c·N, N the shift with ones on the superdiagonal) have ρ = s < 1 and\
                 σ_max > 1 (the smart-tanh spectrum's σ_max ≈ 1.85 and ρ = 0.95 at s = 0.95, c = 0.9): the gradient\
                 first grows, as powers of N add binomial terms C(t, k)·s^(t−k)·c^k, then decays at the rate ρ sets.\
                 Neither σ_max^T nor ρ^T gives the ratio.\n\n
                """
        }
        body += ReportBuilder.md(
            [
                "s", "c", "σ_max(W_hh)", "measured ‖∂L/∂h_0‖ / ‖∂L/∂h_T‖", "exact (c = 0) or ρ^T", "σ_max^T",
                "relative difference", "verdict",
            ], rows)
        figures.append(
            Figure(
                name: "gradient_norms", title: "‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ against lag, W_hh = s·I", xLabel: "lag T − t",
                yLabel: "ratio to the last step (log scale)", yIsLog10: true, series: plot
            ).withLogOfColumn())
        if !nonNormalPlot.isEmpty {
            figures.append(
                Figure(
                    name: "non_normal",
                    title: "Non-normal W_hh = s·I + c·N: transient growth, then decay (σ_max^lag is off the scale)",
                    xLabel: "lag T − t", yLabel: "ratio to the last step (log scale)", yIsLog10: true,
                    series: nonNormalPlot
                ).withLogOfColumn())
        }
    }

    mutating func boundVsObserved() throws {
        let (d, top) = try topDiagnosis()
        let gamma = try col(d, "gamma"), sigma = try col(d, "sigma_max_whh"), obs = try col(d, "observed_rate_log10")
        let bound = try col(d, "bound_rate_log10"), verdict = try col(d, "verdict"), holds = try col(d, "bound_holds")
        let rho = try col(d, "spectral_radius_whh")
        var rows: [[String]] = []
        var broken = 0, explodingBelowOne = 0, total = 0
        var firstExploding: [String: Double] = [:], lastVanishing: [String: Double] = [:]
        var rhoAt: [String: Double] = [:]
        for (key, rs) in groups(d, by: ["cell", "sigma_max"], rows: top) {
            let gs = (Double(rs[0][gamma]) ?? .nan) * (Double(rs[0][sigma]) ?? .nan)
            let rates = rs.compactMap { CSVData.number($0[obs]) }
            let verdicts = Set(rs.map { $0[verdict] }).sorted()
            let holdsAll = rs.allSatisfy { $0[holds] == "true" }
            total += rs.count
            broken += rs.filter { $0[holds] == "false" }.count
            if gs < 1 { explodingBelowOne += rs.filter { $0[verdict] == "exploding" }.count }
            rhoAt["\(key[0]):\(gs)"] =
                (Double(rs[0][gamma]) ?? .nan) * ReportBuilder.mean(rs.compactMap { CSVData.number($0[rho]) })
            if verdicts == ["exploding"] { firstExploding[key[0]] = min(firstExploding[key[0]] ?? .infinity, gs) }
            if verdicts == ["vanishing"] { lastVanishing[key[0]] = max(lastVanishing[key[0]] ?? -.infinity, gs) }
            rows.append([
                key[0], key[1], ReportBuilder.n(gs),
                ReportBuilder.n(ReportBuilder.mean(rs.compactMap { CSVData.number($0[rho]) }), 3),
                ReportBuilder.n(CSVData.number(rs[0][bound])),
                ReportBuilder.n(ReportBuilder.mean(rates)),
                ReportBuilder.n(rates.min()) + " … " + ReportBuilder.n(rates.max()),
                verdicts.joined(separator: ", "), holdsAll ? "yes" : "**no**",
            ])
        }
        measurements["bound-never-broken"] =
            broken == 0
            ? "never broken: \(total) of \(total) configurations satisfy it at every lag"
            : "**broken in \(broken) of \(total) configurations**"
        measurements["necessary-condition"] =
            explodingBelowOne == 0
            ? "no configuration with γσ_max < 1 explodes"
            : "**\(explodingBelowOne) configurations with γσ_max < 1 explode**"
        let transition = distinct(d, "cell", in: top).map { c in
            """
            \(c): vanishing up to γσ_max = \(ReportBuilder.n(lastVanishing[c])) (γρ = \
            \(ReportBuilder.n(lastVanishing[c].flatMap { rhoAt["\(c):\($0)"] }, 3))), exploding from γσ_max =\
             \(ReportBuilder.n(firstExploding[c])) (γρ = \
            \(ReportBuilder.n(firstExploding[c].flatMap { rhoAt["\(c):\($0)"] }, 3)))
            """
        }.joined(separator: "; ")
        measurements["transition"] = transition
        var neutral: [String] = []
        for (key, rs) in groups(d, by: ["cell", "sigma_max"], rows: top)
        where rs.contains(where: { $0[verdict] == "neutral" }) {
            let gs = (Double(rs[0][gamma]) ?? .nan) * (Double(rs[0][sigma]) ?? .nan)
            neutral.append(
                "\(key[0]) at γσ_max = \(ReportBuilder.n(gs)) (γρ = \(ReportBuilder.n(rhoAt["\(key[0]):\(gs)"], 3)))")
        }
        body +=
            """
            ## Bound against observed rate\n\nRates are in decades per step (log10 of the per-step factor), for\
             the top layer under the last-step loss; observed = least-squares slope of log10‖∂L/∂h_t‖ against the\
             lag, over the seeds.\n\n
            """
        body += ReportBuilder.md(
            [
                "cell", "σ_max", "γσ_max", "ρ(W_hh) (mean)", "bound rate log10(γσ_max)", "observed rate (mean)",
                "observed (range over seeds)", "verdicts", "bound holds",
            ], rows)
        body += "Transition: \(transition).\n\n"
        body +=
            """
            Pascanu, Mikolov & Bengio (2013, §2.1) state conditions, not a transition point: γσ_max < 1 is\
             sufficient for vanishing and γσ_max > 1 necessary for explosion. Where the transition falls is a\
             measurement, given above in σ_max and in the spectral radius ρ (for a random W_hh ρ ≈ σ_max/2).\
             Settings with a neutral seed (|rate| below 1/T): \(neutral.isEmpty ? "none" : neutral.joined(separator: "; ")).\n\n
            """
        body +=
            """
            Why the observed rate sits about 0.26–0.3 decades per step below the bound even in the linear region:\
             the bound follows the single largest singular direction, but a gradient that is carried many steps\
             grows at the rate of the typical direction, set by the spectral radius ρ. For a square random W_hh, ρ\
             ≈ σ_max/2 (circular law: ρ ≈ s.d.·√H; Bai–Yin: σ_max ≈ 2·s.d.·√H), which is log10 2 ≈ 0.30 decades\
             per step less than σ_max — the ρ column shows it. 
            """
        body +=
            """
            γσ_max > 1 is necessary for explosion, not sufficient: |φ'(a)| < γ wherever units leave the linear\
             region (tanh saturates, the sigmoid's slope is 1/4 only at 0), so the effective per-step gain stays\
             below γσ_max and the observed rate sits below the bound — increasingly so as σ_max grows and more\
             units saturate.\n\n
            """
        let file = "gradient_norms.csv"
        let g = try table(file)
        for cell in distinct(d, "cell", in: top) {
            let sigmas = distinct(d, "sigma_max", in: matching(d, [("cell", cell)]))
            figures.append(
                Figure(
                    name: ReportBuilder.stem("gradient_norms_", cell),
                    title: "\(cell): ‖∂L/∂h_t‖ against lag (seed \(firstSeed))",
                    xLabel: "lag T − t", yLabel: "‖∂L/∂h_t‖ (log scale)", yIsLog10: true,
                    series: sigmas.map { s in
                        series(
                            g, file: file, label: "σ_max = \(s)", x: "lag", y: "grad_h_log10",
                            filter: [("cell", cell), ("sigma_max", s), ("seed", firstSeed), ("layer", "0")])
                    }))
        }
        var rateSeries = distinct(d, "cell", in: top).map { cell in
            series(
                d, file: "diagnosis.csv", label: "observed, \(cell)", x: "bound_rate_log10", y: "observed_rate_log10",
                filter: [("cell", cell), ("seed", firstSeed), ("layer", "0")])
        }
        if let c = distinct(d, "cell", in: top).first {
            rateSeries.append(
                series(
                    d, file: "diagnosis.csv", label: "Pascanu bound", x: "bound_rate_log10", y: "bound_rate_log10",
                    filter: [("cell", c), ("seed", firstSeed), ("layer", "0")], dashed: true))
        }
        figures.append(
            Figure(
                name: "rates", title: "Observed decay rate against the Pascanu bound",
                xLabel: "bound rate log10(γσ_max) per step",
                yLabel: "observed rate (decades per step)", yIsLog10: false, series: rateSeries))
    }

    mutating func explosionOnset() throws {
        let (d, top) = try topDiagnosis()
        let verdict = try col(d, "verdict"), obs = try col(d, "observed_rate_log10")
        // relu-vs-tanh sweeps init_scale; gated-explosion sweeps sigma_max as vanishing-sweep does.
        let scaleColumn =
            d.index(of: "init_scale") == nil && d.index(of: "sigma_max") != nil ? "sigma_max" : "init_scale"
        let scales = distinct(d, scaleColumn, in: top)
        let lin = d.index(of: "linearised_rate_log10")
        var rows: [[String]] = []
        for (key, rs) in groups(d, by: ["cell", "init"], rows: top) {
            var cells: [String] = []
            var onset: String? = nil
            for s in scales {
                let at = rs.filter { field(d, $0, scaleColumn) == s }
                let values = at.compactMap { CSVData.number($0[obs]) }
                let rate = ReportBuilder.mean(values)
                if let i = Confidence.mean(values.filter(\.isFinite)) {
                    intervals["rate:\(key[0]):\(key[1]):\(s)"] = i
                    measurements["rate:\(key[0]):\(key[1]):\(s)"] =
                        "rate \(ReportBuilder.n(i.estimate, 3)) [\(ReportBuilder.n(i.lower, 3)), \(ReportBuilder.n(i.upper, 3))] decades/step at \(scaleColumn) \(s), \(values.count) seeds"
                }
                let exploding = !at.isEmpty && at.allSatisfy { $0[verdict] == "exploding" }
                if exploding && onset == nil { onset = s }
                cells.append(
                    ReportBuilder.n(rate, 3)
                        + (exploding ? " ↑" : (at.allSatisfy { $0[verdict] == "vanishing" } ? " ↓" : " =")))
            }
            let one = rs.filter { Double(field(d, $0, scaleColumn)) == 1 }
            let atOneValues = one.compactMap { CSVData.number($0[obs]) }
            let atOne = ReportBuilder.mean(atOneValues)
            if let i = Confidence.mean(atOneValues.filter(\.isFinite)) { intervals["rate1:\(key[0]):\(key[1])"] = i }
            let threshold = one.first.map { Diagnosis.threshold(steps: Int(field(d, $0, "steps")) ?? 0) }
            let verdicts = Set(one.map { $0[verdict] }).sorted().joined(separator: ", ")
            let predicted = lin.map { li in ReportBuilder.mean(one.compactMap { CSVData.number($0[li]) }) }
            measurements["rate1:\(key[0]):\(key[1])"] =
                "rate at \(scaleColumn) 1: \(ReportBuilder.n(atOne, 3)) decades/step"
                + (intervals["rate1:\(key[0]):\(key[1])"].map {
                    " [\(ReportBuilder.n($0.lower, 3)), \(ReportBuilder.n($0.upper, 3))], \(atOneValues.count) seeds"
                } ?? "") + " (verdict \(verdicts)" + (threshold.map { ", threshold ±\(ReportBuilder.n($0, 3))" } ?? "")
                + ")"
                + (predicted.flatMap { $0.isFinite ? "; linearised prediction \(ReportBuilder.n($0, 3))" : nil } ?? "")
            measurements["onset:\(key[0]):\(key[1])"] =
                "rate at \(scaleColumn) 1: \(ReportBuilder.n(atOne, 3)) decades/step (verdict \(verdicts)); "
                + (onset.map { "explodes from \(scaleColumn) \($0)" }
                    ?? "no explosion up to \(scaleColumn) \(scales.last ?? "")")
            rows.append([key[0], key[1]] + cells + [onset ?? "none"])
            if let li = lin {
                let predicted = scales.map { s in
                    let v = rs.filter { field(d, $0, scaleColumn) == s }.compactMap { CSVData.number($0[li]) }
                    return v.isEmpty ? "—" : ReportBuilder.n(ReportBuilder.mean(v), 3)
                }
                if predicted.contains(where: { $0 != "—" }) {
                    rows.append([key[0], "\(key[1]), linearised log10 ρ(J*)"] + predicted + [""])
                }
            }
        }
        body +=
            """
            ## Where explosion starts\n\nObserved rate (decades per step, mean over seeds) at each `\(scaleColumn)`: ↓\
             vanishing, = neutral, ↑ exploding (every seed; the threshold is 1/T decades per step, a factor of 10\
             over the run's T steps). The onset is the smallest scale at which every seed explodes.\
             \(scaleColumn == "sigma_max" ? "Every W_hh gate block is rescaled to this largest singular value." : "Scale means: gain of the orthogonal matrix, the value of the identity (IRNN), or the factor applied to PyTorch's default U(−1/√H, 1/√H).")\
             Rows marked *linearised* give log10 ρ(J*), the spectral radius of the step Jacobian at the resting\
             state under zero input (— where the dynamics settle on no fixed point): the rate a gradient would\
             have if the states stayed near rest.\n\n
            """
        body += ReportBuilder.md(["cell", "init"] + scales.map { "\(scaleColumn) \($0)" } + ["onset"], rows)
        for cell in distinct(d, "cell", in: top) {
            figures.append(
                Figure(
                    name: ReportBuilder.stem("rates_", cell),
                    title: "\(cell): observed rate against \(scaleColumn)", xLabel: scaleColumn,
                    yLabel: "observed rate (decades per step)", yIsLog10: false,
                    series: distinct(d, "init", in: top).map { i in
                        series(
                            d, file: "diagnosis.csv", label: "init \(i)", x: scaleColumn, y: "observed_rate_log10",
                            filter: [("cell", cell), ("init", i), ("seed", firstSeed), ("layer", "0")])
                    }))
        }
        let g = try table("gradient_norms.csv")
        figures.append(
            Figure(
                name: "gradient_norms_scale1", title: "‖∂L/∂h_t‖ at \(scaleColumn) 1 (seed \(firstSeed))",
                xLabel: "lag T − t",
                yLabel: "‖∂L/∂h_t‖ (log scale)", yIsLog10: true,
                series: groups(d, by: ["cell", "init"], rows: top).map { key, _ in
                    series(
                        g, file: "gradient_norms.csv", label: "\(key[0]), \(key[1])", x: "lag", y: "grad_h_log10",
                        filter: [
                            ("cell", key[0]), ("init", key[1]), (scaleColumn, "1"), ("seed", firstSeed),
                            ("layer", "0"),
                        ])
                }))
    }
}

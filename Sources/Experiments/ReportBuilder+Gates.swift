import Formats
import LinearAlgebra
import Foundation
import Instrumentation
import Recurrent
import Reporting

/// Report sections of gated cells: the gate-bias rates (LSTM highway, GRU update gate), the cell comparison, the spectra.
extension ReportBuilder {
    /// The columns a spec varies (grid keys, then case keys) that `data` carries.
    func varyingColumns(_ data: CSVData) -> [String] {
        var out: [String] = []
        for k in spec.grid.map(\.0) + spec.cases(form).flatMap(\.keys).sorted() where !out.contains(k) {
            if data.index(of: k) != nil { out.append(k) }
        }
        return out
    }

    /// Gate-bias rates (LSTM highway, GRU update gate): the gate-only prediction log10 σ(b), the
    /// every-path prediction log10 ρ(J*) (`linearised_rate_log10`), the observed rates and the
    /// residual, per configuration; one plot per setting of everything but the cell and the bias.
    mutating func gateRate(biasColumn: String, title: String, predictedLabel: String, cRate: Bool, key: String) throws {
        let (d, top) = try topDiagnosis()
        let obs = try col(d, "observed_rate_log10"), obsC = try col(d, "observed_c_rate_log10")
        let lin = d.index(of: "linearised_rate_log10")
        guard d.index(of: biasColumn) != nil || spec.parameters[biasColumn] != nil else {
            body +=
                "## \(title)\n\nThis section compares values of `\(biasColumn)`; the experiment does not set it.\n\n"
            return
        }
        let varying = varyingColumns(d).filter { $0 != biasColumn }
        let groupCols = (["cell"] + varying.filter { $0 != "cell" }) + [biasColumn]
        var rows: [[String]] = []
        var all: [String: [String]] = [:]
        var worstGateOnly = 0.0, worstEveryPath = 0.0
        let regimeCols = groupCols.filter { $0 != "cell" && $0 != biasColumn }
        var worstByRegime: [[String]: Double] = [:], regimeOrder: [[String]] = []
        var contrast: [String: [String]] = [:]
        for (k, rs) in groups(d, by: groupCols, rows: top) {
            let b = Double(k.last ?? "")
            let gateOnly = b.map { log10(1 / (1 + exp(-$0))) }
            let h = ReportBuilder.mean(rs.compactMap { CSVData.number($0[obs]) })
            let c = ReportBuilder.mean(rs.compactMap { CSVData.number($0[obsC]) })
            let everyPath: Double? = lin.flatMap { i in
                let v = rs.compactMap { CSVData.number($0[i]) }
                return v.count == rs.count ? ReportBuilder.mean(v) : nil
            }
            let observed = cRate && c.isFinite ? c : h
            if let g = gateOnly { worstGateOnly = max(worstGateOnly, abs(observed - g)) }
            if let e = everyPath {
                worstEveryPath = max(worstEveryPath, abs(observed - e))
                let regime = regimeCols.map { field(d, rs[0], $0) }
                if worstByRegime[regime] == nil { regimeOrder.append(regime) }
                worstByRegime[regime] = max(worstByRegime[regime] ?? 0, abs(observed - e))
            }
            let regimeName = regimeCols.map { field(d, rs[0], $0) }.joined(separator: ":")
            contrast[regimeName, default: []].append(
                gateOnly == nil
                    ? "\(k[0]) ‖∂L/∂h‖ \(ReportBuilder.n(h, 4))"
                    : "\(k[0]) b = \(k.last ?? "") \(cRate ? "‖∂L/∂c‖" : "‖∂L/∂h‖") \(ReportBuilder.n(observed, 4))")
            let label = k.dropLast().joined(separator: ":")
            let predictions =
                [
                    gateOnly.map { "gate only \(ReportBuilder.n($0, 4))" },
                    everyPath.map { "every path \(ReportBuilder.n($0, 4))" },
                ]
                .compactMap { $0 }.joined(separator: ", ")
            measurements["\(key):\(k.joined(separator: ":"))"] =
                "observed \(ReportBuilder.n(observed, 4)) vs predicted \(predictions) decades per step"
            if gateOnly != nil {
                all["\(key)-all:\(label)", default: []].append(
                    "b = \(k.last ?? ""): \(ReportBuilder.n(observed, 4)) (\(predictions))")
            }
            rows.append(
                k + [
                    gateOnly.map { ReportBuilder.n($0, 4) } ?? "—", everyPath.map { ReportBuilder.n($0, 4) } ?? "—",
                    ReportBuilder.n(observed, 4),
                ] + (cRate ? [ReportBuilder.n(h, 4)] : []) + [
                    gateOnly.map { ReportBuilder.n(observed - $0, 2) } ?? "—",
                    everyPath.map { ReportBuilder.n(observed - $0, 2) } ?? "—",
                ])
        }
        for (name, parts) in all { measurements[name] = parts.joined(separator: "; ") }
        for (name, parts) in contrast { measurements["\(key)-contrast:\(name)"] = parts.joined(separator: "; ") }
        let cells = distinct(d, "cell", in: top)
        if cells.contains("gru"), cells.contains("gru-reset-before") {
            let others = groupCols.filter { $0 != "cell" }
            var worst: [String: (Double, String)] = [:], smallest: [String: Double] = [:]
            let smallScale = d.distinct("init_scale", in: top).compactMap(Double.init).min()
            for (k, rs) in groups(d, by: others, rows: top) {
                func rate(_ c: String) -> Double {
                    ReportBuilder.mean(rs.filter { field(d, $0, "cell") == c }.compactMap { CSVData.number($0[obs]) })
                }
                let diff = abs(rate("gru") - rate("gru-reset-before"))
                let b = others.firstIndex(of: "bias").map { k[$0] } ?? fixed("bias")
                let at = zip(others, k).filter { $0.0 != "bias" }.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
                if diff.isFinite, diff >= (worst[b]?.0 ?? -1) { worst[b] = (diff, at) }
                if let i = others.firstIndex(of: "init_scale"), Double(k[i]) == smallScale, diff.isFinite {
                    smallest[b] = max(smallest[b] ?? 0, diff)
                }
            }
            measurements["reset-difference"] = worst.keys.sorted().map { b in
                "bias \(b): |rate(reset after) − rate(reset before)| up to "
                    + (smallest[b].map { "\(ReportBuilder.n($0, 2)) at init_scale \(ReportBuilder.n(smallScale)), " }
                        ?? "")
                    + "\(ReportBuilder.n(worst[b]!.0, 2)) at most (at \(worst[b]!.1)) decades per step"
            }.joined(separator: "; ")
        }
        measurements["\(key)-residual"] =
            "largest |observed − predicted|: gate only \(ReportBuilder.n(worstGateOnly, 2)), every path \(ReportBuilder.n(worstEveryPath, 2)) decades per step"
        body += "## \(title): predicted against observed rate\n\n"
        body +=
            cRate
            ? """
            *Gate only*: with small weights every gate sits at σ(its bias) and ∂c_t/∂c_{t−1} ≈ σ(b_f), a rate of\
             log10 σ(b_f). *Every path*: log10 ρ(J*), the spectral radius of the whole step Jacobian ∂(h, c)_t/∂(h,\
             c)_{t−1} at the resting state (zero input), column `linearised_rate_log10`. Near rest g ≈ 0 and c ≈ 0, so\
             J* = [o; 1] ⊗ [i·W_hg, f·I]: besides the cell-state path f it carries the h → g → c path i·W_hg, and its\
             nonzero eigenvalues are those of f·I + i·o·W_hg, about σ(b_f) + 0.25·ρ(W_hg). The same product shows\
             why ‖∂L/∂h‖ decays exactly like ‖∂L/∂c‖ in these runs: both are read off one dominant mode. The cell\
             state shows as a separate highway only beside a cell without it: a tanh RNN whose W_hh has the same\
             scale decays at log10 ρ(W_hh).\n\n
            """
            : """
            *Gate only*: with small weights ∂h_t/∂h_{t−1} ≈ diag(z) ≈ σ(b_z), a rate of log10 σ(b_z). *Every path*:\
             log10 ρ(J*) at the resting state (zero input, `linearised_rate_log10`), which adds the candidate path\
             diag(1 − z)·diag(r)·W_hn: about log10(z + (1 − z)·r·ρ(W_hn)) with r ≈ 0.5 at zero biases. That sum\
             exceeds 1 exactly when r·ρ(W_hn) > 1, whatever z is, so in this family the update bias sets how fast\
             the gradient vanishes or explodes but not which, and at r·ρ(W_hn) ≈ 1 (init_scale 2) every bias gives a\
             rate near 0. Reset-after and reset-before differ at rest only through b_hn and the spread of r across\
             units (with zero biases r ⊙ (W_hn h) and W_hn (r ⊙ h) have the same spectrum), hence the `bias` = pytorch\
             rows.\n\n
            """
        body += ReportBuilder.md(
            groupCols + [
                "gate only \(predictedLabel)", "every path log10 ρ(J*)",
                cRate ? "observed ‖∂L/∂c‖ rate" : "observed ‖∂L/∂h‖ rate",
            ]
                + (cRate ? ["observed ‖∂L/∂h‖ rate"] : []) + ["observed − gate only", "observed − every path"], rows)
        body +=
            "\nLargest residual over these rows: \(ReportBuilder.n(worstGateOnly, 2)) decades per step for the gate-only prediction, \(ReportBuilder.n(worstEveryPath, 2)) for every path"
        if regimeOrder.count > 1 {
            body +=
                "; for every path by "
                + regimeOrder.map { r in
                    zip(regimeCols, r).map { "\($0) = \($1)" }.joined(separator: ", ") + ": "
                        + ReportBuilder.n(worstByRegime[r] ?? .nan, 2)
                }.joined(separator: "; ")
        }
        body +=
            """
            . The linearisation holds while the states stay near rest; where the residual is large the units have\
             left it (saturated gates and tanh), and only the measured rate counts. A "—" marks a network whose\
             zero-input dynamics do not settle on a fixed point within \(RestingPoint.iterations) steps.\n\n
            """
        let g = try table("gradient_norms.csv")
        let plotCols = groupCols.filter { $0 != "cell" && $0 != biasColumn }
        var plotGroups = groups(d, by: plotCols, rows: top)
        if plotGroups.count > 4 {
            // A sweep: the norms at the first setting of every other column, at its smallest and largest
            // init_scale; the rate-against-scale figure below covers the rest.
            let firsts = plotCols.map { c in distinct(d, c, in: top).first ?? "" }
            let scales = d.distinct("init_scale", in: top)
            plotGroups = plotGroups.filter { k, _ in
                zip(plotCols, zip(k, firsts)).allSatisfy { c, v in
                    c == "init_scale" ? (v.0 == scales.first || v.0 == scales.last) : v.0 == v.1
                }
            }
        }
        if let li = plotCols.firstIndex(of: "init_scale"), lin != nil, d.distinct("init_scale", in: top).count >= 3 {
            let others = plotCols.enumerated().filter { $0.offset != li }.map(\.element)
            let firsts = others.map { c in (c, distinct(d, c, in: top).first ?? "") }
            for cell in distinct(d, "cell", in: top) {
                var s: [Figure.Series] = []
                let rows = matching(d, firsts + [("cell", cell), ("layer", "0")])
                for (cb, _) in groups(d, by: ["cell", biasColumn], rows: rows) {
                    let f = firsts + [("cell", cb[0]), (biasColumn, cb[1]), ("seed", firstSeed), ("layer", "0")]
                    var o = series(
                        d, file: "diagnosis.csv", label: cb[1].isEmpty ? cb[0] : "b = \(cb[1])", x: "init_scale",
                        y: "observed_rate_log10", filter: f)
                    o.markers = true
                    s.append(o)
                    s.append(
                        series(
                            d, file: "diagnosis.csv", label: "predicted", x: "init_scale", y: "linearised_rate_log10",
                            filter: f
                        ).companion(of: s.count - 1, dashed: true))
                }
                let setting = firsts.map { "\($0) = \($1)" }.joined(separator: ", ")
                figures.append(
                    Figure(
                        name: ReportBuilder.stem("rate_by_init_scale_", cell),
                        title: "\(cell): observed rate (points) and every-path prediction log10 ρ(J*) (dashed)"
                            + (setting.isEmpty ? "" : ", \(setting)"),
                        xLabel: "init_scale (≈ ρ of each W_hh block)", yLabel: "decades per step", yIsLog10: false,
                        series: s))
            }
        }
        for (k, rs) in plotGroups {
            var filter = Array(zip(plotCols, k))
            filter += [("seed", firstSeed), ("layer", "0")]
            var s: [Figure.Series] = []
            for (cb, _) in groups(d, by: ["cell", biasColumn], rows: rs) {
                let name = cb[1].isEmpty ? cb[0] : "\(cb[0]), b = \(cb[1])"
                let f = filter + [("cell", cb[0])] + (cb[1].isEmpty ? [] : [(biasColumn, cb[1])])
                let hasC = cRate && !cb[0].hasPrefix("rnn")
                s.append(
                    series(
                        g, file: "gradient_norms.csv", label: hasC ? "‖∂L/∂c‖, \(name)" : "‖∂L/∂h‖, \(name)",
                        x: "lag", y: hasC ? "grad_c_log10" : "grad_h_log10", filter: f))
                if hasC {
                    s.append(
                        series(
                            g, file: "gradient_norms.csv", label: "‖∂L/∂h‖, \(name)", x: "lag", y: "grad_h_log10",
                            filter: f
                        )
                        .companion(of: s.count - 1, dashed: true))
                }
            }
            let stemParts = (["gradient_norms"] + zip(plotCols, k).map { "\($0)\($1)" })
            let name = ReportBuilder.stem("", stemParts.joined(separator: "_").replacingOccurrences(of: ".", with: "p"))
            let setting = zip(plotCols, k).map { "\($0) = \($1)" }.joined(separator: ", ")
            figures.append(
                Figure(
                    name: name,
                    title: "\(setting.isEmpty ? "" : setting + ": ")gradient norms by cell and \(biasColumn)"
                        + (cRate ? " (dashed: ‖∂L/∂h‖)" : ""),
                    xLabel: "lag T − t",
                    yLabel: "gradient norm (log scale)", yIsLog10: true, series: s))
        }
    }

    mutating func cellComparison() throws {
        let (d, top) = try topDiagnosis()
        let obs = try col(d, "observed_rate_log10"), hor = try col(d, "memory_horizon"),
            pc = try col(d, "parameter_count")
        let sig = try col(d, "sigma_max_whh"), h = d.index(of: "hidden_size")
        let jac = tables["jacobian_spectrum.csv"]
        var rows: [[String]] = []
        let steps = spec.parameters["steps"].map { "\($0)" } ?? "T"
        let extra = varyingColumns(d).filter { $0 != "cell" && $0 != "hidden_size" }
        func settingLabel(_ row: [String]) -> (key: String, text: String) {
            let parts = extra.compactMap { c -> String? in
                let v = field(d, row, c)
                return v.isEmpty ? nil : "\(c)=\(v)"
            }
            let cell = field(d, row, "cell")
            return ((["\(cell)"] + parts).joined(separator: ":"), ([cell] + parts).joined(separator: ", "))
        }
        var labels: [(String, String, [(String, String)])] = []
        for (_, rs) in groups(d, by: ["cell"] + extra, rows: top) {
            let k = [field(d, rs[0], "cell")]
            let (mkey, text) = settingLabel(rs[0])
            labels.append((mkey, text, [("cell", k[0])] + extra.map { ($0, field(d, rs[0], $0)) }))
            let horizons = rs.map { $0[hor].isEmpty ? "> \(steps)" : $0[hor] }
            var top100 = "—"
            if let j = jac {
                let lsv = try col(j, "log10_singular_value")
                let filter = labels.last!.2 + [("lag", "100"), ("index", "0")]
                let vals = matching(j, filter).compactMap { CSVData.number($0[lsv]) }
                if !vals.isEmpty { top100 = NumberFormat.shortFromLog10(ReportBuilder.mean(vals)) }
            }
            measurements["horizon:\(mkey)"] = horizons.joined(separator: ", ")
            rows.append([
                text, h.map { rs[0][$0] } ?? "—", rs[0][pc],
                ReportBuilder.n(ReportBuilder.mean(rs.compactMap { CSVData.number($0[obs]) })),
                horizons.joined(separator: ", "), ReportBuilder.n(Double(rs[0][sig])), top100,
            ])
        }
        body +=
            """
            ## Memory at matched parameter counts\n\nMemory horizon: the first lag at which\
             ‖∂L/∂h_{T−lag}‖/‖∂L/∂h_T‖ < 1e-8 (one entry per seed).\n\n
            """
        body += ReportBuilder.md(
            [
                "cell", "H", "parameters", "observed rate (decades/step)", "memory horizon",
                "σ_max(W_hh) (seed \(firstSeed))", "σ_1 of ∂s_T/∂s_{T−100} (mean)",
            ], rows)
        let g = try table("gradient_norms.csv")
        figures.append(
            Figure(
                name: "gradient_norms", title: "‖∂L/∂h_t‖ against lag at matched parameter counts (seed \(firstSeed))",
                xLabel: "lag T − t",
                yLabel: "‖∂L/∂h_t‖ (log scale)", yIsLog10: true,
                series: labels.map { _, text, f in
                    series(
                        g, file: "gradient_norms.csv", label: text, x: "lag", y: "grad_h_log10",
                        filter: f + [("seed", firstSeed), ("layer", "0")])
                }))
        if let j = jac {
            figures.append(
                Figure(
                    name: "jacobian_top", title: "Largest singular value of the Jacobian product (seed \(firstSeed))",
                    xLabel: "lag",
                    yLabel: "σ_1 of ∂s_T/∂s_{T−lag} (log scale)", yIsLog10: true,
                    series: labels.map { _, text, f in
                        series(
                            j, file: "jacobian_spectrum.csv", label: text, x: "lag", y: "log10_singular_value",
                            filter: f + [("seed", firstSeed), ("layer", "0"), ("index", "0")])
                    }))
        }
    }

    mutating func spectra() throws {
        let s = try table("spectrum.csv"), e = try table("eigenvalues.csv")
        let sv = try col(s, "singular_value"), mod = try col(e, "modulus")
        var rows: [[String]] = []
        for (k, rs) in groups(s, by: ["cell", "init", "matrix"], rows: matching(s, [("seed", firstSeed)])) {
            let values = rs.compactMap { CSVData.number($0[sv]) }
            let rho = matching(e, [("cell", k[0]), ("init", k[1]), ("matrix", k[2]), ("seed", firstSeed)]).compactMap {
                CSVData.number($0[mod])
            }.max()
            rows.append(
                k + [
                    ReportBuilder.n(values.max()), ReportBuilder.n(values.min()),
                    ReportBuilder.n((values.max() ?? 0) / (values.min() ?? 1), 3),
                    ReportBuilder.n(rho),
                ])
            if !k[2].contains("/") {
                measurements["sigma:\(k[0]):\(k[1])"] = "σ_max = \(ReportBuilder.n(values.max()))"
                measurements["sigma-range:\(k[0]):\(k[1])"] =
                    "σ from \(ReportBuilder.n(values.min(), 13)) to \(ReportBuilder.n(values.max(), 13))"
                measurements["rho:\(k[0]):\(k[1])"] = "ρ = \(ReportBuilder.n(rho, 12))"
            }
        }
        body +=
            """
            ## Spectra of W_hh\n\nSingular values (LAPACK dgesdd) and spectral radius ρ (dgeev) of the whole W_hh\
             and of each gate block, seed \(firstSeed).\n\n
            """
        body += ReportBuilder.md(["cell", "init", "matrix", "σ_max", "σ_min", "condition σ_max/σ_min", "ρ"], rows)
        body +=
            """
            For a gated cell the whole W_hh is the G gate blocks stacked (4H × H for the LSTM, 3H × H for the\
             GRU): its singular values mix blocks that never multiply one another, so they have no dynamical\
             meaning, and it has no eigenvalues. Its plots show each gate block, and the Jacobian-product\
             spectrum below shows what the step actually does to a gradient.\n\n
            """
        for cell in distinct(s, "cell") {
            let matrices = distinct(s, "matrix", in: matching(s, [("cell", cell)]))
            let whole = matrices.first ?? "weight_hh_l0"
            let blocks = matrices.filter { $0.contains("/") }
            if !blocks.isEmpty {
                for i in distinct(s, "init") {
                    figures.append(
                        Figure(
                            name: ReportBuilder.stem("singular_values_", "\(cell)_\(i)"),
                            title: "\(cell), init \(i): singular values of each gate block of W_hh",
                            xLabel: "index (largest first)", yLabel: "singular value (log scale)", yIsLog10: true,
                            series: blocks.map { m in
                                series(
                                    s, file: "spectrum.csv", label: m, x: "index", y: "singular_value",
                                    filter: [("cell", cell), ("init", i), ("matrix", m), ("seed", firstSeed)],
                                    yTransform: log10)
                            }
                        ).withLogOfColumn())
                }
                continue
            }
            figures.append(
                Figure(
                    name: ReportBuilder.stem("singular_values_", cell), title: "\(cell): singular values of \(whole)",
                    xLabel: "index (largest first)",
                    yLabel: "singular value (log scale)", yIsLog10: true,
                    series: distinct(s, "init").map { i in
                        var se = series(
                            s, file: "spectrum.csv", label: "init \(i)", x: "index", y: "singular_value",
                            filter: [("cell", cell), ("init", i), ("matrix", whole), ("seed", firstSeed)],
                            yTransform: log10)
                        se.dashed = false
                        return se
                    }
                ).withLogOfColumn())
        }
        if let j = tables["jacobian_spectrum.csv"] {
            for cell in distinct(j, "cell") {
                figures.append(
                    Figure(
                        name: ReportBuilder.stem("jacobian_top_", cell),
                        title: "\(cell): largest singular value of ∂s_T/∂s_{T−lag}", xLabel: "lag",
                        yLabel: "σ_1 (log scale)", yIsLog10: true,
                        series: distinct(j, "init").map { i in
                            series(
                                j, file: "jacobian_spectrum.csv", label: "init \(i)", x: "lag",
                                y: "log10_singular_value",
                                filter: [
                                    ("cell", cell), ("init", i), ("seed", firstSeed), ("layer", "0"), ("index", "0"),
                                ])
                        }))
            }
        }
    }
}

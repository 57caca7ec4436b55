import Formats
import LinearAlgebra
import Foundation
import Recurrent
import Reporting

/// Report sections of gated cells: the gate-bias rates (LSTM highway, GRU update gate), the cell comparison, the spectra.
extension ReportBuilder {
    mutating func gateRate(biasColumn: String, title: String, predictedLabel: String, cRate: Bool, key: String) throws {
        let (d, top) = try topDiagnosis()
        let obs = try col(d, "observed_rate_log10"), obsC = try col(d, "observed_c_rate_log10")
        let groupCols = ["cell", "init_scale"].filter { d.index(of: $0) != nil } + [biasColumn]
        guard d.index(of: biasColumn) != nil || spec.parameters[biasColumn] != nil else {
            body +=
                "## \(title)\n\nThis section compares values of `\(biasColumn)`; the experiment does not set it.\n\n"
            return
        }
        var rows: [[String]] = []
        var all: [String: [String]] = [:]
        for (k, rs) in groups(d, by: groupCols, rows: top) {
            let b = Double(k.last ?? "") ?? 0
            let predicted = log10(1 / (1 + exp(-b)))
            let h = ReportBuilder.mean(rs.compactMap { CSVData.number($0[obs]) })
            let c = ReportBuilder.mean(rs.compactMap { CSVData.number($0[obsC]) })
            let observed = cRate ? c : h
            measurements["\(key):\(k.joined(separator: ":"))"] =
                "observed \(ReportBuilder.n(observed)) vs predicted \(ReportBuilder.n(predicted)) decades per step"
            all[(["\(key)-all"] + k.dropLast()).joined(separator: ":"), default: []].append(
                "b = \(k.last ?? ""): \(ReportBuilder.n(observed, 3)) (predicted \(ReportBuilder.n(predicted, 3)))")
            rows.append(
                k + [ReportBuilder.n(predicted), ReportBuilder.n(observed)] + (cRate ? [ReportBuilder.n(h)] : []) + [
                    ReportBuilder.n(observed - predicted, 2)
                ])
        }
        for (name, parts) in all { measurements[name] = parts.joined(separator: "; ") }
        body += "## \(title): predicted against observed rate\n\nWith small weights every gate sits at σ(its bias). "
        body +=
            cRate
            ? """
            Then ∂c_t/∂c_{t−1} ≈ f ≈ σ(b_f), so ‖∂L/∂c_{T−lag}‖ ≈ σ(b_f)^lag·‖∂L/∂c_T‖: a predicted rate of log10\
             σ(b_f) decades per step.\n\n
            """
            : "Then ∂h_t/∂h_{t−1} ≈ diag(z) ≈ σ(b_z), a predicted rate of log10 σ(b_z) decades per step.\n\n"
        body += ReportBuilder.md(
            groupCols + ["predicted \(predictedLabel)", cRate ? "observed ‖∂L/∂c‖ rate" : "observed ‖∂L/∂h‖ rate"]
                + (cRate ? ["observed ‖∂L/∂h‖ rate"] : []) + ["difference"], rows)
        let g = try table("gradient_norms.csv")
        for (k, _) in groups(d, by: Array(groupCols.dropLast()), rows: top) {
            var filter = Array(zip(groupCols.dropLast(), k))
            filter += [("seed", firstSeed), ("layer", "0")]
            let biases = d.distinct(biasColumn, in: top)
            var s: [Figure.Series] = []
            for b in biases {
                if cRate {
                    s.append(
                        series(
                            g, file: "gradient_norms.csv", label: "‖∂L/∂c‖, b = \(b)", x: "lag", y: "grad_c_log10",
                            filter: filter + [(biasColumn, b)]))
                }
                s.append(
                    series(
                        g, file: "gradient_norms.csv", label: "‖∂L/∂h‖, b = \(b)", x: "lag", y: "grad_h_log10",
                        filter: filter + [(biasColumn, b)], dashed: cRate))
            }
            let name = ReportBuilder.stem(
                "", (["gradient_norms"] + k).joined(separator: "_").replacingOccurrences(of: ".", with: "p"))
            figures.append(
                Figure(
                    name: name, title: "\(k.joined(separator: ", ")): gradient norms by \(biasColumn)",
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
        for (k, rs) in groups(d, by: ["cell"], rows: top) {
            let horizons = rs.map { $0[hor].isEmpty ? "> \(steps)" : $0[hor] }
            var top100 = "—"
            if let j = jac {
                let lsv = try col(j, "log10_singular_value")
                let vals = matching(j, [("cell", k[0]), ("lag", "100"), ("index", "0")]).compactMap {
                    CSVData.number($0[lsv])
                }
                if !vals.isEmpty { top100 = NumberFormat.shortFromLog10(ReportBuilder.mean(vals)) }
            }
            measurements["horizon:\(k[0])"] = horizons.joined(separator: ", ")
            rows.append([
                k[0], h.map { rs[0][$0] } ?? "—", rs[0][pc],
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
                series: distinct(d, "cell", in: top).map { c in
                    series(
                        g, file: "gradient_norms.csv", label: c, x: "lag", y: "grad_h_log10",
                        filter: [("cell", c), ("seed", firstSeed), ("layer", "0")])
                }))
        if let j = jac {
            figures.append(
                Figure(
                    name: "jacobian_top", title: "Largest singular value of the Jacobian product (seed \(firstSeed))",
                    xLabel: "lag",
                    yLabel: "σ_1 of ∂s_T/∂s_{T−lag} (log scale)", yIsLog10: true,
                    series: distinct(d, "cell", in: top).map { c in
                        series(
                            j, file: "jacobian_spectrum.csv", label: c, x: "lag", y: "log10_singular_value",
                            filter: [("cell", c), ("seed", firstSeed), ("layer", "0"), ("index", "0")])
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
        for cell in distinct(s, "cell") {
            let whole = distinct(s, "matrix", in: matching(s, [("cell", cell)])).first ?? "weight_hh_l0"
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

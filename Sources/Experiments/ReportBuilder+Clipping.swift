import Formats
import LinearAlgebra
import Foundation
import Recurrent
import Reporting
import Statistics

/// Report sections of clipping: the clipping modes, and the cliff of Pascanu et al. 2013 (Fig. 6).
extension ReportBuilder {
    mutating func clipping() throws {
        let c = try table("clipping.csv")
        let pre = try col(c, "pre_clip_norm"), post = try col(c, "post_clip_norm"), fired = try col(c, "fired"),
            cos = try col(c, "cosine_pre_post")
        var rows: [[String]] = []
        var cosByMode: [String: [Double]] = [:]
        for (k, rs) in groups(c, by: ["sigma_max", "mode"]) {
            let cosines = rs.compactMap { CSVData.number($0[cos]) }
            cosByMode[k[1], default: []] += cosines
            rows.append(
                k + [
                    ReportBuilder.n(ReportBuilder.mean(rs.compactMap { CSVData.number($0[pre]) })),
                    ReportBuilder.n(ReportBuilder.mean(rs.compactMap { CSVData.number($0[post]) })),
                    "\(rs.filter { $0[fired] == "true" }.count)/\(rs.count)", ReportBuilder.n(cosines.min(), 6),
                ])
        }
        let global = (cosByMode["global-norm-pytorch"] ?? []) + (cosByMode["global-norm-exact"] ?? [])
        measurements["direction:global-norm"] =
            "minimum cosine between clipped and unclipped gradient: \(ReportBuilder.n(global.min(), 15))"
        measurements["direction:per-tensor"] =
            "minimum cosine: \(ReportBuilder.n(cosByMode["per-tensor-norm"]?.min(), 4))"
        measurements["direction:value"] = "minimum cosine: \(ReportBuilder.n(cosByMode["value"]?.min(), 4))"
        if let m = cosByMode["mikolov-bptt"] {
            measurements["direction:mikolov"] = "minimum cosine: \(ReportBuilder.n(m.min(), 4))"
        }
        body +=
            """
            ## Pre- and post-clip norms\n\nMeans over seeds of ‖g‖ before and after each mode, how often it fired,\
             and the smallest cosine between the clipped and the unclipped gradient (1 = same direction).\
             `value` clips the final parameter gradient element-wise (Keras `clipvalue`); `mikolov-bptt` clamps\
             every entry of ∂L/∂h_t to ±`clip_value` inside the reverse sweep, step by step, so the clamped\
             values are what flows back (Mikolov 2012, as Pascanu et al. 2013 §3.1 describe it): its "pre-clip"\
             norm is the exact gradient's, its "post-clip" norm the gradient it produces.\n\n
            """
        body += ReportBuilder.md(["σ_max", "mode", "pre-clip norm", "post-clip norm", "fired", "min cosine"], rows)
        var s = [
            series(
                c, file: "clipping.csv", label: "pre-clip (all modes)", x: "sigma_max", y: "pre_clip_norm",
                filter: [("mode", "global-norm-pytorch"), ("seed", firstSeed)], dashed: true, yTransform: log10)
        ]
        for m in distinct(c, "mode") {
            s.append(
                series(
                    c, file: "clipping.csv", label: "post-clip, \(m)", x: "sigma_max", y: "post_clip_norm",
                    filter: [("mode", m), ("seed", firstSeed)], yTransform: log10))
        }
        var f = Figure(
            name: "clipping", title: "Gradient norm before and after clipping (seed \(firstSeed))",
            xLabel: "σ_max(W_hh)",
            yLabel: "‖g‖ (log scale)", yIsLog10: true, series: s)
        f.logOfColumn = true
        figures.append(f)
    }

    mutating func cliff() throws {
        let surface = try table("error_surface.csv"), paths = try table("trajectories.csv")
        let w = surface.values("w").map { $0 ?? .nan }, b = surface.values("b").map { $0 ?? .nan },
            z = surface.values("log10_error").map { $0 ?? .nan }
        // A regular grid, w the outer loop: distinct w values in order, b values of the first w.
        var xs: [Double] = [], ys: [Double] = []
        var seenX = Set<Double>(), seenY = Set<Double>()
        for v in w where seenX.insert(v).inserted { xs.append(v) }
        for v in b { if seenY.insert(v).inserted { ys.append(v) } else { break } }
        guard !xs.isEmpty, xs.count.multipliedReportingOverflow(by: ys.count) == (z.count, false),
            w.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite)
        else {
            throw CSVError(
                file: folder.appendingPathComponent("error_surface.csv").path,
                message:
                    """
                    expected a regular grid of finite w × b values (w the outer loop); found \(xs.count) w ×\
                     \(ys.count) b values in \(z.count) rows
                    """
            )
        }
        var grid = [[Double]](repeating: [Double](repeating: .nan, count: ys.count), count: xs.count)
        for i in 0..<min(z.count, xs.count * ys.count) { grid[i / ys.count][i % ys.count] = z[i] }
        let heat = Figure.Heatmap(
            csv: "error_surface.csv", x: "w", y: "b", z: "log10_error", zLabel: "log10 E", xs: xs, ys: ys, values: grid)
        var rows: [[String]] = []
        var maxSteps: [String: Double] = [:]
        let un = try col(paths, "update_norm"), gn = try col(paths, "grad_norm"), cl = try col(paths, "clipped")
        for (k, rs) in groups(paths, by: ["method"]) {
            guard let last = rs.last else { continue }
            let steps = rs.compactMap { CSVData.number($0[un]) }
            let grads = rs.compactMap { CSVData.number($0[gn]) }
            maxSteps[k[0]] = steps.max()
            rows.append([
                k[0], ReportBuilder.n(grads.max()), ReportBuilder.n(steps.max()),
                "\(rs.filter { $0[cl] == "true" }.count)",
                """
                (\(ReportBuilder.n(CSVData.number(last[try col(paths, "w")]))),\
                 \(ReportBuilder.n(CSVData.number(last[try col(paths, "b")]))))
                """,
                ReportBuilder.n(CSVData.number(last[try col(paths, "error")])),
            ])
        }
        measurements["cliff"] =
            """
            largest step: \(ReportBuilder.n(maxSteps["unclipped"])) unclipped,\
             \(ReportBuilder.n(maxSteps["clipped"])) clipped
            """
        body +=
            """
            ## Gradient descent on the error surface\n\nThe surface has a narrow wall where the map x ↦ w·σ(x) + b\
             changes its number of fixed points; there ‖∇E‖ jumps by orders of magnitude. Without clipping, the\
             step that meets the wall throws the parameters far away; with clipping (rescale ∇E to the threshold\
             when its norm exceeds it) the step stays bounded.\n\n
            """
        body += ReportBuilder.md(
            ["method", "largest ‖∇E‖", "largest step", "clipped steps", "final (w, b)", "final E"], rows)
        if let st = tables["starts.csv"] {
            let lr = Double(fixed("learning_rate")) ?? .nan, tau = Double(fixed("clip_threshold")) ?? .nan
            let jump = 10 * lr * tau
            let ls = try col(st, "largest_step")
            var startRows: [[String]] = []
            for (k, rs) in groups(st, by: ["method"]) {
                let v = rs.compactMap { CSVData.number($0[ls]) }.sorted()
                guard !v.isEmpty else { continue }
                func q(_ p: Double) -> Double { v[min(v.count - 1, Int((p * Double(v.count - 1)).rounded()))] }
                let jumped = v.filter { $0 > jump }.count
                let rate = Confidence.wilson(successes: jumped, trials: v.count)
                if let rate { intervals["jump-rate:\(k[0])"] = rate }
                let rateText = rate.map { ReportBuilder.intervalText($0, percent: true) } ?? "—"
                measurements["jump-rate:\(k[0])"] =
                    "\(jumped) of \(v.count) starts (\(rateText)) take a step longer than \(ReportBuilder.n(jump)); median largest step \(ReportBuilder.n(q(0.5))), 90th percentile \(ReportBuilder.n(q(0.9)))"
                startRows.append([
                    k[0], "\(v.count)", ReportBuilder.n(q(0.5)), ReportBuilder.n(q(0.9)), ReportBuilder.n(v.last),
                    "\(jumped) (\(rateText))",
                ])
            }
            body +=
                """
                ### From many starts\n\nThe same descent from every cell centre of a regular grid over the surface\
                 (`start_grid` × `start_grid` starts), so the jump above is not a property of one hand-picked start.\
                 A *jump* is a step longer than 10·lr·τ = \(ReportBuilder.n(jump)), ten times the longest step\
                 clipping allows (the threshold was fixed in the spec before the run).\n\n
                """
            body += ReportBuilder.md(
                [
                    "method", "starts", "median largest step", "90th percentile", "largest",
                    "starts with a jump (95% CI)",
                ],
                startRows)
        }
        var f = Figure(
            name: "error_surface", title: "Error surface log10 E(w, b) and descent paths", xLabel: "w", yLabel: "b",
            yIsLog10: false,
            series: distinct(paths, "method").map { m in
                series(paths, file: "trajectories.csv", label: m, x: "w", y: "b", filter: [("method", m)])
            })
        f.heatmap = heat
        figures.append(f)
        figures.append(
            Figure(
                name: "trajectory_error", title: "Error along the descent paths", xLabel: "step",
                yLabel: "E (log scale)", yIsLog10: true,
                series: distinct(paths, "method").map { m in
                    series(
                        paths, file: "trajectories.csv", label: m, x: "step", y: "log10_error", filter: [("method", m)])
                }))
    }
}

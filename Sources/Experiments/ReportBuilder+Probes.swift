import Foundation
import Reporting
import Statistics

/// The report sections of kinds precision, sequential-jacobian and stacked-flow (issue 15).
extension ReportBuilder {
    /// "12.3 [11.0, 13.6]" over seeds, or the single value.
    static func interval(_ values: [Double], _ digits: Int = 4) -> String {
        if let i = Confidence.mean(values) {
            return "\(n(i.estimate, digits)) [\(n(i.lower, digits)), \(n(i.upper, digits))]"
        }
        return values.count == 1 ? n(values[0], digits) : "—"
    }

    /// Records `values` (one per seed) as measurement `name`, with its interval when it has one.
    mutating func measure(_ name: String, _ values: [Double], _ text: String) {
        if let i = Confidence.mean(values) { intervals[name] = i }
        measurements[name] = text
    }

    /// The top layer's rows of `data` (the largest `layer`).
    func topLayerRows(_ data: CSVData) -> [[String]] {
        let layers = data.values("layer").compactMap { $0 }.filter { $0.isFinite && $0 >= 0 && $0 < 64 }
        return matching(data, [("layer", String(Int(layers.max() ?? 0)))])
    }

    mutating func precisionUnderflow() throws {
        let s = try table("precision_summary.csv"), norms = try table("precision_norms.csv")
        let top = topLayerRows(s)
        let zc = try col(s, "zero_lag"), rc = try col(s, "observed_rate_log10"), ec = try col(s, "exact_last_log10")
        let nc = try col(s, "below_normal_lag"), pc = try col(s, "predicted_below_normal_lag")
        let sc = try col(s, "below_subnormal_lag"), bc = try col(s, "nonfinite_lag"), steps = fixed("steps")
        let fc = try col(s, "stored_first_log10"), xc = try col(s, "exact_first_log10")
        let scales = distinct(s, "loss_scale", in: top)
        var rows: [[String]] = []
        var zeroBy: [String: [String: Double]] = [:]  // "cell|format|scale" → seed → zero lag
        for (k, rs) in groups(s, by: ["cell", "loss_scale", "format"], rows: top) {
            let (cell, scale, format) = (k[0], k[1], k[2])
            func numbers(_ c: Int) -> [Double] { rs.compactMap { CSVData.number($0[c]) } }
            let zeros = numbers(zc)
            let never = rs.count - zeros.count
            for r in rs {
                if let z = CSVData.number(r[zc]) {
                    zeroBy["\(cell)|\(format)|\(scale)", default: [:]][field(s, r, "seed")] = z
                }
            }
            let zeroText =
                zeros.isEmpty
                ? "none within \(steps) steps" : ReportBuilder.interval(zeros) + (never > 0 ? " (\(never) never)" : "")
            rows.append([
                cell, scale, format, ReportBuilder.interval(numbers(rc), 3), ReportBuilder.interval(numbers(ec), 3),
                zeroText, ReportBuilder.interval(numbers(nc)), ReportBuilder.interval(numbers(pc)),
                ReportBuilder.interval(numbers(sc)), numbers(bc).isEmpty ? "—" : ReportBuilder.interval(numbers(bc)),
                ReportBuilder.interval(numbers(fc), 3), ReportBuilder.interval(numbers(xc), 3),
            ])
            measure(
                "zero-lag:\(format):\(cell):\(scale)", zeros,
                zeros.isEmpty
                    ? "never exactly 0 within \(steps) steps (\(rs.count) seeds)"
                    : "exactly 0 from lag \(ReportBuilder.interval(zeros)) (\(zeros.count) of \(rs.count) seeds)")
            let normal = numbers(nc), predicted = numbers(pc), rate = numbers(rc)
            measure(
                "leaves-range:\(format):\(cell):\(scale)", normal,
                """
                below the smallest normal \(format) from lag \(ReportBuilder.interval(normal)); predicted from the\
                 measured rate \(ReportBuilder.interval(rate, 3)) decades/step and ‖∂L/∂h_T‖: \
                \(ReportBuilder.interval(predicted)); exactly 0 from lag \(zeroText)
                """)
        }
        // What loss scaling moves: the zero lag at each scale minus at the smallest, seed by seed.
        if let base = scales.first {
            for (k, _) in groups(s, by: ["cell", "format"], rows: top) {
                for scale in scales.dropFirst() {
                    let a = zeroBy["\(k[0])|\(k[1])|\(base)"] ?? [:], b = zeroBy["\(k[0])|\(k[1])|\(scale)"] ?? [:]
                    let d = a.keys.sorted().compactMap { seed in b[seed].map { $0 - a[seed]! } }
                    guard !d.isEmpty else { continue }
                    measure(
                        "scale-shift:\(k[1]):\(k[0]):\(scale)", d,
                        "loss scale \(scale) moves the \(k[1]) zero lag by \(ReportBuilder.interval(d)) steps (\(d.count) seeds)"
                    )
                }
            }
        }
        body += """
            ## Where each representation loses the gradient

            The same backward pass, with ∂L/∂h_t (and ∂L/∂c_t) stored between steps as plain float64,\
             float32, bfloat16 and float16 values (nearest, ties to even, subnormals kept), beside the\
             exact pass with scaled norms. The loss is multiplied by `loss_scale` before the backward pass\
             and the stored norms divided by it again. *Zero lag*: the first lag at which the stored\
             gradient is exactly 0 (from there on it stays 0). *Below normal / subnormal*: where the exact\
             gradient, times the loss scale, falls below the format's smallest normal (subnormal) number;\
             *predicted*: (log10 ‖∂L/∂h_T‖ + log10 S − log10 normal) / |rate| with the measured rate, the\
             arithmetic of the lecture notes. *At t = 0*: log10 of the stored and of the exact norm at the\
             far end of the sequence (−inf: exactly 0); a stored value far above the exact one is a\
             gradient stuck at the format's smallest subnormal, which a factor above ½ rounds back to\
             itself. Top layer; mean [95% interval] over seeds.

            """
        body += ReportBuilder.md(
            [
                "cell", "loss scale", "format", "rate (decades/step)", "log10 ‖∂L/∂h_T‖", "zero lag",
                "below normal from",
                "predicted", "below subnormal from", "non-finite from", "stored log10 at t = 0", "exact log10 at t = 0",
            ], rows)
        let lossScale = scales.first ?? "1"
        for cell in distinct(s, "cell", in: top) {
            let layer = topLayerRows(norms).first.map { field(norms, $0, "layer") } ?? "0"
            var series = [
                self.series(
                    norms, file: "precision_norms.csv", label: "exact (scaled)", x: "lag", y: "grad_h_log10",
                    filter: [
                        ("cell", cell), ("loss_scale", lossScale), ("seed", firstSeed), ("layer", layer),
                        ("format", "exact"),
                    ])
            ]
            for f in ProbeRunner.formats {
                series.append(
                    self.series(
                        norms, file: "precision_norms.csv", label: f.rawValue, x: "lag", y: "grad_h_log10",
                        filter: [
                            ("cell", cell), ("loss_scale", lossScale), ("seed", firstSeed), ("layer", layer),
                            ("format", f.rawValue),
                        ], dashed: true))
            }
            figures.append(
                Figure(
                    name: ReportBuilder.stem("precision-", cell),
                    title: "\(cell): ‖∂L/∂h_t‖ exact and stored in each format (loss scale \(lossScale))",
                    xLabel: "lag (steps back from T)", yLabel: "‖∂L/∂h_t‖", yIsLog10: true, series: series))
        }
    }

    mutating func sequentialJacobianSection() throws {
        let j = try table("sequential_jacobian.csv"), s = try table("sequential_summary.csv")
        let flow = try table("direction_norms.csv")
        let fc = try col(s, "future_share"), pr = try col(s, "past_reach"), fr = try col(s, "future_reach")
        let prr = try col(s, "past_rate_log10"), frr = try col(s, "future_rate_log10")
        var rows: [[String]] = []
        for (k, rs) in groups(s, by: ["cell", "directions"]) {
            func numbers(_ c: Int) -> [Double] { rs.compactMap { CSVData.number($0[c]) } }
            let share = numbers(fc)
            rows.append([
                k[0], k[1] == "2" ? "bidirectional" : "unidirectional", ReportBuilder.interval(share, 3),
                ReportBuilder.interval(numbers(pr), 3), ReportBuilder.interval(numbers(fr), 3),
                ReportBuilder.interval(numbers(prr), 3), ReportBuilder.interval(numbers(frr), 3),
            ])
            measure(
                "future-share:\(k[0]):\(k[1])", share,
                """
                share of ‖∂y_t/∂x_s‖² from future inputs (s > t): \(ReportBuilder.interval(share, 3)); reach\
                 \(ReportBuilder.interval(numbers(pr), 3)) steps back, \(ReportBuilder.interval(numbers(fr), 3))\
                 ahead (\(rs.count) seeds)
                """)
            measure(
                "future-reach:\(k[0]):\(k[1])", numbers(fr),
                "sensitivity within 1% of its peak up to \(ReportBuilder.interval(numbers(fr), 3)) steps ahead")
        }
        body += """
            ## The sequential Jacobian

            ‖∂y_t/∂x_s‖ (Frobenius norm of the output-by-input block) for every output step t and input\
             step s of the first sequence, computed exactly by one backward pass per t over a batch of one\
             copy of the sequence per output unit. *Future share*: the part of Σ_s ‖∂y_t/∂x_s‖² that comes\
             from s > t, averaged over t. *Reach*: at the middle step t*, the largest distance back (ahead)\
             at which the sensitivity is within a factor of 100 of its peak; *rate*: the slope of\
             log10 ‖∂y_t*/∂x_s‖ against |t* − s| (decades per step). Mean [95% interval] over seeds.

            """
        body += ReportBuilder.md(
            ["cell", "network", "future share", "reach back", "reach ahead", "rate back", "rate ahead"], rows)
        let ts = Array(Set(j.values("t").compactMap { $0 })).sorted()
        for (k, _) in groups(s, by: ["cell", "directions"]) {
            let filter = ReportBuilder.present(j, [("cell", k[0]), ("directions", k[1]), ("seed", firstSeed)])
            let rs = matching(j, filter)
            let z = j.values("jacobian_log10", in: rs).map { v -> Double in
                guard let v, v.isFinite else { return .nan }
                return v
            }
            guard z.count == ts.count * ts.count else { continue }
            let grid = (0..<ts.count).map { a in (0..<ts.count).map { b in z[a * ts.count + b] } }
            var f = Figure(
                name: ReportBuilder.stem("jacobian-\(k[0])-", k[1] == "2" ? "bidirectional" : "unidirectional"),
                title:
                    "\(k[0]), \(k[1] == "2" ? "bidirectional" : "unidirectional"): log10 ‖∂y_t/∂x_s‖ (blank: exactly 0)",
                xLabel: "output step t", yLabel: "input step s", yIsLog10: false, series: [])
            f.heatmap = Figure.Heatmap(
                csv: "sequential_jacobian.csv", x: "t", y: "s", z: "jacobian_log10", zLabel: "log10 ‖∂y_t/∂x_s‖",
                filter: filter.map { (column: $0.0, value: $0.1) }, xs: ts, ys: ts, values: grid)
            figures.append(f)
        }
        for cell in distinct(flow, "cell") {
            var series: [Figure.Series] = []
            for d in distinct(flow, "directions") {
                for dir in ["forward", "reverse"] {
                    let filter: [(String, String)] = [
                        ("cell", cell), ("directions", d), ("seed", firstSeed), ("layer", "0"), ("direction", dir),
                    ]
                    if matching(flow, ReportBuilder.present(flow, filter)).isEmpty { continue }
                    series.append(
                        self.series(
                            flow, file: "direction_norms.csv",
                            label: "\(d == "2" ? "bidirectional" : "unidirectional"), \(dir)", x: "t",
                            y: "grad_h_log10", filter: filter, dashed: dir == "reverse"))
                }
            }
            figures.append(
                Figure(
                    name: ReportBuilder.stem("directions-", cell),
                    title: "\(cell): ‖∂L/∂h_t‖ of each direction by input position (layer 0)",
                    xLabel: "input position t", yLabel: "‖∂L/∂h_t‖", yIsLog10: true, series: series))
        }
    }

    mutating func stackedFlowSection() throws {
        let g = try table("stacked_norms.csv"), s = try table("stacked_summary.csv")
        let dc = try col(s, "depth_drop_log10"), rc = try col(s, "observed_rate_log10")
        let bottom = matching(s, [("layer", "0")])
        var rows: [[String]] = []
        for (k, rs) in groups(s, by: ["cell", "residual", "layers"], rows: bottom) {
            func numbers(_ c: Int) -> [Double] { rs.compactMap { CSVData.number($0[c]) } }
            let drop = numbers(dc)
            let topRates = matching(
                s, ReportBuilder.present(s, [("cell", k[0]), ("residual", k[1]), ("layers", k[2])])
            ).filter { field(s, $0, "layer") == String((Int(k[2]) ?? 1) - 1) }.compactMap { CSVData.number($0[rc]) }
            rows.append([
                k[0], k[1] == "true" ? "residual" : "plain", k[2], ReportBuilder.interval(drop, 3),
                ReportBuilder.interval(numbers(rc), 3), ReportBuilder.interval(topRates, 3),
            ])
            measure(
                "bottom-drop:\(k[0]):\(k[1] == "true" ? "residual" : "plain"):\(k[2])", drop,
                "log10 ‖∂L/∂h_T^(0)‖ − log10 ‖∂L/∂h_T^(top)‖ = \(ReportBuilder.interval(drop, 3)) (\(drop.count) seeds)"
            )
        }
        body += """
            ## Depth and time

            ‖∂L/∂h_t^(l)‖ for every layer l and step t under the probe loss on the top layer's output.\
             *Depth drop*: log10 ‖∂L/∂h_T^(0)‖ − log10 ‖∂L/∂h_T^(top)‖, what the layers above cost the\
             bottom layer at the last step; *rate*: the slope of log10 ‖∂L/∂h_t‖ against the lag for the\
             bottom and the top layer. With residual connections, layer l ≥ 1 outputs h_t^(l) + x_t^(l).\
             Mean [95% interval] over seeds.

            """
        body += ReportBuilder.md(
            ["cell", "stack", "layers", "depth drop (decades)", "rate, bottom layer", "rate, top layer"], rows)
        let deepest = distinct(g, "layers").compactMap(Int.init).max().map(String.init) ?? "1"
        for cell in distinct(s, "cell") {
            for residual in distinct(g, "residual") {
                let filter = ReportBuilder.present(
                    g, [("cell", cell), ("residual", residual), ("layers", deepest), ("seed", firstSeed)])
                let rs = matching(g, filter)
                let layers = Array(Set(g.values("layer", in: rs).compactMap { $0 })).sorted()
                let ts = Array(Set(g.values("t", in: rs).compactMap { $0 })).sorted()
                let z = g.values("grad_h_log10", in: rs).map { $0.flatMap { $0.isFinite ? $0 : nil } ?? .nan }
                guard !layers.isEmpty, z.count == layers.count * ts.count else { continue }
                let grid = (0..<layers.count).map { a in (0..<ts.count).map { b in z[a * ts.count + b] } }
                var f = Figure(
                    name: ReportBuilder.stem("depth-time-\(cell)-", residual == "true" ? "residual" : "plain"),
                    title:
                        "\(cell), \(deepest) layers, \(residual == "true" ? "residual" : "plain"): log10 ‖∂L/∂h_t^(l)‖",
                    xLabel: "layer l", yLabel: "step t", yIsLog10: false, series: [])
                f.heatmap = Figure.Heatmap(
                    csv: "stacked_norms.csv", x: "layer", y: "t", z: "grad_h_log10", zLabel: "log10 ‖∂L/∂h_t^(l)‖",
                    filter: filter.map { (column: $0.0, value: $0.1) }, xs: layers, ys: ts, values: grid)
                figures.append(f)
            }
        }
        figures.append(
            Figure(
                name: "depth-drop", title: "What the layers above cost the bottom layer at the last step",
                xLabel: "layers", yLabel: "‖∂L/∂h_T^(0)‖ / ‖∂L/∂h_T^(top)‖", yIsLog10: true,
                series: distinct(s, "cell").flatMap { cell in
                    distinct(s, "residual").map { residual in
                        series(
                            s, file: "stacked_summary.csv",
                            label: "\(cell), \(residual == "true" ? "residual" : "plain")", x: "layers",
                            y: "depth_drop_log10",
                            filter: [("cell", cell), ("residual", residual), ("seed", firstSeed), ("layer", "0")],
                            dashed: residual == "true")
                    }
                }))
    }
}

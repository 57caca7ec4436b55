import Foundation
import Reporting
import Statistics

/// The report section of kind feedforward (issue 15, deep-feedforward).
extension ReportBuilder {
    /// The parameter columns of a feedforward table (between `config` and `seed`).
    func parameterColumns(_ t: CSVData) -> [String] {
        guard let s = t.index(of: "seed") else { return [] }
        return Array(t.columns[2..<s])
    }

    /// A row's value of parameter `column`, or the spec's fixed value, or `fallback` (a case that
    /// leaves the parameter at its default writes an empty field).
    func setting(_ t: CSVData, _ row: [String], _ column: String, _ fallback: String) -> String {
        let v = field(t, row, column)
        return v.isEmpty || v == "—" ? fallback : v
    }

    mutating func feedforward() throws {
        let s = try table("ff_summary.csv"), layers = try table("ff_layers.csv")
        let spectrum = try table("ff_spectrum.csv"), training = try table("ff_training.csv")
        let keys = parameterColumns(s)
        func label(_ r: [String]) -> (arch: String, act: String, initName: String, weights: String, depth: String) {
            (
                setting(s, r, "architecture", "plain"), setting(s, r, "activation", "tanh"),
                setting(s, r, "init", "normalised"), setting(s, r, "weights", "untied"), setting(s, r, "depth", "10")
            )
        }
        func trained(_ r: [String]) -> Bool { setting(s, r, "train", "false") == "true" }
        func spectral(_ r: [String]) -> Bool { setting(s, r, "spectrum", "false") == "true" }
        let dc = try col(s, "drop_log10"), rc = try col(s, "rate_log10")
        // One group per configuration without its seed.
        let groups = self.groups(s, by: keys)

        // 1. Gradients at initialisation: plain networks (standard, normalised, He) and the architectures.
        var rows: [[String]] = []
        for (_, rs) in groups where !trained(rs[0]) && !spectral(rs[0]) {
            let l = label(rs[0])
            let all = rs.compactMap { CSVData.number($0[dc]) }, rate = rs.compactMap { CSVData.number($0[rc]) }
            // A seed whose bottom gradient is exactly 0 (every unit of some ReLU layer dead) has no
            // finite drop: counted apart, never averaged.
            let drop = all.filter(\.isFinite), dead = all.count - drop.count
            let deadText = dead > 0 ? "; exactly 0 in \(dead) of \(all.count) seeds (a layer with every unit dead)" : ""
            rows.append([
                l.arch, l.act, l.initName, l.depth, ReportBuilder.interval(drop, 3) + deadText,
                ReportBuilder.interval(rate.filter(\.isFinite), 3),
            ])
            measure(
                "ff-drop:\(l.arch):\(l.act):\(l.initName):\(l.depth)", dead > 0 ? [] : drop,
                """
                log10 ‖∂L/∂z‖ bottom − top layer: \(ReportBuilder.interval(drop, 3)) decades over \(l.depth) layers\
                 (\(ReportBuilder.interval(rate.filter(\.isFinite), 3)) per layer, \(all.count) seeds\(deadText))
                """)
        }
        body += """
            ## Back-propagated gradients at initialisation

            ‖∂L/∂z_l‖ (the pre-activations of layer l, Frobenius over the batch) under a fixed random\
             readout L = Σ r ⊙ a_D, so ∂L/∂a_D = r and the layer norms show the attenuation alone.\
             *Drop*: log10 ‖∂L/∂z_0‖ − log10 ‖∂L/∂z_{D−1}‖, bottom against top layer; *rate*: its slope\
             per layer. For a linear layer with i.i.d. weights of variance v, each layer multiplies the\
             gradient's expected square by n·v·E[φ'²]: 1/3 for the standard init U(±1/√n) (−0.239\
             decades per layer at φ' = 1), 1 for the normalised init with n_in = n_out, ½·2 = 1 for He's\
             init with ReLU, 1/6 for the standard init with ReLU (−0.389). Mean [95% interval] over seeds.

            """
        body += ReportBuilder.md(
            ["architecture", "activation", "init", "depth", "drop (decades)", "rate per layer"], rows)
        let deepest = groups.filter { !trained($0.1[0]) && !spectral($0.1[0]) }.compactMap { Int(label($0.1[0]).depth) }
            .max()
        let plots: [(name: String, title: String, wanted: (String, String, String) -> Bool)] = [
            ("ff-plain", "Plain networks: ‖∂L/∂z_l‖ relative to the top layer", { arch, _, _ in arch == "plain" }),
            (
                "ff-architectures", "Residual, highway and dense against plain (tanh, normalised init)",
                { _, act, initName in act == "tanh" && initName == "normalised" }
            ),
        ]
        for plot in plots {
            var series: [Figure.Series] = []
            for (k, rs) in groups where !trained(rs[0]) && !spectral(rs[0]) {
                let l = label(rs[0])
                guard Int(l.depth) == deepest, plot.wanted(l.arch, l.act, l.initName) else { continue }
                let filter = zip(keys, k).map { ($0, $1) } + [("seed", firstSeed)]
                series.append(
                    self.series(
                        layers, file: "ff_layers.csv", label: "\(l.arch), \(l.act), \(l.initName)", x: "layer_l",
                        y: "relative_grad_log10", filter: filter))
            }
            figures.append(
                Figure(
                    name: plot.name, title: "\(plot.title), depth \(deepest.map(String.init) ?? "")",
                    xLabel: "layer l (0: bottom)", yLabel: "‖∂L/∂z_l‖ / ‖∂L/∂z_top‖", yIsLog10: true, series: series))
        }

        // 2. Tied against untied weights: the spectrum of ∂a_D/∂a_0.
        let mc = try col(s, "sigma_max_log10"), nc = try col(s, "sigma_min_log10"), pc = try col(s, "spread_log10")
        rows = []
        var spectrumSeries: [Figure.Series] = []
        for (k, rs) in groups where spectral(rs[0]) {
            let l = label(rs[0])
            func numbers(_ c: Int) -> [Double] { rs.compactMap { CSVData.number($0[c]) } }
            rows.append([
                l.act, l.initName, l.weights, l.depth, ReportBuilder.interval(numbers(mc), 3),
                ReportBuilder.interval(numbers(nc), 3), ReportBuilder.interval(numbers(pc), 3),
            ])
            measure(
                "ff-spread:\(l.act):\(l.initName):\(l.weights)", numbers(pc),
                """
                log10 σ_max − log10 σ_min of ∂a_D/∂a_0 at depth \(l.depth): \(ReportBuilder.interval(numbers(pc), 3))\
                 (σ_max \(ReportBuilder.interval(numbers(mc), 3)), σ_min \(ReportBuilder.interval(numbers(nc), 3)),\
                 \(rs.count) seeds)
                """)
            let filter = zip(keys, k).map { ($0, $1) } + [("seed", firstSeed)]
            let width = setting(s, rs[0], "width", "32")
            for (index, which) in [("0", "σ_max"), (String((Int(width) ?? 32) - 1), "σ_min")] {
                spectrumSeries.append(
                    self.series(
                        spectrum, file: "ff_spectrum.csv", label: "\(l.act), \(l.initName), \(l.weights), \(which)",
                        x: "depth_d", y: "log10_singular_value", filter: filter + [("index", index)],
                        dashed: l.weights == "tied"))
            }
        }
        if !rows.isEmpty {
            body += """
                ## One matrix repeated against fresh matrices

                The singular values of the Jacobian product ∂a_D/∂a_0 = J_{D−1} ··· J_0 (first example of\
                 the batch), accumulated by QR re-orthonormalisation, with every layer's W drawn afresh\
                 (*untied*) or layer 0's W in every layer (*tied*: the recurrence of an RNN unrolled over\
                 depth, without inputs). *Spread*: log10 σ_max − log10 σ_min, the product's condition number.

                """
            body += ReportBuilder.md(
                ["activation", "init", "weights", "depth", "log10 σ_max", "log10 σ_min", "spread (decades)"], rows)
            figures.append(
                Figure(
                    name: "ff-products", title: "Largest and smallest singular value of ∂a_d/∂a_0 (dashed: tied)",
                    xLabel: "depth d", yLabel: "singular value", yIsLog10: true, series: spectrumSeries))
        }

        // 3. Training: plain against highway across depth.
        let lc = try col(s, "final_loss"), ac = try col(s, "final_accuracy"), cc = try col(s, "chance_accuracy")
        rows = []
        var curves: [Figure.Series] = []
        for (k, rs) in groups where trained(rs[0]) {
            let l = label(rs[0])
            let loss = rs.compactMap { CSVData.number($0[lc]) }, acc = rs.compactMap { CSVData.number($0[ac]) }
            let chance = rs.compactMap { CSVData.number($0[cc]) }.first
            rows.append([
                l.arch, l.act, l.depth, ReportBuilder.interval(loss, 3), ReportBuilder.interval(acc, 3),
                ReportBuilder.n(chance, 3),
            ])
            measure(
                "ff-accuracy:\(l.arch):\(l.depth)", acc,
                "held-out accuracy \(ReportBuilder.interval(acc, 3)) (chance \(ReportBuilder.n(chance, 3))), final training loss \(ReportBuilder.interval(loss, 3)), \(acc.count) seeds"
            )
            let filter = zip(keys, k).map { ($0, $1) } + [("seed", firstSeed)]
            curves.append(
                self.series(
                    training, file: "ff_training.csv", label: "\(l.arch), depth \(l.depth)", x: "update", y: "accuracy",
                    filter: filter, dashed: l.arch != "highway"))
        }
        if !rows.isEmpty {
            body += """
                ## Training plain and highway networks

                The teacher task (x ~ U(−1, 1)^n, the label the argmax of a random linear map), through the\
                 network and a softmax readout, SGD with momentum 0.9; the final training loss is the mean\
                 of the last tenth of the updates, the accuracy on held-out examples at the end. Mean [95%\
                 interval] over seeds.

                """
            body += ReportBuilder.md(
                ["architecture", "activation", "depth", "final training loss", "held-out accuracy", "chance"], rows)
            var f = Figure(
                name: "ff-training", title: "Held-out accuracy during training (dashed: plain)", xLabel: "update",
                yLabel: "accuracy", yIsLog10: false, series: curves)
            f.yRange = (0, 1)
            figures.append(f)
        }
    }
}

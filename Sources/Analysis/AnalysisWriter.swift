import Foundation
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting

/// Writes one gradient-flow analysis (a `GradientFlowReport`) as tidy CSV files, figures (SVG,
/// gnuplot, matplotlib) and `report.md` into a folder. Columns are documented in
/// `docs/schema.md` (gradient-flow tables).
public struct AnalysisWriter {
    public var report: GradientFlowReport
    public var network: RecurrentNetwork
    /// Names the configuration in the `run` column.
    public var run: String
    /// Lines describing where the weights and inputs came from (no absolute paths).
    public var source: [String]
    public var seed: UInt64?

    public init(report: GradientFlowReport, network: RecurrentNetwork, run: String, source: [String], seed: UInt64?) {
        self.report = report
        self.network = network
        self.run = run
        self.source = source
        self.seed = seed
    }

    func boundLog10(layer l: Int, lag: Int) -> Double? { FlowTables.boundLog10(report, layer: l, lag: lag) }

    /// Writes the analysis as the whole content of `dir` (a `FolderSwap`: the folder always holds
    /// exactly one analysis; a failing or killed one leaves the previous folder as it was).
    public func write(to dir: URL) throws {
        try FolderSwap.replace(dir) { try write(into: $0) }
    }

    /// Writes the files into `folder` (which the caller has emptied).
    public func write(into folder: OutputFolder) throws {
        var tables = FlowTables(keyColumns: ["run"])
        tables.append(report, network: network, key: [.text(run)])
        for (file, table) in tables.files { try folder.write(table.text, to: file) }
        let figures = self.figures
        for f in figures { try f.write(to: folder) }
        try folder.write(markdown(figures), to: "report.md")
    }

    var figures: [Figure] {
        let T = report.steps, L = network.layerCount
        var out: [Figure] = []
        var normSeries: [Figure.Series] = []
        for l in 0..<L {
            normSeries.append(
                .init(
                    label: "‖∂L/∂h_t‖ layer \(l)", csv: "gradient_norms.csv", x: "lag", y: "grad_h_log10",
                    filter: [("layer", "\(l)")], points: (0...T).map { (Double(T - $0), report.gradHiddenLog10[l][$0]) }
                ))
            if network.cell.hasCellState {
                normSeries.append(
                    .init(
                        label: "‖∂L/∂c_t‖ layer \(l)", csv: "gradient_norms.csv", x: "lag", y: "grad_c_log10",
                        filter: [("layer", "\(l)")],
                        points: (0...T).map { (Double(T - $0), report.gradCellLog10[l][$0]) }))
            }
            if boundLog10(layer: l, lag: 0) != nil {
                normSeries.append(
                    .init(
                        label: "Pascanu bound (γσ_max)^lag", csv: "gradient_norms.csv", x: "lag",
                        y: "pascanu_bound_log10",
                        filter: [("layer", "\(l)")], dashed: true,
                        points: (0...T).map { (Double(T - $0), boundLog10(layer: l, lag: T - $0)!) }))
            }
        }
        out.append(
            Figure(
                name: "gradient_norms",
                title: "Gradient norm against lag (\(network.cell), loss \(report.loss.rawValue))",
                xLabel: "lag T − t (steps back from the end)", yLabel: "‖∂L/∂h_t‖ (log scale)", yIsLog10: true,
                series: normSeries))

        let spectra = report.spectra.filter { network.cell.gateCount == 1 || $0.matrix.contains("/") }
        if !spectra.isEmpty {
            // spectrum.csv holds raw singular values; the plot shows their log10 (SVG points are log10,
            // and the scripts take the log of the column).
            var f = Figure(
                name: "spectrum", title: "Singular values of W_hh", xLabel: "index (largest first)",
                yLabel: "singular value (log scale)", yIsLog10: true,
                series: spectra.map { s in
                    .init(
                        label: s.matrix, csv: "spectrum.csv", x: "index", y: "singular_value",
                        filter: [("matrix", s.matrix)],
                        points: s.singularValues.enumerated().map { (Double($0.offset), log10($0.element)) })
                })
            f.logOfColumn = true
            out.append(f)
        }
        if let j = report.jacobians.last {
            let n = j.productLog10.first?.count ?? 0
            let shown = Array(Set([0, 1, 2, n / 2, n - 1].filter { $0 >= 0 && $0 < n })).sorted()
            out.append(
                Figure(
                    name: "jacobian_spectrum",
                    title: "Singular values of ∂s_T/∂s_{T−lag} (layer \(j.layer), sequence \(j.sequence))",
                    xLabel: "lag", yLabel: "σ_i of the Jacobian product (log scale)", yIsLog10: true,
                    series: shown.map { i in
                        .init(
                            label: "σ_\(i + 1)", csv: "jacobian_spectrum.csv", x: "lag", y: "log10_singular_value",
                            filter: [("layer", "\(j.layer)"), ("index", "\(i)")],
                            points: j.productLog10.enumerated().map { (Double($0.offset + 1), $0.element[i]) })
                    }))
        }
        if !report.temporalContributionLog10.isEmpty {
            out.append(
                Figure(
                    name: "temporal_contributions", title: "Share of ∂L/∂W_hh contributed by each lag",
                    xLabel: "lag T − t", yLabel: "share of Σ_t ‖term_t‖ (log scale)", yIsLog10: true,
                    series: (0..<L).map { l in
                        .init(
                            label: "layer \(l)", csv: "temporal_contributions.csv", x: "lag", y: "share_log10",
                            filter: [("layer", "\(l)")],
                            points: report.temporalShareLog10[l].enumerated().map {
                                (Double(T - $0.offset - 1), $0.element)
                            })
                    }))
        }
        return out
    }

    func markdown(_ figures: [Figure]) -> String {
        let T = report.steps
        var md = """
            # Gradient flow of a \(network.cell) network

            **Question.** How does the gradient of the loss travel back through time in this network:
            does it vanish, explode or hold, how far back does the network receive credit, and what
            do the spectra of W_hh and of the Jacobian products say about why?

            ## Configuration

            | | |
            |---|---|
            | cell | \(network.cell) (gates: \(network.cell.gateNames.joined(separator: ", "))) |
            | layers | \(network.layerCount) |
            | input size I | \(network.inputSize) |
            | hidden size H | \(network.hiddenSize) |
            | parameters | \(network.parameterCount) |
            | steps T | \(T) |
            | batch B | \(report.batchSize) |
            | probe loss | \(report.loss == .last ? "last: L = ½‖h_T‖²" : "all: L = Σ_t ½‖h_t‖²") = \(NumberFormat.short(report.lossValue, digits: 6)) |

            """
        for s in source { md += "| source | \(s) |\n" }
        md += """

            ## Diagnosis

            | layer | σ_max(W_hh) | γ | bound rate log10(γσ_max) per step | observed rate (decades per step) | memory horizon (lag where the ratio < 1e-8) | verdict | bound holds |
            |---|---|---|---|---|---|---|---|

            """
        for d in report.diagnoses {
            md +=
                "| \(d.layer) | \(NumberFormat.short(d.sigmaMax)) | \(d.gamma.map { NumberFormat.short($0) } ?? "—") | "
            md +=
                """
                \(d.boundRateLog10.map { NumberFormat.short($0) } ?? "— (gated cell)") |\
                 \(NumberFormat.short(d.observedRateLog10)) | 
                """
            md +=
                """
                \(d.memoryHorizon.map { String($0) } ?? "> \(T)") | **\(d.verdict.rawValue)** |\
                 \(d.boundHolds.map { $0 ? "yes" : "**no**" } ?? "—") |\n
                """
        }
        let top = network.layerCount - 1
        md += """

            The observed rate is the least-squares slope of log10‖∂L/∂h_t‖ against the lag; the verdict is
            *vanishing* below −\(Diagnosis.threshold), *exploding* above +\(Diagnosis.threshold) decades per step
            (a factor of 10 per 1000 steps), *neutral* between. For a vanilla RNN, Pascanu, Mikolov & Bengio
            (2013) bound the rate by log10(γ·σ_max(W_hh)): γσ_max < 1 is sufficient for vanishing, and
            γσ_max > 1 is necessary for explosion. Across the whole sequence, the gradient at the first step
            (lag \(T)) is \(NumberFormat.shortFromLog10(report.gradHiddenLog10[top][0] - report.gradHiddenLog10[top][T])) times the
            gradient at the last step.

            """
        if report.nonFinite.isEmpty {
            md += "No forward state or gradient became inf or NaN.\n"
        } else {
            md += "### Non-finite values\n\n"
            for e in report.nonFinite { md += "- \(e)\n" }
        }
        if !report.spectra.isEmpty {
            md += "\n## Spectra of W_hh\n\n| matrix | σ_max | σ_min | spectral radius ρ |\n|---|---|---|---|\n"
            for s in report.spectra {
                md +=
                    """
                    | \(s.matrix) | \(NumberFormat.short(s.sigmaMax)) |\
                     \(NumberFormat.short(s.singularValues.last ?? 0)) |\
                     \(s.spectralRadius.map { NumberFormat.short($0) } ?? "— (not square)") |\n
                    """
            }
        }
        md += "\n## Plots\n\n"
        for f in figures {
            md += "![\(f.title)](\(f.name).svg)\n\n"
        }
        md += """
            Every plot is redrawn from the CSV files alone by `gnuplot NAME.gp` or `python3 NAME.py`, run in
            this folder. The columns are described in GradPath's `docs/schema.md`.

            ## Environment

            \(RunEnvironment(seed: seed ?? 0, blas: BLAS.configuration, blasThreads: BLAS.threads).markdown)

            """
        if seed == nil { md += "\n(The inputs came from a file; the seed is not used.)\n" }
        return md
    }
}

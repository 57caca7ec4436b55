import Reporting

/// How many rows of the per-step tables a run writes.
///
/// `thinned` (the default, and what the committed reports hold) keeps each series on a
/// `RecordGrid`: the first steps, evenly spaced steps after them, and the last. Every summary
/// (`diagnosis.csv`, `summary.csv`, fitted rates, clip fractions) is computed from every step
/// before the tables are thinned, so only the plotted curves lose points. `all` writes every row
/// (`gradpath run --all-rows`). docs/reports.md#thinned-tables states the policy.
public enum RecordedRows: String, Sendable, CaseIterable {
    case thinned
    case all

    /// The step columns each table is thinned along, in order, with the columns naming the same
    /// step and the grid. Tables not named here (summaries, evaluations, surfaces) are never thinned.
    struct Rule: Sendable {
        var column: String
        var sameStep: Set<String> = []
        var grid: RecordGrid = .steps
        /// Rows kept whatever their step: (column, value).
        var always: (column: String, value: String)? = nil
    }

    static let rules: [String: [Rule]] = [
        "gradient_norms.csv": [Rule(column: "lag", sameStep: ["t"])],
        "gradient_norms_per_sequence.csv": [Rule(column: "lag", sameStep: ["t"])],
        "temporal_contributions.csv": [Rule(column: "lag", sameStep: ["t"])],
        "saturation.csv": [Rule(column: "t")],
        "jacobian_norms.csv": [Rule(column: "t")],
        "jacobian_spectrum.csv": [Rule(column: "lag"), Rule(column: "index")],
        "spectrum.csv": [Rule(column: "index")],
        "eigenvalues.csv": [Rule(column: "index")],
        // The informative lag is plotted over training (training-summary), so it always stays.
        "lag_norms.csv": [Rule(column: "lag", always: ("informative", "true"))],
        "training.csv": [Rule(column: "update", grid: .updates)],
        "precision_norms.csv": [Rule(column: "lag", sameStep: ["t"])],
        "ff_spectrum.csv": [Rule(column: "depth_d"), Rule(column: "index")],
        "ff_training.csv": [Rule(column: "update", grid: .updates)],
    ]

    /// The per-step tables of kinds precision, sequential-jacobian and stacked-flow, which their
    /// reports plot for the first seed only (the heat maps need every step: their tables are not
    /// thinned). Every seed's summary stays in the `*_summary.csv` tables.
    static let firstSeedOnlyProbes: Set<String> = [
        "precision_norms.csv", "sequential_jacobian.csv", "direction_norms.csv", "stacked_norms.csv",
        "ff_layers.csv", "ff_spectrum.csv", "ff_training.csv",
    ]

    /// A training run's per-update tables, which the report plots for the first seed of the run's
    /// list only: thinned, they hold that seed's rows alone. Every seed's outcome stays in
    /// `summary.csv`, from which the success rates, intervals and verdicts are computed.
    static let firstSeedOnly: Set<String> = ["training.csv", "evaluation.csv", "lag_norms.csv"]

    /// A gradient-flow run's per-step curves and W_hh spectra, which its report plots for the first
    /// seed only: thinned, they hold that seed's rows alone. Every seed's rates, horizons, σ_max and
    /// ρ stay in `diagnosis.csv`, computed before thinning.
    static let firstSeedOnlyFlow: Set<String> = [
        "gradient_norms.csv", "gradient_norms_per_sequence.csv", "spectrum.csv", "eigenvalues.csv",
    ]

    /// The W_hh spectra of a report that does not plot them keep the top of each spectrum and its end.
    static let unplottedSpectrum = RecordGrid(head: 2, points: 2)

    /// The tables of one configuration as this policy writes them. `firstSeed` says whether the
    /// configuration has the first seed of the run's list; `spectraPlotted` whether the report draws
    /// the W_hh spectra (the `spectra` section).
    func apply(
        _ tables: [(String, CSVTable)], kind: ExperimentKind, firstSeed: Bool, spectraPlotted: Bool = true
    ) -> [(String, CSVTable)] {
        guard self == .thinned else { return tables }
        return tables.map { name, table in
            if kind == .training && !firstSeed && Self.firstSeedOnly.contains(name) {
                return (name, CSVTable(columns: table.columns))
            }
            if kind == .gradientFlow && !firstSeed && Self.firstSeedOnlyFlow.contains(name) {
                return (name, CSVTable(columns: table.columns))
            }
            if [.precision, .sequentialJacobian, .stackedFlow, .feedforward].contains(kind) && !firstSeed
                && Self.firstSeedOnlyProbes.contains(name)
            {
                return (name, CSVTable(columns: table.columns))
            }
            var t = table
            for r in Self.rules[name] ?? [] {
                let grid =
                    !spectraPlotted && ["spectrum.csv", "eigenvalues.csv"].contains(name)
                    ? Self.unplottedSpectrum : r.grid
                t = grid.thin(t, along: r.column, sameStep: r.sameStep, always: r.always)
            }
            return (name, t)
        }
    }
}

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
    ]

    /// The tables of one configuration as this policy writes them.
    func apply(_ tables: [(String, CSVTable)]) -> [(String, CSVTable)] {
        guard self == .thinned else { return tables }
        return tables.map { name, table in
            var t = table
            for r in Self.rules[name] ?? [] {
                t = r.grid.thin(t, along: r.column, sameStep: r.sameStep, always: r.always)
            }
            return (name, t)
        }
    }
}

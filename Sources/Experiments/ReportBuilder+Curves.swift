import Foundation
import Reporting
import Statistics

/// Learning curves over seeds: `curves_by_update.csv`, derived from every seed's held-out curve
/// (`seed_curves.csv`, or `evaluation.csv` in a folder written before it existed) and the settings
/// of each configuration in `summary.csv`.
extension ReportBuilder {
    /// The derived table's columns after the setting's keys.
    static let curveColumns = [
        "update", "runs", "metric_mean", "metric_lower", "metric_upper", "metric_min", "metric_max", "loss_mean",
        "loss_min", "loss_max", "baseline_metric",
    ]

    /// Per setting (the varying columns) and evaluation update: how many runs have a value there,
    /// the mean held-out metric with its Student-t 95% interval, the lowest and highest seed, and the
    /// same for the held-out loss. A run stopped because it was solved (`stop_when_solved`) keeps
    /// its last evaluation for the later updates, as a solved run would; a run that diverged or ran
    /// out counts only where it was evaluated. Computed once per report.
    mutating func curvesBySetting() throws -> (data: CSVData, keys: [String])? {
        let keys = varyingColumns
        if let done = derived.first(where: { $0.0 == "curves_by_update.csv" }) {
            return (try CSVData(text: done.1.text, file: "curves_by_update.csv"), keys)
        }
        let s = try table("summary.csv")
        guard let e = tables["seed_curves.csv"] ?? tables["evaluation.csv"] else { return nil }
        let ci = try col(e, "config"), ui = try col(e, "update"), mi = try col(e, "metric"), li = try col(e, "loss")
        // config → its evaluations in update order.
        var byConfig: [String: [(u: Double, metric: Double, loss: Double)]] = [:]
        for r in e.rows {
            guard let u = CSVData.number(r[ui]) else { continue }
            byConfig[r[ci], default: []].append(
                (u, CSVData.number(r[mi]) ?? .nan, CSVData.number(r[li]) ?? .nan))
        }
        for k in byConfig.keys { byConfig[k]!.sort { $0.u < $1.u } }
        func num(_ x: Double?) -> CSVTable.Field { x.map { $0.isFinite ? .number($0) : .empty } ?? .empty }
        var out = CSVTable(columns: keys + ReportBuilder.curveColumns)
        for (k, rs) in groups(s, by: keys) {
            let runs = rs.map { r in
                (curve: byConfig[field(s, r, "config")] ?? [], carried: !field(s, r, "solved_at").isEmpty)
            }
            let updates = Set(runs.flatMap { $0.curve.map(\.u) }).sorted()
            let baseline = rs.first.flatMap { CSVData.number(field(s, $0, "baseline_metric")) }
            for u in updates {
                var metrics: [Double] = [], losses: [Double] = []
                for run in runs {
                    let point =
                        run.curve.first { $0.u == u }
                        ?? (run.carried && (run.curve.last?.u ?? .infinity) < u ? run.curve.last : nil)
                    guard let p = point else { continue }
                    if p.metric.isFinite { metrics.append(p.metric) }
                    if p.loss.isFinite { losses.append(p.loss) }
                }
                guard !metrics.isEmpty else { continue }
                let m = Confidence.mean(metrics)
                out.append(
                    k.map { CSVTable.Field.text($0) } + [
                        .number(u), .integer(metrics.count), .number(ReportBuilder.mean(metrics)), num(m?.lower),
                        num(m?.upper), num(metrics.min()), num(metrics.max()),
                        num(losses.isEmpty ? nil : ReportBuilder.mean(losses)), num(losses.min()), num(losses.max()),
                        num(baseline),
                    ])
            }
        }
        derived.append(("curves_by_update.csv", out))
        return (try CSVData(text: out.text, file: "curves_by_update.csv"), keys)
    }

    /// The mean of `y` ("metric" or "loss") over seeds for the settings matching `filter`, with the
    /// lowest and highest seed dashed in the same colour; appended to `plot`.
    func meanWithRange(
        _ plot: inout [Figure.Series], _ d: CSVData, label: String, y: String, filter: [(String, String)],
        log: Bool = false
    ) {
        let t: (Double) -> Double = log ? { $0 > 0 ? log10($0) : .nan } : { $0 }
        let main = plot.count
        plot.append(
            series(
                d, file: "curves_by_update.csv", label: label, x: "update", y: "\(y)_mean", filter: filter,
                yTransform: t))
        for bound in ["min", "max"] {
            plot.append(
                series(
                    d, file: "curves_by_update.csv", label: "\(label), \(bound)", x: "update", y: "\(y)_\(bound)",
                    filter: filter, dashed: true, yTransform: t
                ).companion(of: main))
        }
    }

    /// "mean over 10 seeds (dashed: lowest and highest seed)".
    var overSeeds: String { "mean over \(environmentSeeds.count) seeds (dashed: lowest and highest seed)" }
}

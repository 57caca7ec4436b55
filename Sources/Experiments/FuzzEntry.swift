import Foundation
import ModelImport
import Recurrent
import Reporting

/// What the fuzz targets (`Fuzz/`) do with one input, and what the corpus replay test does with
/// every committed seed and crash input. Each reader must either accept the bytes or throw one of
/// its errors: a trap, a hang or an absurd allocation is a failure the fuzzer reports.
public enum FuzzEntry {
    /// The bytes as a safetensors file; if they parse, as the weights of every cell, and as inputs.
    public static func safetensors(_ data: Data) {
        guard let tensors = try? Safetensors.parse(data, file: "fuzz.safetensors") else { return }
        for cell in CellKind.all {
            guard let net = try? PyTorchImport.network(cell, tensors: tensors, file: "fuzz.safetensors") else {
                continue
            }
            _ = try? PyTorchImport.inputs(tensors: tensors, file: "fuzz.safetensors", for: net)
        }
    }

    /// The bytes as an experiment specification; if it parses, its configuration count, its
    /// memory estimate (for small sweeps) and one configuration's cost.
    public static func spec(_ data: Data) {
        guard let spec = try? ExperimentSpec.parse(data, file: "fuzz.json") else { return }
        for form in Form.allCases {
            guard let n = spec.configurationCount(form: form, seedOverride: nil), n <= 2_000 else { continue }
            let configs = spec.configurations(form: form, seedOverride: nil)
            _ = CostEstimate.run(spec.kind, configs, workers: 2)
            _ = configs.first.map(\.name)
        }
    }

    /// The bytes as a CSV file; if they parse, validated for every kind of experiment as `report`
    /// does, and every numeric column summarised and plotted as `inspect` does.
    public static func csv(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8), let t = try? CSVData(text: text, file: "fuzz.csv") else {
            return
        }
        for kind in ExperimentKind.allCases { _ = try? ReportBuilder.validate(t, file: "fuzz.csv", kind: kind) }
        for c in t.columns.prefix(8) {
            let values = t.values(c)
            let s = ColumnSummary(values)
            _ = NumberFormat.shortFromLog10(s.max) + NumberFormat.fromLog10(s.min) + NumberFormat.short(s.mean)
            let points = values.enumerated().map { (Double($0.offset), $0.element ?? .nan) }
            _ = TerminalPlot.render(points, xLabel: "row", yLabel: c, yIsLog10: c.hasSuffix("_log10"))
            if let first = values.first, let x = first {
                let f = Figure(
                    name: "fuzz", title: c, xLabel: "row", yLabel: c, yIsLog10: true,
                    series: [.init(label: c, csv: "fuzz.csv", x: "row", y: c, points: [(0, x), (1, s.max)])])
                _ = f.svg.count + f.gnuplotScript.count + f.matplotlibScript.count
            }
        }
    }
}

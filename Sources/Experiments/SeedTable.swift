import Foundation
import LinearAlgebra
import Recurrent
import Reporting

/// The "1.01^365" table made literal: a linear RNN (φ = identity) with W_hh = s·I carries the
/// last-step gradient back unchanged in direction and multiplied by s at every step, so
/// ‖∂L/∂h_k‖ / ‖∂L/∂h_T‖ = s^(T−k) exactly. At T = 365: 1.01^365 ≈ 37.78 (explodes),
/// 0.99^365 ≈ 0.02552 (vanishes), 1.02^365 ≈ 1377.4, 0.98^365 ≈ 6.3e-4.
///
/// Writes `gradient_norms.csv` (one row per s and t) and `report.md` into its folder.
public struct SeedTable: Sendable {
    public static let name = "seed-table"
    public static let title = "The s^365 table: a linear RNN with W_hh = s·I"

    public var scales: [Double] = [0.98, 0.99, 1.01, 1.02]
    public var steps = 365
    public var inputSize = 4
    public var hiddenSize = 16
    public var batchSize = 4
    public var seed: UInt64 = 365

    /// The quoted values of s^365 (DESIGN §4; the motivational "1.01^365" table), for the report.
    public static let quoted: [Double: Double] = [0.98: 6.3e-4, 0.99: 0.0255, 1.01: 37.8, 1.02: 1377.4]

    public init() {}

    /// One configuration's measurement.
    public struct Row: Sendable {
        public var scale: Double
        /// log10 ‖∂L/∂h_t‖ for t = 0 … T.
        public var gradHiddenLog10: [Double]
        /// Measured ‖∂L/∂h_0‖ / ‖∂L/∂h_T‖ as a log10.
        public var ratioLog10: Double { gradHiddenLog10[0] - gradHiddenLog10[gradHiddenLog10.count - 1] }
        /// s^T computed directly.
        public var predicted: Double
    }

    /// Runs every s. Throws only if LAPACK fails.
    public func measure() throws -> [Row] {
        try scales.map { s in
            var rng = SplitMix64(seed: seed)
            var net = RecurrentNetwork(cell: .rnn(.identity), inputSize: inputSize, hiddenSize: hiddenSize)
            try Initializer.pytorch.initialize(&net, using: &rng)
            net.layers[0].weightHH = Matrix.identity(hiddenSize, scale: s)
            let input = SequenceBatch.uniform(steps: steps, batchSize: batchSize, featureSize: inputSize, using: &rng)
            let r = net.gradients(input, loss: .last)
            return Row(scale: s, gradHiddenLog10: r.backprop.gradHiddenLog10[0], predicted: pow(s, Double(steps)))
        }
    }

    /// Measures and writes `gradient_norms.csv` and `report.md` into `directory` (atomically, file
    /// by file). Returns the rows.
    @discardableResult
    public func write(to directory: URL) throws -> [Row] {
        let rows = try measure()
        var csv = CSVTable(columns: ["run", "s", "seed", "t", "lag", "grad_h_norm", "grad_h_log10",
                                     "ratio_to_last", "predicted_ratio"])
        for row in rows {
            let last = row.gradHiddenLog10[steps]
            for t in 0...steps {
                let l = row.gradHiddenLog10[t]
                csv.append([.text("s=\(row.scale)"), .number(row.scale), .integer(Int(seed)), .integer(t), .integer(steps - t),
                            .fromLog10(l), .number(l), .fromLog10(l - last), .number(pow(row.scale, Double(steps - t)))])
            }
        }
        try AtomicFile.write(csv.text, to: directory.appendingPathComponent("gradient_norms.csv"))
        try AtomicFile.write(report(rows), to: directory.appendingPathComponent("report.md"))
        return rows
    }

    func report(_ rows: [Row]) -> String {
        var md = """
        # \(SeedTable.title)

        **Question.** How much does the gradient of a loss at the last step shrink or grow on its way
        back through T = \(steps) steps, when every step multiplies it by s?

        **Configuration.** Linear RNN (φ = identity), I = \(inputSize), H = \(hiddenSize), batch \(batchSize),
        T = \(steps), W_hh = s·I, W_ih and biases PyTorch default U(−1/√H, 1/√H), inputs U(−1, 1),
        probe loss L = ½‖h_T‖². For this network ∂L/∂h_{t−1} = W_hhᵀ ∂L/∂h_t = s·∂L/∂h_t, so the
        ratio ‖∂L/∂h_0‖ / ‖∂L/∂h_T‖ is exactly s^T.

        ## Result

        | s | measured ‖∂L/∂h_0‖ / ‖∂L/∂h_T‖ | s^\(steps) | quoted value | relative difference (measured vs s^\(steps)) | verdict |
        |---|---|---|---|---|---|

        """
        for r in rows {
            let measured = pow(10, r.ratioLog10)
            let rel = abs(measured - r.predicted) / r.predicted
            let quoted = SeedTable.quoted[r.scale].map { NumberFormat.roundTrip($0) } ?? "—"
            let verdict = r.scale < 1 ? "vanishing" : (r.scale > 1 ? "exploding" : "neutral")
            md += "| \(r.scale) | \(NumberFormat.short(measured, digits: 8)) | \(NumberFormat.short(r.predicted, digits: 8)) | \(quoted) | \(NumberFormat.short(rel, digits: 2)) | \(verdict) |\n"
        }
        md += """

        The quoted values are the widely repeated "1.01^365 ≈ 37.8, 0.99^365 ≈ 0.03" table
        (GradPath DESIGN §4 lists 37.8, 0.0255, 1377.4 and 6.3e-4). A one-percent change per step,
        compounded over a year of steps, is a factor of 37.8 or of 1/39: this is why a recurrent
        network whose Jacobians are a little below or above norm 1 forgets or explodes.

        Per-step values: `gradient_norms.csv` (columns in `reports/SCHEMA.md`).

        ## Environment

        \(RunEnvironment(seed: seed).markdown)

        """
        return md
    }
}

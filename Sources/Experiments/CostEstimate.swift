import Formats
import Foundation
import Recurrent

/// Memory estimates made before anything is allocated, so that a request for terabytes is
/// refused with one line instead of aborting or swapping the machine to a halt. All arithmetic is
/// in Double, so no product of sizes can overflow.
public enum CostEstimate {
    /// Bytes of one forward pass with exact BPTT: the stored forward caches (`LayerTrace`: per layer
    /// T·B·(I + (G+1)·H) Doubles, plus 2·T·B·H for the LSTM's c and tanh c, T·B·H for the GRU),
    /// twice over for the backward workspace and gradients (the bench measures at most 1.64×), plus
    /// the input and its gradient.
    public static func passBytes(cell: CellKind, inputSize I: Int, hiddenSize H: Int, layers L: Int, steps T: Int, batch B: Int) -> Double {
        let t = Double(T), b = Double(B), h = Double(H)
        let g = Double(cell.gateCount == 1 ? 0 : cell.gateCount)
        var doubles = 0.0
        for l in 0..<max(L, 1) {
            let i = Double(l == 0 ? I : H)
            doubles += t * b * (i + (g + 1) * h) + b * h
            if cell.hasCellState { doubles += 2 * t * b * h + b * h }
            if case .gru = cell { doubles += t * b * h }
        }
        return 8 * (2 * doubles + 2 * t * b * Double(I))
    }

    /// Bytes of the rows a table of `rows` rows holds in memory and as text (about 200 bytes a row).
    static func tableBytes(rows: Double) -> Double { 200 * rows }

    /// The memory of one configuration of `kind` while it runs (`working`) and the tables it
    /// leaves, held until the whole run is written (`kept`).
    public static func bytes(_ kind: ExperimentKind, _ c: Configuration) -> (working: Double, kept: Double) {
        switch kind {
        case .seedTable:
            let T = c.integer("steps", 365)
            return (passBytes(cell: .rnn(.identity), inputSize: c.integer("input_size", 4), hiddenSize: c.integer("hidden_size", 16),
                              layers: 1, steps: T, batch: c.integer("batch_size", 4)), tableBytes(rows: Double(T + 1)))
        case .gradientFlow, .clipping:
            let cell = CellKind(name: c.text("cell", "rnn-tanh")) ?? .rnn(.tanh)
            let T = c.integer("steps", 100), H = c.integer("hidden_size", 32), L = c.integer("layers", 1), B = c.integer("batch_size", 4)
            var working = passBytes(cell: cell, inputSize: c.integer("input_size", 8), hiddenSize: H, layers: L, steps: T, batch: B)
            var kept = tableBytes(rows: Double(T + 1) * Double(L) * 2)
            if c.flag("jacobians", false) {
                let n = Double(cell.hasCellState ? 2 * H : H)
                let values = min(n, Double(c.integer("jacobian_values", Int.max)))
                working += 8 * 4 * n * n
                kept += tableBytes(rows: Double(T) * values * Double(L))
            }
            if c.flag("saturation", false) { kept += tableBytes(rows: Double(T) * Double(L) * Double(cell.gateCount + 1)) }
            return (working + kept, kept)
        case .training:
            let cell = CellKind(name: c.text("cell", "rnn-tanh")) ?? .rnn(.tanh)
            let task = TrainingRunner.task(c)
            let H = c.integer("hidden_size", 32), L = c.integer("layers", 1)
            let train = passBytes(cell: cell, inputSize: task.inputSize, hiddenSize: H, layers: L, steps: task.steps, batch: c.integer("batch_size", 32))
            let eval = c.integer("eval_size", 1000)
            // The held-out set (inputs and targets) and its forward pass (caches only, no backward).
            let heldOut = 8 * Double(eval) * Double(task.steps) * Double(task.inputSize + task.outputSize)
            let evalPass = passBytes(cell: cell, inputSize: task.inputSize, hiddenSize: H, layers: L, steps: task.steps, batch: eval) / 2
            let updates = Double(c.integer("updates", 1000))
            let lagEvery = Double(max(c.integer("lag_every", max(1, Int(updates) / 10)), 1))
            let records = tableBytes(rows: updates + updates / lagEvery * Double(task.steps + 1))
            return (train + heldOut + evalPass + records, records)
        case .cliff:
            let n = Double(c.integer("grid_points", 200))
            let t = tableBytes(rows: n * n + 4 * Double(c.integer("iterations", 100)))
            return (t, t)
        }
    }

    /// Peak memory of running `configs` on `workers` threads at once: the largest `workers`
    /// working estimates together, plus the tables of all the others (kept until the report is
    /// written).
    public static func run(_ kind: ExperimentKind, _ configs: [Configuration], workers: Int) -> Double {
        let each = configs.map { bytes(kind, $0) }
        let concurrent = each.map(\.working).sorted(by: >).prefix(max(workers, 1)).reduce(0, +)
        return concurrent + each.map(\.kept).reduce(0, +)
    }
}

import Formats
import Foundation
import Recurrent

/// Memory estimates made before anything is allocated, so that a request for terabytes is
/// refused with one line instead of aborting or swapping the machine to a halt. All arithmetic is
/// in Double, so no product of sizes can overflow.
public enum CostEstimate {
    /// Bytes of one forward pass with exact BPTT (`RecurrentNetwork.estimatedPassBytes`).
    public static func passBytes(
        cell: CellKind, inputSize I: Int, hiddenSize H: Int, layers L: Int, steps T: Int, batch B: Int
    )
        -> Double
    {
        RecurrentNetwork.estimatedPassBytes(cell: cell, inputSize: I, hiddenSize: H, layers: L, steps: T, batch: B)
    }

    /// Bytes of the rows a table of `rows` rows holds in memory and as text (about 200 bytes a row).
    static func tableBytes(rows: Double) -> Double { 200 * rows }

    /// The memory of one configuration of `kind` while it runs (`working`) and the tables it
    /// leaves, held until the whole run is written (`kept`).
    public static func bytes(_ kind: ExperimentKind, _ c: Configuration) -> (working: Double, kept: Double) {
        typealias NP = NetworkParameters
        typealias SP = SeedTableParameters
        typealias TP = TrainingParameters
        switch kind {
        case .seedTable:
            let steps = c[SP.steps]
            return (
                passBytes(
                    cell: .rnn(.identity), inputSize: c[SP.inputSize], hiddenSize: c[SP.hiddenSize], layers: 1,
                    steps: steps,
                    batch: c[SP.batchSize]), tableBytes(rows: Double(steps + 1))
            )
        case .gradientFlow, .clipping:
            let cell = CellKind(name: c[NP.cell]) ?? .rnn(.tanh)
            let steps = c[NP.steps], H = c[NP.hiddenSize], L = c[NP.layers]
            var working = passBytes(
                cell: cell, inputSize: c[NP.inputSize], hiddenSize: H, layers: L, steps: steps, batch: c[NP.batchSize])
            var kept = tableBytes(rows: Double(steps + 1) * Double(L) * 2)
            if c[NP.jacobians] {
                let n = Double(cell.hasCellState ? 2 * H : H)
                let values = min(n, Double(c.given(NP.jacobianValues) ?? Int.max))
                working += 8 * 4 * n * n
                kept += tableBytes(rows: Double(steps) * values * Double(L))
            }
            if c[NP.saturation] { kept += tableBytes(rows: Double(steps) * Double(L) * Double(cell.gateCount + 1)) }
            return (working + kept, kept)
        case .training:
            let cell = CellKind(name: c[NP.cell]) ?? .rnn(.tanh)
            let task = TrainingRunner.task(c)
            let H = c[NP.hiddenSize], L = c[NP.layers]
            let train = passBytes(
                cell: cell, inputSize: task.inputSize, hiddenSize: H, layers: L, steps: task.steps,
                batch: c[TP.batchSize])
            // The held-out set, or a chunk of the fresh confirmation set (at most 1,000 sequences at
            // a time) when a stopping rule is on, whichever is larger.
            let eval = max(c[TP.evalSize], c[TP.stopWhenSolved] ? min(1000, c[TP.confirmSize]) : 0)
            // The held-out set (inputs and targets) and its forward pass (caches only, no backward).
            let heldOut = 8 * Double(eval) * Double(task.steps) * Double(task.inputSize + task.outputSize)
            let evalPass =
                passBytes(
                    cell: cell, inputSize: task.inputSize, hiddenSize: H, layers: L, steps: task.steps, batch: eval) / 2
            let updates = Double(c[TP.updates])
            let lagEvery = Double(max(c[TP.lagEvery], 1))
            let records = tableBytes(rows: updates + updates / lagEvery * Double(task.steps + 1))
            return (train + heldOut + evalPass + records, records)
        case .precision, .stackedFlow:
            let cell = CellKind(name: c[NP.cell]) ?? .rnn(.tanh)
            let steps = c[NP.steps], L = c[NP.layers]
            let pass = passBytes(
                cell: cell, inputSize: c[NP.inputSize], hiddenSize: c[NP.hiddenSize], layers: L, steps: steps,
                batch: c[NP.batchSize])
            // precision: the exact pass and one per storage format; stacked-flow: one per layer.
            let kept = tableBytes(rows: Double(steps + 1) * Double(L) * (kind == .precision ? 5 : 1))
            return (2 * pass + kept, kept)
        case .feedforward:
            typealias F = FeedForwardParameters
            let n = Double(c[F.width]), D = Double(c[F.depth]), B = Double(c[F.batchSize])
            // Weights (dense: layer l reads (l + 1)·n), their gradients and momenta, and the caches.
            let weights = c[F.architecture] == "dense" ? n * n * D * (D + 1) / 2 : n * n * D * 2
            let caches = 5 * D * B * n + Double(c[F.evalSize]) * n * 3
            let kept = tableBytes(rows: D + (c[F.spectrum] ? D * n : 0) + 100)
            return (8 * (4 * weights + caches) + kept, kept)
        case .sequentialJacobian:
            let cell = CellKind(name: c[NP.cell]) ?? .rnn(.tanh)
            let steps = c[NP.steps], H = c[NP.hiddenSize], D = c[ProbeParameters.directions]
            // One batch of D·H copies of the first sequence (a row of the Jacobian each), per direction.
            let pass = passBytes(
                cell: cell, inputSize: c[NP.inputSize], hiddenSize: H, layers: c[NP.layers], steps: steps,
                batch: max(D * H, c[NP.batchSize]))
            let kept = tableBytes(rows: Double(steps) * Double(steps) + Double(steps + 2) * Double(D * c[NP.layers]))
            return (Double(D) * 2 * pass + kept, kept)
        case .cliff:
            let n = Double(c[CliffParameters.gridPoints])
            let t = tableBytes(rows: n * n + 4 * Double(c[CliffParameters.iterations]))
            return (t, t)
        }
    }

    /// The relative compute of one configuration, about its multiply-adds (forward and backward
    /// passes, held-out evaluations, spectra), for balancing shards (`Shard.plan`). Only ratios
    /// between configurations of one experiment matter; it is an estimate, not a timing.
    public static func work(_ kind: ExperimentKind, _ c: Configuration) -> Double {
        typealias NP = NetworkParameters
        typealias TP = TrainingParameters
        /// Forward G·H·(H + I) multiply-adds per step, layer and sequence; backward about twice that.
        func pass(_ cell: CellKind, _ I: Int, _ H: Int, _ L: Int, _ T: Int, _ B: Int, backward: Bool = true) -> Double {
            (backward ? 3 : 1) * Double(cell.gateCount) * Double(H) * Double(H + I) * Double(L) * Double(T) * Double(B)
        }
        switch kind {
        case .seedTable:
            typealias SP = SeedTableParameters
            return pass(.rnn(.identity), c[SP.inputSize], c[SP.hiddenSize], 1, c[SP.steps], c[SP.batchSize])
        case .gradientFlow, .clipping, .precision, .stackedFlow:
            let cell = CellKind(name: c[NP.cell]) ?? .rnn(.tanh)
            let H = c[NP.hiddenSize], L = c[NP.layers], T = c[NP.steps]
            var w = pass(cell, c[NP.inputSize], H, L, T, c[NP.batchSize])
            if kind == .precision { w *= 5 }
            if kind == .stackedFlow { w *= Double(L) }
            if kind != .precision && kind != .stackedFlow && c[NP.jacobians] {
                let n = Double(cell.hasCellState ? 2 * H : H)
                w += Double(T) * Double(L) * 10 * n * n * n
            }
            return w
        case .training:
            let cell = CellKind(name: c[NP.cell]) ?? .rnn(.tanh)
            let task = TrainingRunner.task(c)
            let H = c[NP.hiddenSize], L = c[NP.layers], updates = c[TP.updates]
            let train = Double(updates) * pass(cell, task.inputSize, H, L, task.steps, c[TP.batchSize])
            let evaluations = Double(updates / max(c[TP.evalEvery], 1) + 1)
            return train + evaluations * pass(cell, task.inputSize, H, L, task.steps, c[TP.evalSize], backward: false)
        case .sequentialJacobian:
            let cell = CellKind(name: c[NP.cell]) ?? .rnn(.tanh)
            let H = c[NP.hiddenSize], D = c[ProbeParameters.directions]
            return Double(D)
                * pass(cell, c[NP.inputSize], H, c[NP.layers], c[NP.steps], max(D * H, c[NP.batchSize]))
        case .feedforward:
            typealias F = FeedForwardParameters
            let n = Double(c[F.width]), D = Double(c[F.depth]), B = Double(c[F.batchSize])
            let layer = c[F.architecture] == "dense" ? n * n * (D + 1) / 2 : n * n * 2
            let step = 3 * B * D * layer
            return (c[F.train] ? Double(c[F.updates]) : 1) * step + (c[F.spectrum] ? 10 * D * n * n * n : 0)
        case .cliff:
            let n = Double(c[CliffParameters.gridPoints])
            return n * n * Double(c[CliffParameters.steps]) + Double(c[CliffParameters.iterations])
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

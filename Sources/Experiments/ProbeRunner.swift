import Analysis
import Foundation
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting

private typealias N = NetworkParameters

/// The configurations of kinds precision, sequential-jacobian and stacked-flow (issue 15). Columns
/// are documented in docs/schema.md.
enum ProbeRunner {
    /// The storage formats of kind precision, widest first.
    static let formats: [StorageFormat] = [.float64, .float32, .bfloat16, .float16]

    static func probeLoss(_ c: Configuration) -> ProbeLoss { ProbeLoss(rawValue: c[N.loss]) ?? .last }

    /// Least-squares slope of log10 values against the lag (`FlowTables.slope`).
    static func slope(_ logs: [Double]) -> Double { FlowTables.slope(logs) }

    /// The same network's ‖∂L/∂h_t‖ exact (scaled) and with the state gradient stored in each
    /// format between steps, the loss multiplied by `loss_scale` (the stored norms are divided by
    /// it again, as an optimiser unscales); per format and layer, the lag from which the stored
    /// gradient is exactly 0, beside where the exact one crosses the format's limits.
    static func precision(
        _ c: Configuration, keys: [String], key: (Configuration) -> [CSVTable.Field]
    ) throws -> [(String, CSVTable)] {
        var norms = CSVTable(columns: keys + ["format", "layer", "t", "lag", "grad_h_log10", "grad_c_log10"])
        var summary = CSVTable(
            columns: keys + [
                "format", "layer", "observed_rate_log10", "exact_last_log10", "zero_lag", "exact_log10_at_zero_lag",
                "below_normal_lag", "predicted_below_normal_lag", "below_subnormal_lag", "nonfinite_lag",
                "stored_first_log10", "exact_first_log10",
            ])
        let (net, input) = try NetworkRecipe.build(c)
        let loss = probeLoss(c)
        let scale = c[ProbeParameters.lossScale]
        let trace = net.forward(input)
        let exact = net.backward(
            trace, outputGradient: loss.outputGradient(trace), options: BackwardOptions(inputGradient: false))
        let T = input.steps, L = net.layerCount
        func record(_ name: String, _ h: [[Double]], _ cc: [[Double]]) {
            for l in 0..<L {
                for t in 0...T {
                    let cv: CSVTable.Field = cc.isEmpty || cc[l].isEmpty ? .empty : .number(cc[l][t])
                    norms.append(
                        key(c) + [.text(name), .integer(l), .integer(t), .integer(T - t), .number(h[l][t]), cv])
                }
            }
        }
        record("exact", exact.gradHiddenLog10, exact.gradCellLog10)
        let scaled: OutputGradient
        switch loss.outputGradient(trace) {
        case .lastStep(let g): scaled = .lastStep(scale * g)
        case .everyStep(let g): scaled = .everyStep(g.map { scale * $0 })
        }
        let shift = log10(scale)
        for f in formats {
            let b = net.backward(
                trace, outputGradient: scaled, options: BackwardOptions(inputGradient: false, stateFormat: f))
            let h = b.gradHiddenLog10.map { $0.map { $0 - shift } }
            let cc = b.gradCellLog10.map { $0.map { $0 - shift } }
            record(f.rawValue, h, cc)
            let limits = FloatFormatLimits.formats.first { $0.name == f.rawValue }!
            for l in 0..<L {
                let e = exact.gradHiddenLog10[l]
                let rate = slope(e)
                let zeroT = (0...T).reversed().first { h[l][$0] == -.infinity }
                let badT = (0...T).reversed().first { !h[l][$0].isFinite && h[l][$0] != -.infinity }
                // Where the stored value S·g crosses the limit: where g crosses limit / S.
                let normalT = FloatFormatLimits.firstStepBelow(e, limit: limits.normal / scale)
                let subT = FloatFormatLimits.firstStepBelow(e, limit: limits.subnormal / scale)
                let predicted = (e[T] + shift - log10(limits.normal)) / -rate
                func lag(_ t: Int?) -> CSVTable.Field { t.map { .integer(T - $0) } ?? .empty }
                summary.append(
                    key(c) + [
                        .text(f.rawValue), .integer(l), .number(rate), .number(e[T]), lag(zeroT),
                        zeroT.map { .number(e[$0]) } ?? .empty, lag(normalT),
                        predicted.isFinite && predicted > 0 ? .number(predicted) : .empty, lag(subT), lag(badT),
                        .number(h[l][0]), .number(e[0]),
                    ])
            }
        }
        return [("precision_norms.csv", norms), ("precision_summary.csv", summary)]
    }

    /// ‖∂y_t/∂x_s‖ for every (t, s) of the first sequence, and each direction's ‖∂L/∂h_t‖ under
    /// the probe loss, for a unidirectional (directions 1) or bidirectional (2) network.
    static func sequentialJacobian(
        _ c: Configuration, keys: [String], key: (Configuration) -> [CSVTable.Field]
    ) throws -> [(String, CSVTable)] {
        var jac = CSVTable(columns: keys + ["t", "s", "distance", "jacobian_log10"])
        var flow = CSVTable(columns: keys + ["layer", "direction", "t", "grad_h_log10"])
        var summary = CSVTable(
            columns: keys + [
                "reference_t", "future_share", "past_reach", "future_reach", "past_rate_log10", "future_rate_log10",
            ])
        let bidirectional = c[ProbeParameters.directions] == 2
        let J: [[Double]]
        let T = c[N.steps]
        // The loss ½‖y_t*‖² at the middle step t* = ⌈T/2⌉ (0-based (T − 1)/2, as `summarize`):
        // the forward direction carries its gradient back towards the past, the reverse towards the future.
        let middle = (T - 1) / 2
        func middleLoss(_ outputs: [Double]) -> [Double] {
            let w = outputs.count / T
            return outputs.indices.map { $0 / w == middle ? outputs[$0] : 0 }
        }
        if bidirectional {
            let (net, input) = try NetworkRecipe.buildBidirectional(c)
            J = SequentialJacobian.measure(net, input: input)
            let tr = net.forward(input)
            let b = net.backward(tr, outputGradient: middleLoss(tr.outputs))
            for k in 0..<net.layerCount {
                for d in 0..<2 {
                    let logs = b.gradHiddenLog10ByPosition(layer: k, direction: d)
                    for (p, v) in logs.enumerated() where !v.isNaN {
                        flow.append(
                            key(c) + [.integer(k), .text(d == 0 ? "forward" : "reverse"), .integer(p), .number(v)])
                    }
                }
            }
        } else {
            let (net, input) = try NetworkRecipe.build(c)
            J = SequentialJacobian.measure(net, input: input)
            let tr = net.forward(input)
            let b = net.backward(
                tr, outputGradient: .everyStep(middleLoss(tr.outputs)), options: BackwardOptions(inputGradient: false))
            for k in 0..<net.layerCount {
                for (p, v) in b.gradHiddenLog10[k].enumerated() {
                    flow.append(key(c) + [.integer(k), .text("forward"), .integer(p), .number(v)])
                }
            }
        }
        for t in 0..<T {
            for s in 0..<T {
                jac.append(key(c) + [.integer(t + 1), .integer(s + 1), .integer(t - s), .number(J[t][s])])
            }
        }
        let s = summarize(J)
        summary.append(
            key(c) + [
                .integer(s.reference + 1), .number(s.futureShare), .integer(s.pastReach), .integer(s.futureReach),
                .number(s.pastRate), .number(s.futureRate),
            ])
        return [("sequential_jacobian.csv", jac), ("direction_norms.csv", flow), ("sequential_summary.csv", summary)]
    }

    /// How far the sensitivity reaches: a reach is the largest distance at which ‖∂y_t*/∂x_s‖ is
    /// within a factor of 100 of its largest value over s (t* the middle step).
    static let reachDecades = 2.0

    /// From log10 ‖∂y_t/∂x_s‖ [t][s]: the share of the squared Jacobian that lies in the future
    /// (s > t), averaged over t; and, at the middle step t*, the reach and the decay rate (slope
    /// of log10 against the distance) towards the past and the future.
    static func summarize(_ J: [[Double]]) -> (
        reference: Int, futureShare: Double, pastReach: Int, futureReach: Int, pastRate: Double, futureRate: Double
    ) {
        let T = J.count
        var shares: [Double] = []
        for t in 0..<T {
            guard let m = J[t].filter(\.isFinite).max() else { continue }
            var total = 0.0, future = 0.0
            for s in 0..<T where J[t][s].isFinite {
                let v = pow(10, 2 * (J[t][s] - m))
                total += v
                if s > t { future += v }
            }
            if total > 0 { shares.append(future / total) }
        }
        let r = (T - 1) / 2
        let row = J[r]
        let peak = row.filter(\.isFinite).max() ?? .nan
        let pastReach = (0...r).last { d in row[r - d].isFinite && row[r - d] >= peak - reachDecades } ?? 0
        let futureReach = (0..<(T - r)).last { d in row[r + d].isFinite && row[r + d] >= peak - reachDecades } ?? 0
        func rate(_ values: [Double]) -> Double {
            // values by distance 0, 1, …: slope of the finite ones.
            slope(values.reversed())
        }
        let past = (0...r).map { row[r - $0] }
        let future = (0..<(T - r)).map { row[r + $0] }
        return (
            r, shares.isEmpty ? .nan : shares.reduce(0, +) / Double(shares.count), pastReach, futureReach,
            rate(past), future.dropFirst().contains(where: \.isFinite) ? rate(future) : .nan
        )
    }

    /// A stack of 1 … 8 layers with or without residual connections: ‖∂L/∂h^(l)_t‖ for every layer
    /// and step, and per layer its value at the last step relative to the top layer's.
    static func stackedFlow(
        _ c: Configuration, keys: [String], key: (Configuration) -> [CSVTable.Field]
    ) throws -> [(String, CSVTable)] {
        var norms = CSVTable(columns: keys + ["layer", "t", "lag", "grad_h_log10", "grad_c_log10"])
        var summary = CSVTable(
            columns: keys + ["layer", "last_log10", "depth_drop_log10", "observed_rate_log10", "first_log10"])
        let (net, input) = try NetworkRecipe.build(c)
        let stack = ResidualStack(net, residual: c[ProbeParameters.residual])
        let tr = stack.forward(input)
        let (_, g) = ResidualStack.probeLoss(tr, probeLoss(c))
        let b = stack.backward(tr, outputGradient: g)
        let T = input.steps, L = stack.layerCount
        let top = b.backprops[L - 1].gradHiddenLog10[0][T]
        for l in 0..<L {
            let h = b.backprops[l].gradHiddenLog10[0]
            let cl = b.backprops[l].gradCellLog10.first ?? []
            for t in 0...T {
                norms.append(
                    key(c) + [
                        .integer(l), .integer(t), .integer(T - t), .number(h[t]), cl.isEmpty ? .empty : .number(cl[t]),
                    ])
            }
            summary.append(
                key(c) + [.integer(l), .number(h[T]), .number(h[T] - top), .number(slope(h)), .number(h[0])])
        }
        return [("stacked_norms.csv", norms), ("stacked_summary.csv", summary)]
    }
}

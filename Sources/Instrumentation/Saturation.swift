import Recurrent

/// How saturated the units of one layer are at one step, as fractions of B·H unit values:
///
/// - tanh (`tanh`): |h| > 0.99 for the tanh RNN; |g| > 0.99 and |tanh c_t| > 0.99 for the LSTM;
///   |n| > 0.99 for the GRU (tanh' < 0.02 there);
/// - logistic gates (`sigmoid`): within 0.01 of 0 or 1 (σ' < 0.0099);
/// - ReLU (`relu_dead`): h = 0 exactly (no gradient passes).
public struct SaturationSample: Sendable, Equatable {
    /// `tanh_h`, `sigmoid_h`, `relu_dead`, `gate_i`, `gate_f`, `gate_g`, `gate_o`, `tanh_c`,
    /// `gate_r`, `gate_z`, `gate_n`.
    public var measure: String
    public var layer: Int
    public var step: Int
    public var fraction: Double

    /// Every measure of every layer at every step t = 1 … T. Cost O(T·B·G·H).
    public static func measure(_ network: RecurrentNetwork, _ trace: ForwardTrace) -> [SaturationSample] {
        func frac(_ v: [Double], _ p: (Double) -> Bool) -> Double {
            Double(v.filter(p).count) / Double(max(v.count, 1))
        }
        let tanhSat: (Double) -> Bool = { abs($0) > 0.99 }
        let sigSat: (Double) -> Bool = { $0 < 0.01 || $0 > 0.99 }
        let H = trace.hiddenSize, B = trace.batchSize
        var out: [SaturationSample] = []
        for l in 0..<trace.layers.count {
            for t in 1...trace.steps {
                let h = trace.hidden(layer: l, step: t).storage
                switch network.cell {
                case .rnn(.tanh): out.append(.init(measure: "tanh_h", layer: l, step: t, fraction: frac(h, tanhSat)))
                case .rnn(.sigmoid):
                    out.append(.init(measure: "sigmoid_h", layer: l, step: t, fraction: frac(h, sigSat)))
                case .rnn(.relu):
                    out.append(.init(measure: "relu_dead", layer: l, step: t, fraction: frac(h) { $0 == 0 }))
                case .rnn(.identity): break
                case .lstm, .gru:
                    let g = trace.gateActivations(layer: l, step: t)!
                    for (k, name) in network.cell.gateNames.enumerated() {
                        var values: [Double] = []
                        values.reserveCapacity(B * H)
                        for b in 0..<B { values += g.row(b)[(k * H)..<((k + 1) * H)] }
                        let isTanh = name == "g" || name == "n"
                        out.append(
                            .init(
                                measure: "gate_\(name)", layer: l, step: t,
                                fraction: frac(values, isTanh ? tanhSat : sigSat)))
                    }
                    if network.cell.hasCellState {
                        let c = trace.cellState(layer: l, step: t).storage.map { Foundation.tanh($0) }
                        out.append(.init(measure: "tanh_c", layer: l, step: t, fraction: frac(c, tanhSat)))
                    }
                }
            }
        }
        return out
    }
}

import Foundation

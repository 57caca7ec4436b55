import Foundation
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting

/// The tidy CSV tables of gradient-flow measurements. Every row starts with the same key fields
/// (`keyColumns`, e.g. run, config, the varying parameters, seed), so tables from many runs — or
/// from shards of one sweep — concatenate without conflict. Columns are documented in
/// `docs/schema.md` (gradient-flow tables).
public struct FlowTables {
    public var keyColumns: [String]
    public var gradientNorms: CSVTable
    public var perSequence: CSVTable
    public var spectrum: CSVTable
    public var eigenvalues: CSVTable
    public var jacobianSpectrum: CSVTable
    public var jacobianNorms: CSVTable
    public var temporalContributions: CSVTable
    public var saturation: CSVTable
    public var diagnosis: CSVTable
    public var nonFinite: CSVTable

    /// How many of the largest Jacobian-product singular values to keep per lag (nil: all).
    public var jacobianValues: Int?

    public init(keyColumns: [String], jacobianValues: Int? = nil) {
        self.keyColumns = keyColumns
        self.jacobianValues = jacobianValues
        func t(_ c: [String]) -> CSVTable { CSVTable(columns: keyColumns + c) }
        gradientNorms = t([
            "layer", "t", "lag", "grad_h_norm", "grad_h_log10", "grad_c_norm", "grad_c_log10", "pascanu_bound_log10",
        ])
        perSequence = t(["layer", "t", "lag", "sequence", "grad_h_log10", "grad_c_log10"])
        spectrum = t(["matrix", "index", "singular_value"])
        eigenvalues = t(["matrix", "index", "real", "imag", "modulus"])
        jacobianSpectrum = t(["layer", "sequence", "lag", "index", "log10_singular_value"])
        jacobianNorms = t(["layer", "sequence", "t", "jacobian_norm", "jacobian_norm_log10"])
        temporalContributions = t([
            "layer", "t", "lag", "contribution_norm", "contribution_log10", "share", "share_log10",
        ])
        saturation = t(["layer", "t", "measure", "fraction"])
        diagnosis = t([
            "layer", "probe_loss", "parameter_count", "sigma_max_whh", "spectral_radius_whh", "gamma",
            "bound_rate_log10", "linearised_rate_log10",
            "observed_rate_log10", "observed_c_rate_log10", "memory_horizon", "verdict", "bound_holds",
        ])
        nonFinite = t(["pass", "tensor", "layer", "t"])
    }

    /// Measured columns never share a name with a parameter (`sigma_max`, `loss`, …), so a sweep
    /// over a parameter can carry it as a key column.
    /// Log10 of the Pascanu bound for `layer` at `lag` (top layer, last-step loss, vanilla RNN).
    static func boundLog10(_ r: GradientFlowReport, layer l: Int, lag: Int) -> Double? {
        guard r.userLoss == nil, r.loss == .last, l == r.gradHiddenLog10.count - 1,
            let rate = r.diagnoses[l].boundRateLog10
        else {
            return nil
        }
        return r.gradHiddenLog10[l][r.steps] + Double(lag) * rate
    }

    /// Least-squares slope of log10 values against the lag (finite values only): `logs` by t = 0 … T.
    public static func slope(_ logs: [Double]) -> Double {
        let T = logs.count - 1
        var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for lag in 0...T where logs[T - lag].isFinite {
            let x = Double(lag), y = logs[T - lag]
            n += 1; sx += x; sy += y; sxx += x * x; sxy += x * y
        }
        let d = n * sxx - sx * sx
        return d > 0 ? (n * sxy - sx * sy) / d : .nan
    }

    /// Appends every measurement of `r` with the key fields `key`.
    ///
    /// One direction of a bidirectional layer is measured as a 1-layer network: `layerOffset` gives
    /// its layer, and `reverseDirection` maps its own steps s to input positions T + 1 − s (its lags
    /// stay its own: the distance from its last step) and names its matrices `…_l{k}_reverse`.
    public mutating func append(
        _ r: GradientFlowReport, network: RecurrentNetwork, key: [CSVTable.Field], layerOffset: Int = 0,
        reverseDirection: Bool = false
    ) {
        precondition(
            key.count == keyColumns.count,
            "FlowTables.append: \(key.count) key fields for \(keyColumns.count) key columns")
        func opt(_ v: Double?) -> CSVTable.Field { v.map { .number($0) } ?? .empty }
        let T = r.steps, hasC = network.cell.hasCellState
        let renamed = layerOffset != 0 || reverseDirection
        /// Input position of own step t.
        func pos(_ t: Int) -> Int { reverseDirection ? T + 1 - t : t }
        func lay(_ l: Int) -> Int { l + layerOffset }
        func matrix(_ m: String) -> String {
            renamed
                ? m.replacingOccurrences(of: "_l0", with: "_l\(layerOffset)\(reverseDirection ? "_reverse" : "")") : m
        }
        for l in 0..<network.layerCount {
            for t in 0...T {
                let c = hasC ? r.gradCellLog10[l][t] : nil
                gradientNorms.append(
                    key + [
                        .integer(lay(l)), .integer(pos(t)), .integer(T - t), .fromLog10(r.gradHiddenLog10[l][t]),
                        .number(r.gradHiddenLog10[l][t]), c.map { .fromLog10($0) } ?? .empty, opt(c),
                        opt(FlowTables.boundLog10(r, layer: l, lag: T - t)),
                    ])
            }
        }
        for l in 0..<r.gradHiddenLog10PerSequence.count {
            for t in 0...T {
                for b in 0..<r.batchSize {
                    perSequence.append(
                        key + [
                            .integer(lay(l)), .integer(pos(t)), .integer(T - t), .integer(b),
                            .number(r.gradHiddenLog10PerSequence[l][t][b]),
                            hasC ? .number(r.gradCellLog10PerSequence[l][t][b]) : .empty,
                        ])
                }
            }
        }
        for s in r.spectra {
            for (i, v) in s.singularValues.enumerated() {
                spectrum.append(key + [.text(matrix(s.matrix)), .integer(i), .number(v)])
            }
            for (i, e) in s.eigenvalues.enumerated() {
                eigenvalues.append(
                    key + [.text(matrix(s.matrix)), .integer(i), .number(e.real), .number(e.imag), .number(e.modulus)])
            }
        }
        for j in r.jacobians {
            for (k, values) in j.productLog10.enumerated() {
                for (i, v) in values.prefix(jacobianValues ?? values.count).enumerated() {
                    jacobianSpectrum.append(
                        key + [.integer(lay(j.layer)), .integer(j.sequence), .integer(k + 1), .integer(i), .number(v)])
                }
            }
            for (k, v) in j.stepNormLog10.enumerated() {
                jacobianNorms.append(
                    key + [
                        .integer(lay(j.layer)), .integer(j.sequence), .integer(pos(k + 1)), .fromLog10(v), .number(v),
                    ])
            }
        }
        let shares = r.temporalShareLog10
        for (l, logs) in r.temporalContributionLog10.enumerated() {
            for (k, v) in logs.enumerated() {
                temporalContributions.append(
                    key + [
                        .integer(lay(l)), .integer(pos(k + 1)), .integer(T - k - 1), .fromLog10(v), .number(v),
                        .fromLog10(shares[l][k]), .number(shares[l][k]),
                    ])
            }
        }
        for s in r.saturation {
            saturation.append(
                key + [.integer(lay(s.layer)), .integer(pos(s.step)), .text(s.measure), .number(s.fraction)])
        }
        let linearised = RestingPoint.linearisedRatesLog10(network)
        for d in r.diagnoses {
            let whole = r.spectra.first { $0.matrix == "weight_hh_l\(d.layer)" }
            diagnosis.append(
                key + [
                    .integer(lay(d.layer)), .text(r.lossName), .integer(network.parameterCount), .number(d.sigmaMax),
                    opt(whole?.spectralRadius), opt(d.gamma), opt(d.boundRateLog10),
                    opt(d.layer < linearised.count ? linearised[d.layer] : nil), .number(d.observedRateLog10),
                    hasC ? .number(FlowTables.slope(r.gradCellLog10[d.layer])) : .empty,
                    d.memoryHorizon.map { .integer($0) } ?? .empty, .text(d.verdict.rawValue),
                    d.boundHolds.map { .text($0 ? "true" : "false") } ?? .empty,
                ])
        }
        for e in r.nonFinite {
            nonFinite.append(
                key + [
                    .text(e.pass.rawValue), .text(matrix(e.tensor)), .integer(lay(e.layer)),
                    e.step.map { .integer(pos($0)) } ?? .empty,
                ])
        }
    }

    /// (file name, table) for every table, empty or not (for merging runs).
    public var allFiles: [(String, CSVTable)] {
        [
            ("gradient_norms.csv", gradientNorms), ("gradient_norms_per_sequence.csv", perSequence),
            ("spectrum.csv", spectrum),
            ("eigenvalues.csv", eigenvalues), ("jacobian_spectrum.csv", jacobianSpectrum),
            ("jacobian_norms.csv", jacobianNorms),
            ("temporal_contributions.csv", temporalContributions), ("saturation.csv", saturation),
            ("diagnosis.csv", diagnosis),
            ("nonfinite_events.csv", nonFinite),
        ]
    }

    /// (file name, table) for every table that has rows; `diagnosis.csv` and `gradient_norms.csv` always.
    public var files: [(String, CSVTable)] {
        let all: [(String, CSVTable)] = [
            ("gradient_norms.csv", gradientNorms), ("gradient_norms_per_sequence.csv", perSequence),
            ("spectrum.csv", spectrum),
            ("eigenvalues.csv", eigenvalues), ("jacobian_spectrum.csv", jacobianSpectrum),
            ("jacobian_norms.csv", jacobianNorms),
            ("temporal_contributions.csv", temporalContributions), ("saturation.csv", saturation),
            ("diagnosis.csv", diagnosis),
            ("nonfinite_events.csv", nonFinite),
        ]
        return all.filter {
            !$0.1.rows.isEmpty || ["gradient_norms.csv", "diagnosis.csv", "nonfinite_events.csv"].contains($0.0)
        }
    }
}

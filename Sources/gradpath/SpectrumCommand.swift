import ArgumentParser
import Experiments
import Foundation
import Instrumentation
import Recurrent
import Reporting

struct SpectrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "Singular values and eigenvalues of W_hh for a cell and an initialisation.",
        discussion: """
            Draws W_hh the way experiments do (seeded) and prints, for the whole matrix and each gate \
            block: σ_max, σ_min, the condition number, the spectral radius ρ and the largest \
            eigenvalues. --sigma-max or --spectral-radius rescales every gate block to that value.

            Example: gradpath spectrum --cell lstm --init orthogonal --hidden 128
            """
    )

    @Option(help: "The recurrent cell.")
    var cell: CellKind = .rnn(.tanh)

    @Option(help: "The W_hh initialisation.")
    var `init`: InitChoice = .pytorch

    @Option(
        name: .customLong("init-scale"),
        help: "Gain (orthogonal), value (identity), std·√H (gaussian), factor (pytorch).")
    var initScale: Double = 1

    @Option(name: .customLong("sigma-max"), help: "Rescale each W_hh gate block to this largest singular value.")
    var sigmaMax: Double?

    @Option(name: .customLong("spectral-radius"), help: "Rescale each W_hh gate block to this spectral radius.")
    var spectralRadius: Double?

    @Option(help: "Hidden size H.")
    var hidden: Int = 64

    @Option(help: "Seed of the draw.")
    var seed: UInt64 = 0

    @Option(help: "Also write every singular value to this CSV file (matrix, index, singular_value).")
    var csv: String?

    func validate() throws {
        guard (1...4096).contains(hidden) else { throw ValidationError("--hidden must be from 1 to 4096.") }
        guard initScale >= 0 && initScale.isFinite else {
            throw ValidationError("--init-scale must be a finite number ≥ 0.")
        }
        if sigmaMax != nil && spectralRadius != nil {
            throw ValidationError("Give at most one of --sigma-max and --spectral-radius.")
        }
        for v in [sigmaMax, spectralRadius].compactMap({ $0 }) where !(v > 0 && v.isFinite) {
            throw ValidationError("--sigma-max and --spectral-radius must be positive numbers.")
        }
    }

    func run() throws {
        typealias N = NetworkParameters
        var p: [String: ParameterValue] = [
            N.cell.name: .text(cell.description), N.initialisation.name: .text(`init`.rawValue),
            N.initScale.name: .number(initScale),
            N.hiddenSize.name: .number(Double(hidden)), N.steps.name: .number(1), N.batchSize.name: .number(1),
        ]
        if let s = sigmaMax { p[N.sigmaMax.name] = .number(s) }
        if let r = spectralRadius { p[N.spectralRadius.name] = .number(r) }
        let (net, _) = try NetworkRecipe.build(Configuration(index: 0, parameters: p, varying: [], seed: seed))
        let spectra = try WeightSpectrum.of(net)
        print(
            "\(cell), init \(`init`.rawValue) (scale \(initScale))\(sigmaMax.map { ", rescaled to σ_max = \($0)" } ?? "")\(spectralRadius.map { ", rescaled to ρ = \($0)" } ?? ""), H = \(hidden), seed \(seed)"
        )
        print("matrix              σ_max       σ_min       σ_max/σ_min   ρ               largest |λ| eigenvalues")
        var table = CSVTable(columns: ["matrix", "index", "singular_value"])
        for s in spectra {
            let top = s.eigenvalues.prefix(3).map { e in
                e.imag == 0
                    ? NumberFormat.short(e.real)
                    : "\(NumberFormat.short(e.real))\(e.imag < 0 ? "−" : "+")\(NumberFormat.short(abs(e.imag)))i"
            }
            let cond = s.singularValues.last.map { $0 > 0 ? s.sigmaMax / $0 : .infinity } ?? .nan
            func pad(_ t: String, _ n: Int) -> String { t.padding(toLength: n, withPad: " ", startingAt: 0) }
            let rho: String = s.spectralRadius.map { NumberFormat.short($0) } ?? "— (not square)"
            var line = pad(s.matrix, 20) + pad(NumberFormat.short(s.sigmaMax), 12)
            line += pad(NumberFormat.short(s.singularValues.last ?? .nan), 12) + pad(NumberFormat.short(cond), 14)
            line += pad(rho, 16) + top.joined(separator: ", ")
            print(line)
            for (i, v) in s.singularValues.enumerated() { table.append([.text(s.matrix), .integer(i), .number(v)]) }
        }
        if let csv {
            let url = URL(fileURLWithPath: csv)
            try OutputFolder(url.deletingLastPathComponent()).write(table.text, to: url.lastPathComponent)
            print("wrote \(csv)")
        }
    }
}

import ArgumentParser
import Foundation
import Recurrent
import Reporting

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Self-test: compare exact BPTT gradients with finite differences for every cell.",
        discussion: """
            For every cell and variant (rnn-tanh, rnn-relu, rnn-identity, rnn-sigmoid, lstm, \
            lstm-peephole, lstm-coupled, lstm-no-forget-gate, lstm-no-output-activation, gru, \
            gru-reset-before), with 1- and 2-layer stacks and both \
            probe losses (last: ½‖h_T‖², all: Σ_t ½‖h_t‖²), every parameter tensor and the initial \
            state h_0 (and c_0) is differentiated by central finite differences in Double. The table \
            shows the worst normwise relative error per configuration; the check fails if any exceeds \
            the tolerance. Exit status: 0 all passed, 1 a check failed.
            """
    )

    @Option(help: "Largest accepted relative error.")
    var tolerance: Double = 1e-6

    @Option(help: "Check only this cell (e.g. lstm-peephole); all cells when omitted.")
    var cell: CellKind?

    func validate() throws {
        guard tolerance > 0 && tolerance.isFinite else {
            throw ValidationError("--tolerance must be a positive number.")
        }
    }

    func run() throws {
        let cases = GradientCheck.Case.all.filter { cell == nil || $0.cell == cell }
        let bar = ProgressBar(total: cases.count, label: "check")
        var lines: [(String, String, String, Double, String)] = []
        var failed = 0
        for c in cases {
            let errors = try GradientCheck.run(c)
            // NaN counts as the worst possible error.
            let worst = errors.first { $0.relativeError.isNaN } ?? errors.max { $0.relativeError < $1.relativeError }!
            let ok = worst.relativeError <= tolerance
            if !ok { failed += 1 }
            lines.append((c.cell.description, "\(c.layers)", c.loss.rawValue, worst.relativeError, worst.name))
            bar.advance(c.description)
        }
        print("cell               layers  loss  worst rel. error  worst tensor")
        for (cellName, layers, loss, err, name) in lines {
            let status = err <= tolerance ? "ok" : "FAIL"
            print(
                "\(cellName.padding(toLength: 19, withPad: " ", startingAt: 0))\(layers.padding(toLength: 8, withPad: " ", startingAt: 0))\(loss.padding(toLength: 6, withPad: " ", startingAt: 0))\(NumberFormat.short(err, digits: 3).padding(toLength: 18, withPad: " ", startingAt: 0))\(name.padding(toLength: 20, withPad: " ", startingAt: 0))\(status)"
            )
        }
        let worst = lines.contains { $0.3.isNaN } ? Double.nan : (lines.map(\.3).max() ?? 0)
        print(
            """
            \(lines.count - failed) passed, \(failed) failed (tolerance \(NumberFormat.short(tolerance)), worst\
             \(NumberFormat.short(worst, digits: 3)))
            """
        )
        if failed > 0 { throw ExitCode.failure }
    }
}

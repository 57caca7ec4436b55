import ArgumentParser
import Analysis
import Experiments
import Formats
import Foundation
import Instrumentation
import ModelImport
import Recurrent
import Reporting

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Measure the gradient flow of your own PyTorch RNN, LSTM or GRU.",
        discussion: """
            Loads a PyTorch state_dict saved as safetensors (nn.RNN, nn.LSTM or nn.GRU, any number of \
            layers, F64 or F32), runs it on your inputs (a safetensors tensor 'input' of shape \
            (T, B, I), optional 'h0'/'c0' of shape (L, B, H)) or on random inputs, backpropagates a \
            probe loss exactly and writes into OUT:

              gradient_norms.csv        ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) per layer and step, with the Pascanu bound
              spectrum.csv              singular values of W_hh and of each gate block
              eigenvalues.csv           eigenvalues of each square W_hh block
              jacobian_spectrum.csv     log10 singular values of ∂s_T/∂s_{T−lag} (QR method)
              jacobian_norms.csv        spectral norm of each step's Jacobian
              temporal_contributions.csv  each step's term of ∂L/∂W_hh and its share
              saturation.csv            saturated gates / units, dead ReLUs, per step
              diagnosis.csv             bound rate, observed rate, memory horizon, verdict per layer
              nonfinite_events.csv      where a state or gradient first became inf or NaN
              report.md, *.svg, *.gp, *.py   the report, its plots and scripts that redraw them

            Saving a model from Python:
              from safetensors.torch import save_file
              save_file(model.state_dict(), "weights.safetensors")
              save_file({"input": x.double().contiguous()}, "inputs.safetensors")   # x: (T, B, I)
            """
    )

    @Option(
        help: "Cell: rnn-tanh, rnn-relu, lstm or gru (PyTorch's modules), or one of GradPath's variants."
    )
    var cell: CellKind

    @Option(help: "Weights: a PyTorch state_dict saved as .safetensors.")
    var weights: String

    @Option(help: "Inputs: a .safetensors file with a tensor 'input' of shape (T, B, I).")
    var inputs: String?

    @Option(name: .customLong("random-inputs"), help: "Draw inputs from U(−1, 1) instead: T,B (steps, batch).")
    var randomInputs: String?

    @Option(help: "Seed of the random inputs.")
    var seed: UInt64 = 0

    @Option(help: "Probe loss: last (½‖h_T‖²) or all (Σ_t ½‖h_t‖²).")
    var loss: ProbeLoss = .last

    @Option(help: "Output folder.")
    var out: String = "reports/analyze"

    @Flag(name: .customLong("per-sequence"), help: "Also write per-sequence gradient norms.")
    var perSequence = false

    @Option(name: .customLong("jacobian-sequence"), help: "The sequence of the batch whose Jacobians are measured.")
    var jacobianSequence: Int = 0

    @Flag(name: .customLong("no-jacobians"), help: "Skip the Jacobian probes (about 4n³ flops per step, n = H or 2H).")
    var noJacobians = false

    @OptionGroup var memoryOptions: MemoryOptions

    func validate() throws {
        guard (inputs == nil) != (randomInputs == nil) else {
            throw ValidationError("Give exactly one of --inputs FILE and --random-inputs T,B.")
        }
        if let r = randomInputs { _ = try Self.parseSteps(r) }
        guard jacobianSequence >= 0 else { throw ValidationError("--jacobian-sequence must be ≥ 0.") }
    }

    static func parseSteps(_ s: String) throws -> (Int, Int) {
        let parts = s.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 2, let t = parts[0], let b = parts[1], t >= 1, b >= 1 else {
            throw ValidationError(
                "--random-inputs: expected T,B with positive integers (e.g. 1000,16), got '\(ErrorReport.oneLine(s))'.")
        }
        let (tb, overflow) = t.multipliedReportingOverflow(by: b)
        guard !overflow, tb <= 50_000_000 else {
            throw ValidationError(
                """
                --random-inputs: T·B = \(overflow ? "more than 2^63" : String(tb)) steps × sequences, more than\
                 the limit of 50,000,000.
                """
            )
        }
        return (t, b)
    }

    func run() throws {
        let source: Analysis.Inputs
        if let inputs {
            source = .file(inputs)
        } else {
            let (t, b) = try Self.parseSteps(randomInputs ?? "")
            source = .random(steps: t, batch: b, seed: seed)
        }
        let analysis = Analysis(
            cell: cell, weights: weights, inputs: source, loss: loss, perSequence: perSequence, jacobians: !noJacobians,
            jacobianSequence: jacobianSequence)
        let bar = ProgressBar(total: 3, label: "analyze")
        let r = try analysis.run(into: URL(fileURLWithPath: out), memory: memoryOptions.limit) { bar.advance($0) }
        for d in r.report.diagnoses {
            let bound = d.boundRateLog10.map { ", bound \(NumberFormat.short($0))" } ?? ""
            let horizon = d.memoryHorizon.map(String.init) ?? "> \(r.steps)"
            print(
                "layer \(d.layer): \(d.verdict.rawValue) (observed \(NumberFormat.short(d.observedRateLog10)) decades/step"
                    + "\(bound), memory horizon \(horizon))")
        }
        for e in r.report.nonFinite { print("non-finite: \(e)") }
        print("wrote \(out)/")
    }
}

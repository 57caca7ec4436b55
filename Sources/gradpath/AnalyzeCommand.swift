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
        help:
            """
            Cell: rnn-tanh, rnn-relu, lstm, gru (PyTorch), or rnn-identity, rnn-sigmoid, lstm-peephole,\
             lstm-coupled, gru-reset-before.
            """
    )
    var cell: String

    @Option(help: "Weights: a PyTorch state_dict saved as .safetensors.")
    var weights: String

    @Option(help: "Inputs: a .safetensors file with a tensor 'input' of shape (T, B, I).")
    var inputs: String?

    @Option(name: .customLong("random-inputs"), help: "Draw inputs from U(−1, 1) instead: T,B (steps, batch).")
    var randomInputs: String?

    @Option(help: "Seed of the random inputs.")
    var seed: UInt64 = 0

    @Option(help: "Probe loss: last (½‖h_T‖²) or all (Σ_t ½‖h_t‖²).")
    var loss: String = "last"

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
        _ = try parseCell(cell)
        guard (inputs == nil) != (randomInputs == nil) else {
            throw ValidationError("Give exactly one of --inputs FILE and --random-inputs T,B.")
        }
        if let r = randomInputs { _ = try Self.parseSteps(r) }
        guard ProbeLoss(rawValue: loss) != nil else {
            throw ValidationError("--loss: expected 'last' or 'all', got '\(loss)'.")
        }
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
        let kind = try parseCell(cell)
        guard let probeLoss = ProbeLoss(rawValue: loss) else {
            throw ValidationError("--loss: expected 'last' or 'all', got '\(ErrorReport.oneLine(loss))'.")
        }
        let bar = ProgressBar(total: 3, label: "analyze")
        let network: RecurrentNetwork
        let input: SequenceBatch
        var states: [RecurrentState]? = nil
        var source = ["weights: `\(URL(fileURLWithPath: weights).lastPathComponent)`"]
        let memory = memoryOptions.limit
        network = try PyTorchImport.network(kind, weights: weights)
        func checkCost(steps t: Int, batch b: Int) throws {
            var bytes = CostEstimate.passBytes(
                cell: network.cell, inputSize: network.inputSize, hiddenSize: network.hiddenSize,
                layers: network.layerCount, steps: t, batch: b)
            bytes += 8 * Double(t) * Double(b) * Double(network.inputSize)  // the inputs as drawn or read
            if !noJacobians {
                let n = Double(network.cell.hasCellState ? 2 * network.hiddenSize : network.hiddenSize)
                bytes += 8 * 4 * n * n + 200 * Double(t) * n * Double(network.layerCount)
            }
            try memory.check(
                bytes,
                """
                analyze: T = \(t), B = \(b) with I = \(network.inputSize), H = \(network.hiddenSize),\
                 \(network.layerCount) layer\(network.layerCount == 1 ? "" : "s")
                """
            )
        }
        if let inputs {
            (input, states) = try PyTorchImport.inputs(inputs, for: network)
            try checkCost(steps: input.steps, batch: input.batchSize)
            source.append(
                "inputs: `\(URL(fileURLWithPath: inputs).lastPathComponent)`\(states == nil ? "" : " (with initial states)")"
            )
        } else {
            let (t, b) = try Self.parseSteps(randomInputs ?? "")
            try checkCost(steps: t, batch: b)
            var rng = SplitMix64(seed: seed)
            input = SequenceBatch.uniform(steps: t, batchSize: b, featureSize: network.inputSize, using: &rng)
            source.append("inputs: U(−1, 1), T = \(t), B = \(b), seed \(seed)")
        }
        guard jacobianSequence < input.batchSize else {
            throw InputError(
                """
                --jacobian-sequence \(jacobianSequence): the batch has \(input.batchSize) sequences (0 …\
                 \(input.batchSize - 1))
                """
            )
        }
        bar.advance("loaded")
        let options = ProbeOptions(
            perSequence: perSequence, jacobians: !noJacobians, jacobianSequence: jacobianSequence)
        let report = try GradientFlowProbe.run(
            network, input: input, initialStates: states, loss: probeLoss, options: options)
        bar.advance("measured")
        let dir = URL(fileURLWithPath: out)
        try AnalysisWriter(
            report: report, network: network, run: cell, source: source,
            seed: inputs == nil ? seed : nil
        ).write(to: dir)
        bar.advance("written")
        for d in report.diagnoses {
            let bound = d.boundRateLog10.map { ", bound \(NumberFormat.short($0))" } ?? ""
            print(
                """
                layer \(d.layer): \(d.verdict.rawValue) (observed \(NumberFormat.short(d.observedRateLog10))\
                 decades/step\(bound), memory horizon \(d.memoryHorizon.map(String.init) ?? "> \(input.steps)"))
                """
            )
        }
        for e in report.nonFinite { print("non-finite: \(e)") }
        print("wrote \(out)/")
    }
}

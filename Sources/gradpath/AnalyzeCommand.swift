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
            Loads a PyTorch state_dict saved as safetensors: a bare nn.RNN, nn.LSTM or nn.GRU, or a \
            whole model (Embedding → LSTM → Linear, …) whose recurrent module is found by its keys \
            (PREFIXweight_ih_l0, …; --list shows them, --module picks one). Any number of layers, \
            unidirectional or bidirectional (a direction column then in every table); \
            F64, F32, F16 or BF16 (widened exactly); bias=False too. The cell follows from the shapes, \
            except an nn.RNN's nonlinearity, which --cell names. It runs the module on your inputs (a \
            safetensors tensor 'input' of shape (T, B, I), or (B, T, I) with --batch-first; optional \
            'h0'/'c0' of shape (L, B, H)) or on random inputs, backpropagates a probe loss exactly and \
            writes into OUT:

              gradient_norms.csv        ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) per layer and step, with the Pascanu bound
              spectrum.csv              singular values of W_hh and of each gate block
              eigenvalues.csv           eigenvalues of each square W_hh block
              jacobian_spectrum.csv     log10 singular values of ∂s_T/∂s_{T−lag} (QR method; --jacobians)
              jacobian_norms.csv        spectral norm of each step's Jacobian (--jacobians)
              temporal_contributions.csv  each step's term of ∂L/∂W_hh and its share
              saturation.csv            saturated gates / units, dead ReLUs, per step
              diagnosis.csv             bound rate, observed rate, memory horizon, verdict per layer
              nonfinite_events.csv      where a state or gradient first became inf or NaN
              report.md, *.svg, *.gp, *.py   the report, its plots and scripts that redraw them

            Saving a model from Python:
              from safetensors.torch import save_file
              save_file(model.state_dict(), "weights.safetensors")
              save_file({"input": x.double().contiguous()}, "inputs.safetensors")   # x: (T, B, I)

            Exit status: 0 done, 2 bad input, 3 a verdict named by --fail-on holds (for CI).
            """
    )

    @Option(
        help: """
            Cell: needed for an nn.RNN (rnn-tanh or rnn-relu: the nonlinearity is not in the state_dict), \
            to read 3-block weights as gru-reset-before, lstm-coupled or lstm-no-forget-gate, or 4-block \
            weights as lstm-no-output-activation; must fit the shapes.
            """
    )
    var cell: CellKind?

    @Option(
        help: """
            Weights: a PyTorch state_dict (a bare module's or a whole model's) saved as .safetensors, or Keras 3 \
            weights (.weights.h5 or a .keras archive).
            """, completion: .file(extensions: ["safetensors", "h5", "keras"]))
    var weights: String

    @Option(help: "The recurrent module of a whole model, by its key prefix (e.g. rnn or encoder.lstm); see --list.")
    var module: String?

    @Flag(help: "List the recurrent modules found in --weights (and the other tensors) and stop.")
    var list = false

    @Flag(name: .customLong("batch-first"), help: "The 'input' tensor is (B, T, I), as for batch_first=True.")
    var batchFirst = false

    @Option(
        help: "Inputs: a .safetensors file with a tensor 'input' of shape (T, B, I).",
        completion: .file(extensions: ["safetensors"]))
    var inputs: String?

    @Option(name: .customLong("random-inputs"), help: "Draw inputs from U(−1, 1) instead: T,B (steps, batch).")
    var randomInputs: String?

    @Option(help: "Seed of the random inputs.")
    var seed: UInt64 = 0

    @Option(help: "Probe loss: last (½‖h_T‖²) or all (Σ_t ½‖h_t‖²).")
    var loss: ProbeLoss = .last

    @Option(
        name: .customLong("grad-output"),
        help: """
            Your own loss: a .safetensors file with grad_output = ∂L/∂output (T, B, H) as autograd gives it, and \
            optionally grad_h_n, grad_c_n (L, B, H); replaces --loss (tools/export_for_gradpath.py writes it; \
            installed as PREFIX/share/gradpath/tools/export_for_gradpath.py).
            """, completion: .file(extensions: ["safetensors"]))
    var gradOutput: String?

    @Option(help: "Output folder.", completion: .directory)
    var out: String = "reports/analyze"

    @Flag(name: .customLong("per-sequence"), help: "Also write per-sequence gradient norms.")
    var perSequence = false

    @Option(name: .customLong("jacobian-sequence"), help: "The sequence of the batch whose Jacobians are measured.")
    var jacobianSequence: Int = 0

    @Flag(
        inversion: .prefixedNo,
        help: "Also measure the Jacobian products' spectra and step norms (about 4n³ flops per step, n = H or 2H).")
    var jacobians = false

    @Option(
        help: """
            Also run the backward pass with the state gradient stored in this format between steps (float32, \
            float16 or bfloat16), beside the exact pass: where that gradient becomes exactly zero.
            """)
    var precision: StorageFormat?

    @Flag(help: "Print the verdicts as JSON on stdout (nothing else).")
    var json = false

    @Option(
        name: .customLong("fail-on"),
        help:
            "Exit with status 3 when one of these holds for any layer: vanishing, exploding, nonfinite (comma-separated)."
    )
    var failOn: String?

    @OptionGroup var memoryOptions: MemoryOptions

    static let failVerdicts = ["vanishing", "exploding", "nonfinite"]

    static func parseFailOn(_ s: String) throws -> Set<String> {
        let items = s.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for i in items where !failVerdicts.contains(i) {
            throw ValidationError(
                "--fail-on: '\(ErrorReport.oneLine(i))' is not a verdict; expected a comma-separated list of vanishing, exploding, nonfinite."
            )
        }
        return Set(items)
    }

    func validate() throws {
        if let failOn { _ = try Self.parseFailOn(failOn) }
        if list { return }
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
        if list {
            let (tensors, resetBefore, _, kerasCells) = try PyTorchImport.readWeights(weights)
            let found = StateDict.modules(tensors)
            let claimed = Set(found.flatMap(\.keys))
            if found.isEmpty { print("no recurrent module found in \(weights)") }
            for m in found {
                let note =
                    resetBefore.contains(m.prefix)
                    ? " (Keras, reset_after=False)"
                    : kerasCells[m.prefix].map { " (Keras SimpleRNN, \($0) from config.json)" } ?? ""
                print(m.summary + note)
            }
            let other = tensors.keys.filter { !claimed.contains($0) }.sorted()
            if !other.isEmpty {
                print("other tensors (ignored by analyze): " + other.joined(separator: ", "))
            }
            return
        }
        let source: Analysis.Inputs
        if let inputs {
            source = .file(inputs)
        } else {
            let (t, b) = try Self.parseSteps(randomInputs ?? "")
            source = .random(steps: t, batch: b, seed: seed)
        }
        let analysis = Analysis(
            cell: cell, weights: weights, module: module, inputs: source, batchFirst: batchFirst, loss: loss,
            gradOutput: gradOutput, perSequence: perSequence, jacobians: jacobians, jacobianSequence: jacobianSequence,
            precision: precision)
        let bar = ProgressBar(total: 3, label: "analyze")
        let r = try analysis.run(
            into: URL(fileURLWithPath: out), memory: memoryOptions.limit, progress: { bar.advance($0) },
            steps: { bar.phase($0, done: $1, total: $2) })
        let failing = try failOn.map(Self.parseFailOn) ?? []
        let held = Self.held(r, among: failing)
        if json {
            print(Self.json(r, out: out, failOn: failing, held: held))
        } else {
            printSummary(r)
        }
        if !held.isEmpty { throw ExitCode(3) }
    }

    /// Every layer's diagnosis (every layer and direction of a bidirectional module), with the layer
    /// it belongs to and its direction (nil for a unidirectional module).
    static func diagnoses(_ r: Analysis.Result) -> [(layer: Int, direction: String?, diagnosis: Diagnosis)] {
        r.units.flatMap { u in u.report.diagnoses.map { (u.layer ?? $0.layer, u.direction, $0) } }
    }

    static func nonFinite(_ r: Analysis.Result) -> [String] {
        r.units.flatMap { u in
            u.report.nonFinite.map { e in
                u.layer.map {
                    "\(e.description.replacingOccurrences(of: "of layer 0", with: "of layer \($0) \(u.direction ?? "")"))"
                }
                    ?? e.description
            }
        }
    }

    /// The --fail-on verdicts that hold in `r`, sorted.
    static func held(_ r: Analysis.Result, among failing: Set<String>) -> [String] {
        var held: Set<String> = []
        for (_, _, d) in diagnoses(r) {
            switch d.verdict {
            case .vanishing: held.insert("vanishing")
            case .exploding: held.insert("exploding")
            case .nonFinite: held.insert("nonfinite")
            case .neutral: break
            }
        }
        if !nonFinite(r).isEmpty { held.insert("nonfinite") }
        return held.intersection(failing).sorted()
    }

    /// The verdicts as one JSON object (non-finite numbers as null).
    static func json(_ r: Analysis.Result, out: String, failOn: Set<String>, held: [String]) -> String {
        func number(_ v: Double?) -> Any { v.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        let layers: [[String: Any]] = diagnoses(r).map { (layer, direction, d) in
            [
                "layer": layer, "direction": direction ?? "forward", "verdict": d.verdict.rawValue,
                "observed_rate_log10": number(d.observedRateLog10),
                "bound_rate_log10": number(d.boundRateLog10), "sigma_max_whh": number(d.sigmaMax),
                "memory_horizon": d.memoryHorizon.map { $0 as Any } ?? NSNull(),
            ]
        }
        let object: [String: Any] = [
            "module": r.module.name, "cell": r.network.cell.description, "layers_count": r.module.layers,
            "directions": r.module.directions, "hidden_size": r.network.hiddenSize, "steps": r.steps, "layers": layers,
            "nonfinite_events": nonFinite(r), "folder": out,
            "fail_on": failOn.sorted(), "failed": held,
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    func printSummary(_ r: Analysis.Result) {
        print("module \(r.module.summary); analysed as \(r.network.cell)")
        if !r.ignored.isEmpty {
            print(
                "other tensors (ignored): \(r.ignored.prefix(6).joined(separator: ", "))\(r.ignored.count > 6 ? ", …" : "")"
            )
        }
        for (layer, direction, d) in Self.diagnoses(r) {
            let bound = d.boundRateLog10.map { ", bound \(NumberFormat.short($0))" } ?? ""
            let horizon = d.memoryHorizon.map(String.init) ?? "> \(r.steps)"
            print(
                "layer \(layer)\(direction.map { " " + $0 } ?? ""): \(d.verdict.rawValue) (observed \(NumberFormat.short(d.observedRateLog10)) decades/step"
                    + "\(bound), memory horizon \(horizon))")
        }
        for e in Self.nonFinite(r) { print("non-finite: \(e)") }
        print("wrote \(out)/")
    }
}

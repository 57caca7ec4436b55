import Foundation
import Testing
import LinearAlgebra
import ModelImport
import Recurrent
@testable import Instrumentation

/// The user's own loss, given as its gradient ∂L/∂output (and ∂L/∂h_n, ∂L/∂c_n): backpropagated
/// exactly, checked against central finite differences of a loss with that gradient, and against the
/// probe losses it generalises.
@Suite struct UserLossTests {
    /// L = Σ_t ⟨G_t, h_t⟩ + Σ_l ⟨A_l, h_T^(l)⟩ + Σ_l ⟨C_l, c_T^(l)⟩ is linear in the states, so its
    /// gradient with respect to the outputs is G and to the final states A, C: ∂L/∂h_0 and ∂L/∂c_0
    /// of every layer from `backward` must equal central differences of L in Double.
    @Test(arguments: [CellKind.rnn(.tanh), .lstm(.standard), .gru(.resetAfter), .lstm(.peephole)])
    func gradientOfALinearLossMatchesFiniteDifferences(_ cell: CellKind) throws {
        let T = 9, B = 2, H = 4, L = 2
        let net = try network(cell, input: 3, hidden: H, layers: L, seed: 41)
        let x = inputs(steps: T, batch: B, features: 3, seed: 42)
        var rng = SplitMix64(seed: 43)
        let G = (0..<(T * B * H)).map { _ in rng.uniform(-1, 1) }
        let A = (0..<L).map { _ in (0..<(B * H)).map { _ in rng.uniform(-1, 1) } }
        let C = (0..<L).map { _ in (0..<(B * H)).map { _ in rng.uniform(-1, 1) } }
        var h0 = (0..<L).map { _ in
            RecurrentState(
                hidden: Matrix(rows: B, columns: H, storage: (0..<(B * H)).map { _ in rng.uniform(-0.5, 0.5) }),
                cell: Matrix(
                    rows: B, columns: cell.hasCellState ? H : 0,
                    storage: cell.hasCellState ? (0..<(B * H)).map { _ in rng.uniform(-0.5, 0.5) } : []))
        }
        func loss(_ s: [RecurrentState]) -> Double {
            let tr = net.forward(x, initialStates: s)
            var v = zip(G, tr.outputs).reduce(0) { $0 + $1.0 * $1.1 }
            for (l, f) in tr.finalStates.enumerated() {
                v += zip(A[l], f.hidden.storage).reduce(0) { $0 + $1.0 * $1.1 }
                if cell.hasCellState { v += zip(C[l], f.cell.storage).reduce(0) { $0 + $1.0 * $1.1 } }
            }
            return v
        }
        let finals = (0..<L).map { l in
            RecurrentState(
                hidden: Matrix(rows: B, columns: H, storage: A[l]),
                cell: Matrix(rows: B, columns: cell.hasCellState ? H : 0, storage: cell.hasCellState ? C[l] : []))
        }
        let back = net.backward(
            net.forward(x, initialStates: h0), outputGradient: .everyStep(G), finalStateGradients: finals)
        var worst = 0.0, scale = 0.0
        let d = 1e-6
        for l in 0..<L {
            for i in 0..<(B * H) {
                for part in cell.hasCellState ? [0, 1] : [0] {
                    let saved = h0
                    if part == 0 { h0[l].hidden.storage[i] += d } else { h0[l].cell.storage[i] += d }
                    let up = loss(h0)
                    h0 = saved
                    if part == 0 { h0[l].hidden.storage[i] -= d } else { h0[l].cell.storage[i] -= d }
                    let down = loss(h0)
                    h0 = saved
                    let numeric = (up - down) / (2 * d)
                    let analytic =
                        part == 0
                        ? back.initialStateGradients[l].hidden.storage[i]
                        : back.initialStateGradients[l].cell.storage[i]
                    worst = max(worst, abs(analytic - numeric))
                    scale = max(scale, abs(numeric))
                }
            }
        }
        #expect(scale > 1e-3 && worst / scale < 1e-7, "\(cell): relative error \(worst / scale)")
    }

    /// The probe losses are special cases: G_t = h_t at every step is `all`, G_T = h_T alone is
    /// `last`; the per-step norms agree to the last bit.
    @Test(arguments: [CellKind.lstm(.standard), .gru(.resetAfter)])
    func probeLossesAreSpecialCases(_ cell: CellKind) throws {
        let net = try network(cell, input: 3, hidden: 5, layers: 2, seed: 7)
        let x = inputs(steps: 30, batch: 3, features: 3, seed: 8)
        let tr = net.forward(x)
        let all = try GradientFlowProbe.run(net, input: x, loss: .all)
        let userAll = try GradientFlowProbe.run(
            net, input: x, loss: .last, gradient: LossGradient(outputs: tr.outputs, source: "g"))
        #expect(userAll.gradHiddenLog10 == all.gradHiddenLog10 && userAll.gradCellLog10 == all.gradCellLog10)
        #expect(userAll.lossName == "user" && userAll.lossValue.isNaN && all.lossName == "all")
        // No Pascanu-bound check for a loss that is not the last-step probe.
        #expect(userAll.diagnoses.allSatisfy { $0.boundHolds == nil })
        let n = 3 * 5
        var lastOnly = [Double](repeating: 0, count: 30 * n)
        for i in 0..<n { lastOnly[29 * n + i] = tr.outputs[29 * n + i] }
        let last = try GradientFlowProbe.run(net, input: x, loss: .last)
        let userLast = try GradientFlowProbe.run(
            net, input: x, loss: .all, gradient: LossGradient(outputs: lastOnly, source: "g"))
        #expect(userLast.gradHiddenLog10 == last.gradHiddenLog10)
        // Final-state gradients alone (a loss on h_n of the top layer) are the last-step probe too.
        var finals = tr.finalStates.map { s in
            RecurrentState(
                hidden: Matrix(rows: 3, columns: 5, storage: .init(repeating: 0, count: n)),
                cell: Matrix(
                    rows: 3, columns: s.cell.columns, storage: .init(repeating: 0, count: s.cell.storage.count)))
        }
        finals[1].hidden = tr.finalStates[1].hidden
        let viaFinal = try GradientFlowProbe.run(
            net, input: x, loss: .all,
            gradient: LossGradient(outputs: .init(repeating: 0, count: 30 * n), finalStates: finals, source: "g"))
        #expect(viaFinal.gradHiddenLog10 == last.gradHiddenLog10)
    }
}

/// Whole PyTorch models with a real loss, exported by `tools/export_for_gradpath.py` and checked
/// against float64 PyTorch autograd by `scripts/reference/user_loss_reference.py`.
struct UserLossReference: Decodable {
    var name: String
    var module: String
    var cell: String
    var layers: Int
    var batch_first: Bool
    var steps: Int
    var batch: Int
    var final_state_gradient: Bool
    var projection: Int
    var command: String
    var grad_h_log10: [[Double?]]
    var grad_c_log10: [[Double?]]

    static func folder(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("user_loss/\(name)")
    }

    static let names: [String] = {
        struct Index: Decodable { var cases: [String] }
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(
            "user_loss/cases.json")
        return try! JSONDecoder().decode(Index.self, from: Data(contentsOf: url)).cases
    }()
}

@Suite struct UserLossParityTests {
    @Test func theCasesAreThere() {
        #expect(
            UserLossReference.names == ["whole_lstm_ce", "relu_rnn_nobias_bf16", "gru_hn_only", "projected_lstm"])
    }

    /// ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) of the user's loss, per layer and step, to 1e-9 in log10.
    @Test(arguments: UserLossReference.names)
    func matchesPyTorch(_ name: String) throws {
        let dir = UserLossReference.folder(name)
        let ref = try JSONDecoder().decode(
            UserLossReference.self, from: Data(contentsOf: dir.appendingPathComponent("reference.json")))
        let requested: CellKind? = ref.cell.hasPrefix("rnn") ? CellKind(name: ref.cell) : nil
        let loaded = try PyTorchImport.load(
            weights: dir.appendingPathComponent("weights.safetensors").path, cell: requested, module: ref.module)
        #expect(loaded.network.cell.description == ref.cell && loaded.network.layerCount == ref.layers)
        #expect(loaded.network.projectionSize == ref.projection)
        if ref.projection > 0 { #expect(loaded.module.projectionSize == ref.projection) }
        if name.contains("bf16") { #expect(loaded.module.dtypes == ["BF16"] && !loaded.module.bias) }
        if name == "whole_lstm_ce" { #expect(loaded.ignored == ["embedding.weight", "head.bias", "head.weight"]) }
        let (input, states) = try PyTorchImport.inputs(
            dir.appendingPathComponent("inputs.safetensors").path, for: loaded.network, batchFirst: ref.batch_first)
        #expect(input.steps == ref.steps && input.batchSize == ref.batch)
        let g = try PyTorchImport.lossGradient(
            dir.appendingPathComponent("grad_output.safetensors").path, for: loaded.network, steps: input.steps,
            batch: input.batchSize, batchFirst: ref.batch_first)
        #expect((g.finalStates != nil) == ref.final_state_gradient)
        let report = try GradientFlowProbe.run(
            loaded.network, input: input, initialStates: states, loss: .last,
            gradient: LossGradient(outputs: g.outputs, finalStates: g.finalStates, source: "grad_output.safetensors"))
        var compared = 0
        for l in 0..<ref.layers {
            for t in 0...ref.steps {
                if let theirs = ref.grad_h_log10[l][t] {
                    #expect(abs(report.gradHiddenLog10[l][t] - theirs) <= 1e-9, "h: layer \(l), t = \(t)")
                    compared += 1
                } else {
                    #expect(report.gradHiddenLog10[l][t] == -.infinity, "layer \(l), t = \(t): exactly zero in PyTorch")
                }
                if !ref.grad_c_log10.isEmpty, let theirs = ref.grad_c_log10[l][t] {
                    #expect(abs(report.gradCellLog10[l][t] - theirs) <= 1e-9, "c: layer \(l), t = \(t)")
                    compared += 1
                }
            }
        }
        #expect(compared >= ref.layers * ref.steps)
    }
}

/// A 2-layer bidirectional GRU under a tagger's loss (every step's cross-entropy plus 0.05·‖h_n‖²),
/// exported by tools/export_for_gradpath.py: ‖∂L/∂h‖ of every layer, direction and input position
/// against float64 PyTorch autograd, to 1e-9 in log10.
@Suite struct BidirectionalParityTests {
    struct Ref: Decodable {
        var module: String
        var cell: String
        var layers: Int
        var steps: Int
        var batch: Int
        var grad_h_log10: [[[Double?]]]
    }

    @Test func bidirectionalGRUMatchesPyTorch() throws {
        struct Index: Decodable { var bidirectional_cases: [String] }
        let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("user_loss")
        let names = try JSONDecoder().decode(
            Index.self, from: Data(contentsOf: root.appendingPathComponent("cases.json"))
        )
        .bidirectional_cases
        #expect(names == ["bigru_tagger"])
        let dir = root.appendingPathComponent(names[0])
        let ref = try JSONDecoder().decode(
            Ref.self, from: Data(contentsOf: dir.appendingPathComponent("reference.json")))
        let file = dir.appendingPathComponent("weights.safetensors").path
        let tensors = try Safetensors.read(file)
        let (module, ignored) = try StateDict.select(tensors, module: ref.module, file: file)
        #expect(module.directions == 2 && module.layers == 2 && ignored == ["head.bias", "head.weight"])
        let net = try PyTorchImport.bidirectional(
            .gru(.resetAfter), tensors: StateDict.strip(tensors, module), file: file, prefix: module.prefix)
        #expect(net.layerCount == 2 && net.directions[1][1].inputSize == 8)
        let x = try #require(try Safetensors.read(dir.appendingPathComponent("inputs.safetensors").path)["input"])
        let g = try Safetensors.read(dir.appendingPathComponent("grad_output.safetensors").path)
        let T = ref.steps, B = ref.batch, H = 4
        let gy = try #require(g["grad_output"]), gh = try #require(g["grad_h_n"])
        #expect(x.shape == [T, B, 3] && gy.shape == [T, B, 2 * H] && gh.shape == [4, B, H])
        let finals = (0..<4).map { i in
            RecurrentState(
                hidden: Matrix(rows: B, columns: H, storage: Array(gh.values[(i * B * H)..<((i + 1) * B * H)])),
                cell: Matrix(rows: B, columns: 0))
        }
        let input = SequenceBatch(steps: T, batchSize: B, featureSize: 3, values: x.values)
        let back = net.backward(net.forward(input), outputGradient: gy.values, finalStateGradients: finals)
        var compared = 0
        for k in 0..<2 {
            for d in 0..<2 {
                let ours = back.gradHiddenLog10ByPosition(layer: k, direction: d)
                #expect(ours.count == T + 2)
                for p in 0...(T + 1) {
                    guard let theirs = ref.grad_h_log10[k][d][p] else {
                        #expect(ours[p].isNaN || ours[p] == -.infinity, "layer \(k) direction \(d) p = \(p)")
                        continue
                    }
                    #expect(
                        abs(ours[p] - theirs) <= 1e-9, "layer \(k) direction \(d) p = \(p): \(ours[p]) vs \(theirs)")
                    compared += 1
                }
            }
        }
        #expect(compared == 4 * (T + 1))
    }
}

/// The probe tells its progress within a phase: the forward-and-backward pass once, then the
/// Jacobian probe step by step for every layer (the long phase of a large analysis).
@Suite struct ProbeProgressTests {
    @Test func theJacobianProbeCountsItsSteps() throws {
        let net = try network(.lstm(.standard), input: 3, hidden: 4, layers: 2, seed: 3)
        let x = inputs(steps: 25, batch: 2, features: 3, seed: 4)
        var calls: [(String, Int, Int)] = []
        _ = try GradientFlowProbe.run(net, input: x, loss: .last, options: ProbeOptions(jacobians: true)) {
            calls.append(($0, $1, $2))
        }
        #expect(calls.first! == ("forward and backward", 0, 1) && calls[1] == ("forward and backward", 1, 1))
        for l in 1...2 {
            let phase = calls.filter { $0.0 == "Jacobians, layer \(l) of 2" }
            #expect(phase.map(\.1) == Array(0...25) && phase.allSatisfy { $0.2 == 25 })
        }
        // Without the Jacobian probe, only the first phase.
        var few = 0
        _ = try GradientFlowProbe.run(net, input: x, loss: .last) { _, _, _ in few += 1 }
        #expect(few == 2)
    }
}

/// Keras 3 weight files (`.weights.h5`, through libhdf5) of Keras's own SimpleRNN, LSTM and GRU
/// (reset_after true and false), converted to PyTorch's layout: the forward outputs equal Keras's
/// to 1e-12 and ‖∂L/∂x_t‖ of L = ½‖h_T‖² equals Keras's (torch-backend autograd) to 1e-9 in log10.
/// Keras (3.14, torch backend) computes SimpleRNN and the reset_after=False GRU in float32
/// internally (1.5e-7 and 4e-8 from a float64 evaluation of its own equations, measured by the
/// generator): there the 1e-12 / 1e-9 comparison is with the generator's float64 evaluation of
/// Keras's equations (torch float64 autograd), and Keras's own values agree to 1e-6.
/// Fixtures from `scripts/reference/keras_reference.py`.
@Suite struct KerasImportTests {
    struct Ref: Decodable {
        var layer: String
        var input_size: Int
        var hidden_size: Int
        var steps: Int
        var batch: Int
        var loss_value: Double
        var outputs: [Double]
        var input_grad_log10: [Double?]
        var float64_outputs: [Double]?
        var float64_input_grad_log10: [Double]?
        var float64_loss_value: Double?
    }

    static let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("keras")

    /// `simple_rnn_relu` is read from its `.keras` archive with no `--cell`: the activation comes
    /// from config.json.
    @Test(arguments: ["simple_rnn", "lstm", "gru_reset_after", "gru_reset_before", "simple_rnn_relu"])
    func matchesKeras(_ name: String) throws {
        let dir = Self.root.appendingPathComponent(name)
        let ref = try JSONDecoder().decode(
            Ref.self, from: Data(contentsOf: dir.appendingPathComponent("reference.json")))
        let cell: CellKind? = name == "simple_rnn" ? .rnn(.tanh) : nil
        let file = name == "simple_rnn_relu" ? "model.keras" : "model.weights.h5"
        let loaded = try PyTorchImport.load(weights: dir.appendingPathComponent(file).path, cell: cell, module: nil)
        let expected: CellKind =
            switch name {
            case "simple_rnn": .rnn(.tanh)
            case "simple_rnn_relu": .rnn(.relu)
            case "lstm": .lstm(.standard)
            case "gru_reset_after": .gru(.resetAfter)
            default: .gru(.resetBefore)
            }
        // Keras 3 names layers in the weights file by class (`simple_rnn`), not by their own name.
        #expect(
            loaded.network.cell == expected
                && loaded.module.name == (name == "simple_rnn_relu" ? "simple_rnn" : ref.layer))
        #expect(loaded.network.inputSize == ref.input_size && loaded.network.hiddenSize == ref.hidden_size)
        let (x, _) = try PyTorchImport.inputs(
            dir.appendingPathComponent("inputs.safetensors").path, for: loaded.network, batchFirst: true)
        let T = ref.steps, B = ref.batch, H = ref.hidden_size
        let r = loaded.network.gradients(x, loss: .last)
        // Exact references: Keras's own, or for SimpleRNN the float64 evaluation of its equations.
        let exactLoss = ref.float64_loss_value ?? ref.loss_value
        let exactOutputs = ref.float64_outputs ?? ref.outputs
        let exactGrad: [Double?] = ref.float64_input_grad_log10 ?? ref.input_grad_log10
        #expect(abs(r.loss - exactLoss) <= 1e-12 * abs(exactLoss))
        // Outputs: ours sequence-first (t, b, j), Keras's batch-first (b, t, j).
        let ours = r.trace.outputs
        var worst = 0.0
        for b in 0..<B {
            for t in 0..<T {
                for j in 0..<H {
                    worst = max(worst, abs(ours[(t * B + b) * H + j] - exactOutputs[(b * T + t) * H + j]))
                }
            }
        }
        #expect(worst <= 1e-12, "\(name): outputs differ by \(worst)")
        let keras = zip(exactOutputs, ref.outputs).map { abs($0 - $1) }.max() ?? 0
        #expect(keras <= 1e-6, "\(name): Keras's own outputs \(keras) from the float64 reference")
        let dx = try #require(r.backprop.inputGradient)
        let I = ref.input_size
        for t in 0..<T {
            let step = Array(dx.values[(t * B * I)..<((t + 1) * B * I)])
            let m = step.map(abs).max() ?? 0
            let ourLog = log10(m) + 0.5 * log10(step.reduce(0) { $0 + ($1 / m) * ($1 / m) })
            if let theirs = exactGrad[t] {
                #expect(abs(ourLog - theirs) <= 1e-9, "\(name), t = \(t + 1): \(ourLog) vs \(theirs)")
            }
            if let keras = ref.input_grad_log10[t] { #expect(abs(ourLog - keras) <= 1e-6) }
        }
    }

    /// config.json settings whose equations GradPath does not compute are refused by name; a
    /// SimpleRNN's activation maps to its cell. (Snippets in the form Keras 3 writes config.json.)
    @Test func kerasConfigSettingsAreReadOrRefused() throws {
        func layer(_ cls: String, _ fields: String) -> String {
            #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "\#(cls)", "config": {"name": "rnn", \#(fields)}}]}}"#
        }
        func read(_ json: String) throws -> [String: CellKind] {
            try KerasImport.recurrentConfig(Data(json.utf8), file: "m.keras")
        }
        // Keys are the layers' paths in model.weights.h5: class in snake case, numbered per class.
        #expect(try read(layer("SimpleRNN", #""activation": "linear""#)) == ["simple_rnn.": .rnn(.identity)])
        #expect(try read(layer("SimpleRNN", #""activation": "sigmoid""#)) == ["simple_rnn.": .rnn(.sigmoid)])
        let two = #"""
            {"class_name": "Sequential", "config": {"layers": [
             {"class_name": "InputLayer", "config": {"name": "in"}},
             {"class_name": "SimpleRNN", "config": {"name": "a", "activation": "relu"}},
             {"class_name": "LSTM", "config": {"name": "b"}},
             {"class_name": "SimpleRNN", "config": {"name": "c", "activation": "tanh"}}]}}
            """#
        #expect(try read(two) == ["simple_rnn.": .rnn(.relu), "simple_rnn_1.": .rnn(.tanh)])
        #expect(try read(layer("LSTM", #""activation": "tanh", "recurrent_activation": "sigmoid""#)).isEmpty)
        func refusal(_ json: String) -> String {
            do { _ = try read(json); return "" } catch { return "\(error)" }
        }
        let elu = refusal(layer("SimpleRNN", #""activation": "elu""#))
        #expect(elu.contains("m.keras") && elu.contains("'rnn'") && elu.contains("'elu'") && !elu.contains("\n"))
        let relu = refusal(layer("LSTM", #""activation": "relu", "recurrent_activation": "sigmoid""#))
        #expect(relu.contains("activation 'relu'") && relu.contains("expected tanh and sigmoid"))
        let hard = refusal(layer("GRU", #""activation": "tanh", "recurrent_activation": "hard_sigmoid""#))
        #expect(hard.contains("'hard_sigmoid'"))
        #expect(refusal(layer("GRU", #""go_backwards": true"#)).contains("go_backwards"))
        #expect(refusal("{").contains("config.json: not valid JSON"))
        // A --cell that contradicts the archive's config.json is an error.
        let archive = Self.root.appendingPathComponent("simple_rnn_relu/model.keras").path
        #expect(throws: ModelImportError.self) {
            try PyTorchImport.load(weights: archive, cell: .rnn(.tanh), module: nil)
        }
        #expect(try PyTorchImport.load(weights: archive, cell: .rnn(.relu), module: nil).network.cell == .rnn(.relu))
    }

    @Test func contradictionsAndMissingActivationsAreOneLine() throws {
        func message(_ name: String, _ cell: CellKind?) -> String {
            do {
                _ = try PyTorchImport.load(
                    weights: Self.root.appendingPathComponent("\(name)/model.weights.h5").path, cell: cell, module: nil)
                return ""
            } catch { return "\(error)" }
        }
        #expect(message("simple_rnn", nil).contains("Keras SimpleRNN, whose activation is not stored"))
        #expect(message("gru_reset_before", .gru(.resetAfter)).contains("reset_after=False is gru-reset-before"))
        #expect(message("gru_reset_after", .gru(.resetBefore)).contains("reset_after=True is gru"))
        #expect(message("lstm", .gru(.resetAfter)).contains("contradicts"))
    }
}

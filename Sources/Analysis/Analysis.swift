import Formats
import Foundation
import Instrumentation
import ModelImport
import Recurrent
import Reporting

/// A request that does not fit the model or its inputs (one line, as every GradPath error).
public struct AnalysisError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One analysis of a user's model, what `gradpath analyze` runs: load the weights and the inputs
/// (or draw random inputs), estimate the memory, probe the gradient flow exactly, and write the
/// tables, figures and report into an output folder (replaced as a whole).
public struct Analysis: Sendable {
    /// Where the inputs come from.
    public enum Inputs: Sendable, Equatable {
        /// A safetensors file with `input` (T, B, I) and optional `h0`, `c0`.
        case file(String)
        /// U(−1, 1) inputs of T steps and B sequences from SplitMix64(seed).
        case random(steps: Int, batch: Int, seed: UInt64)
    }

    /// The cell to read the module as; nil: what its shapes say (an RNN must name its nonlinearity).
    public var cell: CellKind?
    public var weights: String
    /// The recurrent module of a whole-model state_dict (its key prefix); nil: the only one.
    public var module: String?
    public var inputs: Inputs
    /// `input` is (B, T, I), as a `batch_first=True` module takes it.
    public var batchFirst: Bool
    public var loss: ProbeLoss
    /// A safetensors file with `grad_output` (and optionally `grad_h_n`, `grad_c_n`): the gradient
    /// of the user's own loss, backpropagated in place of the probe loss.
    public var gradOutput: String?
    public var perSequence: Bool
    public var jacobians: Bool
    public var jacobianSequence: Int
    /// Also run the backward pass with the state gradient stored in this format (`stateFormat`),
    /// beside the exact one (`precision_norms.csv`).
    public var precision: StorageFormat?

    public init(
        cell: CellKind?, weights: String, module: String? = nil, inputs: Inputs, batchFirst: Bool = false,
        loss: ProbeLoss = .last, gradOutput: String? = nil, perSequence: Bool = false, jacobians: Bool = false,
        jacobianSequence: Int = 0, precision: StorageFormat? = nil
    ) {
        self.precision = precision
        self.gradOutput = gradOutput
        self.cell = cell
        self.weights = weights
        self.module = module
        self.batchFirst = batchFirst
        self.inputs = inputs
        self.loss = loss
        self.perSequence = perSequence
        self.jacobians = jacobians
        self.jacobianSequence = jacobianSequence
    }

    /// The largest T·B of random inputs.
    public static let maxRandomStepsTimesBatch = 50_000_000

    /// What an analysis measured.
    public struct Result: Sendable {
        public var network: RecurrentNetwork
        /// The module analysed, and the file's tensors that belong to no recurrent module.
        public var module: RecurrentModule
        public var ignored: [String]
        /// What was measured, per layer and direction (`direction` nil for a unidirectional network,
        /// whose single unit holds every layer).
        public var units: [(layer: Int?, direction: String?, report: GradientFlowReport)] = []
        /// The first unit's report (the whole network's, for a unidirectional one).
        public var report: GradientFlowReport
        public var steps: Int
        public var folder: URL
    }

    /// Memory of one analysis: the pass, the inputs as read or drawn, and the Jacobian probe
    /// (4 n² Doubles of QR work, n = H or 2H, and its table).
    public func estimatedBytes(_ network: RecurrentNetwork, steps t: Int, batch b: Int) -> Double {
        var bytes = RecurrentNetwork.estimatedPassBytes(
            cell: network.cell, inputSize: network.inputSize, hiddenSize: network.hiddenSize,
            layers: network.layerCount, steps: t, batch: b)
        bytes += 8 * Double(t) * Double(b) * Double(network.inputSize)
        if jacobians {
            let n = Double(network.cell.hasCellState ? 2 * network.hiddenSize : network.hiddenSize)
            bytes += 8 * 4 * n * n + 200 * Double(t) * n * Double(network.layerCount)
        }
        return bytes
    }

    /// Runs the analysis into `out`. `progress` is told each phase as it ends (loaded, measured,
    /// written). Errors name the file and what was expected (`ModelImportError`, `CostError`,
    /// `ReportError`).
    ///
    /// `steps`, when given, is told the progress within a phase: its name, and how many of its
    /// steps are done (the Jacobian probe counts time steps).
    public func run(
        into out: URL, memory: MemoryLimit, progress: (String) -> Void = { _ in },
        steps: ((_ phase: String, _ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> Result {
        let loaded = try PyTorchImport.load(weights: weights, cell: cell, module: module)
        let network = loaded.network
        func checkCost(_ t: Int, _ b: Int) throws {
            let layers = "\(network.layerCount) layer\(network.layerCount == 1 ? "" : "s")"
            try memory.check(
                estimatedBytes(network, steps: t, batch: b),
                "analyze: T = \(t), B = \(b) with I = \(network.inputSize), H = \(network.hiddenSize), \(layers)")
        }
        let input: SequenceBatch
        var states: [RecurrentState]? = nil
        var source = ["weights: `\(URL(fileURLWithPath: weights).lastPathComponent)`"]
        source.append("module: \(loaded.module.summary.replacingOccurrences(of: "|", with: "\\|"))")
        if !loaded.ignored.isEmpty {
            let shown = loaded.ignored.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
            source.append(
                "other tensors (ignored): \(shown)\(loaded.ignored.count > 8 ? " and \(loaded.ignored.count - 8) more" : "")"
            )
        }
        var seed: UInt64? = nil
        switch inputs {
        case .file(let path):
            (input, states) = try PyTorchImport.inputs(path, for: network, batchFirst: batchFirst)
            try checkCost(input.steps, input.batchSize)
            let initial = states == nil ? "" : " (with initial states)"
            let layout = batchFirst ? "batch-first (B, T, I)" : "sequence-first (T, B, I)"
            source.append(
                """
                inputs: `\(URL(fileURLWithPath: path).lastPathComponent)`\(initial), read \(layout):\
                 T = \(input.steps), B = \(input.batchSize)
                """
            )
        case .random(let t, let b, let s):
            let (tb, overflow) = t.multipliedReportingOverflow(by: b)
            guard t >= 1, b >= 1, !overflow, tb <= Self.maxRandomStepsTimesBatch else {
                throw CostError(
                    message:
                        "random inputs: T·B must be from 1 to \(Self.maxRandomStepsTimesBatch), got T = \(t), B = \(b)")
            }
            try checkCost(t, b)
            var rng = SplitMix64(seed: s)
            input = SequenceBatch.uniform(steps: t, batchSize: b, featureSize: network.inputSize, using: &rng)
            source.append("inputs: U(−1, 1), T = \(t), B = \(b), seed \(s)")
            seed = s
        }
        guard jacobianSequence >= 0, jacobianSequence < input.batchSize else {
            throw AnalysisError(
                "--jacobian-sequence \(jacobianSequence): the batch has \(input.batchSize) sequences (0 … \(input.batchSize - 1))"
            )
        }
        if let bi = loaded.bidirectional {
            if precision != nil {
                throw AnalysisError(
                    "--precision: not available for a bidirectional module yet (module \(loaded.module.name))")
            }
            return try runBidirectional(
                bi, loaded: loaded, input: input, states: states, source: source, seed: seed, into: out,
                progress: progress, steps: steps)
        }
        var gradient: LossGradient?
        if let gradOutput {
            let g = try PyTorchImport.lossGradient(
                gradOutput, for: network, steps: input.steps, batch: input.batchSize, batchFirst: batchFirst)
            let name = URL(fileURLWithPath: gradOutput).lastPathComponent
            gradient = LossGradient(outputs: g.outputs, finalStates: g.finalStates, source: name)
            let final = g.finalStates == nil ? "" : " and the final states (grad_h_n / grad_c_n)"
            source.append("loss: your own, its gradient ∂L/∂output\(final) from `\(name)`")
        }
        progress("loaded")
        let options = ProbeOptions(perSequence: perSequence, jacobians: jacobians, jacobianSequence: jacobianSequence)
        let report = try GradientFlowProbe.run(
            network, input: input, initialStates: states, loss: loss, options: options, gradient: gradient,
            progress: steps)
        var writer = AnalysisWriter(
            report: report, network: network, run: network.cell.description, source: source, seed: seed)
        if let precision {
            // The same loss, the state gradient stored in `precision` between steps.
            let trace = network.forward(input, initialStates: states)
            let outputGradient: OutputGradient = gradient.map { .everyStep($0.outputs) } ?? loss.outputGradient(trace)
            let low = network.backward(
                trace, outputGradient: outputGradient, finalStateGradients: gradient?.finalStates,
                options: BackwardOptions(inputGradient: false, stateFormat: precision))
            var table = CSVTable(columns: [
                "run", "layer", "t", "lag", "format", "grad_h_log10", "grad_h_log10_exact", "grad_c_log10",
                "grad_c_log10_exact",
            ])
            let T = input.steps, hasC = network.cell.hasCellState
            for l in 0..<network.layerCount {
                for t in 0...T {
                    table.append([
                        .text(network.cell.description), .integer(l), .integer(t), .integer(T - t),
                        .text(precision.rawValue), .number(low.gradHiddenLog10[l][t]),
                        .number(report.gradHiddenLog10[l][t]),
                        hasC ? .number(low.gradCellLog10[l][t]) : .empty,
                        hasC ? .number(report.gradCellLog10[l][t]) : .empty,
                    ])
                }
            }
            writer.extraTables = [("precision_norms.csv", table)]
        }
        progress("measured")
        try writer.write(to: out)
        progress("written")
        var result = Result(
            network: network, module: loaded.module, ignored: loaded.ignored, report: report, steps: input.steps,
            folder: out)
        result.units = [(nil, nil, report)]
        return result
    }

    /// A bidirectional module: the whole network's exact backward pass gives each layer's output
    /// gradient (scaled); each direction of each layer is then probed as a 1-layer network on its
    /// own input sequence (reversed for the reverse direction) from that gradient.
    func runBidirectional(
        _ bi: BidirectionalNetwork, loaded: PyTorchImport.Loaded, input: SequenceBatch, states: [RecurrentState]?,
        source given: [String], seed: UInt64?, into out: URL, progress: (String) -> Void,
        steps: ((_ phase: String, _ done: Int, _ total: Int) -> Void)?
    ) throws -> Result {
        var source = given
        let T = input.steps, B = input.batchSize, H = bi.outputSize
        let trace = bi.forward(input, initialStates: states)
        var G: [Double], finals: [RecurrentState]?
        var lossValue = Double.nan
        var userSource: String?
        if let gradOutput {
            let g = try PyTorchImport.lossGradient(
                gradOutput, for: loaded.network, steps: T, batch: B, batchFirst: batchFirst, outputWidth: 2 * H)
            (G, finals) = (g.outputs, g.finalStates)
            let name = URL(fileURLWithPath: gradOutput).lastPathComponent
            userSource = name
            let final = g.finalStates == nil ? "" : " and the final states (grad_h_n / grad_c_n)"
            source.append("loss: your own, its gradient ∂L/∂output\(final) from `\(name)`")
        } else {
            // The probe losses on the output sequence [h→_t, h←_t].
            let n = B * 2 * H
            G = loss == .all ? trace.outputs : [Double](repeating: 0, count: T * n)
            if loss == .last { for i in 0..<n { G[(T - 1) * n + i] = trace.outputs[(T - 1) * n + i] } }
            lossValue = 0.5 * G.reduce(0) { $0 + $1 * $1 }
            finals = nil
        }
        progress("loaded")
        let back = bi.backward(trace, outputGradient: G, finalStateGradients: finals)
        let options = ProbeOptions(perSequence: perSequence, jacobians: jacobians, jacobianSequence: jacobianSequence)
        var reports: [[GradientFlowReport]] = []
        var units: [(layer: Int?, direction: String?, report: GradientFlowReport)] = []
        for k in 0..<bi.layerCount {
            var row: [GradientFlowReport] = []
            for d in 0..<2 {
                let x = d == 0 ? trace.layerInputs[k] : BidirectionalNetwork.reversed(trace.layerInputs[k])
                var r = try GradientFlowProbe.run(
                    bi.directions[k][d], input: x, initialStates: states.map { [$0[2 * k + d]] }, loss: loss,
                    options: options,
                    gradient: LossGradient(
                        scaled: back.directGradient(layer: k, direction: d),
                        finalStates: finals.map { [$0[2 * k + d]] }, source: userSource ?? "probe"),
                    progress: steps.map { f in
                        { phase, done, total in f("layer \(k) \(d == 0 ? "forward" : "reverse"): \(phase)", done, total)
                        }
                    })
                r.userLoss = userSource
                r.lossValue = lossValue
                row.append(r)
                units.append((k, d == 0 ? "forward" : "reverse", r))
            }
            reports.append(row)
        }
        progress("measured")
        try AnalysisWriter(
            bidirectional: reports, network: bi, run: "\(bi.cell)-bidirectional", source: source, seed: seed
        ).write(to: out)
        progress("written")
        var result = Result(
            network: bi.directions[0][0], module: loaded.module, ignored: loaded.ignored, report: reports[0][0],
            steps: T, folder: out)
        result.units = units
        return result
    }
}

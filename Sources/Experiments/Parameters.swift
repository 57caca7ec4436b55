import Formats
import Foundation
import Recurrent

/// What kind of values a parameter takes.
public enum ParameterKind: Sendable {
    case integer(ClosedRange<Int>)
    case number(ClosedRange<Double>)
    case choice([String])
    case flag
    /// A short name in the safe-name alphabet (letters, digits, _ - . +; at most 64 characters).
    case name

    /// Whether `s` is a valid value of a `name` parameter.
    static func isName(_ s: String) -> Bool { s.utf8.count <= 64 && SafeName.isSafe(s) }

    var allowed: String {
        switch self {
        case .integer(let r): return "an integer from \(r.lowerBound) to \(r.upperBound)"
        case .number(let r): return "a number from \(r.lowerBound) to \(r.upperBound)"
        case .choice(let c): return "one of \(c.joined(separator: ", "))"
        case .flag: return "true or false"
        case .name: return "a name of letters, digits and _ - . + (at most 64, starting with a letter or digit)"
        }
    }

    /// The type and range as the parameter tables print them.
    public var summary: String {
        switch self {
        case .integer(let r): return "integer \(r.lowerBound) … \(r.upperBound)"
        case .number(let r):
            return "number \(ParameterValue.number(r.lowerBound)) … \(ParameterValue.number(r.upperBound))"
        case .choice(let c): return c.joined(separator: ", ")
        case .flag: return "true, false"
        case .name: return "a short name"
        }
    }
}

/// The declaration of one experiment parameter: its name in specs and CSV files, its type and
/// allowed values, its default, a one-line description, and whether it becomes a CSV column when
/// a sweep varies it. Validation, defaults, `gradpath list --parameters` and the README's tables
/// all come from these declarations (`ExperimentKind.parameters`).
public struct Parameter: Sendable {
    public enum Default: Sendable {
        /// This value.
        case value(ParameterValue)
        /// Computed from other parameters (described in words).
        case derived(String)
        /// No value: the parameter is optional and its absence means what the text says.
        case unset(String)
    }

    public let name: String
    public let kind: ParameterKind
    public let defaultValue: Default
    public let doc: String
    /// A swept parameter becomes a key column of every CSV row (always so far: a sweep's rows must
    /// say which configuration they belong to).
    public let column: Bool

    public var defaultText: String {
        switch defaultValue {
        case .value(let v): return v.description
        case .derived(let s): return s
        case .unset(let s): return "none (\(s))"
        }
    }
}

/// A typed handle on a declaration: `c[NetworkParameters.hiddenSize]` is an `Int`, the
/// configuration's value or the declared default.
public struct Param<Value: Sendable>: Sendable {
    public let declaration: Parameter
    let read: @Sendable (ParameterValue) -> Value?
    let fallback: @Sendable (Configuration) -> Value?

    public var name: String { declaration.name }

    static func integer(_ name: String, _ range: ClosedRange<Int>, _ d: Int, _ doc: String) -> Param<Int> {
        Param<Int>(
            declaration: Parameter(
                name: name, kind: .integer(range), defaultValue: .value(.number(Double(d))), doc: doc, column: true),
            read: { $0.number.flatMap { Int(exactly: $0) } }, fallback: { _ in d })
    }

    static func integer(
        _ name: String, _ range: ClosedRange<Int>, derived: String, _ doc: String,
        _ f: @escaping @Sendable (Configuration) -> Int
    ) -> Param<Int> {
        Param<Int>(
            declaration: Parameter(
                name: name, kind: .integer(range), defaultValue: .derived(derived), doc: doc, column: true),
            read: { $0.number.flatMap { Int(exactly: $0) } }, fallback: f)
    }

    static func optionalInteger(_ name: String, _ range: ClosedRange<Int>, unset: String, _ doc: String) -> Param<Int> {
        Param<Int>(
            declaration: Parameter(
                name: name, kind: .integer(range), defaultValue: .unset(unset), doc: doc, column: true),
            read: { $0.number.flatMap { Int(exactly: $0) } }, fallback: { _ in nil })
    }

    static func number(_ name: String, _ range: ClosedRange<Double>, _ d: Double, _ doc: String) -> Param<Double> {
        Param<Double>(
            declaration: Parameter(
                name: name, kind: .number(range), defaultValue: .value(.number(d)), doc: doc, column: true),
            read: { $0.number }, fallback: { _ in d })
    }

    static func number(
        _ name: String, _ range: ClosedRange<Double>, derived: String, _ doc: String,
        _ f: @escaping @Sendable (Configuration) -> Double
    ) -> Param<Double> {
        Param<Double>(
            declaration: Parameter(
                name: name, kind: .number(range), defaultValue: .derived(derived), doc: doc, column: true),
            read: { $0.number }, fallback: f)
    }

    static func optionalNumber(_ name: String, _ range: ClosedRange<Double>, unset: String, _ doc: String) -> Param<
        Double
    > {
        Param<Double>(
            declaration: Parameter(
                name: name, kind: .number(range), defaultValue: .unset(unset), doc: doc, column: true),
            read: { $0.number }, fallback: { _ in nil })
    }

    static func choice(_ name: String, _ choices: [String], _ d: String, _ doc: String) -> Param<String> {
        Param<String>(
            declaration: Parameter(
                name: name, kind: .choice(choices), defaultValue: .value(.text(d)), doc: doc, column: true),
            read: { $0.text }, fallback: { _ in d })
    }

    static func optionalChoice(_ name: String, _ choices: [String], unset: String, _ doc: String) -> Param<String> {
        Param<String>(
            declaration: Parameter(
                name: name, kind: .choice(choices), defaultValue: .unset(unset), doc: doc, column: true),
            read: { $0.text }, fallback: { _ in nil })
    }

    static func optionalName(_ name: String, unset: String, _ doc: String) -> Param<String> {
        Param<String>(
            declaration: Parameter(name: name, kind: .name, defaultValue: .unset(unset), doc: doc, column: true),
            read: { $0.text }, fallback: { _ in nil })
    }

    static func flag(_ name: String, _ d: Bool, _ doc: String) -> Param<Bool> {
        Param<Bool>(
            declaration: Parameter(name: name, kind: .flag, defaultValue: .value(.flag(d)), doc: doc, column: true),
            read: { $0.flag }, fallback: { _ in d })
    }
}

extension Configuration {
    /// The value of `p` in this configuration, or its declared default. An optional parameter
    /// without a value traps here: read those with `given`.
    public subscript<V>(_ p: Param<V>) -> V {
        if let v = given(p) { return v }
        guard let d = p.fallback(self) else {
            preconditionFailure("parameter \(p.name) has no default; read it with given(_:)")
        }
        return d
    }

    /// The value of `p` when the configuration sets it.
    public func given<V>(_ p: Param<V>) -> V? { parameters[p.name].flatMap(p.read) }
}

/// The network of kinds gradient-flow, clipping-modes and training (`NetworkRecipe`).
public enum NetworkParameters {
    public static let cell = Param<String>.choice(
        "cell", CellKind.all.map(\.description), "rnn-tanh", "the recurrent cell")
    public static let layers = Param<Int>.integer(
        "layers", 1...8, 1, "stacked layers (layer l + 1 reads h_t of layer l)")
    public static let inputSize = Param<Int>.integer("input_size", 1...4096, 8, "input features I")
    public static let hiddenSize = Param<Int>.integer("hidden_size", 1...4096, 32, "hidden units H")
    public static let batchSize = Param<Int>.integer("batch_size", 1...4096, 4, "sequences B in the batch")
    public static let steps = Param<Int>.integer("steps", 1...100_000, 100, "sequence length T")
    public static let loss = Param<String>.choice(
        "loss", ProbeLoss.allCases.map(\.rawValue), "last",
        "probe loss: last = ½‖h_T‖², all = Σ_t ½‖h_t‖²")
    public static let initialisation = Param<String>.choice(
        "init", ["pytorch", "orthogonal", "identity", "smart-tanh", "gaussian"], "pytorch",
        "W_hh initialisation (input weights and biases: PyTorch's)")
    public static let initScale = Param<Double>.number(
        "init_scale", 0...1000, 1,
        "orthogonal: gain; identity: value; gaussian: std·√H; pytorch, smart-tanh: W_hh multiplied by it")
    public static let sigmaMax = Param<Double>.optionalNumber(
        "sigma_max", 1e-9...1e9, unset: "no rescaling",
        "rescale each W_hh gate block to this largest singular value")
    public static let spectralRadius = Param<Double>.optionalNumber(
        "spectral_radius", 1e-9...1e9, unset: "no rescaling",
        "rescale each W_hh gate block to this spectral radius")
    public static let bias = Param<String>.choice(
        "bias", ["pytorch", "zero"], "pytorch", "biases: PyTorch's U(−1/√H, 1/√H) or zero")
    public static let forgetBias = Param<Double>.optionalNumber(
        "forget_bias", -50...50, unset: "as drawn",
        "LSTM forget-gate bias b_f (both bias vectors' sum; lstm, lstm-peephole)")
    public static let updateBias = Param<Double>.optionalNumber(
        "update_bias", -50...50, unset: "as drawn", "GRU update-gate bias b_z (gru cells)")
    public static let inputBias = Param<Double>.optionalNumber(
        "input_bias", -50...50, unset: "as drawn", "LSTM input-gate bias b_i (lstm cells)")
    public static let outputBias = Param<Double>.optionalNumber(
        "output_bias", -50...50, unset: "as drawn", "LSTM output-gate bias b_o (lstm cells)")
    public static let chronoMaxLag = Param<Double>.optionalNumber(
        "chrono_max_lag", 2...1e9, unset: "no chrono init",
        "LSTM chrono init (Tallec & Ollivier 2018): b_f = log U(1, T_max − 1) per unit, b_i = −b_f")
    public static let inputStd = Param<Double>.optionalNumber(
        "input_std", 0...1000, unset: "PyTorch's U(−1/√H, 1/√H)", "W_ih entries N(0, std²)")
    public static let inputScale = Param<Double>.number("input_scale", 0...1e6, 1, "inputs drawn from U(−s, s)")
    public static let jacobians = Param<Bool>.flag(
        "jacobians", false, "measure the singular values of the Jacobian products (QR method)")
    public static let jacobianValues = Param<Int>.optionalInteger(
        "jacobian_values", 1...8192, unset: "all",
        "how many of the largest Jacobian-product singular values to keep per lag")
    public static let saturation = Param<Bool>.flag(
        "saturation", false, "record saturated gates and dead ReLUs per step")

    static let all: [Parameter] = [
        cell.declaration, layers.declaration, inputSize.declaration, hiddenSize.declaration, batchSize.declaration,
        steps.declaration,
        loss.declaration, initialisation.declaration, initScale.declaration, sigmaMax.declaration,
        spectralRadius.declaration,
        bias.declaration, forgetBias.declaration, updateBias.declaration, inputBias.declaration,
        outputBias.declaration, chronoMaxLag.declaration, inputStd.declaration, inputScale.declaration,
        jacobians.declaration,
        jacobianValues.declaration, saturation.declaration,
    ]

    /// The parameters that build the network and its inputs (without the optional probes).
    static let network: [Parameter] = Array(all.prefix(while: { $0.name != jacobians.name }))
}

/// Kinds precision, sequential-jacobian and stacked-flow (issue 15): the network, plus what each
/// of these probes varies.
public enum ProbeParameters {
    public static let lossScale = Param<Double>.number(
        "loss_scale", 1e-6...1e30, 1,
        "precision: the loss is multiplied by it before the backward pass (loss scaling, Micikevicius et al. 2018)")
    public static let directions = Param<Int>.integer(
        "directions", 1...2, 1, "sequential-jacobian: 1 unidirectional, 2 bidirectional (PyTorch's layout)")
    public static let residual = Param<Bool>.flag(
        "residual", false, "stacked-flow: layer k ≥ 1 adds its input to its output, o_t = h_t + x_t")
}

/// Kind clipping-modes: the network, plus the thresholds of the clipping modes compared.
public enum ClippingParameters {
    public static let maxNorm = Param<Double>.optionalNumber(
        "max_norm", 1e-12...1e12, unset: "required",
        "threshold of the norm-clipping modes")
    public static let clipValue = Param<Double>.optionalNumber(
        "clip_value", 1e-12...1e12, unset: "required",
        "limit of element-wise value clipping")
}

/// Kind seed-table: a linear RNN with W_hh = s·I (+ c·N, N the shift matrix).
public enum SeedTableParameters {
    public static let scale = Param<Double>.number("scale", 1e-6...1e6, 1, "s in W_hh = s·I")
    public static let coupling = Param<Double>.number(
        "coupling", 0...1e6, 0,
        "c in W_hh = s·I + c·N (N: ones on the superdiagonal): c > 0 makes W_hh non-normal, ρ = s, σ_max up to s + c")
    public static let steps = Param<Int>.integer("steps", 1...100_000, 365, "sequence length T")
    public static let inputSize = Param<Int>.integer("input_size", 1...4096, 4, "input features I")
    public static let hiddenSize = Param<Int>.integer("hidden_size", 1...4096, 16, "hidden units H")
    public static let batchSize = Param<Int>.integer("batch_size", 1...4096, 4, "sequences B in the batch")

    static let all = [
        scale.declaration, coupling.declaration, steps.declaration, inputSize.declaration, hiddenSize.declaration,
        batchSize.declaration,
    ]
}

/// Kind cliff: Pascanu et al.'s single-unit network x_t = w·σ(x_{t−1}) + b.
public enum CliffParameters {
    public static let steps = Param<Int>.integer("steps", 1...10_000, 50, "unrolled steps T")
    public static let x0 = Param<Double>.number("x0", -100...100, 0.5, "initial state x_0")
    public static let target = Param<Double>.number("target", 0...1, 0.7, "target of σ(x_T)")
    public static let wMin = Param<Double>.number("w_min", -1000...1000, -2, "left edge of the w grid")
    public static let wMax = Param<Double>.number("w_max", -1000...1000, 10, "right edge of the w grid")
    public static let bMin = Param<Double>.number("b_min", -1000...1000, -8, "lower edge of the b grid")
    public static let bMax = Param<Double>.number("b_max", -1000...1000, 2, "upper edge of the b grid")
    public static let gridPoints = Param<Int>.integer("grid_points", 2...2000, 121, "grid points per axis")
    public static let learningRate = Param<Double>.number("learning_rate", 1e-9...1e6, 0.5, "gradient-descent step")
    public static let iterations = Param<Int>.integer("iterations", 1...1_000_000, 60, "gradient-descent steps")
    public static let clipThreshold = Param<Double>.number(
        "clip_threshold", 1e-12...1e12, 1, "norm-clipping threshold of the clipped path")
    public static let startW = Param<Double>.number("start_w", -1000...1000, 6, "w where both paths start")
    public static let startB = Param<Double>.number("start_b", -1000...1000, -3, "b where both paths start")
    public static let startGrid = Param<Int>.integer(
        "start_grid", 0...100, 0,
        "k > 0: also descend from a k × k grid of starts over the surface (cell centres), into starts.csv")

    static let all: [Parameter] = [
        steps.declaration, x0.declaration, target.declaration, wMin.declaration, wMax.declaration, bMin.declaration,
        bMax.declaration,
        gridPoints.declaration, learningRate.declaration, iterations.declaration, clipThreshold.declaration,
        startW.declaration,
        startB.declaration, startGrid.declaration,
    ]
}

/// Kind training: the network (without the probe's steps, input size, loss and inputs), the task,
/// the optimiser, clipping and the schedule (`TrainingRunner`).
public enum TrainingParameters {
    public static let tasks = [
        "adding-hochreiter1997", "adding-pascanu2013", "adding-le2015", "temporal-order-4", "temporal-order-8",
        "temporal-order-pascanu2013",
        "copy-memory", "delayed-recall", "near-far", "counting-anbn",
    ]
    public static let task = Param<String>.optionalChoice(
        "task", tasks, unset: "required", "the task (Training/Tasks.swift)")
    public static let length = Param<Int>.integer(
        "length", 2...100_000, 100,
        "sequence length (adding: at least 12; temporal order: at least 20; copy memory: the delay; counting-anbn: N, the largest n in training)"
    )
    public static let gap = Param<Int>.integer(
        "gap", 0...100_000, 10, "delayed recall, near-far: steps between the (far) cue and the query")
    public static let classes = Param<Int>.integer("classes", 2...64, 4, "delayed recall: symbols")
    public static let optimizer = Param<String>.choice(
        "optimizer", ["sgd", "rmsprop", "adam"], "adam", "the optimiser")
    public static let learningRate = Param<Double>.number(
        "learning_rate", 1e-12...1e6, derived: "0.01 for rmsprop, else 0.001", "step size"
    ) { c in
        c[optimizer] == "rmsprop" ? 0.01 : 0.001
    }
    public static let momentum = Param<Double>.number("momentum", 0...0.999999, 0, "SGD momentum μ")
    public static let clip = Param<String>.choice(
        "clip", ["none", "global-norm", "global-norm-pytorch", "per-tensor", "value"], "none",
        "gradient clipping applied before each update")
    public static let clipThreshold = Param<Double>.number(
        "clip_threshold", 1e-12...1e12, 1, "fixed clipping threshold")
    public static let clipRelative = Param<Double>.optionalNumber(
        "clip_relative", 1e-6...1e6, unset: "use clip_threshold",
        "threshold = this × the mean initial gradient norm")
    public static let updates = Param<Int>.integer("updates", 1...10_000_000, 1000, "parameter updates")
    public static let batchSize = Param<Int>.integer("batch_size", 1...4096, 32, "sequences per update")
    public static let evalEvery = Param<Int>.integer(
        "eval_every", 1...10_000_000, derived: "max(1, updates / 20)",
        "updates between held-out evaluations"
    ) { c in max(1, c[updates] / 20) }
    public static let evalSize = Param<Int>.integer("eval_size", 1...100_000, 1000, "held-out sequences")
    public static let spectrumEvery = Param<Int>.integer(
        "spectrum_every", 0...10_000_000, 1, "updates between W_hh spectra (0: never)")
    public static let lagEvery = Param<Int>.integer(
        "lag_every", 0...10_000_000, derived: "max(1, updates / 10)",
        "updates between per-lag gradient records (0: never)"
    ) { c in max(1, c[updates] / 10) }
    public static let recordEvery = Param<Int>.integer(
        "record_every", 1...10_000_000, derived: "max(1, updates / 1000)",
        "updates between rows of training.csv"
    ) { c in max(1, c[updates] / 1000) }
    public static let omega = Param<Double>.number(
        "omega", 0...1e6, 0, "weight of Pascanu's regulariser Ω (vanilla RNNs)")
    public static let arm = Param<String>.optionalName(
        "arm", unset: "none",
        "a name for the setting a case describes (msgd-cr, chrono, …): reports label rows by it")
    public static let readoutStd = Param<Double>.optionalNumber(
        "readout_std", 0...1000, unset: "PyTorch's nn.Linear default",
        "readout weights N(0, std²) and bias 0 (Pascanu et al.'s code)")
    public static let successLevel = Param<Double>.optionalNumber(
        "success_level", -1e12...1e12, unset: "no success criterion",
        "the task metric at which a run counts as solved (error ≤ it, or accuracy ≥ it)")
    public static let stopWhenSolved = Param<Bool>.flag(
        "stop_when_solved", false,
        "stop at the first evaluation that meets success_level and is confirmed on confirm_size fresh sequences")
    public static let stepWorkers = Param<Int>.integer(
        "step_workers", 1...64, 1,
        "threads each training step splits its batch across (changes the last bits; not with omega)")
    public static let confirmSize = Param<Int>.integer(
        "confirm_size", 1...1_000_000, 10_000, "fresh sequences that confirm a solve (in chunks of 1,000)")

    static let all: [Parameter] =
        NetworkParameters.all.filter { p in
            !["steps", "input_size", "loss", "input_scale", "jacobians", "jacobian_values", "saturation", "batch_size"]
                .contains(p.name)
        } + [
            task.declaration, length.declaration, gap.declaration, classes.declaration, optimizer.declaration,
            learningRate.declaration,
            momentum.declaration, clip.declaration, clipThreshold.declaration, clipRelative.declaration,
            updates.declaration,
            batchSize.declaration, evalEvery.declaration, evalSize.declaration, spectrumEvery.declaration,
            lagEvery.declaration,
            recordEvery.declaration, omega.declaration, arm.declaration, readoutStd.declaration,
            successLevel.declaration,
            stopWhenSolved.declaration, confirmSize.declaration, stepWorkers.declaration,
        ]
}

extension ExperimentKind {
    /// The parameters this kind accepts, in the order the tables list them.
    public var parameterList: [Parameter] {
        switch self {
        case .seedTable: return SeedTableParameters.all
        case .gradientFlow: return NetworkParameters.all
        case .clipping:
            return NetworkParameters.all + [
                ClippingParameters.maxNorm.declaration, ClippingParameters.clipValue.declaration,
            ]
        case .training: return TrainingParameters.all
        case .cliff: return CliffParameters.all
        case .precision: return NetworkParameters.network + [ProbeParameters.lossScale.declaration]
        case .sequentialJacobian:
            // Its loss is fixed: ½‖y_t*‖² at the middle step (ProbeRunner.sequentialJacobian).
            return NetworkParameters.network.filter { $0.name != NetworkParameters.loss.name } + [
                ProbeParameters.directions.declaration
            ]
        case .stackedFlow: return NetworkParameters.network + [ProbeParameters.residual.declaration]
        case .feedforward: return FeedForwardParameters.all
        }
    }

    /// The parameters by name.
    var parameters: [String: Parameter] {
        Dictionary(parameterList.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The markdown table of this kind's parameters (`gradpath list --parameters`, the README).
    public var parameterTable: String {
        var s = "| parameter | values | default | description |\n|---|---|---|---|\n"
        for p in parameterList {
            s += "| `\(p.name)` | \(p.kind.summary) | \(p.defaultText) | \(p.doc) |\n"
        }
        return s
    }

    /// Every kind's table, with a heading each.
    public static var parameterTables: String {
        allCases.map { "#### Kind `\($0.rawValue)`\n\n\($0.parameterTable)" }.joined(separator: "\n")
    }
}

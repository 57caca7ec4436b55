import Foundation
import LinearAlgebra
import Recurrent

/// Which probes run. Cheap ones are on by default; the Jacobian probe is expensive and on request.
public struct ProbeOptions: Sendable, Equatable {
    /// Per-sequence gradient norms. Cost O(T·B·H).
    public var perSequence = false
    /// Each step's term of ∂L/∂W_hh. Cost about one more ∂L/∂W_hh.
    public var temporalContributions = true
    /// Saturation fractions per step. Cost O(T·B·G·H).
    public var saturation = true
    /// Singular values and eigenvalues of W_hh and its gate blocks. Cost O(G·H³) per layer.
    public var spectra = true
    /// Step-Jacobian norms and Jacobian-product spectra (`JacobianSpectrum`) for one sequence, every
    /// layer. Cost about 4n³ flops per step and layer (n = H, or 2H for the LSTM).
    public var jacobians = false
    /// The sequence of the batch whose Jacobians are measured.
    public var jacobianSequence = 0

    public init(
        perSequence: Bool = false, temporalContributions: Bool = true, saturation: Bool = true,
        spectra: Bool = true, jacobians: Bool = false, jacobianSequence: Int = 0
    ) {
        self.perSequence = perSequence
        self.temporalContributions = temporalContributions
        self.saturation = saturation
        self.spectra = spectra
        self.jacobians = jacobians
        self.jacobianSequence = jacobianSequence
    }
}

/// Where a forward state or a gradient first stopped being finite.
public struct NonFiniteEvent: Sendable, Equatable, CustomStringConvertible {
    public enum Pass: String, Sendable { case forward, backward, parameterGradient = "parameter-gradient" }
    public var pass: Pass
    /// `h`, `c` (forward states), `dL/dh`, `dL/dc` (state gradients) or a parameter name.
    public var tensor: String
    public var layer: Int
    /// The timestep (nil for a parameter gradient).
    public var step: Int?

    public var description: String {
        let at = step.map { " at t = \($0)" } ?? ""
        return "\(pass.rawValue): \(tensor) of layer \(layer) is not finite\(at)"
    }
}

/// The gradient of a user's own loss, as autograd gives it: ∂L/∂output for every step of the top
/// layer's output sequence, and optionally ∂L/∂h_T (∂L/∂c_T) of every layer for a loss that reads
/// the final states.
public struct LossGradient: Sendable, Equatable {
    /// T·B·H values, sequence-first.
    public var outputs: [Double]
    /// One per layer, bottom first; nil: the loss does not read the final states.
    public var finalStates: [RecurrentState]?
    /// Where it came from, for reports (`grad_output.safetensors`).
    public var source: String
    /// The same gradient in scaled form (a layer inside a stack receives values Double may not
    /// hold); when set, `outputs` is ignored.
    public var scaledOutputs: ScaledSequence?

    public init(outputs: [Double], finalStates: [RecurrentState]? = nil, source: String) {
        self.outputs = outputs
        self.finalStates = finalStates
        self.source = source
    }

    public init(scaled: ScaledSequence, finalStates: [RecurrentState]? = nil, source: String) {
        self.outputs = []
        self.scaledOutputs = scaled
        self.finalStates = finalStates
        self.source = source
    }
}

/// Everything the probes measured in one forward/backward pass.
public struct GradientFlowReport: Sendable {
    public var cell: CellKind
    public var steps: Int
    public var batchSize: Int
    /// The probe loss; when `userLoss` is set, the user's own loss replaced it.
    public var loss: ProbeLoss
    /// The user's loss gradient's source when the pass ran from it (its value is unknown here: NaN).
    public var userLoss: String? = nil
    public var lossValue: Double
    /// `last`, `all`, or `user` (the loss of a `LossGradient`).
    public var lossName: String { userLoss == nil ? loss.rawValue : "user" }
    /// log10 ‖∂L/∂h_t‖, [layer][t], t = 0 … T (see `Backpropagation.gradHiddenLog10`).
    public var gradHiddenLog10: [[Double]]
    /// log10 ‖∂L/∂c_t‖ (LSTM), [layer][t]; empty arrays otherwise.
    public var gradCellLog10: [[Double]]
    public var gradHiddenLog10PerSequence: [[[Double]]]
    public var gradCellLog10PerSequence: [[[Double]]]
    /// log10 of the Frobenius norm of step t's term of ∂L/∂W_hh, [layer][t − 1].
    public var temporalContributionLog10: [[Double]]
    public var saturation: [SaturationSample]
    public var spectra: [WeightSpectrum]
    public var jacobians: [JacobianSpectrum]
    public var diagnoses: [Diagnosis]
    /// In the order they happened: forward states first, then the backward sweep, then parameters.
    public var nonFinite: [NonFiniteEvent]
    public var parameterGradients: [LayerGradients]

    /// Share of step t's term in the sum of all terms' norms, [layer][t − 1]; computed in log
    /// domain so tiny shares are exact too (as log10).
    public var temporalShareLog10: [[Double]] {
        temporalContributionLog10.map { logs in
            let finite = logs.filter { $0.isFinite }
            guard let m = finite.max() else { return logs.map { _ in .nan } }
            let total = m + log10(finite.reduce(0) { $0 + pow(10, $1 - m) })
            return logs.map { $0 - total }
        }
    }
}

public enum GradientFlowProbe {
    /// Runs `network` forward on `input`, backpropagates `loss` exactly and measures every probe in
    /// `options`. A non-finite state or gradient is reported in `nonFinite`, never a crash; probes
    /// that need LAPACK skip non-finite matrices.
    public static func run(
        _ network: RecurrentNetwork, input: SequenceBatch, initialStates: [RecurrentState]? = nil,
        loss: ProbeLoss, options: ProbeOptions = ProbeOptions(), gradient: LossGradient? = nil,
        progress: ((_ phase: String, _ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> GradientFlowReport {
        progress?("forward and backward", 0, 1)
        precondition(
            options.jacobianSequence >= 0 && options.jacobianSequence < input.batchSize,
            "GradientFlowProbe: jacobianSequence \(options.jacobianSequence) out of 0..<\(input.batchSize)")
        let backOptions = BackwardOptions(
            perSequence: options.perSequence, temporalContributions: options.temporalContributions)
        let (value, trace, back): (Double, ForwardTrace, Backpropagation)
        if let gradient, let scaled = gradient.scaledOutputs {
            let tr = network.forward(input, initialStates: initialStates)
            (value, trace, back) = (
                .nan, tr,
                network.backwardScaled(
                    tr, outputGradient: scaled, finalStateGradients: gradient.finalStates, options: backOptions
                ).backprop
            )
        } else if let gradient {
            precondition(
                gradient.outputs.count == input.steps * input.batchSize * network.outputSize,
                "GradientFlowProbe: the loss gradient must hold T·B·S values")
            let tr = network.forward(input, initialStates: initialStates)
            (value, trace, back) = (
                .nan, tr,
                network.backward(
                    tr, outputGradient: .everyStep(gradient.outputs), finalStateGradients: gradient.finalStates,
                    options: backOptions)
            )
        } else {
            (value, trace, back) = network.gradients(
                input, initialStates: initialStates, loss: loss, options: backOptions)
        }

        progress?("forward and backward", 1, 1)
        var events: [NonFiniteEvent] = []
        if let f = trace.firstNonFiniteState {
            events.append(.init(pass: .forward, tensor: f.tensor, layer: f.layer, step: f.step))
        }
        // The reverse sweep runs from the top layer down and from t = T down to 0.
        sweep: for l in stride(from: network.layerCount - 1, through: 0, by: -1) {
            for t in stride(from: trace.steps, through: 0, by: -1) {
                if back.gradHiddenLog10[l][t].isNaN || back.gradHiddenLog10[l][t] == .infinity {
                    events.append(.init(pass: .backward, tensor: "dL/dh", layer: l, step: t)); break sweep
                }
                if network.cell.hasCellState, back.gradCellLog10[l][t].isNaN || back.gradCellLog10[l][t] == .infinity {
                    events.append(.init(pass: .backward, tensor: "dL/dc", layer: l, step: t)); break sweep
                }
            }
        }
        for (l, g) in back.parameterGradients.enumerated() {
            for t in g.tensors where t.values.contains(where: { !$0.isFinite }) {
                events.append(.init(pass: .parameterGradient, tensor: "\(t.name)_l\(l)", layer: l, step: nil))
            }
        }

        let finiteWeights = network.layers.allSatisfy { $0.weightHH.storage.allSatisfy { $0.isFinite } }
        let spectra = options.spectra && finiteWeights ? try WeightSpectrum.of(network) : []
        var diagnoses: [Diagnosis] = []
        for l in 0..<network.layerCount {
            let sigma = finiteWeights ? try network.layers[l].weightHH.spectralNorm() : .nan
            diagnoses.append(
                Diagnosis(
                    layer: l, gradHiddenLog10: back.gradHiddenLog10[l], sigmaMax: sigma,
                    gamma: network.cell.gamma,
                    checkBound: gradient == nil && loss == .last && l == network.layerCount - 1))
        }
        let jacobians =
            options.jacobians
            ? try (0..<network.layerCount).map { l -> JacobianSpectrum in
                let phase = "Jacobians, layer \(l + 1) of \(network.layerCount)"
                progress?(phase, 0, input.steps)
                return try JacobianSpectrum.measure(network, trace, layer: l, sequence: options.jacobianSequence) {
                    progress?(phase, $0, input.steps)
                }
            }
            : []
        return GradientFlowReport(
            cell: network.cell, steps: input.steps, batchSize: input.batchSize, loss: loss,
            userLoss: gradient?.source, lossValue: value,
            gradHiddenLog10: back.gradHiddenLog10, gradCellLog10: back.gradCellLog10,
            gradHiddenLog10PerSequence: back.gradHiddenLog10PerSequence,
            gradCellLog10PerSequence: back.gradCellLog10PerSequence,
            temporalContributionLog10: back.temporalContributionLog10,
            saturation: options.saturation ? SaturationSample.measure(network, trace) : [],
            spectra: spectra, jacobians: jacobians, diagnoses: diagnoses, nonFinite: events,
            parameterGradients: back.parameterGradients)
    }
}

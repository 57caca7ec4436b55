import Foundation
import Testing
import LinearAlgebra
import ModelImport
import Recurrent
@testable import Instrumentation

/// PyTorch models saved with safetensors by `scripts/reference/analyze_reference.py`, with
/// reference gradients from PyTorch autograd (float64, `retain_grad` on every state).
struct AnalyzeReference: Decodable {
    var name: String
    var cell: String
    var layers: Int
    var steps: Int
    var batch: Int
    var loss: String
    var weight_dtype: String
    var loss_value: Double
    var grad_h_log10: [[Double?]]
    var grad_c_log10: [[Double?]]
    var gradients: [String: [Double]]

    static func folder(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("analyze/\(name)")
    }

    static let names: [String] = {
        struct Index: Decodable { var cases: [String] }
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(
            "analyze/cases.json")
        return try! JSONDecoder().decode(Index.self, from: Data(contentsOf: url)).cases
    }()

    static func load(_ name: String) throws -> AnalyzeReference {
        try JSONDecoder().decode(
            AnalyzeReference.self, from: Data(contentsOf: folder(name).appendingPathComponent("reference.json")))
    }
}

@Suite struct AnalyzeParityTests {
    @Test(arguments: AnalyzeReference.names)
    func matchesPyTorch(_ name: String) throws {
        let ref = try AnalyzeReference.load(name)
        let dir = AnalyzeReference.folder(name)
        let kind = try #require(CellKind(name: ref.cell))
        let net = try PyTorchImport.network(kind, weights: dir.appendingPathComponent("weights.safetensors").path)
        #expect(net.layerCount == ref.layers)
        let (input, states) = try PyTorchImport.inputs(dir.appendingPathComponent("inputs.safetensors").path, for: net)
        #expect(input.steps == ref.steps && input.batchSize == ref.batch)
        let report = try GradientFlowProbe.run(
            net, input: input, initialStates: states, loss: ProbeLoss(rawValue: ref.loss)!,
            options: ProbeOptions(jacobians: false))
        #expect(abs(report.lossValue - ref.loss_value) <= 1e-12 * abs(ref.loss_value))
        // Per-step log10 norms: 1e-9 absolute wherever PyTorch's norm is above 1e-290 (below, its
        // float64 norm is subnormal or 0 and no longer a reference).
        var compared = 0, beyond = 0
        for l in 0..<ref.layers {
            for t in 0...ref.steps {
                let ours = report.gradHiddenLog10[l][t]
                if let theirs = ref.grad_h_log10[l][t], theirs > -290 {
                    #expect(abs(ours - theirs) <= 1e-9, "layer \(l), t = \(t): \(ours) vs \(theirs)")
                    compared += 1
                } else {
                    // Where PyTorch underflowed, GradPath still has a finite value, below 1e-290.
                    #expect(ours.isFinite && ours < -289, "layer \(l), t = \(t): \(ours)")
                    beyond += 1
                }
                if !ref.grad_c_log10.isEmpty, let theirs = ref.grad_c_log10[l][t], theirs > -290 {
                    #expect(abs(report.gradCellLog10[l][t] - theirs) <= 1e-9, "c: layer \(l), t = \(t)")
                }
            }
        }
        #expect(compared > 0)
        if name.contains("deep") {
            // 379 of its 701 steps lie below 1e-290, where PyTorch's float64 gradient is subnormal
            // or 0; GradPath keeps going (its value at t = 0 is printed in the failure message).
            #expect(beyond > 300, "the deep case must go far below Double's range")
            #expect(report.gradHiddenLog10[0][0] < -400, "t = 0: \(report.gradHiddenLog10[0][0])")
        }
        // Parameter gradients: 1e-10 relative per tensor (normwise).
        for (l, g) in report.parameterGradients.enumerated() {
            for t in g.tensors {
                let theirs = try #require(ref.gradients["\(t.name)_l\(l)"])
                let scale = theirs.map(abs).max()!
                let diff = zip(t.values, theirs).map { abs($0 - $1) }.max()!
                #expect(diff <= 1e-10 * scale, "\(t.name)_l\(l): \(diff / scale)")
            }
        }
    }
}

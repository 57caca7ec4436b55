import Foundation
import Testing

@testable import ModelImport
import Recurrent

/// A state_dict's tensors for `net` under `prefix` (`rnn.`), in `dtype`.
func stateDict(_ net: RecurrentNetwork, prefix: String = "", dtype: String = "F64") -> [(
    name: String, shape: [Int], values: [Double], dtype: String
)] {
    var out: [(name: String, shape: [Int], values: [Double], dtype: String)] = []
    for (l, p) in net.layers.enumerated() {
        for t in p.tensors { out.append(("\(prefix)\(t.name)_l\(l)", t.shape, t.values, dtype)) }
    }
    return out
}

func randomNetwork(_ cell: CellKind, input: Int = 3, hidden: Int = 4, layers: Int = 2, seed: UInt64 = 5) throws
    -> RecurrentNetwork
{
    var rng = SplitMix64(seed: seed)
    var net = RecurrentNetwork(cell: cell, inputSize: input, hiddenSize: hidden, layerCount: layers)
    try Initializer.pytorch.initialize(&net, using: &rng)
    return net
}

/// Whole-model state_dicts: the recurrent module is found by its keys, its cell and sizes follow
/// from the shapes, other tensors are ignored and listed, and `--cell` is needed only where the
/// shapes cannot tell.
@Suite struct StateDictTests {
    /// Embedding → 2-layer LSTM → Linear, as `model.state_dict()` names it.
    func wholeModel(_ lstm: RecurrentNetwork) -> [String: SafetensorsTensor] {
        var tensors = stateDict(lstm, prefix: "rnn.", dtype: "F32")
        tensors.append(("embedding.weight", [10, 3], (0..<30).map { Double($0) / 8 }, "F32"))
        tensors.append(("head.weight", [5, 4], (0..<20).map { Double($0) / 16 }, "F32"))
        tensors.append(("head.bias", [5], [0, 0.5, 1, 1.5, 2], "F32"))
        return try! Safetensors.parse(Safetensors.encode(tensors), file: "model.safetensors")
    }

    @Test func findsTheModuleOfAWholeModel() throws {
        let lstm = try randomNetwork(.lstm(.standard))
        let tensors = wholeModel(lstm)
        let found = StateDict.modules(tensors)
        #expect(found.count == 1)
        let m = try #require(found.first)
        #expect(m.prefix == "rnn." && m.name == "rnn" && m.gateCount == 4 && m.family == "lstm")
        #expect(m.layers == 2 && m.inputSize == 3 && m.hiddenSize == 4 && m.directions == 1)
        #expect(m.projectionSize == nil && m.bias && !m.peephole && m.dtypes == ["F32"])
        #expect(m.keys.count == 8)
        #expect(
            m.summary
                == "rnn: cell lstm, 2 layers, input size 3, hidden size 4, unidirectional, bias, dtype F32")
        let (picked, ignored) = try StateDict.select(tensors, module: nil, file: "model.safetensors")
        #expect(picked == m)
        #expect(ignored == ["embedding.weight", "head.bias", "head.weight"])
        // The module read from the whole model is the bare module read from its own state_dict.
        let net = try PyTorchImport.network(
            StateDict.cell(for: m, requested: nil, file: "f"), tensors: StateDict.strip(tensors, m), file: "f")
        let bare = try PyTorchImport.network(
            .lstm(.standard),
            tensors: try Safetensors.parse(Safetensors.encode(stateDict(lstm, dtype: "F32")), file: "b"), file: "b")
        #expect(net.layers.map { $0.tensors.map(\.values) } == bare.layers.map { $0.tensors.map(\.values) })
    }

    @Test func severalModulesNeedModule() throws {
        var tensors = stateDict(try randomNetwork(.gru(.resetAfter), layers: 1), prefix: "encoder.rnn.")
        tensors += stateDict(try randomNetwork(.lstm(.standard), input: 4, hidden: 2, layers: 3), prefix: "decoder.")
        let t = try Safetensors.parse(Safetensors.encode(tensors), file: "m.safetensors")
        #expect(StateDict.modules(t).map(\.name) == ["decoder", "encoder.rnn"])
        #expect(StateDict.modules(t).map(\.layers) == [3, 1])
        #expect(StateDict.modules(t).map(\.family) == ["lstm", "gru"])
        #expect(throws: ModelImportError.self) { try StateDict.select(t, module: nil, file: "m.safetensors") }
        do {
            _ = try StateDict.select(t, module: nil, file: "m.safetensors")
        } catch let e as ModelImportError {
            #expect(e.description.contains("2 recurrent modules (decoder, encoder.rnn)"), "\(e)")
            #expect(e.description.contains("--module"))
        }
        #expect(try StateDict.select(t, module: "encoder.rnn", file: "m").module.gateCount == 3)
        #expect(try StateDict.select(t, module: "decoder.", file: "m").module.hiddenSize == 2)
        do {
            _ = try StateDict.select(t, module: "encoder", file: "m.safetensors")
            Issue.record("expected an error")
        } catch let e as ModelImportError {
            #expect(
                e.description.contains(
                    "--module encoder: no recurrent module with that prefix; found decoder, encoder.rnn"))
        }
    }

    @Test func theCellComesFromTheShapesExceptAnRNNsNonlinearity() throws {
        func module(_ cell: CellKind) throws -> RecurrentModule {
            let t = try Safetensors.parse(Safetensors.encode(stateDict(try randomNetwork(cell))), file: "f")
            return try #require(StateDict.modules(t).first)
        }
        #expect(try StateDict.cell(for: module(.lstm(.standard)), requested: nil, file: "f") == .lstm(.standard))
        #expect(try StateDict.cell(for: module(.lstm(.peephole)), requested: nil, file: "f") == .lstm(.peephole))
        #expect(try StateDict.cell(for: module(.gru(.resetAfter)), requested: nil, file: "f") == .gru(.resetAfter))
        // Three blocks: PyTorch's GRU unless --cell says GradPath's reset-before GRU or coupled LSTM.
        #expect(
            try StateDict.cell(for: module(.gru(.resetAfter)), requested: .lstm(.coupled), file: "f") == .lstm(.coupled)
        )
        #expect(try StateDict.cell(for: module(.rnn(.relu)), requested: .rnn(.relu), file: "f") == .rnn(.relu))
        func message(_ m: RecurrentModule, _ c: CellKind?) -> String {
            do {
                _ = try StateDict.cell(for: m, requested: c, file: "w.safetensors")
                return ""
            } catch { return "\(error)" }
        }
        let rnn = message(try module(.rnn(.tanh)), nil)
        #expect(rnn.hasPrefix("w.safetensors: ") && rnn.contains("nonlinearity is not stored"), "\(rnn)")
        #expect(rnn.contains("--cell rnn-tanh or --cell rnn-relu"))
        let wrong = message(try module(.lstm(.standard)), .gru(.resetAfter))
        #expect(
            wrong.contains("--cell gru contradicts the shapes") && wrong.contains("4·H rows with H = 4"), "\(wrong)")
        #expect(message(try module(.rnn(.tanh)), .lstm(.standard)).contains("contradicts"))
        #expect(message(try module(.lstm(.standard)), .lstm(.peephole)).contains("which fit lstm"))
    }

    @Test func bidirectionalProjectedAndBiasFreeModulesAreDescribed() throws {
        var tensors = stateDict(try randomNetwork(.gru(.resetAfter), layers: 1), prefix: "bi.")
        tensors += stateDict(try randomNetwork(.gru(.resetAfter), layers: 1)).map {
            ("bi.\($0.name)_reverse", $0.shape, $0.values, $0.dtype)
        }
        // An LSTM with H = 4, proj_size P = 2: weight_hh is 4H × P, weight_hr is P × H.
        tensors += [
            ("proj.weight_ih_l0", [16, 3], .init(repeating: 0.1, count: 48), "BF16"),
            ("proj.weight_hh_l0", [16, 2], .init(repeating: 0.1, count: 32), "BF16"),
            ("proj.weight_hr_l0", [2, 4], .init(repeating: 0.1, count: 8), "BF16"),
        ]
        let t = try Safetensors.parse(Safetensors.encode(tensors), file: "f")
        let found = StateDict.modules(t)
        #expect(found.map(\.name) == ["bi", "proj"])
        #expect(found[0].directions == 2 && found[0].keys.count == 8)
        #expect(
            found[1].projectionSize == 2 && found[1].hiddenSize == 4 && !found[1].bias && found[1].dtypes == ["BF16"])
        #expect(found[1].summary.contains("projection 2, no bias, dtype BF16"))
    }

    /// Every float16 and bfloat16 bit pattern widens exactly: float16 against Swift's own Float16
    /// conversion, bfloat16 against its binary32 (the upper half); and narrowing gives the pattern back.
    @Test func halfPrecisionWidensExactly() {
        #expect(Safetensors.widenFloat16(0x3C00) == 1 && Safetensors.widenFloat16(0xC000) == -2)
        #expect(Safetensors.widenFloat16(0x0001) == 0x1p-24 && Safetensors.widenFloat16(0x7BFF) == 65504)
        #expect(Safetensors.widenFloat16(0x7C00) == .infinity && Safetensors.widenFloat16(0x7E00).isNaN)
        #expect(Safetensors.widenBFloat16(0x3F80) == 1 && Safetensors.widenBFloat16(0x0001) == 0x1p-133)
        var mismatches = 0, roundTrips = 0
        for b in 0...UInt16.max {
            let h = Safetensors.widenFloat16(b)
            #if arch(x86_64) || arch(arm64)
            let reference = Double(Float16(bitPattern: b))
            if !(h == reference || (h.isNaN && reference.isNaN)) { mismatches += 1 }
            #endif
            if !h.isNaN, Safetensors.narrowFloat16(h) != b { roundTrips += 1 }
            let f = Safetensors.widenBFloat16(b)
            if !f.isNaN, Safetensors.narrowBFloat16(f) != b { roundTrips += 1 }
        }
        #expect(mismatches == 0 && roundTrips == 0)
        // Rounding to nearest, ties to even: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10.
        #expect(Safetensors.narrowFloat16(1 + 0x1p-11) == 0x3C00)
        #expect(Safetensors.narrowFloat16(1 + 3 * 0x1p-11) == 0x3C02)
        #expect(Safetensors.narrowBFloat16(1 + 0x1p-8) == 0x3F80)
    }

    /// A model saved in BF16 or F16 is the model of the widened values.
    @Test(arguments: ["F16", "BF16"])
    func halfPrecisionModelsReadAsTheirWidenedValues(_ dtype: String) throws {
        let net = try randomNetwork(.gru(.resetAfter))
        let half = try Safetensors.parse(Safetensors.encode(stateDict(net, dtype: dtype)), file: "h")
        let read = try PyTorchImport.network(.gru(.resetAfter), tensors: half, file: "h")
        for (l, p) in net.layers.enumerated() {
            for (a, b) in zip(p.tensors, read.layers[l].tensors) {
                let expected = a.values.map {
                    dtype == "F16"
                        ? Safetensors.widenFloat16(Safetensors.narrowFloat16($0))
                        : Safetensors.widenBFloat16(Safetensors.narrowBFloat16($0))
                }
                #expect(b.values == expected, "\(b.name)")
                #expect(b.values != a.values, "\(b.name) was rounded")
            }
        }
    }

    /// Files that are not safetensors are named, with the line of Python that re-saves them.
    @Test func picklesAndArchivesAreRecognised() {
        func message(_ bytes: [UInt8], _ tail: String = "") -> String {
            do {
                _ = try Safetensors.parse(Data(bytes) + Data(tail.utf8), file: "ckpt.pt")
                return ""
            } catch { return "\(error)" }
        }
        let zip = message([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0], "archive/data.pkl archive/data/0")
        #expect(zip.hasPrefix("ckpt.pt: a torch.save checkpoint (zip), not safetensors; re-save it with: python3 -c"))
        #expect(zip.contains("torch.load('ckpt.pt'") && zip.contains("save_file(") && !zip.contains("\n"), "\(zip)")
        let pickle = message([0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20])
        #expect(pickle.contains("a Python pickle (a torch.save file, legacy format)") && pickle.contains("torch.load"))
        let keras = message([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0], "config.json metadata.json model.weights.h5")
        #expect(keras.contains("a .keras archive, not safetensors"), "\(keras)")
        #expect(message([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]).contains("an HDF5 file"))
    }

    /// (B, T, I) inputs with batchFirst are the transposed (T, B, I) inputs.
    @Test func batchFirstInputsAreTransposed() throws {
        let net = try randomNetwork(.rnn(.tanh))
        let T = 5, B = 2, I = 3
        let seqFirst = (0..<(T * B * I)).map { Double($0) }
        var batchFirst = [Double](repeating: 0, count: T * B * I)
        for t in 0..<T {
            for b in 0..<B { for i in 0..<I { batchFirst[(b * T + t) * I + i] = seqFirst[(t * B + b) * I + i] } }
        }
        let a = try PyTorchImport.inputs(
            tensors: try Safetensors.parse(Safetensors.encode([("input", [T, B, I], seqFirst)]), file: "x"), file: "x",
            for: net)
        let b = try PyTorchImport.inputs(
            tensors: try Safetensors.parse(Safetensors.encode([("input", [B, T, I], batchFirst)]), file: "x"),
            file: "x",
            for: net, batchFirst: true)
        #expect(a.0.values == b.0.values && b.0.steps == T && b.0.batchSize == B)
        do {
            let wide = [Double](repeating: 0, count: B * T * 4)
            _ = try PyTorchImport.inputs(
                tensors: try Safetensors.parse(Safetensors.encode([("input", [B, T, 4], wide)]), file: "x"),
                file: "x", for: net, batchFirst: true)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("expected (B, T, 3)") && "\(error)".contains("--batch-first"), "\(error)")
        }
    }
}

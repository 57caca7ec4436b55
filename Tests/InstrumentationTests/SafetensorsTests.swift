import Foundation
import Testing
import Recurrent
@testable import ModelImport

@Suite struct SafetensorsTests {
    static var weights: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(
            "analyze/lstm_2layer_f32/weights.safetensors")
    }

    func expectError(_ data: Data, contains parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let t = try Safetensors.parse(data, file: "model.safetensors")
            _ = try PyTorchImport.network(.lstm(.standard), tensors: t, file: "model.safetensors")
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch let e as ModelImportError {
            let text = e.description
            #expect(text.hasPrefix("model.safetensors: "), "\(text)", sourceLocation: sourceLocation)
            #expect(!text.contains("\n"), sourceLocation: sourceLocation)
            for p in parts { #expect(text.contains(p), "'\(text)' lacks '\(p)'", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsPyTorchF32StateDict() throws {
        let t = try Safetensors.read(Self.weights.path)
        #expect(t["weight_hh_l1"]?.dtype == "F32" && t["weight_hh_l1"]?.shape == [28, 7])
        let net = try PyTorchImport.network(.lstm(.standard), weights: Self.weights.path)
        #expect(net.layerCount == 2 && net.inputSize == 5 && net.hiddenSize == 7)
        // F32 → Double is exact: every value is a Float.
        #expect(net.layers[0].weightHH.storage.allSatisfy { Double(Float($0)) == $0 })
    }

    @Test func roundTripF64() throws {
        let data = Safetensors.encode([("a", [2, 3], [1, 2, 3, 4, 5, 6.5]), ("b", [0], [])])
        let t = try Safetensors.parse(data, file: "x")
        #expect(t["a"] == SafetensorsTensor(dtype: "F64", shape: [2, 3], values: [1, 2, 3, 4, 5, 6.5]))
        #expect(t["b"]?.values == [])
    }

    @Test func truncatedAndCorruptedFiles() throws {
        let good = try Data(contentsOf: Self.weights)
        expectError(Data(), contains: ["8-byte header length"])
        expectError(good.prefix(5), contains: ["8-byte header length"])
        expectError(good.prefix(100), contains: ["header length"])  // header cut short
        expectError(good.prefix(good.count - 10), contains: ["truncated"])  // data cut short
        var badLength = good
        badLength.replaceSubrange(0..<8, with: [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])
        expectError(badLength, contains: ["bad header length"])
        var notJSON = good
        notJSON[8] = UInt8(ascii: "x")
        expectError(notJSON, contains: ["JSON"])
        var brokenJSON = good
        let n = Int(good[0]) | Int(good[1]) << 8
        brokenJSON[8 + n / 2] = UInt8(ascii: "}")
        expectError(brokenJSON, contains: ["JSON"])
        expectError(Data("not a model at all, just some text".utf8), contains: ["header length"])
    }

    @Test func tensorLevelErrorsNameTheTensor() throws {
        func file(_ tensors: [(String, [Int], [Double])]) -> Data {
            Safetensors.encode(tensors.map { (name: $0.0, shape: $0.1, values: $0.2) })
        }
        let H = 2, I = 3
        func lstm(dropping: String? = nil, reshaping: String? = nil, extra: String? = nil) -> Data {
            var t: [(String, [Int], [Double])] = [
                ("weight_ih_l0", [4 * H, I], .init(repeating: 0.1, count: 4 * H * I)),
                ("weight_hh_l0", [4 * H, H], .init(repeating: 0.1, count: 4 * H * H)),
                ("bias_ih_l0", [4 * H], .init(repeating: 0, count: 4 * H)),
                ("bias_hh_l0", [4 * H], .init(repeating: 0, count: 4 * H)),
            ]
            t.removeAll { $0.0 == dropping }
            if let r = reshaping, let i = t.firstIndex(where: { $0.0 == r }) { t[i].1 = [1, t[i].2.count] }
            if let e = extra { t.append((e, [1], [0])) }
            return file(t)
        }
        expectError(lstm(dropping: "weight_hh_l0"), contains: ["weight_hh_l0", "missing"])
        expectError(lstm(dropping: "bias_hh_l0"), contains: ["bias_hh_l0", "missing"])
        expectError(lstm(reshaping: "bias_ih_l0"), contains: ["bias_ih_l0", "shape [1, 8], expected [8]"])
        expectError(lstm(reshaping: "weight_ih_l0"), contains: ["weight_ih_l0", "shape"])
        expectError(lstm(extra: "weight_ih_l0_reverse"), contains: ["bidirectional"])
        expectError(lstm(extra: "something_else"), contains: ["something_else", "unexpected"])
        // A GRU's state_dict (3H rows) does not fit an LSTM (4H rows).
        expectError(
            file([("weight_hh_l0", [6, 2], .init(repeating: 0, count: 12))]), contains: ["weight_hh_l0", "[4·H, H]"])
        // Unsupported dtype.
        // A file with a hand-written header: 8-byte little-endian length, the JSON, zeroed data.
        func raw(_ header: String, dataBytes: Int) -> Data {
            var d = Data()
            var n = UInt64(header.utf8.count).littleEndian
            withUnsafeBytes(of: &n) { d.append(contentsOf: $0) }
            d.append(Data(header.utf8))
            d.append(Data(count: dataBytes))
            return d
        }
        expectError(
            raw(#"{"weight_hh_l0":{"dtype":"I64","shape":[8,2],"data_offsets":[0,128]}}"#, dataBytes: 128),
            contains: ["weight_hh_l0", "unsupported dtype I64", "F64, F32, F16 or BF16"])
        // Offsets that do not match the shape.
        expectError(
            raw(#"{"weight_hh_l0":{"dtype":"F64","shape":[8,2],"data_offsets":[0,8]}}"#, dataBytes: 8),
            contains: ["weight_hh_l0", "data_offsets"])
    }

    @Test func inputFileErrors() throws {
        let net = RecurrentNetwork(cell: .gru(.resetAfter), inputSize: 3, hiddenSize: 2, layerCount: 2)
        func check(_ tensors: [(String, [Int], [Double])], _ part: String) {
            let t = try! Safetensors.parse(
                Safetensors.encode(tensors.map { (name: $0.0, shape: $0.1, values: $0.2) }), file: "in.safetensors")
            #expect(throws: ModelImportError.self) {
                try PyTorchImport.inputs(tensors: t, file: "in.safetensors", for: net)
            }
            do { _ = try PyTorchImport.inputs(tensors: t, file: "in.safetensors", for: net) } catch {
                #expect("\(error)".contains(part), "\(error)")
            }
        }
        check([("x", [1], [0])], "missing tensor 'input'")
        check([("input", [2, 3], .init(repeating: 0, count: 6))], "(T, B, 3)")
        check([("input", [2, 1, 4], .init(repeating: 0, count: 8))], "(T, B, 3)")
        check([("input", [1, 1, 3], [0, .nan, 0])], "finite")
        check([("input", [1, 1, 3], [0, 0, 0]), ("h0", [1, 1, 2], [0, 0])], "(L, B, H) = (2, 1, 2)")
        check([("input", [1, 1, 3], [0, 0, 0]), ("c0", [2, 1, 2], [0, 0, 0, 0])], "no cell state")
        let ok = try Safetensors.parse(
            Safetensors.encode([
                (name: "input", shape: [4, 2, 3], values: .init(repeating: 0.5, count: 24)),
                (name: "h0", shape: [2, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8]),
            ]), file: "in")
        let (x, s) = try PyTorchImport.inputs(tensors: ok, file: "in", for: net)
        #expect(x.steps == 4 && x.batchSize == 2)
        #expect(s?[1].hidden.storage == [5, 6, 7, 8])
    }
}

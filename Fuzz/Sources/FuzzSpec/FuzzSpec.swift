import CFuzzer
import Foundation
import Experiments

/// One input: the bytes as an experiment specification, then its configuration count and cost.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = count == 0 ? Data() : Data(bytes: data!, count: count)
    FuzzEntry.spec(bytes)
    return 0
}

@_cdecl("FuzzSpec_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) }
}

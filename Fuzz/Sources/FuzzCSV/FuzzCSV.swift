import CFuzzer
import Foundation
import Experiments

/// One input: the bytes as a CSV file, then validated and summarised as `report` and `inspect` do.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = count == 0 ? Data() : Data(bytes: data!, count: count)
    FuzzEntry.csv(bytes)
    return 0
}

@_cdecl("FuzzCSV_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) }
}

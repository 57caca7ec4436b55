import ArgumentParser
import Recurrent

// The choice options of every command, as types: swift-argument-parser then validates them and
// lists their values in `--help`, and the commands receive typed values, never strings to parse.

extension CellKind: CaseIterable {
    public static var allCases: [CellKind] { CellKind.all }
}

extension CellKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public var defaultValueDescription: String { description }
    public static var allValueStrings: [String] { all.map(\.description) }
}

extension ProbeLoss: ExpressibleByArgument {}
extension StorageFormat: ExpressibleByArgument {}

/// `--init` of `spectrum`: the W_hh initialisations of `NetworkRecipe`.
enum InitChoice: String, CaseIterable, ExpressibleByArgument {
    case pytorch, orthogonal, identity
    case smartTanh = "smart-tanh"
    case gaussian
}

/// `--mode` of `bench`: how two threads are used.
enum BenchMode: String, CaseIterable, ExpressibleByArgument {
    case blas
    case batchSplit = "batch-split"
}

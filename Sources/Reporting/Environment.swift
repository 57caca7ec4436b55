import Foundation

/// GradPath's version, written into every report.
public enum GradPathVersion {
    public static let string = "0.1.0"
}

/// What a report says about where it was made.
public struct RunEnvironment: Sendable {
    public var version = GradPathVersion.string
    /// The BLAS library and its threads (the caller asks LinearAlgebra: Reporting does not link it).
    public var blas: String
    public var blasThreads: Int
    public var cores = ProcessInfo.processInfo.activeProcessorCount
    public var seed: UInt64

    public init(seed: UInt64, blas: String, blasThreads: Int) {
        self.seed = seed
        self.blas = blas
        self.blasThreads = blasThreads
    }

    /// A markdown table of the environment.
    public var markdown: String {
        """
        | | |
        |---|---|
        | GradPath | \(version) |
        | BLAS | \(blas) |
        | BLAS threads | \(blasThreads) |
        | cores | \(cores) |
        | seed | \(seed) |
        """
    }
}

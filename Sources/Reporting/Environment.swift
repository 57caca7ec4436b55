import Foundation
import LinearAlgebra

/// GradPath's version, written into every report.
public enum GradPathVersion {
    public static let string = "0.1.0"
}

/// What a report says about where it was made.
public struct RunEnvironment: Sendable {
    public var version = GradPathVersion.string
    public var blas = BLAS.configuration
    public var blasThreads = BLAS.threads
    public var cores = ProcessInfo.processInfo.activeProcessorCount
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

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

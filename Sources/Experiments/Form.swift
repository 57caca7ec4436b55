/// Which form of an experiment runs: the standard form (what `make run` commits), the small
/// `quick` form the tests run in seconds, or the `full` form at a paper's published scale, which
/// may need hours and is meant to be sharded (`--shard`, `gradpath merge`).
public enum Form: String, Sendable, CaseIterable, Equatable {
    case standard
    case quick
    case full

    /// The spec's key for this form's overrides (nil for the standard form).
    public var key: String? { self == .standard ? nil : rawValue }
    /// The CLI flag that selects this form.
    public var flag: String { self == .standard ? "" : "--\(rawValue)" }
}

/// What a `quick` or `full` form changes: parameters and grid keys replace those of the standard
/// form (a grid key replaces that key's values only; the others keep theirs); seeds replace the
/// seed list; cases, when given, replace the case list (a full form with settings the standard
/// form leaves out for the main job's budget); a full form states its own expected runtime.
public struct FormOverride: Sendable {
    public var parameters: [String: ParameterValue] = [:]
    public var grid: [(String, [ParameterValue])]? = nil
    public var seeds: [UInt64]? = nil
    public var cases: [[String: ParameterValue]]? = nil
    public var expectedRuntimeSeconds: Double? = nil

    public init(
        parameters: [String: ParameterValue] = [:], grid: [(String, [ParameterValue])]? = nil,
        seeds: [UInt64]? = nil, expectedRuntimeSeconds: Double? = nil
    ) {
        self.parameters = parameters
        self.grid = grid
        self.seeds = seeds
        self.expectedRuntimeSeconds = expectedRuntimeSeconds
    }
}

extension ExperimentSpec {
    /// The overrides of `form`, if the spec has that form.
    public func override(_ form: Form) -> FormOverride? { form == .standard ? nil : forms[form] }

    /// The seed list of `form`.
    public func seeds(_ form: Form) -> [UInt64] { override(form)?.seeds ?? seeds }

    /// The case list of `form`.
    public func cases(_ form: Form) -> [[String: ParameterValue]] { override(form)?.cases ?? cases }

    /// The parameters of `form` before the grid and cases apply.
    public func baseParameters(_ form: Form) -> [String: ParameterValue] {
        var p = parameters
        if let o = override(form) { p.merge(o.parameters) { _, q in q } }
        return p
    }

    /// The expected runtime of `form` on 2 cores: the full form's own, else the spec's.
    public func expectedRuntimeSeconds(_ form: Form) -> Double {
        override(form)?.expectedRuntimeSeconds ?? expectedRuntimeSeconds
    }
}

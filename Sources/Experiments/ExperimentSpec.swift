import Formats
import Foundation
import Statistics
import Recurrent
import Reporting

/// An error in an experiment specification: one line naming the file, the field (as a path such
/// as `grid.sigma_max[2]`) and what is allowed.
public struct SpecError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var message: String
    public var description: String { field.isEmpty ? "\(file): \(message)" : "\(file): field '\(field)': \(message)" }
}

/// A parameter value of an experiment.
public enum ParameterValue: Sendable, Equatable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)

    public var description: String {
        switch self {
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        case .text(let s): return s
        case .flag(let b): return b ? "true" : "false"
        }
    }
    public var number: Double? { if case .number(let x) = self { return x }; return nil }
    public var text: String? { if case .text(let s) = self { return s }; return nil }
    public var flag: Bool? { if case .flag(let b) = self { return b }; return nil }
}

/// The experiment runners a spec can name.
public enum ExperimentKind: String, Sendable, CaseIterable {
    case seedTable = "seed-table"
    case gradientFlow = "gradient-flow"
    case clipping = "clipping-modes"
    case cliff = "cliff"
    case training = "training"
    case precision = "precision"
    case sequentialJacobian = "sequential-jacobian"
    case stackedFlow = "stacked-flow"
    case feedforward = "feedforward"
}

/// A published claim an experiment reproduces.
public struct Claim: Sendable, Equatable {
    public var claim: String
    public var published: String
    public var source: String
    /// The name of a measurement the report computes for this claim (e.g. `ratio:1.01`,
    /// `bound-never-broken`); shown beside the published value.
    public var check: String?
    /// What the claim says about that measurement's 95% interval (`{"above": x}` or
    /// `{"below": x}`), from which the report's verdict follows: holds, contradicted or
    /// inconclusive. Written in the spec before the experiment runs.
    public var expect: Comparison?

    public init(claim: String, published: String, source: String, check: String? = nil, expect: Comparison? = nil) {
        self.claim = claim
        self.published = published
        self.source = source
        self.check = check
        self.expect = expect
    }
}

/// One experiment, as read from `experiments/NAME.json`:
///
/// ```json
/// { "name": "vanishing-sweep", "title": "…", "question": "…",
///   "claims": [{"claim": "…", "published": "…", "source": "…"}],
///   "expected_runtime_seconds": 10, "kind": "gradient-flow",
///   "parameters": {"steps": 200, "hidden_size": 128},
///   "grid": {"cell": ["rnn-tanh", "rnn-sigmoid"], "sigma_max": [0.5, 1, 2]},
///   "cases": [{"cell": "lstm", "hidden_size": 62}],
///   "seeds": [1, 2],
///   "report": ["bound-vs-observed"],
///   "quick": {"parameters": {"steps": 50}, "seeds": [1]} }
/// ```
///
/// The configurations are the Cartesian product of `grid` (keys in file order), times `cases`
/// (each a set of parameters that go together), times `seeds`; `parameters` are shared by all.
/// Unknown keys anywhere are errors.
public struct ExperimentSpec: Sendable {
    public var file: String
    public var name: String
    public var title: String
    public var question: String
    public var claims: [Claim]
    /// How the experiment was designed and, where an earlier design was replaced, what changed and
    /// why (each reason stated without reference to the result): the report prints it under the
    /// question.
    public var design: [String] = []
    public var expectedRuntimeSeconds: Double
    public var kind: ExperimentKind
    public var parameters: [String: ParameterValue]
    /// (parameter, values) in file order.
    public var grid: [(String, [ParameterValue])]
    public var cases: [[String: ParameterValue]]
    public var seeds: [UInt64]
    public var report: [String]
    /// Overrides of the `quick` and `full` forms (`Form`, `FormOverride`).
    public var forms: [Form: FormOverride]

    /// Report sections a spec may ask for.
    public static let reportSections = [
        "seed-table", "bound-vs-observed", "explosion-onset", "cell-highway", "gru-gates",
        "cell-comparison", "spectra", "clipping", "cliff",
        "training-summary", "accuracy-vs-gap", "clipping-training", "adding-mse", "temporal-order",
        "learning-curves", "success-rates", "exploding-regime", "precision-underflow", "sequential-jacobian",
        "stacked-flow", "feedforward",
    ]

    /// Largest spec file read (a spec is a few kilobytes).
    public static let maxFileBytes = 4 << 20
    /// Most configurations one experiment may have (each is held in memory while it runs).
    public static let maxConfigurations = 100_000

    /// Reads and validates the spec at `path`.
    public static func load(_ path: String) throws -> ExperimentSpec {
        let data: Data
        do { data = try FileInput.read(path, maxBytes: maxFileBytes) } catch let e as FileInputError {
            throw SpecError(file: path, field: "", message: e.message)
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws -> ExperimentSpec {
        func fail(_ field: String, _ m: String) -> SpecError { SpecError(file: file, field: field, message: m) }
        let json: JSONValue
        do { json = try JSON.parse(data) } catch let e as JSONError { throw fail("", "not valid JSON: \(e)") }
        guard let topMembers = json.object else {
            throw fail("", "expected a JSON object at the top level, found \(json.brief)")
        }
        let top = Dictionary(topMembers, uniquingKeysWith: { a, _ in a })
        let topKeys = [
            "name", "title", "question", "design", "claims", "expected_runtime_seconds", "kind", "parameters", "grid",
            "cases",
            "seeds", "report", "quick", "full",
        ]
        try unknownKeys(topMembers, allowed: topKeys, path: "", fail)
        func string(_ key: String) throws -> String {
            guard let v = top[key] else { throw fail(key, "missing; expected a string") }
            guard let s = v.string, !s.isEmpty else { throw fail(key, "expected a non-empty string, found \(v.brief)") }
            return s
        }
        let name = try string("name")
        guard name.count <= 100, name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
            name.first.map({ ("a"..."z").contains($0) }) == true
        else {
            throw fail(
                "name",
                """
                '\(SafeName.printable(name))' must be lowercase ASCII letters, digits and '-', starting with a\
                 letter (at most 100)
                """
            )
        }
        let kindName = try string("kind")
        guard let kind = ExperimentKind(rawValue: kindName) else {
            throw fail(
                "kind",
                """
                '\(SafeName.printable(kindName))' is not a kind; expected one of\
                 \(ExperimentKind.allCases.map(\.rawValue).joined(separator: ", "))
                """
            )
        }
        guard let rtValue = top["expected_runtime_seconds"] else {
            throw fail("expected_runtime_seconds", "missing; expected a number of seconds")
        }
        guard let rt = rtValue.number, rt > 0, rt <= 86_400 else {
            throw fail(
                "expected_runtime_seconds",
                "\(rtValue.brief) is not allowed; expected a number of seconds from 0 (exclusive) to 86400")
        }
        var design: [String] = []
        if let d = top["design"] {
            guard let list = d.array else { throw fail("design", "expected a list of non-empty strings") }
            for (i, item) in list.enumerated() {
                guard let text = item.string, !text.isEmpty else {
                    throw fail("design[\(i)]", "expected a non-empty string, found \(item.brief)")
                }
                design.append(text)
            }
        }
        var claims: [Claim] = []
        if let c = top["claims"] {
            guard let list = c.array else {
                throw fail("claims", "expected a list of {claim, published, source} objects")
            }
            for (i, item) in list.enumerated() {
                guard let members = item.object else {
                    throw fail("claims[\(i)]", "expected an object with claim, published, source")
                }
                try unknownKeys(
                    members, allowed: ["claim", "published", "source", "check", "expect"], path: "claims[\(i)].",
                    fail)
                func field(_ k: String) throws -> String {
                    guard let s = item[k]?.string, !s.isEmpty else {
                        throw fail("claims[\(i)].\(k)", "expected a non-empty string")
                    }
                    return s
                }
                if let check = item["check"], check.string == nil {
                    throw fail("claims[\(i)].check", "expected the name of a measurement")
                }
                var expect: Comparison? = nil
                if let e = item["expect"] {
                    let shape = """
                        expected {"above": number}, {"below": number}, {"above_measurement": name} or\
                         {"below_measurement": name}
                        """
                    guard let m = e.object, m.count == 1 else { throw fail("claims[\(i)].expect", shape) }
                    let (key, value) = m[0]
                    switch (key, value.number, value.string) {
                    case ("above", let v?, _) where v.isFinite: expect = .above(v)
                    case ("below", let v?, _) where v.isFinite: expect = .below(v)
                    case ("above_measurement", _, let name?) where !name.isEmpty: expect = .aboveMeasurement(name)
                    case ("below_measurement", _, let name?) where !name.isEmpty: expect = .belowMeasurement(name)
                    default: throw fail("claims[\(i)].expect.\(SafeName.printable(key))", shape)
                    }
                    if item["check"] == nil {
                        throw fail("claims[\(i)].expect", "needs a check: the measurement whose interval it judges")
                    }
                }
                claims.append(
                    Claim(
                        claim: try field("claim"), published: try field("published"), source: try field("source"),
                        check: item["check"]?.string, expect: expect))
            }
        }
        let catalogue = kind.parameters
        func value(_ v: JSONValue, _ key: String, _ path: String) throws -> ParameterValue {
            guard let k = catalogue[key]?.kind else {
                throw fail(
                    path,
                    """
                    unknown parameter '\(SafeName.printable(key))' for kind \(kind.rawValue); expected one of\
                     \(catalogue.keys.sorted().joined(separator: ", "))
                    """
                )
            }
            switch k {
            case .integer(let r):
                guard let x = v.number, x == x.rounded(), let n = Int(exactly: x), r.contains(n) else {
                    throw fail(path, "\(v.brief) is not allowed; expected \(k.allowed)")
                }
                return .number(x)
            case .number(let r):
                guard let x = v.number, r.contains(x) else {
                    throw fail(path, "\(v.brief) is not allowed; expected \(k.allowed)")
                }
                return .number(x)
            case .choice(let c):
                guard let s = v.string, c.contains(s) else {
                    throw fail(path, "\(v.brief) is not allowed; expected \(k.allowed)")
                }
                return .text(s)
            case .flag:
                guard let b = v.bool else { throw fail(path, "\(v.brief) is not allowed; expected \(k.allowed)") }
                return .flag(b)
            case .name:
                guard let s = v.string, ParameterKind.isName(s) else {
                    throw fail(path, "\(v.brief) is not allowed; expected \(k.allowed)")
                }
                return .text(s)
            }
        }
        func parameterObject(_ any: JSONValue?, _ path: String) throws -> [String: ParameterValue] {
            guard let any else { return [:] }
            guard let members = any.object else {
                throw fail(path, "expected an object of parameters, found \(any.brief)")
            }
            var out: [String: ParameterValue] = [:]
            for (k, v) in members { out[k] = try value(v, k, path.isEmpty ? k : "\(path).\(k)") }
            return out
        }
        func gridObject(_ any: JSONValue?, _ path: String) throws -> [(String, [ParameterValue])]? {
            guard let any else { return nil }
            guard let members = any.object else {
                throw fail(path, "expected an object mapping parameters to lists of values")
            }
            // The file's key order is the parsed order: the first key varies slowest.
            return try members.map { k, v in
                guard catalogue[k] != nil else {
                    throw fail(
                        "\(path).\(k)",
                        """
                        unknown parameter '\(SafeName.printable(k))' for kind \(kind.rawValue); expected one of\
                         \(catalogue.keys.sorted().joined(separator: ", "))
                        """
                    )
                }
                guard let list = v.array, !list.isEmpty else {
                    throw fail("\(path).\(k)", "expected a non-empty list of values")
                }
                return (k, try list.enumerated().map { try value($0.element, k, "\(path).\(k)[\($0.offset)]") })
            }
        }
        func seedList(_ any: JSONValue?, _ path: String) throws -> [UInt64]? {
            guard let any else { return nil }
            guard let list = any.array, !list.isEmpty else {
                throw fail(path, "expected a non-empty list of integers from 0 to 2^53")
            }
            return try list.enumerated().map { i, v in
                guard let x = v.number, x >= 0, x <= 9_007_199_254_740_992, x == x.rounded() else {
                    throw fail("\(path)[\(i)]", "\(v.brief) is not allowed; expected an integer from 0 to 2^53")
                }
                return UInt64(x)
            }
        }
        let parameters = try parameterObject(top["parameters"], "parameters")
        let grid = try gridObject(top["grid"], "grid") ?? []
        var cases: [[String: ParameterValue]] = []
        if let c = top["cases"] {
            guard let list = c.array, !list.isEmpty else {
                throw fail("cases", "expected a non-empty list of parameter objects")
            }
            cases = try list.enumerated().map { try parameterObject($0.element, "cases[\($0.offset)]") }
        }
        let seeds = try seedList(top["seeds"], "seeds") ?? [0]
        var report: [String] = []
        if let r = top["report"] {
            guard let list = r.array else { throw fail("report", "expected a list of section names") }
            for (i, item) in list.enumerated() {
                guard let s = item.string, reportSections.contains(s) else {
                    throw fail(
                        "report[\(i)]",
                        "\(item.brief) is not a section; expected one of \(reportSections.joined(separator: ", "))")
                }
                let trainingSections = [
                    "training-summary", "accuracy-vs-gap", "clipping-training", "adding-mse", "temporal-order",
                    "learning-curves", "success-rates", "exploding-regime",
                ]
                let probeSections: [String: ExperimentKind] = [
                    "precision-underflow": .precision, "sequential-jacobian": .sequentialJacobian,
                    "stacked-flow": .stackedFlow, "feedforward": .feedforward,
                ]
                let needs: [ExperimentKind] =
                    probeSections[s].map { [$0] }
                    ?? (s == "seed-table"
                        ? [.seedTable]
                        : s == "cliff"
                            ? [.cliff]
                            : s == "clipping"
                                ? [.clipping]
                                : trainingSections.contains(s) ? [.training] : [.gradientFlow, .clipping])
                guard needs.contains(kind) else {
                    throw fail(
                        "report[\(i)]",
                        """
                        section '\(s)' needs kind \(needs.map(\.rawValue).joined(separator: " or ")), not\
                         \(kind.rawValue)
                        """
                    )
                }
                report.append(s)
            }
        }
        var forms: [Form: FormOverride] = [:]
        for form in [Form.quick, .full] {
            let key = form.rawValue
            guard let q = top[key] else { continue }
            let allowed =
                ["parameters", "grid", "seeds", "cases"] + (form == .full ? ["expected_runtime_seconds"] : [])
            guard let members = q.object else {
                throw fail(key, "expected an object with \(allowed.joined(separator: ", "))")
            }
            try unknownKeys(members, allowed: allowed, path: "\(key).", fail)
            var o = FormOverride()
            o.parameters = try parameterObject(q["parameters"], "\(key).parameters")
            o.grid = try gridObject(q["grid"], "\(key).grid")
            o.seeds = try seedList(q["seeds"], "\(key).seeds")
            if let c = q["cases"] {
                guard let list = c.array, !list.isEmpty else {
                    throw fail("\(key).cases", "expected a non-empty list of parameter objects")
                }
                o.cases = try list.enumerated().map { try parameterObject($0.element, "\(key).cases[\($0.offset)]") }
            }
            if form == .full {
                guard let v = q["expected_runtime_seconds"], let s = v.number, s.isFinite, s > 0 else {
                    throw fail(
                        "full.expected_runtime_seconds",
                        "missing or not a positive number; a full form states its expected cost on 2 cores")
                }
                o.expectedRuntimeSeconds = s
            }
            forms[form] = o
        }
        var spec = ExperimentSpec(
            file: file, name: name, title: try string("title"), question: try string("question"), claims: claims,
            expectedRuntimeSeconds: rt, kind: kind, parameters: parameters, grid: grid, cases: cases,
            seeds: seeds, report: report, forms: forms
        )
        spec.design = design
        for form in Form.allCases where form == .standard || forms[form] != nil {
            let suffix = form == .standard ? "" : " with \(form.flag)"
            // Counted, never enumerated: a grid of 10 keys × 10 values is refused at once.
            let count = spec.configurationCount(form: form, seedOverride: nil)
            guard let count, count <= maxConfigurations else {
                throw fail(
                    form.key.map { "\($0).grid" } ?? "grid",
                    """
                    \(count.map { "\($0)" } ?? "more than 2^63") configurations\(suffix),\
                     more than the limit of \(maxConfigurations); split the sweep into several experiments
                    """
                )
            }
            // Every configuration must be complete and consistent for its runner. The checks read
            // only a few parameters' values, so one configuration per combination of those suffices.
            for c in spec.validationConfigurations(form: form) {
                if let problem = kind.check(c.parameters) {
                    throw fail(
                        problem.field,
                        "\(problem.message) (in configuration \(c.name)\(form == .standard ? "" : ", \(form.flag)"))")
                }
            }
        }
        return spec
    }

    static func unknownKeys(
        _ members: [(String, JSONValue)], allowed: [String], path: String, _ fail: (String, String) -> SpecError
    ) throws {
        for (k, _) in members where !allowed.contains(k) {
            throw fail(
                "\(path)\(SafeName.printable(k))", "unknown field; expected one of \(allowed.joined(separator: ", "))")
        }
    }
}

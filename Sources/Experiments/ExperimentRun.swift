import Formats
import Foundation
import LinearAlgebra
import Reporting

/// Runs one experiment (or one shard of it) into `out/<name>/`, and merges shards.
///
/// Every write replaces a whole folder through `FolderSwap`, so an interrupted or failing run
/// leaves the previous report intact and nothing outside the experiment's folder is touched. A shard writes its CSV
/// files
/// and a copy of the spec into `<name>/shard-i-of-n/`; `merge` concatenates the shards' tables
/// (rows sorted by configuration, as an unsharded run writes them) and builds the report.
public struct ExperimentRun {
    public var spec: ExperimentSpec
    public var form: Form
    public var seedOverride: UInt64?
    public var shard: Shard?
    /// Whether the per-step tables are thinned (the default) or written in full.
    public var rows: RecordedRows

    public init(
        spec: ExperimentSpec, form: Form = .standard, seedOverride: UInt64? = nil, shard: Shard? = nil,
        rows: RecordedRows = .thinned
    ) {
        self.spec = spec
        self.form = form
        self.seedOverride = seedOverride
        self.shard = shard
        self.rows = rows
    }

    var seeds: [UInt64] { seedOverride.map { [$0] } ?? spec.seeds(form) }

    /// The configurations this run measures: the whole experiment, or its shard of a split balanced
    /// by expected cost (`Shard.plan`, `CostEstimate.work`).
    public func configurations() -> (all: [Configuration], mine: [Configuration]) {
        let all = spec.configurations(form: form, seedOverride: seedOverride)
        guard let shard else { return (all, all) }
        let plan = Shard.plan(costs: all.map { CostEstimate.work(spec.kind, $0) }, count: shard.count)
        return (all, all.indices.filter { plan[$0] == shard.index - 1 }.map { all[$0] })
    }

    /// Refuses, before anything is allocated, a run whose configurations or memory exceed the limits.
    public func checkCost(memory: MemoryLimit, workers: Int = ExperimentRunner.defaultWorkers) throws {
        let count = spec.configurationCount(form: form, seedOverride: seedOverride)
        guard let count, count <= ExperimentSpec.maxConfigurations else {
            throw CostError(
                message:
                    """
                    \(spec.name): \(count.map(String.init) ?? "more than 2^63") configurations, more than the\
                     limit of \(ExperimentSpec.maxConfigurations)
                    """
            )
        }
        if let shard, shard.count > count {
            throw CostError(
                message:
                    """
                    \(spec.name): --shard \(shard): the experiment has \(count)\
                     configuration\(count == 1 ? "" : "s"), fewer than \(shard.count) shards
                    """
            )
        }
        let mine = configurations().mine
        try memory.check(
            CostEstimate.run(spec.kind, mine, workers: workers),
            """
            \(spec.name)\(shard.map { " (shard \($0))" } ?? ""): \(mine.count)\
             configuration\(mine.count == 1 ? "" : "s")
            """
        )
    }

    /// Runs and writes; returns the folder written and the report's measurements.
    @discardableResult
    public func run(
        into out: URL, memory: MemoryLimit = MemoryLimit(bytes: .infinity, origin: "no limit"),
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> (URL, [String: String]) {
        try checkCost(memory: memory)
        let (all, mine) = configurations()
        // A shard keeps its empty tables (with their header), so that every shard of a sweep holds
        // the same files and `merge` can tell a complete set from an incomplete one.
        let tables = try ExperimentRunner.measure(
            spec, mine, allConfigs: all, keepEmpty: shard != nil, rows: rows, progress: progress)
        let target = out.appendingPathComponent(spec.name)
        if let shard {
            try AtomicFile.createDirectory(target)
            let dir = target.appendingPathComponent(shard.folderName)
            try FolderSwap.replace(dir) { tmp in
                for (name, t) in tables { try tmp.write(t.text, to: name) }
                try Self.writeSpecCopy(spec, form: form, seeds: seeds, rows: rows, to: tmp)
            }
            return (dir, [:])
        }
        var measurements: [String: String] = [:]
        try FolderSwap.replace(target, carry: Self.isShardFolder) { tmp in
            for (name, t) in tables { try tmp.write(t.text, to: name) }
            try Self.writeSpecCopy(spec, form: form, seeds: seeds, rows: rows, to: tmp)
            var builder = try ReportBuilder(spec: spec, folder: tmp.url, form: form, seeds: seeds)
            measurements = try builder.write()
        }
        return (target, measurements)
    }

    static func isShardFolder(_ name: String) -> Bool { name.hasPrefix("shard-") }

    /// `experiment.json`: the spec as run, so `merge` and readers know what made the files.
    static func writeSpecCopy(
        _ spec: ExperimentSpec, form: Form, seeds: [UInt64], rows: RecordedRows, to dir: OutputFolder
    ) throws {
        let original = (try? FileInput.read(spec.file, maxBytes: ExperimentSpec.maxFileBytes)) ?? Data()
        var text = String(decoding: original, as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        try dir.write(text, to: "experiment.json")
        // The BLAS thread count of the run, for the report's environment (a report rebuilt later
        // must state what the numbers were computed with, not what the rebuilding process uses).
        try dir.write(
            """
            {\"form\": \"\(form.rawValue)\", \"seeds\": [\(seeds.map(String.init).joined(separator: ", "))],\
             \"blas_threads\": \(BLAS.threads), \"blas_core\": \"\(SafeName.printable(BLAS.core))\",\
             \"rows\": \"\(rows.rawValue)\"}\n
            """,
            to: "run.json")
    }

    /// The OpenBLAS kernels a folder's `run.json` records (nil in a folder written before they were).
    static func recordedCore(_ dir: URL) -> String? {
        guard let d = try? FileInput.read(dir.appendingPathComponent("run.json").path, maxBytes: 1 << 20),
            let json = try? JSON.parse(d)
        else { return nil }
        return json["blas_core"]?.string
    }

    /// Reads how a folder was run (`run.json`).
    /// A folder written before `rows` was recorded holds every row.
    /// A folder written before `form` was recorded has `"quick": true or false` instead.
    static func runInfo(_ dir: URL) throws -> (form: Form, seeds: [UInt64], rows: RecordedRows) {
        let url = dir.appendingPathComponent("run.json")
        let malformed =
            """
            missing or malformed; expected {"form": "standard", "quick" or "full", "seeds": [integers],\
             "blas_threads": n,\
             "rows": "thinned" or "all"}
            """
        let data: Data
        do { data = try FileInput.read(url.path, maxBytes: 1 << 20) } catch let e as FileInputError {
            throw SpecError(file: url.path, field: "", message: "\(e.message); \(malformed)")
        }
        let json: JSONValue
        do { json = try JSON.parse(data) } catch let e as JSONError {
            throw SpecError(file: url.path, field: "", message: "not valid JSON: \(e)")
        }
        let form: Form? =
            json["form"].map { $0.string.flatMap(Form.init(rawValue:)) }
            ?? json["quick"]?.bool.map {
                $0 ? .quick : .standard
            }
        guard let form, let list = json["seeds"]?.array, !list.isEmpty else {
            throw SpecError(file: url.path, field: "", message: malformed)
        }
        let seeds = list.compactMap(\.unsigned)
        guard seeds.count == list.count else {
            throw SpecError(file: url.path, field: "seeds", message: "expected integers from 0 to 2^64 − 1")
        }
        var rows = RecordedRows.all
        if let r = json["rows"] {
            guard let text = r.string, let parsed = RecordedRows(rawValue: text) else {
                throw SpecError(file: url.path, field: "rows", message: "expected \"thinned\" or \"all\"")
            }
            rows = parsed
        }
        return (form, seeds, rows)
    }

    /// Reads and parses an experiment folder's `experiment.json`.
    static func specCopy(_ url: URL) throws -> (Data, ExperimentSpec) {
        let data: Data
        do { data = try FileInput.read(url.path, maxBytes: ExperimentSpec.maxFileBytes) } catch let e as FileInputError
        {
            throw SpecError(
                file: url.path, field: "",
                message: "\(e.message); expected an experiment folder written by `gradpath run`")
        }
        var spec = try ExperimentSpec.parse(data, file: url.path)
        spec.file = url.path
        return (data, spec)
    }

    /// Rebuilds `report.md` and the plots of an experiment folder from its CSV files, `experiment.json`
    /// and `run.json` alone (after a change to the report code, or to re-render a copied folder).
    /// The folder is replaced as a whole, like a run's: a failure leaves it as it was.
    @discardableResult
    public static func rebuildReport(_ dir: URL) throws -> (ExperimentSpec, [String: String]) {
        let (_, spec) = try specCopy(dir.appendingPathComponent("experiment.json"))
        let info = try runInfo(dir)
        let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".csv") || $0 == "experiment.json" || $0 == "run.json" }.sorted()
        var measurements: [String: String] = [:]
        // Read and validate in place (messages name the user's folder), write into the new one.
        var builder = try ReportBuilder(spec: spec, folder: dir, form: info.form, seeds: info.seeds)
        try FolderSwap.replace(dir, carry: isShardFolder) { tmp in
            for f in inputs {
                let data: Data
                do {
                    data = try FileInput.read(dir.appendingPathComponent(f).path, maxBytes: CSVData.maxFileBytes)
                } catch let e as FileInputError { throw CSVError(file: e.file, message: e.message) }
                try tmp.write(data, to: f)
            }
            builder.output = tmp.url
            measurements = try builder.write()
        }
        return (spec, measurements)
    }

    /// At most `limit` names, then how many more: `a, b, c and 4 more`.
    static func listed(_ names: [String], total: Int? = nil, limit: Int = 3) -> String {
        let n = total ?? names.count
        let shown = names.prefix(limit).joined(separator: ", ")
        return n > limit ? "\(shown) and \(n - min(limit, names.count)) more" : shown
    }

    /// Merges `dir/shard-*-of-n/` into `dir/`: every shard must be present, hold the same files and
    /// be made by the same spec and options. The folder is replaced as a whole (shards kept).
    @discardableResult
    public static func merge(_ dir: URL) throws -> (ExperimentSpec, [String: String]) {
        let fm = FileManager.default
        func fail(_ path: String, _ m: String) -> SpecError { SpecError(file: path, field: "", message: m) }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw fail(
                dir.path,
                fm.fileExists(atPath: dir.path)
                    ? "is a file; expected an experiment folder holding shard-i-of-n folders" : "no such folder")
        }
        let names = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter(isShardFolder).sorted()
        guard !names.isEmpty else {
            throw fail(dir.path, "no shard-i-of-n folders to merge (run with --shard i/n first)")
        }
        var parsed: [(name: String, shard: Shard)] = []
        for name in names {
            guard let s = Shard(folderName: name) else {
                throw fail(dir.appendingPathComponent(name).path, "expected a folder named shard-i-of-n with 1 ≤ i ≤ n")
            }
            parsed.append((name, s))
        }
        let counts = Array(Set(parsed.map(\.shard.count))).sorted()
        guard counts.count == 1, let n = counts.first else {
            throw fail(
                dir.path,
                """
                shards of different sweeps: \(listed(counts.map { "\($0) shards" })) (remove the folders of the\
                 old sweep)
                """
            )
        }
        let present = Set(parsed.map(\.shard.index))
        if present.count < n {
            var missing: [String] = []
            var i = 1
            while missing.count < 3 && i <= n {
                if !present.contains(i) { missing.append(Shard(index: i, count: n).folderName) }; i += 1
            }
            throw fail(dir.path, "incomplete set: missing \(listed(missing, total: n - present.count)) of \(n) shards")
        }
        let shardDirs = parsed.sorted { $0.shard.index < $1.shard.index }.map { dir.appendingPathComponent($0.name) }
        let (specText, firstSpec) = try specCopy(shardDirs[0].appendingPathComponent("experiment.json"))
        var spec = firstSpec
        let info = try runInfo(shardDirs[0])
        let runText = try FileInput.read(shardDirs[0].appendingPathComponent("run.json").path, maxBytes: 1 << 20)
        var files: [URL: [String]] = [:]
        for sd in shardDirs {
            let other = try specCopy(sd.appendingPathComponent("experiment.json")).0
            guard other == specText, try runInfo(sd) == info else {
                throw fail(
                    sd.path,
                    "made by a different experiment specification or run options than \(shardDirs[0].lastPathComponent)"
                )
            }
            // Kernels for different CPUs round differently: merged shards would match no single run.
            let core = recordedCore(sd), firstCore = recordedCore(shardDirs[0])
            guard core == firstCore else {
                throw fail(
                    sd.path,
                    """
                    computed with OpenBLAS's \(core ?? "unrecorded") kernels, \(shardDirs[0].lastPathComponent) with\
                     \(firstCore ?? "unrecorded") ones (set OPENBLAS_CORETYPE alike on every machine, as the Makefile does)
                    """)
            }
            files[sd] = ((try? fm.contentsOfDirectory(atPath: sd.path)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        }
        let union = Set(files.values.joined())
        for sd in shardDirs {
            let lacking = union.subtracting(files[sd] ?? []).sorted()
            if !lacking.isEmpty {
                throw fail(
                    sd.path,
                    """
                    incomplete set: this shard lacks \(listed(lacking)) that other shards have (was its run\
                     interrupted? run it again)
                    """
                )
            }
        }
        var merged: [String: CSVData] = [:]
        for sd in shardDirs {
            for f in files[sd] ?? [] {
                let t = try CSVData.read(sd.appendingPathComponent(f))
                if var m = merged[f] {
                    guard m.columns == t.columns else {
                        throw CSVError(
                            file: sd.appendingPathComponent(f).path, message: "columns differ from the other shards")
                    }
                    m.rows += t.rows
                    merged[f] = m
                } else {
                    merged[f] = t
                }
            }
        }
        // Rows in configuration order (stable within a configuration), as an unsharded run writes them.
        for (f, var t) in merged {
            if let ci = t.index(of: "config") {
                let keyed = t.rows.enumerated().map { (Int($0.element[ci]) ?? 0, $0.offset, $0.element) }
                t.rows = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                merged[f] = t
            }
        }
        // Tables that are empty in every shard are left out, as in an unsharded run.
        let always: Set = ["gradient_norms.csv", "diagnosis.csv", "nonfinite_events.csv"]
        var measurements: [String: String] = [:]
        try FolderSwap.replace(dir, carry: isShardFolder) { tmp in
            for (f, t) in merged.sorted(by: { $0.key < $1.key }) where !t.rows.isEmpty || always.contains(f) {
                try tmp.write(t.text, to: f)
            }
            try tmp.write(specText, to: "experiment.json")
            try tmp.write(runText, to: "run.json")
            spec.file = tmp.url.appendingPathComponent("experiment.json").path
            var builder = try ReportBuilder(spec: spec, folder: tmp.url, form: info.form, seeds: info.seeds)
            measurements = try builder.write()
        }
        spec.file = dir.appendingPathComponent("experiment.json").path
        return (spec, measurements)
    }
}

/// Finds experiment specifications: by path (anything ending in .json or containing '/'), or by
/// name in the experiments folder.
public struct ExperimentCatalogue: Sendable {
    public var folder: URL

    public init(folder: URL) { self.folder = folder }

    public func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func load(_ nameOrPath: String) throws -> ExperimentSpec {
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") { return try ExperimentSpec.load(nameOrPath) }
        guard !nameOrPath.isEmpty,
            nameOrPath.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else {
            throw SpecError(
                file: SafeName.printable(nameOrPath), field: "",
                message: "not an experiment name (lowercase letters, digits and '-') nor a path to a .json file")
        }
        let path = folder.appendingPathComponent("\(nameOrPath).json").path
        guard FileManager.default.fileExists(atPath: path) else {
            let known = names()
            throw SpecError(
                file: nameOrPath, field: "",
                message:
                    """
                    no experiment of that name in \(folder.relativePath)/; expected one of\
                     \(known.isEmpty ? "(none found)" : known.joined(separator: ", ")), or a path to a .json file
                    """
            )
        }
        let spec = try ExperimentSpec.load(path)
        guard spec.name == nameOrPath else {
            throw SpecError(
                file: path, field: "name", message: "'\(spec.name)' must equal the file name '\(nameOrPath)'")
        }
        return spec
    }
}

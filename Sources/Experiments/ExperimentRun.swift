import Foundation
import LinearAlgebra
import Reporting

/// Runs one experiment (or one shard of it) into `out/<name>/`, and merges shards.
///
/// A full run writes into a temporary sibling folder `.<name>.partial-<pid>` and only then
/// replaces `<name>/` (rename), so an interrupted or failing run leaves the previous report
/// intact and nothing outside the experiment's folder is touched. A shard writes its CSV files
/// and a copy of the spec into `<name>/shard-i-of-n/`; `merge` concatenates the shards' tables
/// (rows sorted by configuration, as an unsharded run writes them) and builds the report.
public struct ExperimentRun {
    public var spec: ExperimentSpec
    public var quick: Bool
    public var seedOverride: UInt64?
    public var shard: Shard?

    public init(spec: ExperimentSpec, quick: Bool = false, seedOverride: UInt64? = nil, shard: Shard? = nil) {
        self.spec = spec
        self.quick = quick
        self.seedOverride = seedOverride
        self.shard = shard
    }

    var seeds: [UInt64] { seedOverride.map { [$0] } ?? (quick ? (spec.quickSeeds ?? spec.seeds) : spec.seeds) }

    /// Runs and writes; returns the folder written and the report's measurements.
    @discardableResult
    public func run(into out: URL, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> (URL, [String: String]) {
        let all = spec.configurations(quick: quick, seedOverride: seedOverride)
        let mine = shard.map { s in all.filter { s.contains($0) } } ?? all
        let tables = try ExperimentRunner.measure(spec, mine, allConfigs: all, progress: progress)
        let target = out.appendingPathComponent(spec.name)
        if let shard {
            let dir = target.appendingPathComponent(shard.folderName)
            try Self.writeFolder(dir) { tmp in
                for (name, t) in tables { try AtomicFile.write(t.text, to: tmp.appendingPathComponent(name)) }
                try Self.writeSpecCopy(spec, quick: quick, seeds: seeds, to: tmp)
            }
            return (dir, [:])
        }
        var measurements: [String: String] = [:]
        try Self.writeFolder(target) { tmp in
            for (name, t) in tables { try AtomicFile.write(t.text, to: tmp.appendingPathComponent(name)) }
            try Self.writeSpecCopy(spec, quick: quick, seeds: seeds, to: tmp)
            var builder = try ReportBuilder(spec: spec, folder: tmp, quick: quick, seeds: seeds)
            measurements = try builder.write()
        }
        return (target, measurements)
    }

    /// Fills a temporary sibling of `dir` with `fill`, then puts it in place of `dir`.
    static func writeFolder(_ dir: URL, _ fill: (URL) throws -> Void) throws {
        let parent = dir.deletingLastPathComponent()
        try AtomicFile.createDirectory(parent)
        let pid = ProcessInfo.processInfo.processIdentifier
        let tmp = parent.appendingPathComponent(".\(dir.lastPathComponent).partial-\(pid)")
        let old = parent.appendingPathComponent(".\(dir.lastPathComponent).old-\(pid)")
        let fm = FileManager.default
        try? fm.removeItem(at: tmp)
        try AtomicFile.createDirectory(tmp)
        do { try fill(tmp) } catch { try? fm.removeItem(at: tmp); throw error }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dir.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                try? fm.removeItem(at: tmp)
                throw ReportError.cannotWrite(path: dir.path, reason: "a file of that name is in the way")
            }
            // Keep shard folders of an earlier sweep with the new report.
            for sub in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where sub.hasPrefix("shard-") {
                try? fm.moveItem(at: dir.appendingPathComponent(sub), to: tmp.appendingPathComponent(sub))
            }
            guard rename(dir.path, old.path) == 0 else {
                try? fm.removeItem(at: tmp)
                throw ReportError.cannotWrite(path: dir.path, reason: String(cString: strerror(errno)))
            }
        }
        guard rename(tmp.path, dir.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old.path, dir.path)
            throw ReportError.cannotWrite(path: dir.path, reason: reason)
        }
        try? fm.removeItem(at: old)
    }

    /// `experiment.json`: the spec as run, so `merge` and readers know what made the files.
    static func writeSpecCopy(_ spec: ExperimentSpec, quick: Bool, seeds: [UInt64], to dir: URL) throws {
        let original = (try? Data(contentsOf: URL(fileURLWithPath: spec.file))) ?? Data()
        var text = String(decoding: original, as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        try AtomicFile.write(text, to: dir.appendingPathComponent("experiment.json"))
        // The BLAS thread count of the run, for the report's environment (a report rebuilt later
        // must state what the numbers were computed with, not what the rebuilding process uses).
        try AtomicFile.write("{\"quick\": \(quick), \"seeds\": [\(seeds.map(String.init).joined(separator: ", "))], \"blas_threads\": \(BLAS.threads)}\n",
                             to: dir.appendingPathComponent("run.json"))
    }

    /// Reads how a folder was run (`run.json`).
    static func runInfo(_ dir: URL) throws -> (quick: Bool, seeds: [UInt64]) {
        let url = dir.appendingPathComponent("run.json")
        guard let data = try? Data(contentsOf: url),
              let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let q = o["quick"] as? Bool, let s = o["seeds"] as? [NSNumber] else {
            throw SpecError(file: url.path, field: "", message: "missing or malformed; expected {\"quick\": bool, \"seeds\": [...]}")
        }
        return (q, s.map { $0.uint64Value })
    }

    /// Rebuilds `report.md` and the plots of an experiment folder from its CSV files, `experiment.json`
    /// and `run.json` alone (after a change to the report code, or to re-render a copied folder).
    @discardableResult
    public static func rebuildReport(_ dir: URL) throws -> (ExperimentSpec, [String: String]) {
        let specURL = dir.appendingPathComponent("experiment.json")
        guard let specText = try? Data(contentsOf: specURL) else {
            throw SpecError(file: specURL.path, field: "", message: "missing; expected an experiment folder written by `gradpath run`")
        }
        var spec = try ExperimentSpec.parse(specText, file: specURL.path)
        spec.file = specURL.path
        let info = try runInfo(dir)
        var builder = try ReportBuilder(spec: spec, folder: dir, quick: info.quick, seeds: info.seeds)
        return (spec, try builder.write())
    }

    /// Merges `dir/shard-*-of-n/` into `dir/`: every shard must be present and made by the same spec.
    @discardableResult
    public static func merge(_ dir: URL) throws -> (ExperimentSpec, [String: String]) {
        let fm = FileManager.default
        let shards = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix("shard-") }.sorted()
        guard let first = shards.first else {
            throw SpecError(file: dir.path, field: "", message: "no shard-i-of-n folders to merge (run with --shard i/n first)")
        }
        let parts = first.split(separator: "-")
        guard parts.count == 4, let n = Int(parts[3]) else { throw SpecError(file: dir.appendingPathComponent(first).path, field: "", message: "expected a folder named shard-i-of-n") }
        let expected = (1...n).map { Shard(index: $0, count: n).folderName }
        let missing = expected.filter { !shards.contains($0) }
        guard missing.isEmpty else { throw SpecError(file: dir.path, field: "", message: "missing \(missing.joined(separator: ", ")) of \(n) shards") }
        let extra = shards.filter { !expected.contains($0) }
        guard extra.isEmpty else { throw SpecError(file: dir.path, field: "", message: "shards of different sweeps: \(extra.joined(separator: ", ")) besides \(n) shards") }
        let specText = try Data(contentsOf: dir.appendingPathComponent(expected[0]).appendingPathComponent("experiment.json"))
        let info = try runInfo(dir.appendingPathComponent(expected[0]))
        for s in expected.dropFirst() {
            let other = try Data(contentsOf: dir.appendingPathComponent(s).appendingPathComponent("experiment.json"))
            guard other == specText, try runInfo(dir.appendingPathComponent(s)) == info else {
                throw SpecError(file: dir.appendingPathComponent(s).path, field: "", message: "made by a different experiment specification or run options than \(expected[0])")
            }
        }
        var spec = try ExperimentSpec.parse(specText, file: dir.appendingPathComponent(expected[0]).appendingPathComponent("experiment.json").path)
        var merged: [String: CSVData] = [:]
        for s in expected {
            let sd = dir.appendingPathComponent(s)
            for f in ((try? fm.contentsOfDirectory(atPath: sd.path)) ?? []).filter({ $0.hasSuffix(".csv") }).sorted() {
                let t = try CSVData.read(sd.appendingPathComponent(f))
                if var m = merged[f] {
                    guard m.columns == t.columns else { throw CSVError(file: sd.appendingPathComponent(f).path, message: "columns differ from the other shards") }
                    m.rows += t.rows
                    merged[f] = m
                } else { merged[f] = t }
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
        for (f, t) in merged { try AtomicFile.write(t.text, to: dir.appendingPathComponent(f)) }
        try AtomicFile.write(String(decoding: specText, as: UTF8.self), to: dir.appendingPathComponent("experiment.json"))
        try AtomicFile.write(try String(contentsOf: dir.appendingPathComponent(expected[0]).appendingPathComponent("run.json"), encoding: .utf8),
                             to: dir.appendingPathComponent("run.json"))
        spec.file = dir.appendingPathComponent("experiment.json").path
        var builder = try ReportBuilder(spec: spec, folder: dir, quick: info.quick, seeds: info.seeds)
        return (spec, try builder.write())
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
        let path = folder.appendingPathComponent("\(nameOrPath).json").path
        guard FileManager.default.fileExists(atPath: path) else {
            let known = names()
            throw SpecError(file: nameOrPath, field: "", message: "no experiment of that name in \(folder.relativePath)/; expected one of \(known.isEmpty ? "(none found)" : known.joined(separator: ", ")), or a path to a .json file")
        }
        let spec = try ExperimentSpec.load(path)
        guard spec.name == nameOrPath else {
            throw SpecError(file: path, field: "name", message: "'\(spec.name)' must equal the file name '\(nameOrPath)'")
        }
        return spec
    }
}

import Foundation
import Testing
import Reporting
@testable import Experiments

/// The thinning of per-step tables (docs/reports.md#thinned-tables): which steps a grid keeps,
/// that series are thinned separately, and that a thinned run differs from a full one only by
/// the rows it leaves out.
@Suite struct RecordGridTests {
    @Test func strideIsTheSpacingTimesARoundNumber() {
        let g = RecordGrid.steps  // head 8, points 24
        #expect(g.stride(count: 24, spacing: 1) == 1)
        #expect(g.stride(count: 25, spacing: 1) == 2)  // ⌈25/24⌉ = 2
        #expect(g.stride(count: 200, spacing: 1) == 10)  // ⌈200/24⌉ = 9 → 10
        #expect(g.stride(count: 1000, spacing: 1) == 50)  // ⌈1000/24⌉ = 42 → 50
        #expect(g.stride(count: 100, spacing: 3) == 15)  // ⌈100/24⌉ = 5, × 3
        #expect(RecordGrid.updates.stride(count: 750, spacing: 4) == 80)  // ⌈750/48⌉ = 16 → 20, × 4
    }

    @Test func lagsOneToTwoHundredKeepTheHeadTheRoundLagsAndTheLast() {
        let kept = RecordGrid.steps.kept(Array(1...200))
        let expected = Set(1...8).union(Swift.stride(from: 10, through: 200, by: 10))
        #expect(kept == expected)
        #expect(kept.count == 28 && kept.count <= RecordGrid.steps.maxKept)
        #expect(kept.contains(100))
        // An odd last value is kept although it is not a multiple of the stride.
        #expect(RecordGrid.steps.kept(Array(1...203)).contains(203))
        // Short series are kept whole.
        #expect(RecordGrid.steps.kept([3, 1, 2]) == [1, 2, 3])
    }

    @Test func updatesLoggedEveryFourthThinOnTheirOwnSpacing() {
        let updates = Swift.stride(from: 4, through: 3000, by: 4).map { $0 }
        let kept = RecordGrid.updates.kept(updates)
        #expect(kept.isSubset(of: Set(updates)))
        #expect(kept.contains(3000) && kept.contains(80) && kept.contains(32) && !kept.contains(36))
        #expect(!kept.contains(40) && kept.contains(2960))
        #expect(kept.count == 8 + 37 + 1)  // 4…32, then 80, 160, …, 2960, and the last, 3000
    }

    @Test func seriesAreThinnedSeparatelyAndRowsKeepTheirOrder() {
        var t = CSVTable(columns: ["run", "layer", "t", "lag", "sequence", "value"])
        for run in ["a", "b"] {
            let steps = run == "a" ? 200 : 20
            for tt in 0..<steps {
                for s in 0..<2 { t.append([.text(run), 0, .integer(tt), .integer(steps - tt), .integer(s), 1.5]) }
            }
        }
        let thin = RecordGrid.steps.thin(t, along: "lag", sameStep: ["t"])
        let a = thin.rows.filter { $0[0] == "a" }, b = thin.rows.filter { $0[0] == "b" }
        #expect(b.count == 40, "a 20-step series is kept whole (both sequences)")
        #expect(a.count == 2 * 28, "both sequences of every kept lag")
        #expect(Set(a.map { Int($0[3])! }) == RecordGrid.steps.kept(Array(1...200)))
        // Original order: t ascending, so lag descending.
        let lags = a.map { Int($0[3])! }
        #expect(lags == lags.sorted(by: >))
        #expect(
            Set(thin.rows.map { $0.joined(separator: ",") }).isSubset(of: Set(t.rows.map { $0.joined(separator: ",") }))
        )
    }

    @Test func pinnedRowsStayWhateverTheirStep() {
        var t = CSVTable(columns: ["run", "lag", "informative"])
        for lag in 1...200 { t.append([.text("a"), .integer(lag), .text(lag == 37 ? "true" : "false")]) }
        let plain = RecordGrid.steps.thin(t, along: "lag")
        let pinned = RecordGrid.steps.thin(t, along: "lag", always: ("informative", "true"))
        #expect(!plain.rows.contains { $0[1] == "37" } && pinned.rows.contains { $0[1] == "37" })
        #expect(pinned.rows.count == plain.rows.count + 1)
    }

    @Test func aTableWithoutTheColumnOrWithNonIntegerStepsIsLeftAlone() {
        var t = CSVTable(columns: ["run", "lag"])
        for i in 1...100 { t.append([.text("a"), .number(Double(i) + 0.5)]) }
        #expect(RecordGrid.steps.thin(t, along: "lag").rows.count == 100)
        #expect(RecordGrid.steps.thin(t, along: "update").rows.count == 100)
    }
}

@Suite struct RecordedRowsTests {
    func rowSet(_ url: URL) throws -> Set<String> {
        Set(try CSVData.read(url).rows.map { $0.joined(separator: "\u{1F}") })
    }

    /// A thinned run is the full run with rows left out: every kept row is identical, the summaries are
    /// identical, and each series keeps at most `maxKept` steps.
    @Test(arguments: ["vanishing-sweep", "cell-comparison", "temporal-order"])
    func thinnedIsASubsetOfAllWithTheSameSummaries(name: String) throws {
        let spec = try catalogue.load(name)
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        try ExperimentRun(spec: spec, form: .quick, rows: .all).run(into: a)
        try ExperimentRun(spec: spec, form: .quick).run(into: b)
        let full = a.appendingPathComponent(name), thin = b.appendingPathComponent(name)
        #expect(try csvFiles(full) == csvFiles(thin))
        var thinnedSomething = false
        for f in try csvFiles(full) {
            let x = try rowSet(full.appendingPathComponent(f)), y = try rowSet(thin.appendingPathComponent(f))
            if RecordedRows.rules[f] == nil && !(spec.kind == .training && RecordedRows.firstSeedOnly.contains(f)) {
                #expect(x == y, "\(f) is a summary and must not be thinned")
            } else {
                #expect(y.isSubset(of: x), "\(f): a thinned row differs from the full run's")
                if y.count < x.count { thinnedSomething = true }
            }
        }
        #expect(thinnedSomething, "the quick form has a series longer than the grid")
        let info = try ExperimentRun.runInfo(thin), fullInfo = try ExperimentRun.runInfo(full)
        #expect(info.rows == .thinned && fullInfo.rows == .all)
        let report = try String(contentsOf: thin.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("--all-rows"))
        #expect(
            !(try String(contentsOf: full.appendingPathComponent("report.md"), encoding: .utf8)).contains("--all-rows"))
    }

    @Test func mergeRefusesShardsWithDifferentRowPolicies() throws {
        let spec = try catalogue.load("seed-table")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ExperimentRun(spec: spec, shard: Shard(index: 1, count: 2)).run(into: dir)
        try ExperimentRun(spec: spec, shard: Shard(index: 2, count: 2), rows: .all).run(into: dir)
        do {
            try ExperimentRun.merge(dir.appendingPathComponent("seed-table"))
            Issue.record("merged a thinned shard with a full one")
        } catch let e as SpecError {
            #expect(e.description.contains("different"))
        }
    }

    /// Shards computed with different OpenBLAS kernels (which round differently) are not merged.
    @Test func mergeRefusesShardsComputedWithDifferentKernels() throws {
        let spec = try catalogue.load("seed-table")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ExperimentRun(spec: spec, shard: Shard(index: 1, count: 2)).run(into: dir)
        try ExperimentRun(spec: spec, shard: Shard(index: 2, count: 2)).run(into: dir)
        let run = dir.appendingPathComponent("seed-table/\(Shard(index: 2, count: 2).folderName)/run.json")
        let text = try String(contentsOf: run, encoding: .utf8)
        #expect(text.contains("\"blas_core\": "))
        let edited = text.replacingOccurrences(
            of: #""blas_core": "[A-Za-z0-9]*""#, with: #""blas_core": "Other""#, options: .regularExpression)
        #expect(edited != text)
        try edited.write(to: run, atomically: true, encoding: .utf8)
        do {
            try ExperimentRun.merge(dir.appendingPathComponent("seed-table"))
            Issue.record("merged shards computed with different kernels")
        } catch let e as SpecError {
            #expect(e.description.contains("Other kernels"))
        }
    }

    /// The committed reports are thinned and stay under 16 MB in total (10 MB before issue 15's
    /// heat maps, whose grids cannot be thinned; docs/reports.md).
    @Test func committedReportsAreThinnedAndSmall() throws {
        let reports = repository.appendingPathComponent("reports")
        var total = 0
        let walker = FileManager.default.enumerator(at: reports, includingPropertiesForKeys: [.fileSizeKey])
        while let u = walker?.nextObject() as? URL {
            total += (try u.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        #expect(total < 16_000_000, "reports/ holds \(total) bytes")
        for name in catalogue.names() {
            let dir = reports.appendingPathComponent(name)
            let info = try ExperimentRun.runInfo(dir)
            #expect(info.rows == .thinned, "\(name): run with `make run`")
            // A training run's per-update tables hold the first seed of its list only.
            if try catalogue.load(name).kind == .training {
                for f in RecordedRows.firstSeedOnly {
                    let seeds = Set(try CSVData.read(dir.appendingPathComponent(f)).values("seed").compactMap { $0 })
                    #expect(seeds == [Double(info.seeds[0])], "\(name)/\(f) holds seeds \(seeds.sorted())")
                }
                // …while every seed's held-out curve is in seed_curves.csv.
                let curves = try CSVData.read(dir.appendingPathComponent("seed_curves.csv"))
                let seeds = Set(curves.values("seed").compactMap { $0 })
                #expect(seeds == Set(info.seeds.map { Double($0) }), "\(name)/seed_curves.csv holds \(seeds.sorted())")
            }
            for f in try csvFiles(dir) {
                guard let rules = RecordedRows.rules[f] else { continue }
                let t = try CSVData.read(dir.appendingPathComponent(f))
                for r in rules {
                    guard let c = t.index(of: r.column) else { continue }
                    let keys = (0..<c).filter { !r.sameStep.contains(t.columns[$0]) }
                    var steps: [[String]: Set<String>] = [:]
                    for row in t.rows { steps[keys.map { row[$0] }, default: []].insert(row[c]) }
                    let longest = steps.values.map(\.count).max() ?? 0
                    let limit = r.grid.maxKept + (r.always == nil ? 0 : 1)
                    #expect(longest <= limit, "\(name)/\(f): a series keeps \(longest) values of \(r.column)")
                }
            }
        }
    }
}

@Suite struct CurvesBySettingTests {
    /// `curves_by_update.csv` of the committed gate-comparison report, recomputed here from
    /// `seed_curves.csv` and `summary.csv`: at each update, the mean, lowest and highest held-out
    /// accuracy over the setting's seeds, where a run stopped as solved keeps its last value and a
    /// run without a value there is left out.
    @Test func theMeanCurvesAreTheMeansOfTheSeedCurves() throws {
        let dir = repository.appendingPathComponent("reports/gate-comparison")
        let summary = try CSVData.read(dir.appendingPathComponent("summary.csv"))
        let seeds = try CSVData.read(dir.appendingPathComponent("seed_curves.csv"))
        let derived = try CSVData.read(dir.appendingPathComponent("curves_by_update.csv"))
        func col(_ d: CSVData, _ c: String) -> Int { d.index(of: c)! }
        var curve: [String: [(Double, Double)]] = [:]
        for r in seeds.rows {
            curve[r[col(seeds, "config")], default: []].append(
                (Double(r[col(seeds, "update")])!, Double(r[col(seeds, "metric")])!))
        }
        var checked = 0
        for row in derived.rows {
            let arm = row[col(derived, "arm")], u = Double(row[col(derived, "update")])!
            var values: [Double] = []
            for r in summary.rows where r[col(summary, "arm")] == arm {
                let points = curve[r[col(summary, "config")]] ?? []
                if let p = points.first(where: { $0.0 == u }) {
                    values.append(p.1)
                } else if !r[col(summary, "solved_at")].isEmpty, let last = points.max(by: { $0.0 < $1.0 }), last.0 < u
                {
                    values.append(last.1)
                }
            }
            #expect(Int(row[col(derived, "runs")]) == values.count, "\(arm) at \(u)")
            let mean = values.reduce(0, +) / Double(values.count)
            #expect(abs(Double(row[col(derived, "metric_mean")])! - mean) < 1e-12, "\(arm) at \(u)")
            #expect(Double(row[col(derived, "metric_min")]) == values.min())
            #expect(Double(row[col(derived, "metric_max")]) == values.max())
            checked += 1
        }
        #expect(checked > 100)
    }
}

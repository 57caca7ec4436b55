import Analysis
import ArgumentParser
import Experiments
import Foundation
import LinearAlgebra
import Reporting

/// Options shared by the commands that read experiment specifications.
struct CatalogueOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Folder of the predefined experiment specifications.",
            discussion: """
                Default: $GRADPATH_EXPERIMENTS, else PREFIX/share/gradpath/experiments of an installed \
                binary, else the experiments/ folder of the checkout the binary was built in, else \
                ./experiments.
                """),
        completion: .directory)
    var experiments: String?

    var location: CatalogueLocation { CatalogueLocation.locate(option: experiments) }
    var catalogue: ExperimentCatalogue { ExperimentCatalogue(folder: location.folder) }

    /// Refuses an output folder inside the install tree the specifications come from.
    func checkOutput(_ out: String) throws {
        guard let tree = location.installTree else { return }
        let o = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath().path
        let t = tree.resolvingSymlinksInPath().path
        if o == t || o.hasPrefix(t + "/") {
            throw InputError(
                "--out \(out): inside the install tree \(t)/; give a folder of your own (default ./reports)")
        }
    }

    /// The predefined experiments' names, for shell completion of NAME arguments.
    @Sendable static func completeNames(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        var option: String?
        if let i = words.lastIndex(of: "--experiments"), i + 1 < words.count { option = words[i + 1] }
        return ExperimentCatalogue(folder: CatalogueLocation.locate(option: option).folder).names()
            .filter { $0.hasPrefix(prefix) }
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run experiments and write their reports.",
        discussion: """
            Each experiment is a JSON specification: a NAME from the experiments folder \
            (`gradpath list`) or the PATH of your own file. It writes tidy CSV files, plots (SVG, with \
            gnuplot and matplotlib scripts that redraw them from the CSV) and report.md into \
            OUT/<name>/. The folder is replaced only once everything is written, so an interrupted \
            or failing run leaves the previous report intact; nothing outside it is touched.

            --quick runs each experiment's small form (seconds); --full its form at the published \
            scale where it has one (with --all: every experiment that has one). --seed N replaces the \
            seed list. \
            --shard i/n runs the i-th of n shards (balanced by the expected cost of their \
            configurations) into OUT/<name>/shard-i-of-n/; `gradpath merge OUT/<name>` joins the \
            shards and writes the report. Shards run independently: `gradpath slurm` submits them as a \
            Slurm job array with the merge after it; or GNU parallel, Kubernetes (README).
            """
    )

    @Argument(
        help: "Experiment names or paths to .json specifications.",
        completion: .custom(CatalogueOptions.completeNames))
    var experiments: [String] = []

    @Flag(help: "Run every experiment in the experiments folder.")
    var all = false

    @Option(help: "Folder that receives one sub-folder per experiment.", completion: .directory)
    var out: String = "reports"

    @Flag(help: "Run the small form of each experiment (seconds).")
    var quick = false

    @Flag(
        help: """
            Run the full form: the published scale, where an experiment has one (hours; its report states \
            the expected time). Meant to be sharded with --shard.
            """)
    var full = false

    @Option(help: "Use this one seed instead of the experiment's seed list.")
    var seed: UInt64?

    @Option(help: "Run only shard i of n (1 ≤ i ≤ n), e.g. 2/8.")
    var shard: String?

    @Flag(
        help: """
            Write every row of the per-step tables (gradient norms by lag, spectra, training curves); by \
            default they are thinned to the first 8 steps, round steps and the last, for plotting.
            """)
    var allRows = false

    @OptionGroup var catalogueOptions: CatalogueOptions
    @OptionGroup var memoryOptions: MemoryOptions

    func validate() throws {
        if experiments.isEmpty && !all {
            throw ValidationError("Name an experiment (see `gradpath list`) or pass --all.")
        }
        if !experiments.isEmpty && all { throw ValidationError("Give experiment names or --all, not both.") }
        if quick && full { throw ValidationError("Give --quick or --full, not both.") }
        if let s = shard, Shard(s as String) == nil {
            throw ValidationError("--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/8), got '\(s)'.")
        }
    }

    func run() throws {
        try catalogueOptions.checkOutput(out)
        let catalogue = catalogueOptions.catalogue
        var names = all ? catalogue.names() : experiments
        // Configurations run on one worker per core; each worker calls single-threaded BLAS.
        BLAS.setThreads(1)
        if all && names.isEmpty {
            throw InputError(catalogueOptions.location.emptyMessage)
        }
        // Validate every spec before running any.
        var specs = try names.map { try catalogue.load($0) }
        if full {
            let withFull = specs.filter { $0.forms[.full] != nil }
            if !all, let s = specs.first(where: { $0.forms[.full] == nil }) {
                let have = try catalogue.names().filter { try catalogue.load($0).forms[.full] != nil }
                throw InputError(
                    """
                    \(s.file): no full form (no "full" object); the experiments with one are: \
                    \(have.isEmpty ? "none" : have.joined(separator: ", "))
                    """)
            }
            specs = withFull
            names = specs.map(\.name)
        }
        let memory = memoryOptions.limit
        let runs = specs.map {
            ExperimentRun(
                spec: $0, form: quick ? .quick : (full ? .full : .standard), seedOverride: seed,
                shard: shard.flatMap { Shard($0 as String) }, rows: allRows ? .all : .thinned)
        }
        // Refuse before running anything: the configuration count and the memory of each run.
        for run in runs { try run.checkCost(memory: memory) }
        for run in runs {
            let spec = run.spec
            let total = run.configurations().mine.count
            let bar = ProgressBar(total: total, label: spec.name)
            let start = Date()
            let (dir, measurements) = try run.run(into: URL(fileURLWithPath: out), memory: memory) { _, _ in
                bar.advance()
            }
            print(
                """
                \(spec.name): \(total) configuration\(total == 1 ? "" : "s") in\
                 \(String(format: "%.1f", Date().timeIntervalSince(start))) s → \(dir.relativePath)/
                """
            )
            for claim in spec.claims {
                if let c = claim.check, let m = measurements[c] {
                    print("  \(claim.claim): \(m) (published: \(claim.published))")
                }
            }
        }
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the predefined experiments: name, expected runtime, title.",
        discussion:
            """
            --parameters prints instead the table of every parameter of every kind of experiment (markdown): its\
             values, default and meaning.
            """
    )

    @OptionGroup var catalogueOptions: CatalogueOptions

    @Flag(help: "Print the parameters of every kind of experiment (a markdown table per kind).")
    var parameters = false

    func run() throws {
        if parameters {
            print(ExperimentKind.parameterTables, terminator: "")
            return
        }
        let catalogue = catalogueOptions.catalogue
        let names = catalogue.names()
        if names.isEmpty {
            throw InputError(catalogueOptions.location.emptyMessage)
        }
        for n in names {
            let s = try catalogue.load(n)
            let full = s.forms[.full].map { _ in " (--full ~\(Self.duration(s.expectedRuntimeSeconds(.full))))" } ?? ""
            print(
                "\(n.padding(toLength: 22, withPad: " ", startingAt: 0))~\(Self.duration(s.expectedRuntimeSeconds))"
                    .padding(toLength: 32, withPad: " ", startingAt: 0) + s.title + full)
        }
    }

    /// 45 s, 12 min, 3.5 h.
    static func duration(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds.rounded(.up))) s" }
        if seconds < 7200 { return "\(Int((seconds / 60).rounded())) min" }
        return String(format: "%.1f h", seconds / 3600)
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard outputs of a sweep into one report.",
        discussion:
            """
            FOLDER is OUT/<name>, holding shard-1-of-n … shard-n-of-n from `gradpath run NAME --shard i/n`. Every\
             shard must be present and made by the same specification and options.
            """
    )

    @Argument(help: "The experiment's output folder.", completion: .directory)
    var folder: String

    func run() throws {
        let (spec, _) = try ExperimentRun.merge(URL(fileURLWithPath: folder))
        print("\(spec.name): merged into \(folder)/")
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild the report.md and plots of an experiment or analysis folder from its files alone.",
        discussion: """
            FOLDER is OUT/<name> as written by `gradpath run` (it holds experiment.json and run.json) or an \
            analysis folder written by `gradpath analyze` (it holds analysis.json). Nothing is recomputed: \
            the tables are read back and the report, the SVG plots and their gnuplot and matplotlib scripts \
            are written again; the folder is replaced as a whole, so a failure leaves it as it was.
            """)

    @Argument(help: "The experiment's or analysis's output folder.", completion: .directory)
    var folder: String

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("analysis.json").path) {
            try AnalysisReport.rebuild(url)
            print("analysis: report rebuilt in \(folder)/")
            return
        }
        let (spec, _) = try ExperimentRun.rebuildReport(url)
        print("\(spec.name): report rebuilt in \(folder)/")
    }
}

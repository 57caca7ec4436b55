import Foundation
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting

/// Writes one gradient-flow analysis (a `GradientFlowReport`) as tidy CSV files, figures (SVG,
/// gnuplot, matplotlib) and `report.md` into a folder. Columns are documented in
/// `docs/schema.md` (gradient-flow tables).
public struct AnalysisWriter {
    public var report: GradientFlowReport
    public var network: RecurrentNetwork
    /// Names the configuration in the `run` column.
    public var run: String
    /// Lines describing where the weights and inputs came from (no absolute paths).
    public var source: [String]
    public var seed: UInt64?

    public init(report: GradientFlowReport, network: RecurrentNetwork, run: String, source: [String], seed: UInt64?) {
        self.report = report
        self.network = network
        self.run = run
        self.source = source
        self.seed = seed
    }

    /// Writes the analysis as the whole content of `dir` (a `FolderSwap`: the folder always holds
    /// exactly one analysis; a failing or killed one leaves the previous folder as it was).
    public func write(to dir: URL) throws {
        try FolderSwap.replace(dir) { try write(into: $0) }
    }

    /// What `analysis.json` records.
    var summary: AnalysisSummary {
        AnalysisSummary(
            cell: network.cell.description, gateNames: network.cell.gateNames, hasCellState: network.cell.hasCellState,
            gateCount: network.cell.gateCount, layers: network.layerCount, inputSize: network.inputSize,
            hiddenSize: network.hiddenSize, parameters: network.parameterCount, steps: report.steps,
            batch: report.batchSize, loss: report.lossName, lossValue: report.lossValue, source: source,
            seed: seed,
            blasThreads: BLAS.threads)
    }

    /// Writes the files into `folder` (which the caller has emptied): the tables and
    /// `analysis.json`, then the report and figures built from them alone (`AnalysisReport`), as
    /// `gradpath report` rebuilds them.
    public func write(into folder: OutputFolder) throws {
        var tables = FlowTables(keyColumns: ["run"])
        tables.append(report, network: network, key: [.text(run)])
        var written: [String: CSVData] = [:]
        for (file, table) in tables.files {
            let text = table.text
            try folder.write(text, to: file)
            written[file] = try CSVData(text: text, file: file)
        }
        try folder.write(summary.json, to: "analysis.json")
        try AnalysisReport(summary: summary, tables: written, folder: folder.url).write(to: folder)
    }
}

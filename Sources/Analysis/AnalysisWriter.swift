import Foundation
import Instrumentation
import LinearAlgebra
import Recurrent
import Reporting

/// Writes one gradient-flow analysis (a `GradientFlowReport`, or one per layer and direction of a
/// bidirectional network) as tidy CSV files, figures (SVG, gnuplot, matplotlib) and `report.md`
/// into a folder. Columns are documented in `docs/schema.md` (gradient-flow tables).
public struct AnalysisWriter {
    /// One measured unit: a whole unidirectional network, or one direction of one layer.
    public struct Unit {
        public var report: GradientFlowReport
        public var network: RecurrentNetwork
        public var layer: Int
        /// nil for a unidirectional network; `forward` or `reverse`.
        public var direction: String?
    }

    public var units: [Unit]
    /// The whole model, for `analysis.json`: cell, layers, sizes and parameter count.
    var model: (cell: CellKind, layers: Int, inputSize: Int, hiddenSize: Int, parameters: Int)
    /// Names the configuration in the `run` column.
    public var run: String
    /// Lines describing where the weights and inputs came from (no absolute paths).
    public var source: [String]
    public var seed: UInt64?
    /// Further tables written beside the flow tables (`precision_norms.csv`).
    public var extraTables: [(String, CSVTable)] = []

    public var report: GradientFlowReport { units[0].report }

    public init(report: GradientFlowReport, network: RecurrentNetwork, run: String, source: [String], seed: UInt64?) {
        units = [Unit(report: report, network: network, layer: 0, direction: nil)]
        model = (network.cell, network.layerCount, network.inputSize, network.hiddenSize, network.parameterCount)
        self.run = run
        self.source = source
        self.seed = seed
    }

    /// A bidirectional network: `reports[k][d]` measured on `network.directions[k][d]` (its own time).
    public init(
        bidirectional reports: [[GradientFlowReport]], network: BidirectionalNetwork, run: String, source: [String],
        seed: UInt64?
    ) {
        units = (0..<network.layerCount).flatMap { k in
            (0..<2).map { d in
                Unit(
                    report: reports[k][d], network: network.directions[k][d], layer: k,
                    direction: d == 0 ? "forward" : "reverse")
            }
        }
        let parameters = network.directions.joined().reduce(0) { $0 + $1.parameterCount }
        model = (network.cell, network.layerCount, network.inputSize, network.hiddenSize, parameters)
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
        var s = AnalysisSummary(
            cell: model.cell.description, gateNames: model.cell.gateNames, hasCellState: model.cell.hasCellState,
            gateCount: model.cell.gateCount, layers: model.layers, inputSize: model.inputSize,
            hiddenSize: model.hiddenSize, parameters: model.parameters, steps: report.steps,
            batch: report.batchSize, loss: report.lossName, lossValue: report.lossValue, source: source,
            seed: seed,
            blasThreads: BLAS.threads)
        s.directions = units.contains { $0.direction != nil } ? 2 : 1
        s.projectionSize = units[0].network.projectionSize
        return s
    }

    /// Writes the files into `folder` (which the caller has emptied): the tables and
    /// `analysis.json`, then the report and figures built from them alone (`AnalysisReport`), as
    /// `gradpath report` rebuilds them.
    public func write(into folder: OutputFolder) throws {
        let bidirectional = units.contains { $0.direction != nil }
        var tables = FlowTables(keyColumns: bidirectional ? ["run", "direction"] : ["run"])
        for u in units {
            tables.append(
                u.report, network: u.network,
                key: [.text(run)] + (u.direction.map { [CSVTable.Field.text($0)] } ?? []),
                layerOffset: u.layer, reverseDirection: u.direction == "reverse")
        }
        var written: [String: CSVData] = [:]
        for (file, table) in tables.files + extraTables {
            let text = table.text
            try folder.write(text, to: file)
            written[file] = try CSVData(text: text, file: file)
        }
        try folder.write(summary.json, to: "analysis.json")
        try AnalysisReport(summary: summary, tables: written, folder: folder.url).write(to: folder)
    }
}

import ArgumentParser
import Foundation
import Reporting

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a CSV report: statistics, a terminal plot, the verdicts.",
        discussion: """
            Prints the rows and columns of FILE, summary statistics (count, min, max, mean, median; \
            non-finite values counted apart) of one column, a terminal plot of that column against \
            `lag` (or `t`, or the row number), and the verdict lines of the diagnosis (from the file \
            itself or from diagnosis.csv beside it). --where keeps rows whose column equals the \
            value (repeatable); the plot shows the first configuration and layer of what remains.

            Example: gradpath inspect reports/vanishing-sweep/gradient_norms.csv --where cell=rnn-tanh --where sigma_max=0.9
            """
    )

    @Argument(help: "A CSV file written by gradpath.")
    var file: String

    @Option(help: "The column to summarise and plot (default: the first *_log10 column, else the last numeric one).")
    var column: String?

    @Option(name: .customLong("where"), help: "Keep rows where COLUMN=VALUE (repeatable).")
    var filters: [String] = []

    @Option(help: "The x column of the plot (default: lag, else t, else the row number).")
    var x: String?

    func validate() throws {
        for f in filters where !f.contains("=") || f.hasPrefix("=") {
            throw ValidationError("--where: expected COLUMN=VALUE, got '\(f)'.")
        }
    }

    func run() throws {
        let data = try CSVData.read(URL(fileURLWithPath: file))
        var filter: [String: String] = [:]
        for f in filters {
            let parts = f.split(separator: "=", maxSplits: 1).map(String.init)
            guard data.index(of: parts[0]) != nil else {
                throw InputError(
                    "\(file): --where: no column '\(parts[0])'; columns are \(data.columns.joined(separator: ", "))")
            }
            filter[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let rows = data.rows(where: filter)
        if let c = column, data.index(of: c) == nil {
            throw InputError("\(file): --column: no column '\(c)'; columns are \(data.columns.joined(separator: ", "))")
        }
        print("\(file): \(rows.count) of \(data.rows.count) rows, columns: \(data.columns.joined(separator: ", "))")
        if rows.isEmpty {
            let shown = filters.map { "--where \($0)" }.joined(separator: " ")
            print(data.rows.isEmpty ? "the file has a header and no rows" : "no rows match \(shown)")
            return
        }
        let numeric = data.columns.filter { c in
            !["run", "config", "seed", "layer", "t", "lag", "index", "sequence", "step"].contains(c)
                && data.values(c, in: Array(rows.prefix(50))).contains { $0 != nil }
        }
        guard let col = column ?? numeric.first(where: { $0.hasSuffix("_log10") }) ?? numeric.last else {
            throw InputError(
                "\(file): no numeric column to summarise; columns are \(data.columns.joined(separator: ", "))")
        }
        let s = ColumnSummary(data.values(col, in: rows))
        let isLog = col.hasSuffix("_log10")
        func show(_ v: Double) -> String {
            NumberFormat.short(v, digits: 6) + (isLog && v.isFinite ? " (= \(NumberFormat.shortFromLog10(v)))" : "")
        }
        print("\(col): \(s.count) finite values, \(s.nonFinite) non-finite, \(s.empty) empty")
        if s.count > 0 {
            print("  min \(show(s.min))\n  max \(show(s.max))\n  mean \(show(s.mean))\n  median \(show(s.median))")
        }
        // Plot the first configuration and layer of what remains.
        var plotRows = rows
        var about: [String] = []
        for key in ["run", "layer", "matrix", "method", "mode", "index"] {
            guard let ki = data.index(of: key) else { continue }
            let values = data.distinct(key, in: plotRows)
            if values.count > 1 {
                plotRows = plotRows.filter { $0[ki] == values[0] }
                about.append("\(key)=\(values[0]) (first of \(values.count); choose with --where)")
            }
        }
        let xCol = x ?? ["lag", "t", "step"].first { data.index(of: $0) != nil }
        if let xc = xCol, data.index(of: xc) == nil { throw InputError("\(file): --x: no column '\(xc)'") }
        let xs: [Double] =
            xCol.map { data.values($0, in: plotRows).map { $0 ?? .nan } } ?? (0..<plotRows.count).map(Double.init)
        let ys = data.values(col, in: plotRows).map { $0 ?? .nan }
        print("")
        if !about.isEmpty { print("plot of " + about.joined(separator: ", ")) }
        print(
            TerminalPlot.render(Array(zip(xs, ys)), xLabel: xCol ?? "row", yLabel: col, yIsLog10: isLog), terminator: ""
        )
        // Verdicts.
        let diagnosisURL = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(
            "diagnosis.csv")
        let diag: CSVData? = data.index(of: "verdict") != nil ? data : (try? CSVData.read(diagnosisURL))
        if let d = diag, let v = d.index(of: "verdict") {
            let dfilter = filter.filter { d.index(of: $0.key) != nil }
            print("\nverdicts:")
            for r in d.rows(where: dfilter) {
                let who = ["run", "layer"].compactMap { k in d.index(of: k).map { "\(k) \(r[$0])" } }.joined(
                    separator: ", ")
                let rate =
                    d.index(of: "observed_rate_log10").map {
                        ", observed rate \(NumberFormat.short(CSVData.number(r[$0]) ?? .nan)) decades/step"
                    } ?? ""
                let bound =
                    d.index(of: "bound_rate_log10").flatMap { CSVData.number(r[$0]) }.map {
                        ", bound \(NumberFormat.short($0))"
                    } ?? ""
                print("  \(who): \(r[v])\(rate)\(bound)")
            }
        }
    }
}

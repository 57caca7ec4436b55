import Foundation

/// What `gradpath inspect` shows of a CSV file, as text: the rows and columns, summary statistics
/// of one column (non-finite values counted apart), a terminal plot of it against `lag` (or `t`,
/// or the row number) for the first configuration and layer of what remains after the filters,
/// and the verdict lines of the diagnosis (from the file itself or from `diagnosis`).
public enum CSVInspection {
    /// `filters` are `COLUMN=VALUE` texts; errors name `file` and the option.
    public static func text(
        _ data: CSVData, file: String, filters: [String], column: String?, x: String?, diagnosis: CSVData?
    ) throws -> String {
        var out = ""
        var filter: [String: String] = [:]
        for f in filters {
            let parts = f.split(separator: "=", maxSplits: 1).map(String.init)
            guard data.index(of: parts[0]) != nil else {
                throw CSVError(
                    file: file,
                    message:
                        "--where: no column '\(parts[0])'; columns are \(data.columns.joined(separator: ", "))")
            }
            filter[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let rows = data.rows(where: filter)
        if let c = column, data.index(of: c) == nil {
            throw CSVError(
                file: file, message: "--column: no column '\(c)'; columns are \(data.columns.joined(separator: ", "))")
        }
        out +=
            "\(file): \(rows.count) of \(data.rows.count) rows, columns: \(data.columns.joined(separator: ", "))" + "\n"
        if rows.isEmpty {
            let shown = filters.map { "--where \($0)" }.joined(separator: " ")
            out += (data.rows.isEmpty ? "the file has a header and no rows" : "no rows match \(shown)") + "\n"
            return out
        }
        let numeric = data.columns.filter { c in
            !["run", "config", "seed", "layer", "t", "lag", "index", "sequence", "step"].contains(c)
                && data.values(c, in: Array(rows.prefix(50))).contains { $0 != nil }
        }
        guard let col = column ?? numeric.first(where: { $0.hasSuffix("_log10") }) ?? numeric.last else {
            throw CSVError(
                file: file,
                message:
                    "no numeric column to summarise; columns are \(data.columns.joined(separator: ", "))")
        }
        let s = ColumnSummary(data.values(col, in: rows))
        let isLog = col.hasSuffix("_log10")
        func show(_ v: Double) -> String {
            NumberFormat.short(v, digits: 6) + (isLog && v.isFinite ? " (= \(NumberFormat.shortFromLog10(v)))" : "")
        }
        out += "\(col): \(s.count) finite values, \(s.nonFinite) non-finite, \(s.empty) empty" + "\n"
        if s.count > 0 {
            out +=
                "  min \(show(s.min))\n  max \(show(s.max))\n  mean \(show(s.mean))\n  median \(show(s.median))" + "\n"
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
        if let xc = xCol, data.index(of: xc) == nil { throw CSVError(file: file, message: "--x: no column '\(xc)'") }
        let xs: [Double] =
            xCol.map { data.values($0, in: plotRows).map { $0 ?? .nan } } ?? (0..<plotRows.count).map(Double.init)
        let ys = data.values(col, in: plotRows).map { $0 ?? .nan }
        out += "\n"
        if !about.isEmpty { out += "plot of " + about.joined(separator: ", ") + "\n" }
        out += TerminalPlot.render(Array(zip(xs, ys)), xLabel: xCol ?? "row", yLabel: col, yIsLog10: isLog)
        // Verdicts.
        let diag: CSVData? = data.index(of: "verdict") != nil ? data : diagnosis
        if let d = diag, let v = d.index(of: "verdict") {
            let dfilter = filter.filter { d.index(of: $0.key) != nil }
            out += "\nverdicts:" + "\n"
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
                out += "  \(who): \(r[v])\(rate)\(bound)" + "\n"
            }
        }
        return out
    }
}

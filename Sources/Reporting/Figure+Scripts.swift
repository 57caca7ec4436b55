import Formats
import Foundation

/// The gnuplot and matplotlib scripts that redraw a figure from its CSV files alone, and the
/// quoting of strings for each language.
extension Figure {
    // MARK: gnuplot

    /// `s` in double quotes, escaped for C-like languages (`StringEscape`).
    static func quoted(_ s: String, other: (Unicode.Scalar) -> String?) -> String {
        StringEscape.quoted(s, other: other)
    }

    /// A gnuplot double-quoted string: other control characters as `\\ooo` octal escapes.
    static func gnuplotString(_ s: String) -> String {
        quoted(s) { c in c.value < 0x20 || c.value == 0x7F ? String(format: "\\%03o", c.value) : nil }
    }

    /// `strcol("a") eq "x" && …`: gnuplot's test that a row matches `filter`.
    static func gnuplotCondition(_ filter: [(column: String, value: String)]) -> String {
        filter.map { "strcol(\(gnuplotString($0.column))) eq \(gnuplotString($0.value))" }.joined(separator: " && ")
    }

    /// `"a": "x", …`: the body of a Python dict literal of `filter`.
    static func pythonDictionary(_ filter: [(column: String, value: String)]) -> String {
        filter.map { "\(pythonString($0.column)): \(pythonString($0.value))" }.joined(separator: ", ")
    }

    /// A gnuplot (≥ 5.4) script that redraws the plot from the CSV files alone.
    public var gnuplotScript: String {
        var s = """
            # Redraws \(name).svg from the CSV data alone. Run in this folder: gnuplot \(name).gp
            # Writes \(name)-gnuplot.svg.
            set datafile separator ","
            set datafile columnheaders
            set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
            set output "\(name)-gnuplot.svg"
            set title \(Figure.gnuplotString(title)) noenhanced
            set xlabel \(Figure.gnuplotString(xLabel)) noenhanced
            set ylabel \(Figure.gnuplotString(yLabel)) noenhanced
            set key \((series.map(\.label.count).max() ?? 0) > 26 ? "below left" : "outside right top") noenhanced
            set grid

            """
        // The SVG's y ticks, labelled alike (whole decades on a log axis, never fewer than three).
        s +=
            "set ytics (" + yTicks.map { "\(Figure.gnuplotString(yTickLabel($0))) \($0)" }.joined(separator: ", ")
            + ")\n"
        if xLogScale && heatmap == nil { s += "set logscale x\n" }
        if let r = yRange {
            s += "set yrange [\(r.lower):\(r.upper)]\n"
        } else if heatmap == nil {
            // The SVG's range (a flat series, all singular values 1, gets ±1 instead of an empty range).
            let r = ranges()
            s += "set yrange [\(r.ylo):\(r.yhi)]\n"
        }
        var layers: [String] = []
        if let h = heatmap {
            let cond = Figure.gnuplotCondition(h.filter)
            let zExpr =
                cond.isEmpty
                ? "(column(\(Figure.gnuplotString(h.z))))" : "(\(cond) ? column(\(Figure.gnuplotString(h.z))) : 1/0)"
            s +=
                """
                set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')\nset\
                 cblabel \(Figure.gnuplotString(h.zLabel)) noenhanced\n
                """
            if let x0 = h.xs.first, let x1 = h.xs.last, let y0 = h.ys.first, let y1 = h.ys.last {
                s += "set xrange [\(x0):\(x1)]\nset yrange [\(y0):\(y1)]\n"
            }
            layers.append(
                """
                \(Figure.gnuplotString(h.csv)) using\
                 (column(\(Figure.gnuplotString(h.x)))):(column(\(Figure.gnuplotString(h.y)))):\(zExpr) with image\
                 notitle
                """
            )
        }
        let parts =
            layers
            + series.enumerated().map { i, se -> String in
                let cond = Figure.gnuplotCondition(se.filter)
                let xExpr =
                    cond.isEmpty
                    ? "column(\(Figure.gnuplotString(se.x)))"
                    : "(\(cond) ? column(\(Figure.gnuplotString(se.x))) : 1/0)"
                let yExpr =
                    logOfColumn
                    ? "log10(column(\(Figure.gnuplotString(se.y))))" : "column(\(Figure.gnuplotString(se.y)))"
                let style =
                    se.markers
                    ? "with points pt 7 ps 0.5"
                    : marker(i).map {
                        "with linespoints lw 1.6 pt \(Figure.markerShapes[$0].gnuplot) ps 0.7 pi \(markerStride(i))"
                    } ?? "with lines lw 1.6"
                let title = se.inLegend ? "title \(Figure.gnuplotString(se.label))" : "notitle"
                return
                    """
                    \(Figure.gnuplotString(se.csv)) using \(xExpr):(\(yExpr)) \(style) lc rgb\
                     \"\(lineColor(i))\"\(se.dashed && !se.markers ? " dt 2" : "") \(title)
                    """
            }
        s += "plot " + parts.joined(separator: ", \\\n     ") + "\n"
        return s
    }

    // MARK: matplotlib

    /// A Python string literal: other control characters as `\\xNN`, and the line separators
    /// U+2028/U+2029 as `\\uNNNN`.
    static func pythonString(_ s: String) -> String {
        quoted(s) { c in
            if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) {
                return String(format: "\\x%02x", c.value)
            }
            if c.value == 0x2028 || c.value == 0x2029 { return String(format: "\\u%04x", c.value) }
            return nil
        }
    }

    /// A matplotlib script that redraws the plot from the CSV files alone.
    public var matplotlibScript: String {
        var s = """
            #!/usr/bin/env python3
            \"\"\"Redraws \(name).svg from the CSV data alone: python3 \(name).py (writes \(name)-matplotlib.svg).\"\"\"
            import csv
            import math
            import os

            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            HERE = os.path.dirname(os.path.abspath(__file__))
            LOG_OF_COLUMN = \(logOfColumn ? "True" : "False")


            def series(path, x, y, filters):
                xs, ys = [], []
                with open(os.path.join(HERE, path), newline="") as f:
                    for row in csv.DictReader(f):
                        if all(row[k] == v for k, v in filters.items()):
                            try:
                                xv, yv = float(row[x]), float(row[y])
                            except ValueError:
                                continue
                            if LOG_OF_COLUMN:
                                yv = math.log10(yv) if yv > 0 else float("nan")
                            if math.isfinite(xv) and math.isfinite(yv):
                                xs.append(xv)
                                ys.append(yv)
                return xs, ys


            fig, ax = plt.subplots(figsize=(7.6, 4.6))

            """
        if let h = heatmap {
            let filters = Figure.pythonDictionary(h.filter)
            s += "cells = {}\n"
            s += "with open(os.path.join(HERE, \(Figure.pythonString(h.csv))), newline=\"\") as f:\n"
            s += "    for row in csv.DictReader(f):\n"
            s += "        if all(row[k] == v for k, v in {\(filters)}.items()):\n"
            s +=
                """
                            cells[(float(row[\(Figure.pythonString(h.x))]),\
                 float(row[\(Figure.pythonString(h.y))]))] = float(row[\(Figure.pythonString(h.z))])\n
                """
            s += "xs = sorted({k[0] for k in cells})\nys = sorted({k[1] for k in cells})\n"
            s += "grid = [[cells[(x, y)] for x in xs] for y in ys]\n"
            s += "mesh = ax.pcolormesh(xs, ys, grid, shading=\"nearest\", cmap=\"viridis\")\n"
            s += "fig.colorbar(mesh, ax=ax, label=\(Figure.pythonString(h.zLabel)))\n"
            s += "ax.set_xlim(xs[0], xs[-1])\nax.set_ylim(ys[0], ys[-1])\n"
        }
        for (i, se) in series.enumerated() {
            let filters = Figure.pythonDictionary(se.filter)
            s +=
                """
                ax.plot(*series(\(Figure.pythonString(se.csv)), \(Figure.pythonString(se.x)),\
                 \(Figure.pythonString(se.y)), {\(filters)}), 
                """
            let style =
                se.markers
                ? "linestyle=\"none\", marker=\"o\", markersize=3, alpha=0.55"
                : "linewidth=1.6, linestyle=\"\(se.dashed ? "--" : "-")\""
                    + (marker(i).map {
                        ", marker=\"\(Figure.markerShapes[$0].matplotlib)\", markersize=4, markevery=(\(markerPhase(i)), \(markerStride(i)))"
                    } ?? "")
            // matplotlib leaves labels starting with an underscore out of the legend.
            s +=
                """
                color=\"\(lineColor(i))\", \(style),\
                 label=\(se.inLegend ? Figure.pythonString(se.label) : "\"_nolegend_\""))\n
                """
        }
        s += """
            ax.set_title(\(Figure.pythonString(title)))
            ax.set_xlabel(\(Figure.pythonString(xLabel)))
            ax.set_ylabel(\(Figure.pythonString(yLabel)))

            """
        // The SVG's y ticks, labelled alike (whole decades on a log axis, never fewer than three).
        s += "ax.set_yticks([" + yTicks.map { "\($0)" }.joined(separator: ", ") + "])\n"
        s +=
            "ax.set_yticklabels([" + yTicks.map { Figure.pythonString(yTickLabel($0)) }.joined(separator: ", ") + "])\n"
        if xLogScale && heatmap == nil { s += "ax.set_xscale(\"log\")\n" }
        if let r = yRange {
            s += "ax.set_ylim(\(r.lower), \(r.upper))\n"
        } else if heatmap == nil {
            let r = ranges()
            s += "ax.set_ylim(\(r.ylo), \(r.yhi))\n"
        }
        s += "ax.grid(True, alpha=0.3)\n"
        // A legend only where a series is in it (a heat map alone has none; matplotlib warns).
        if series.contains(where: \.inLegend) {
            s += "ax.legend(loc=\"upper left\", bbox_to_anchor=(1.01, 1.0), fontsize=9)\n"
        }
        s += """
            fig.tight_layout()
            fig.savefig(os.path.join(HERE, "\(name)-matplotlib.svg"))
            plt.close(fig)

            """
        return s
    }
}

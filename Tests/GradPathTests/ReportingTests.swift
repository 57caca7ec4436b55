import Foundation
import Testing
@testable import Reporting

@Suite struct NumberFormatTests {
    @Test func roundTripAndNonFinite() {
        for x in [0.1, 1e-300, 5e-324, 37.78343433288728, -2.5, 1.7976931348623157e308] {
            #expect(Double(NumberFormat.roundTrip(x)) == x)
        }
        #expect(NumberFormat.roundTrip(.infinity) == "inf")
        #expect(NumberFormat.roundTrip(-.infinity) == "-inf")
        #expect(NumberFormat.roundTrip(.nan) == "nan")
    }

    @Test func fromLog10NeverWritesAFalseZero() {
        // 10^-602.3 = 10^0.7 · 10^-603 = 5.011872336272722… e-603 (python3: 10**0.7). The Double
        // −602.3 is off by ~6e-14 in absolute terms, so 13 significant digits are meaningful.
        let s = NumberFormat.fromLog10(-602.3)
        #expect(s == "5.011872336273e-603", "\(s)")
        #expect(NumberFormat.fromLog10(557.25).hasSuffix("e+557"))
        #expect(NumberFormat.fromLog10(-600) == "1.000000000000e-600")
        // Inside Double's range the value is 10^l as a Double: log10 then pow loses < 1e-14.
        #expect(abs(Double(NumberFormat.fromLog10(log10(37.78343433288728)))! - 37.78343433288728) < 1e-12)
        #expect(NumberFormat.fromLog10(-.infinity) == "0")  // an exactly zero norm
        #expect(NumberFormat.fromLog10(.nan) == "nan")
        #expect(NumberFormat.shortFromLog10(-602.3) == "5.012e-603")
    }

    @Test func csvQuotingAndShape() {
        var t = CSVTable(columns: ["run", "x", "y"])
        t.append([.text("a,b"), .number(0.5), .empty])
        t.append([.text("say \"hi\""), .fromLog10(-400), .integer(3)])
        #expect(t.text == "run,x,y\n\"a,b\",0.5,\n\"say \"\"hi\"\"\",1.000000000000e-400,3\n")
    }
}

@Suite struct AtomicFileTests {
    @Test func replacesAndLeavesNoTemporaryFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = OutputFolder(dir.appendingPathComponent("a/b"))
        let f = dir.appendingPathComponent("a/b/report.md")
        try out.write("one", to: "report.md")
        try out.write("two", to: "report.md")
        #expect(try String(contentsOf: f, encoding: .utf8) == "two")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: f.deletingLastPathComponent().path) == ["report.md"])
    }

    @Test func failureNamesThePathAndKeepsTheOldFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("report.md")
        let out = OutputFolder(dir)
        try out.write("old", to: "report.md")
        // A directory in the way of the temporary file's rename target cannot be replaced by a file.
        let blocked = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(
            at: blocked.appendingPathComponent("x"), withIntermediateDirectories: true)
        #expect(throws: ReportError.self) { try out.write("new", to: "sub") }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["report.md", "sub"])
    }
}

@Suite struct LogAxisTests {
    /// Lengths 20, 50, 100, 200 on a log x axis: ticks at 20, 50, 100, 200 (1, 2, 5 × 10^k within
    /// the range), points placed by log10, and both scripts told to use a log scale.
    @Test func aLogXAxisPlacesPointsByTheirLogarithm() {
        var f = Figure(
            name: "rates", title: "Success against length", xLabel: "T", yLabel: "rate", yIsLog10: false,
            series: [
                .init(
                    label: "a", csv: "r.csv", x: "length", y: "rate",
                    points: [(20, 0.9), (50, 0.5), (100, 0.2), (200, 0)])
            ])
        f.xLogScale = true
        let svg = f.svg
        for label in [">20<", ">50<", ">100<", ">200<"] { #expect(svg.contains(label), "tick \(label)") }
        #expect(!svg.contains(">150<"), "a linear tick on a log axis")
        // The polyline's x coordinates are equally spaced in log10: 20 → 200 spans the plot, 63.2 is
        // its middle; 50 sits at log10(2.5) = 0.398 of the way.
        let pts = svg.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
            .split(separator: " ").map { Double($0.split(separator: ",")[0])! }
        let frac = (pts[1] - pts[0]) / (pts[3] - pts[0])
        #expect(abs(frac - log10(2.5)) < 1e-3, "\(frac)")
        #expect(f.gnuplotScript.contains("set logscale x"))
        #expect(f.matplotlibScript.contains("ax.set_xscale(\"log\")"))
        #expect(Figure.logTicks(0, 3) == [0, 1, 2, 3], "beyond two decades, powers of ten only")
    }
}

@Suite struct SeriesColourTests {
    static func line(_ label: String) -> Figure.Series {
        .init(label: label, csv: "d.csv", x: "update", y: "mean", points: [(0, 0), (1, 1)])
    }

    /// An interval's bounds and a mean's per-seed points take their line's colour and no legend
    /// entry, in the SVG and in both scripts; the next line takes the next palette colour.
    @Test func companionsShareTheirLinesColourAndStayOutOfTheLegend() {
        let a = Self.line("a"), b = Self.line("b")
        let f = Figure(
            name: "f", title: "t", xLabel: "x", yLabel: "y", yIsLog10: false,
            series: [
                a, a.companion(of: 0, dashed: true), a.companion(of: 0, markers: true), b,
                b.companion(of: 3, dashed: true),
            ])
        #expect(f.lineColor(1) == f.lineColor(0) && f.lineColor(2) == f.lineColor(0))
        #expect(f.lineColor(3) == Figure.palette[1] && f.lineColor(4) == Figure.palette[1])
        #expect(f.legendSeries == [0, 3])
        // Two legend labels in the SVG, each once.
        #expect(f.svg.components(separatedBy: ">a</text>").count == 2)
        #expect(f.svg.components(separatedBy: ">b</text>").count == 2)
        #expect(f.svg.contains("fill-opacity=\"0.55\""), "per-seed markers")
        let gp = f.gnuplotScript, py = f.matplotlibScript
        #expect(gp.components(separatedBy: "notitle").count - 1 == 3)
        #expect(gp.contains("with points pt 7"))
        #expect(py.components(separatedBy: "\"_nolegend_\"").count - 1 == 3)
        #expect(py.contains("marker=\"o\""))
    }

    /// Fourteen lines get fourteen different colours (the eight-colour palette repeated after eight).
    @Test func fourteenLinesHaveFourteenColours() {
        let f = Figure(
            name: "f", title: "t", xLabel: "x", yLabel: "y", yIsLog10: false,
            series: (0..<14).map { Self.line("s\($0)") })
        #expect(Set((0..<14).map(f.lineColor)).count == 14)
        #expect(Set(Figure.palette).count == Figure.palette.count)
    }

    /// Each named line also carries a marker shape cycled with its colour, in the SVG, its legend
    /// and both scripts: lines stay apart in grey print. Companions (bounds, per-seed points) carry
    /// none; a small-multiples panel keeps the whole figure's shapes.
    @Test func namedLinesCarryDistinctMarkerShapes() {
        let lines = (0..<7).map { k in
            Figure.Series(
                label: "s\(k)", csv: "d.csv", x: "x", y: "y", points: (0..<12).map { (Double($0), Double(k + $0)) })
        }
        var series = lines
        series.append(lines[0].companion(of: 0, dashed: true))
        let f = Figure(name: "f", title: "t", xLabel: "x", yLabel: "y", yIsLog10: false, series: series)
        #expect((0..<7).map(f.marker) == (0..<7).map { Optional($0) })
        #expect(f.marker(7) == nil)
        #expect(Set((0..<7).compactMap(f.marker).map { Figure.markerShapes[$0].svg }).count == 7)
        // 12 points, a marker every 2 (staggered by one for every other line): six on each line.
        #expect(f.markerStride(0) == 2)
        let svg = f.svg
        #expect(svg.components(separatedBy: "<rect x=").count - 1 >= 7, "six squares and one in the legend")
        #expect(svg.contains("<polygon points="))
        let gp = f.gnuplotScript, py = f.matplotlibScript
        for k in 0..<7 {
            #expect(gp.contains("pt \(Figure.markerShapes[k].gnuplot) ps 0.7 pi 2"), "gnuplot shape \(k)")
            #expect(
                py.contains("marker=\"\(Figure.markerShapes[k].matplotlib)\", markersize=4, markevery=(\(k % 2), 2)"),
                "\(k)")
        }
        // The companion is a plain line in both scripts.
        #expect(gp.components(separatedBy: "with linespoints").count - 1 == 7)
        #expect(py.components(separatedBy: "markevery=").count - 1 == 7)
        // Panels of small multiples keep the shapes of the whole figure.
        let many = Figure(
            name: "g", title: "t", xLabel: "x", yLabel: "y", yIsLog10: false,
            series: (0..<10).map { k in
                Figure.Series(label: "s\(k)", csv: "d.csv", x: "x", y: "y", points: [(0, Double(k)), (1, 1)])
            })
        let panels = many.smallMultiples(maxSeries: 8)
        #expect(panels[1].marker(0) == many.marker(5))
    }
}

/// More than eight named lines become small multiples: panels of at most eight, each line with its
/// companions and its colour of the whole figure, all panels on one y range; and y ticks are
/// whole decades on a log axis, at least three, the same in both scripts.
@Suite struct SmallMultipleTests {
    static func line(_ label: String, _ y: Double) -> Figure.Series {
        .init(label: label, csv: "d.csv", x: "lag", y: "v", points: [(0, y), (1, y + 1)])
    }

    @Test func tenLinesWithBoundsBecomeTwoPanelsOfFive() {
        var series: [Figure.Series] = []
        for k in 0..<10 {
            let l = Self.line("line \(k)", Double(k))
            series.append(l)
            series.append(l.companion(of: series.count - 1, dashed: true))
        }
        let whole = Figure(name: "f", title: "t", xLabel: "x", yLabel: "y", yIsLog10: false, series: series)
        let panels = whole.smallMultiples(maxSeries: 8)
        #expect(panels.map(\.name) == ["f_1", "f_2"])
        #expect(panels.map(\.title) == ["t (1 of 2)", "t (2 of 2)"])
        #expect(panels.map { $0.legendSeries.count } == [5, 5])
        #expect(panels.map { $0.series.count } == [10, 10])
        // Line 5 leads panel 2 with its bound beside it, both in line 5's colour of the whole figure.
        #expect(panels[1].series[0].label == "line 5" && panels[1].series[1].colorOf == 0)
        #expect(panels[1].lineColor(0) == whole.lineColor(10) && panels[1].lineColor(1) == whole.lineColor(10))
        #expect(panels[1].lineColor(0) != panels[0].lineColor(0))
        // One y range for both panels: the whole figure's.
        #expect(
            panels[0].yRange?.lower == panels[1].yRange?.lower && panels[0].yRange?.upper == panels[1].yRange?.upper)
        #expect(panels[0].yRange?.lower == whole.ranges().ylo)
        // Eight or fewer: unchanged.
        #expect(
            Figure(name: "g", title: "t", xLabel: "x", yLabel: "y", yIsLog10: false, series: Array(series.prefix(16)))
                .smallMultiples(maxSeries: 8).map(\.name) == ["g"])
    }

    @Test func logTicksAreWholeDecadesAndAtLeastThree() {
        let wide = Figure(
            name: "w", title: "t", xLabel: "x", yLabel: "y", yIsLog10: true,
            series: [Self.line("a", -7.3), Self.line("b", -1.2)])
        #expect(wide.yTicks.count >= 3 && wide.yTicks.allSatisfy { $0 == $0.rounded() })
        #expect(!wide.matplotlibScript.contains("FuncFormatter"))
        #expect(wide.gnuplotScript.contains("set ytics (\"1e-"))
        // All singular values 1: log10 = 0 everywhere; still three ticks and a range that is not empty.
        let flat = Figure(
            name: "f", title: "t", xLabel: "x", yLabel: "y", yIsLog10: true,
            series: [.init(label: "σ", csv: "d.csv", x: "i", y: "v", points: [(0, 0), (1, 0)])])
        #expect(flat.yTicks.count >= 3)
        #expect(flat.gnuplotScript.contains("set yrange [-1.1:1.1]"))
        // Less than a decade: 1, 2 and 5 times the powers.
        let narrow = Figure(
            name: "n", title: "t", xLabel: "x", yLabel: "y", yIsLog10: true,
            series: [.init(label: "a", csv: "d.csv", x: "i", y: "v", points: [(0, 0.05), (1, 0.9)])])
        #expect(narrow.yTicks.count >= 3)
        #expect(
            narrow.yTicks.contains { abs($0 - log10(2)) < 1e-12 }
                || narrow.yTicks.contains { abs($0 - log10(5)) < 1e-12 })
    }
}

import Formats
import Foundation

/// A line plot whose data live in a tidy CSV file next to it. It renders three ways: as SVG by
/// GradPath itself (`svg`), and as a gnuplot script (`gnuplotScript`) and a matplotlib script
/// (`matplotlibScript`) that redraw it from the CSV alone. Run them from the report's folder:
/// `gnuplot NAME.gp` writes `NAME-gnuplot.svg`, `python3 NAME.py` writes `NAME-matplotlib.svg`.
public struct Figure: Sendable {
    /// One line of the plot: the rows of `csv` where every `filter` column equals its value, with
    /// `x` and `y` taken from the named columns.
    public struct Series: Sendable {
        public var label: String
        public var csv: String
        public var x: String
        public var y: String
        public var filter: [(column: String, value: String)]
        public var dashed: Bool
        /// The same values the scripts will read (GradPath draws the SVG from these).
        public var points: [(x: Double, y: Double)]
        /// Drawn as separate markers (one per row: per-seed values), not as a line.
        public var markers = false
        /// Index of an earlier series whose colour this one shares (an interval's bounds, a mean's
        /// per-seed points); nil takes the next colour of the palette.
        public var colorOf: Int? = nil
        /// Whether the legend names it (a bound drawn in its line's colour needs no entry of its own).
        public var inLegend = true
        /// A colour given outright (a panel of small multiples keeps the whole figure's colours).
        public var fixedColor: String? = nil
        /// A marker shape given outright (index into `Figure.markerShapes`, as for `fixedColor`).
        public var fixedMarker: Int? = nil

        public init(
            label: String, csv: String, x: String, y: String, filter: [(column: String, value: String)] = [],
            dashed: Bool = false, points: [(x: Double, y: Double)]
        ) {
            self.label = label
            self.csv = csv
            self.x = x
            self.y = y
            self.filter = filter
            self.dashed = dashed
            self.points = points
        }

        /// This series drawn in the colour of series `index`, without a legend entry.
        public func companion(of index: Int, markers: Bool = false, dashed: Bool? = nil) -> Series {
            var s = self
            s.colorOf = index
            s.inLegend = false
            s.markers = markers
            if let dashed { s.dashed = dashed }
            return s
        }
    }

    /// File stem: NAME.svg, NAME.gp, NAME.py.
    public var name: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// The y values are log10 of the plotted quantity: ticks are labelled 1e-3, 1e0, 1e3, …
    public var yIsLog10: Bool
    public var series: [Series]
    /// The scripts plot log10 of the CSV's y column (which holds raw values); the SVG's points are
    /// already log10.
    public var logOfColumn = false
    /// The x axis is logarithmic (gaps and sequence lengths): x values are raw and positive; a
    /// non-positive x is left out.
    public var xLogScale = false
    /// A fixed y range (a share in [0, 1]); nil fits the data.
    public var yRange: (lower: Double, upper: Double)? = nil
    /// A colour map drawn beneath the lines (a regular grid in `csv`, x the outer loop).
    public var heatmap: Heatmap?

    /// z over a regular (x, y) grid, from columns of a CSV file.
    public struct Heatmap: Sendable {
        public var csv: String
        public var x: String
        public var y: String
        public var z: String
        public var zLabel: String
        public var filter: [(column: String, value: String)]
        /// x values (outer), y values (inner) and values[i][j] at (xs[i], ys[j]).
        public var xs: [Double]
        public var ys: [Double]
        public var values: [[Double]]

        public init(
            csv: String, x: String, y: String, z: String, zLabel: String,
            filter: [(column: String, value: String)] = [],
            xs: [Double], ys: [Double], values: [[Double]]
        ) {
            self.csv = csv; self.x = x; self.y = y; self.z = z; self.zLabel = zLabel; self.filter = filter
            self.xs = xs; self.ys = ys; self.values = values
        }
    }

    /// Viridis-like colour for t in [0, 1] (five anchors, linear in between).
    static func colormap(_ t: Double) -> String {
        let anchors: [(Double, Double, Double)] = [
            (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
        ]
        let u = min(max(t.isFinite ? t : 0, 0), 1) * Double(anchors.count - 1)
        let i = min(Int(u), anchors.count - 2), f = u - Double(i)
        let a = anchors[i], b = anchors[i + 1]
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Line colours that stand out on the colour map.
    static func heatmapLineColor(_ i: Int) -> String { ["#ff2a2a", "#111111", "#ff9f1c", "#00e5ff"][i % 4] }

    /// Series i's colour: its own palette entry (counting only the series that take one), or the
    /// colour of the earlier series it accompanies.
    func lineColor(_ i: Int) -> String {
        if i < series.count, let c = series[i].fixedColor { return c }
        let k = colorIndex(i)
        return heatmap == nil ? Figure.color(k) : Figure.heatmapLineColor(k)
    }

    /// Series i's position in the palette (shared with the series it accompanies).
    func colorIndex(_ i: Int) -> Int {
        var own = 0
        var indices: [Int] = []
        for (j, se) in series.enumerated() {
            if let c = se.colorOf, c >= 0, c < j {
                indices.append(indices[c])
            } else {
                indices.append(own)
                own += 1
            }
        }
        return i < indices.count ? indices[i] : i
    }

    /// Marker shapes cycled with the colours, so that lines stay apart in grey or for a reader who
    /// does not tell the colours apart: SVG name, gnuplot point type, matplotlib marker.
    static let markerShapes: [(svg: String, gnuplot: Int, matplotlib: String)] = [
        ("circle", 7, "o"), ("square", 5, "s"), ("triangle", 9, "^"), ("diamond", 13, "D"),
        ("triangle-down", 11, "v"), ("cross", 2, "x"), ("plus", 1, "+"),
    ]

    /// Series i's marker shape, or nil: every line the legend names carries the marker of its
    /// colour's palette position (per-seed points, bounds and other companions carry none).
    func marker(_ i: Int) -> Int? {
        guard i < series.count else { return nil }
        let se = series[i]
        if let m = se.fixedMarker { return m }
        guard se.inLegend, !se.markers, se.points.count >= 2 else { return nil }
        return colorIndex(i) % Figure.markerShapes.count
    }

    /// Every how many points of series i a marker is drawn (about six along the line).
    func markerStride(_ i: Int) -> Int { max(1, (series[i].points.count + 5) / 6) }

    /// The point series i's first marker sits on: staggered by palette position, so lines that lie
    /// on top of one another still show each of their shapes.
    func markerPhase(_ i: Int) -> Int { colorIndex(i) % markerStride(i) }

    /// One marker of shape `m` at (x, y), in SVG.
    static func svgMarker(_ m: Int, _ x: Double, _ y: Double, _ color: String) -> String {
        let f = { (v: Double) in String(format: "%.2f", v) }
        let r = 3.2
        switch markerShapes[m % markerShapes.count].svg {
        case "circle": return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" fill=\"\(color)\"/>\n"
        case "square":
            return
                "<rect x=\"\(f(x - r))\" y=\"\(f(y - r))\" width=\"\(f(2 * r))\" height=\"\(f(2 * r))\" fill=\"\(color)\"/>\n"
        case "triangle":
            return
                "<polygon points=\"\(f(x)),\(f(y - r - 0.6)) \(f(x - r)),\(f(y + r)) \(f(x + r)),\(f(y + r))\" fill=\"\(color)\"/>\n"
        case "diamond":
            return
                "<polygon points=\"\(f(x)),\(f(y - r - 0.6)) \(f(x + r)),\(f(y)) \(f(x)),\(f(y + r + 0.6)) \(f(x - r)),\(f(y))\" fill=\"\(color)\"/>\n"
        case "triangle-down":
            return
                "<polygon points=\"\(f(x)),\(f(y + r + 0.6)) \(f(x - r)),\(f(y - r)) \(f(x + r)),\(f(y - r))\" fill=\"\(color)\"/>\n"
        case "cross":
            return
                "<path d=\"M\(f(x - r)) \(f(y - r))L\(f(x + r)) \(f(y + r))M\(f(x - r)) \(f(y + r))L\(f(x + r)) \(f(y - r))\" stroke=\"\(color)\" stroke-width=\"1.6\"/>\n"
        default:
            return
                "<path d=\"M\(f(x - r)) \(f(y))L\(f(x + r)) \(f(y))M\(f(x)) \(f(y - r))L\(f(x)) \(f(y + r))\" stroke=\"\(color)\" stroke-width=\"1.6\"/>\n"
        }
    }

    /// Positions of the series the legend names, in order.
    var legendSeries: [Int] { series.indices.filter { series[$0].inLegend } }

    /// This figure as small multiples when more than `maxSeries` series have legend entries: panels
    /// NAME_1, NAME_2, … of at most `maxSeries` such series each, every series keeping its companions
    /// (bounds, per-seed points) and its colour, all panels on the whole figure's y range so they
    /// compare at a glance. A figure with few enough series, or a heat map, is returned unchanged.
    public func smallMultiples(maxSeries: Int = 8) -> [Figure] {
        let lead = legendSeries
        guard heatmap == nil, maxSeries >= 1, lead.count > maxSeries else { return [self] }
        // The lead series each companion belongs to (its colour's owner).
        func owner(_ i: Int) -> Int {
            var j = i
            while let c = series[j].colorOf, c >= 0, c < j { j = c }
            return j
        }
        let panels = (lead.count + maxSeries - 1) / maxSeries
        let perPanel = (lead.count + panels - 1) / panels
        let r = ranges()
        return (0..<panels).map { p in
            let leads = Set(lead[(p * perPanel)..<min(lead.count, (p + 1) * perPanel)])
            let members = series.indices.filter { leads.contains(owner($0)) || leads.contains($0) }
            var f = self
            f.name = "\(name)_\(p + 1)"
            f.title = "\(title) (\(p + 1) of \(panels))"
            // Re-point companions at their new positions, and keep each line's colour of the whole figure.
            let position = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
            f.series = members.map { i in
                var s = series[i]
                s.colorOf = series[i].colorOf.flatMap { position[owner($0)] }
                s.fixedColor = lineColor(i)
                s.fixedMarker = marker(i)
                return s
            }
            f.yRange = yRange ?? (lower: r.ylo, upper: r.yhi)
            return f
        }
    }

    public init(name: String, title: String, xLabel: String, yLabel: String, yIsLog10: Bool, series: [Series]) {
        self.name = name
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yIsLog10 = yIsLog10
        self.series = series
    }

    /// Colour-blind-safe palette: Okabe & Ito 2008 (without their yellow, faint on white), then
    /// the further colours of Paul Tol's "muted" scheme, so that 14 lines have 14 colours.
    static let palette = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
        "#882255", "#44AA99", "#999933", "#332288", "#AA4499", "#661100", "#888888",
    ]

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    // MARK: SVG

    /// "Nice" tick positions covering [lo, hi] (1, 2, 5 × 10^k steps), at most about `count`.
    /// Any finite range gives at most 2·count + 2 ticks, also one wider than Double's range.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 6, integer: Bool = false) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
        // (hi − lo) may overflow: halve both first.
        let raw = (hi / 2 - lo / 2) / Double(count) * 2
        guard raw.isFinite, raw > 0 else { return [lo, hi] }
        let mag = pow(10, floor(log10(raw)))
        var step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        if integer { step = max(1, step.rounded(.up)) }
        let first = (lo / step).rounded(.up) * step
        guard step.isFinite, first.isFinite, first + step > first else { return [lo, hi] }
        var out: [Double] = []
        var k = 0.0
        while out.count <= 2 * count + 1 {
            let v = first + k * step
            guard v <= hi + step * 1e-9, v.isFinite else { break }
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        return out
    }

    /// Tick positions (log10 units) for a log axis over [lo, hi] (log10 units): 1, 2 and 5 times
    /// the powers of ten inside the range, or only the powers when the range spans more than two
    /// decades; the range's ends when no such value falls inside.
    static func logTicks(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi >= lo, hi - lo < 600 else { return [lo, hi] }
        let mantissas: [Double] = hi - lo > 2 ? [1] : [1, 2, 5]
        var out: [Double] = []
        var e = lo.rounded(.down)
        while e <= hi.rounded(.up) && out.count < 40 {
            for m in mantissas {
                let v = e + Foundation.log10(m)
                if v >= lo - 1e-9 && v <= hi + 1e-9 { out.append(v) }
            }
            e += 1
        }
        return out.isEmpty ? [lo, hi] : out
    }

    /// 10^t rounded to 3 significant digits (a log tick's label).
    static func roundedPower(_ t: Double) -> Double {
        let v = Foundation.pow(10, t)
        guard v.isFinite, v > 0 else { return v }
        let scale = Foundation.pow(10, (Foundation.log10(v)).rounded(.down) - 2)
        return (v / scale).rounded() * scale
    }

    static func label(_ v: Double, log10: Bool) -> String {
        if log10 { return abs(v) < 1e15 ? "1e\(Int(v.rounded()))" : "1e" + NumberFormat.short(v.rounded(), digits: 4) }
        if v == v.rounded() && abs(v) < 1e7 { return String(Int(v)) }
        return NumberFormat.short(v, digits: 3)
    }

    /// Text content for SVG (XML 1.0): markup characters as entities; control characters, which
    /// XML cannot hold, as U+FFFD. (Attribute values are numbers and colours only.)
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// The plot as a standalone SVG document (white background, labelled axes, legend).
    /// The plotted ranges (log10 units on a log x axis), as the SVG draws them; the scripts use
    /// the same y ticks.
    func ranges() -> (xlo: Double, xhi: Double, ylo: Double, yhi: Double) {
        let xLog = xLogScale && heatmap == nil
        func lx(_ x: Double) -> Double { xLog ? (x > 0 ? log10(x) : .nan) : x }
        var all = series.flatMap(\.points).map { (x: lx($0.x), y: $0.y) }.filter { $0.x.isFinite && $0.y.isFinite }
        if let h = heatmap, let x0 = h.xs.first, let x1 = h.xs.last, let y0 = h.ys.first, let y1 = h.ys.last {
            all = [(x0, y0), (x1, y1)]  // the map fixes the axes; lines leaving it are clipped
        }
        var xlo = all.map(\.x).min() ?? 0, xhi = all.map(\.x).max() ?? 1
        var ylo = all.map(\.y).min() ?? 0, yhi = all.map(\.y).max() ?? 1
        if xhi == xlo { xlo -= 1; xhi += 1 }
        if yhi == ylo { ylo -= 1; yhi += 1 }
        if heatmap == nil {
            let pad = (yhi - ylo) * 0.05
            ylo -= pad; yhi += pad
        }
        if let r = yRange, r.upper > r.lower { (ylo, yhi) = (r.lower, r.upper) }
        return (xlo, xhi, ylo, yhi)
    }

    /// y tick positions: on a log axis whole decades, or 1, 2 and 5 times them (then plain steps)
    /// when fewer than three decades fall inside; on a linear axis nice steps, at least three.
    var yTicks: [Double] {
        let r = ranges()
        if yIsLog10 {
            let decades = Figure.ticks(r.ylo, r.yhi, integer: true)
            if decades.count >= 3 { return decades }
            let mantissas = Figure.logTicks(r.ylo, r.yhi)
            if mantissas.count >= 3 { return mantissas }
            // Less than a decade: every whole mantissa 1 … 9 inside the range.
            var fine: [Double] = []
            var e = r.ylo.rounded(.down)
            while e <= r.yhi && fine.count < 40 {
                for m in 1...9 {
                    let v = e + log10(Double(m))
                    if v >= r.ylo - 1e-9 && v <= r.yhi + 1e-9 { fine.append(v) }
                }
                e += 1
            }
            if fine.count >= 3 { return fine }
        }
        let plain = Figure.ticks(r.ylo, r.yhi)
        return plain.count >= 3 ? plain : Figure.ticks(r.ylo, r.yhi, count: 12)
    }

    /// A y tick's label (10^t as a short power on a log axis).
    func yTickLabel(_ t: Double) -> String {
        yIsLog10 && abs(t - t.rounded()) > 1e-9
            ? NumberFormat.short(Figure.roundedPower(t), digits: 3)
            : Figure.label(t, log10: yIsLog10)
    }

    /// Width of the legend column: the longest legend label at about 7 px a character, at least 230 px.
    var legendWidth: Double {
        let longest = legendSeries.map { series[$0].label.count }.max() ?? 0
        return max(230, 50 + 7 * Double(longest))
    }

    public var svg: String {
        let right = legendWidth
        let width = 570.0 + right, height = 460.0
        let left = 80.0, top = 40.0, bottom = 56.0
        let pw = width - left - right, ph = height - top - bottom
        // On a log x axis every x is placed by its log10 (non-positive ones become NaN and drop out).
        let xLog = xLogScale && heatmap == nil
        func lx(_ x: Double) -> Double { xLog ? (x > 0 ? log10(x) : .nan) : x }
        let (xlo, xhi, ylo, yhi) = ranges()
        let yt = yTicks
        let xt = xLog ? Figure.logTicks(xlo, xhi) : Figure.ticks(xlo, xhi)
        func sx(_ x: Double) -> Double { left + (x - xlo) / (xhi - xlo) * pw }
        func sy(_ y: Double) -> Double { top + (1 - (y - ylo) / (yhi - ylo)) * ph }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        // A long title is set smaller so that it fits the figure's width.
        let titleSize = title.count > 100 ? 11 : title.count > 70 ? 13 : 15
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="\(titleSize)">\(Figure.escape(title))</text>

            """
        s +=
            """
            <defs><clipPath id=\"plot\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\"\
             height=\"\(f(ph))\"/></clipPath></defs>\n
            """
        if let h = heatmap, h.xs.count > 1, h.ys.count > 1 {
            let finite = h.values.flatMap { $0 }.filter { $0.isFinite }
            let zlo = finite.min() ?? 0, zhi = max(finite.max() ?? 1, zlo + 1e-12)
            let dx = (h.xs[1] - h.xs[0]) / 2, dy = (h.ys[1] - h.ys[0]) / 2
            for (i, x) in h.xs.enumerated() {
                for (j, y) in h.ys.enumerated() {
                    let x0 = sx(x - dx), x1 = sx(x + dx), y0 = sy(y + dy), y1 = sy(y - dy)
                    s +=
                        """
                        <rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(x1 - x0 + 0.3))\"\
                         height=\"\(f(y1 - y0 + 0.3))\"\
                         fill=\"\(Figure.colormap((h.values[i][j] - zlo) / (zhi - zlo)))\"/>\n
                        """
                }
            }
            let bx = left + pw + 12, by = top + ph - 150
            for k in 0..<50 {
                s +=
                    """
                    <rect x=\"\(f(bx))\" y=\"\(f(by + 150 - Double(k + 1) * 3))\" width=\"14\" height=\"3.2\"\
                     fill=\"\(Figure.colormap(Double(k) / 49))\"/>\n
                    """
            }
            s += "<text x=\"\(f(bx + 18))\" y=\"\(f(by + 4))\">\(NumberFormat.short(zhi, digits: 3))</text>\n"
            s += "<text x=\"\(f(bx + 18))\" y=\"\(f(by + 150))\">\(NumberFormat.short(zlo, digits: 3))</text>\n"
            s += "<text x=\"\(f(bx))\" y=\"\(f(by - 8))\">\(Figure.escape(h.zLabel))</text>\n"
        }
        for t in yt {
            s +=
                """
                <line x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(sy(t)))\" y2=\"\(f(sy(t)))\"\
                 stroke=\"#e0e0e0\"/>\n
                """
            s +=
                """
                <text x=\"\(f(left - 6))\" y=\"\(f(sy(t) + 4))\"\
                 text-anchor=\"end\">\(yTickLabel(t))</text>\n
                """
        }
        for t in xt {
            s +=
                """
                <line x1=\"\(f(sx(t)))\" x2=\"\(f(sx(t)))\" y1=\"\(f(top))\" y2=\"\(f(top + ph))\"\
                 stroke=\"#e0e0e0\"/>\n
                """
            s +=
                """
                <text x=\"\(f(sx(t)))\" y=\"\(f(top + ph + 18))\"\
                 text-anchor=\"middle\">\(Figure.label(xLog ? Figure.roundedPower(t) : t, log10: false))</text>\n
                """
        }
        s +=
            """
            <rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\"\
             stroke=\"#333\"/>\n
            """
        s +=
            """
            <text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 12))\"\
             text-anchor=\"middle\">\(Figure.escape(xLabel))</text>\n
            """
        s +=
            """
            <text transform=\"translate(18 \(f(top + ph / 2))) rotate(-90)\"\
             text-anchor=\"middle\">\(Figure.escape(yLabel))</text>\n
            """
        for (i, se) in series.enumerated() {
            // Break the line at non-finite values.
            var runs: [[(Double, Double)]] = [[]]
            for p in se.points.map({ (x: lx($0.x), y: $0.y) }) {
                if p.x.isFinite && p.y.isFinite {
                    runs[runs.count - 1].append((p.x, p.y))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            if se.markers {
                for p in runs.joined() {
                    s +=
                        """
                        <circle cx=\"\(f(sx(p.0)))\" cy=\"\(f(sy(p.1)))\" r=\"2.2\" fill=\"\(lineColor(i))\"\
                         fill-opacity=\"0.55\"/>\n
                        """
                }
                runs = []
            }
            var marks = ""
            if let m = marker(i) {
                // Markers every `stride` finite points, inside the plot area.
                let stride = markerStride(i), phase = markerPhase(i)
                var j = 0
                for run in runs {
                    for p in run {
                        defer { j += 1 }
                        let (x, y) = (sx(p.0), sy(p.1))
                        guard j % stride == phase, x >= left, x <= left + pw, y >= top, y <= top + ph else { continue }
                        marks += Figure.svgMarker(m, x, y, lineColor(i))
                    }
                }
            }
            for run in runs where !run.isEmpty {
                let pts = run.map { "\(f(sx($0.0))),\(f(sy($0.1)))" }.joined(separator: " ")
                if run.count == 1 {
                    s +=
                        """
                        <circle cx=\"\(f(sx(run[0].0)))\" cy=\"\(f(sy(run[0].1)))\" r=\"2.5\"\
                         fill=\"\(lineColor(i))\"/>\n
                        """
                } else {
                    s +=
                        """
                        <polyline clip-path=\"url(#plot)\" fill=\"none\" stroke=\"\(lineColor(i))\"\
                         stroke-width=\"1.6\"\(se.dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(pts)\"/>\n
                        """
                }
            }
            s += marks
            guard se.inLegend, let slot = legendSeries.firstIndex(of: i) else { continue }
            let ly = top + 10 + Double(slot) * 18
            if se.markers {
                s +=
                    """
                    <circle cx=\"\(f(left + pw + 24))\" cy=\"\(f(ly))\" r=\"2.5\" fill=\"\(lineColor(i))\"/>
                    <text x=\"\(f(left + pw + 42))\" y=\"\(f(ly + 4))\">\(Figure.escape(se.label))</text>\n
                    """
                continue
            }
            s +=
                """
                <line x1=\"\(f(left + pw + 12))\" x2=\"\(f(left + pw + 36))\" y1=\"\(f(ly))\" y2=\"\(f(ly))\"\
                 stroke=\"\(lineColor(i))\" stroke-width=\"2\"\(se.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n
                """
            if let m = marker(i) { s += Figure.svgMarker(m, left + pw + 24, ly, lineColor(i)) }
            s += "<text x=\"\(f(left + pw + 42))\" y=\"\(f(ly + 4))\">\(Figure.escape(se.label))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    /// Writes NAME.svg, NAME.gp and NAME.py into `folder` (atomically, file by file). NAME is
    /// often built from data (a cell name): it must be in `SafeName`'s alphabet.
    public func write(to folder: OutputFolder) throws {
        guard SafeName.isSafe(name) else {
            throw ReportError.unsafeName(
                folder: folder.url.path, name: name,
                reason: "figure names use letters, digits and _ - . + only, starting with a letter or digit")
        }
        try folder.write(svg, to: "\(name).svg")
        try folder.write(gnuplotScript, to: "\(name).gp")
        try folder.write(matplotlibScript, to: "\(name).py")
    }
}

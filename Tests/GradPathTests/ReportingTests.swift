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

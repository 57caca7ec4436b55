import Foundation
import Testing

/// Every reference to the design from the code, the scripts, the README and the docs themselves
/// names a page of docs/ that exists and, where it names a section, a heading that exists.
@Suite struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.
    static func slug(_ heading: String) -> String {
        let lower = heading.lowercased().replacingOccurrences(of: "`", with: "")
        let kept = lower.unicodeScalars.filter { c in
            CharacterSet.alphanumerics.contains(c) || c == " " || c == "-" || c == "_"
        }
        return String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
    }

    static func anchors(of page: URL) throws -> Set<String> {
        let text = try String(contentsOf: page, encoding: .utf8)
        return Set(
            text.split(separator: "\n").filter { $0.hasPrefix("#") }.map {
                slug(String($0.drop(while: { $0 == "#" })).trimmingCharacters(in: .whitespaces))
            })
    }

    static func files() -> [URL] {
        let fm = FileManager.default
        var out: [URL] = [root.appendingPathComponent("README.md"), root.appendingPathComponent("Makefile")]
        for folder in ["Sources", "Tests", "docs", "scripts", "benchmarks", "Fuzz/Sources"] {
            let base = root.appendingPathComponent(folder)
            for case let f as String in fm.enumerator(atPath: base.path) ?? FileManager.DirectoryEnumerator()
            where [".swift", ".md", ".py", ".sh"].contains(where: f.hasSuffix) && !f.contains("Fixtures") {
                out.append(base.appendingPathComponent(f))
            }
        }
        return out
    }

    /// Every predefined experiment has a row in one of the README's experiment tables, linking
    /// its committed report.
    @Test func everyExperimentHasAReadmeRow() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let names = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("experiments").path
        )
        .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(names.count >= 20)
        for name in names {
            #expect(
                readme.split(separator: "\n").contains { $0.hasPrefix("| [`\(name)`](reports/\(name)/report.md) |") },
                "README: no experiment-table row for \(name)")
        }
    }

    @Test func everyReferenceResolves() throws {
        let docs = Self.root.appendingPathComponent("docs")
        let pattern = try NSRegularExpression(pattern: #"docs/([a-z-]+\.md)(#[a-z0-9_-]+)?"#)
        let relative = try NSRegularExpression(pattern: #"\]\(([a-z-]+\.md)(#[a-z0-9_-]+)?\)"#)
        let design = "DESIGN " + "§"
        var checked = 0
        for f in Self.files() {
            let text = try String(contentsOf: f, encoding: .utf8)
            #expect(
                !text.contains(design),
                "\(f.lastPathComponent) cites \(design), which no reader of this repository can find")
            let range = NSRange(text.startIndex..., in: text)
            var refs = pattern.matches(in: text, range: range)
            if f.path.hasPrefix(docs.path) { refs += relative.matches(in: text, range: range) }
            for m in refs {
                guard let page = Range(m.range(at: 1), in: text).map({ String(text[$0]) }) else { continue }
                let url = docs.appendingPathComponent(page)
                #expect(
                    FileManager.default.fileExists(atPath: url.path),
                    "\(f.lastPathComponent) refers to docs/\(page), which does not exist")
                if let a = Range(m.range(at: 2), in: text), FileManager.default.fileExists(atPath: url.path) {
                    let anchor = String(text[a].dropFirst())
                    #expect(
                        try Self.anchors(of: url).contains(anchor),
                        "\(f.lastPathComponent) refers to docs/\(page)#\(anchor): no such heading")
                }
                checked += 1
            }
        }
        #expect(checked >= 15, "only \(checked) references found")
    }

    @Test func everyPageIsInTheIndex() throws {
        let index = try String(contentsOf: Self.root.appendingPathComponent("docs/README.md"), encoding: .utf8)
        for page in try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
        where page.hasSuffix(".md") && page != "README.md" {
            #expect(index.contains("(\(page))"), "docs/README.md does not list \(page)")
        }
    }

    @Test func slugsFollowGitHub() {
        #expect(Self.slug("The walk of a parameter") == "the-walk-of-a-parameter")
        #expect(Self.slug("Inputs of `gradpath analyze`") == "inputs-of-gradpath-analyze")
        #expect(Self.slug("Report files: column reference") == "report-files-column-reference")
    }
}

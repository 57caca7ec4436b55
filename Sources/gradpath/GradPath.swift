import Analysis
import ArgumentParser
import CBuildInfo
import Experiments
import Formats
import Foundation
import Instrumentation
import LinearAlgebra
import ModelImport
import Recurrent
import Reporting

@main
struct GradPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradpath",
        abstract: "Show, measure and explain the gradient pathologies of recurrent networks.",
        discussion: """
            GradPath runs recurrent networks (RNN, LSTM, GRU; PyTorch-compatible) forward and \
            backward through time, exactly, and records how the gradient ‖∂L/∂h_t‖ shrinks or grows \
            with the distance from the loss.

            Exit status: 0 success, 1 failure (a check failed, a computation went wrong), 2 usage or \
            input error.
            """,
        version: BuildInfo.version,
        subcommands: [
            ListCommand.self, RunCommand.self, MergeCommand.self, ReportCommand.self, InspectCommand.self,
            AnalyzeCommand.self, SpectrumCommand.self, CheckCommand.self, BenchCommand.self, SlurmCommand.self,
        ]
    )

    /// Runs the command line; maps usage and input errors to exit status 2 (`ErrorReport`).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let (line, status) = ErrorReport.line(for: error) {
                printError("error: " + line)
                Foundation.exit(status)
            }
            let code = exitCode(for: error)
            if code == .validationFailure {
                // ArgumentParser's usage errors (EX_USAGE, 64) exit with 2. One line: the message
                // alone (`--help` on any command gives the usage).
                printError("error: " + ErrorReport.flattened(message(for: error)))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// `gradpath --version`: the version and the commit it was built from.
enum BuildInfo {
    static var commit: String { String(cString: gradpath_build_commit()) }
    static var version: String { "gradpath \(GradPathVersion.string) (commit \(commit))" }
}

/// The one mapping from library errors to what the user sees: one line (control characters shown
/// as escapes, so a newline in a file name cannot split it) and the exit status. Bad input of any
/// kind (a file, a field, a value, a cost above the limit, an output folder that cannot be
/// written) is status 2; a failed computation is 1.
enum ErrorReport {
    static func line(for error: Error) -> (String, Int32)? {
        switch error {
        case let e as InputError: return (oneLine(e.description), 2)
        case let e as SpecError: return (oneLine(e.description), 2)
        case let e as CSVError: return (oneLine(e.description), 2)
        case let e as ModelImportError: return (oneLine(e.description), 2)
        case let e as ReportError: return (oneLine(e.description), 2)
        case let e as CostError: return (oneLine(e.description), 2)
        case let e as AnalysisError: return (oneLine(e.description), 2)
        case let e as FileInputError: return (oneLine(e.description), 2)
        case let e as LinearAlgebraError: return (oneLine("computation failed: \(e)"), 1)
        default: return nil
        }
    }

    /// A usage message of several lines (ArgumentParser lists many valid values one per line, as
    /// `- value`) as one line: `… one of the following: a, b, c`.
    static func flattened(_ s: String) -> String {
        let lines = s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return "" }
        let rest = lines.dropFirst()
        let items = rest.map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return oneLine(
            items.isEmpty
                ? first : first + " " + items.joined(separator: rest.allSatisfy { $0.hasPrefix("- ") } ? ", " : " "))
    }

    static func oneLine(_ s: String) -> String {
        var out = ""
        for c in s.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars {
            if c.value < 0x20 || c.value == 0x7F {
                out += String(format: "\\x%02X", c.value)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// `--max-memory`, shared by the commands that allocate in proportion to their input.
struct MemoryOptions: ParsableArguments {
    @Option(
        name: .customLong("max-memory"),
        help: "Refuse work whose estimated memory exceeds this (e.g. 8G, 512M; default: the memory available now).")
    var maxMemory: String?

    func validate() throws {
        if let m = maxMemory, ByteCount.parse(m) == nil {
            throw ValidationError(
                "--max-memory: expected a size such as 8G, 512M or 1.5GiB, got '\(ErrorReport.oneLine(m))'.")
        }
    }

    var limit: MemoryLimit { MemoryLimit.resolve(maxMemory: maxMemory.flatMap(ByteCount.parse)) }
}

/// Bad input from the user (a file, a field, a value): one line naming what and where.
struct InputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import ArgumentParser
import Foundation
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
        version: GradPathVersion.string,
        subcommands: [ListCommand.self, RunCommand.self, MergeCommand.self, ReportCommand.self, InspectCommand.self, AnalyzeCommand.self, SpectrumCommand.self, CheckCommand.self, BenchCommand.self]
    )

    /// Runs the command line; maps usage and input errors to exit status 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || error is InputError {
                // ArgumentParser's usage errors (EX_USAGE, 64) and bad user input exit with 2.
                // One line: the message alone (`--help` on any command gives the usage).
                printError("error: " + (error is InputError ? "\(error)" : message(for: error)))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Bad input from the user (a file, a field, a value): one line naming what and where.
struct InputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The cell named by a `--cell` option, or a usage error listing the valid names.
func parseCell(_ name: String) throws -> CellKind {
    guard let kind = CellKind(name: name) else {
        throw ValidationError("--cell: unknown cell '\(name)'; expected one of \(CellKind.all.map(\.description).joined(separator: ", ")).")
    }
    return kind
}

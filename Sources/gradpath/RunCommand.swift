import ArgumentParser
import Experiments
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run predefined experiments and write their reports.",
        discussion: """
        Each experiment writes CSV files and a markdown report into OUT/<experiment>/ \
        (default reports/<experiment>/). Files are replaced atomically; nothing outside the \
        experiment's folder is touched.

        Experiments:
          seed-table   linear RNN with W_hh = s·I, s ∈ {0.98, 0.99, 1.01, 1.02}, T = 365:
                       the measured ‖∂L/∂h_0‖/‖∂L/∂h_T‖ against s^365.
        """
    )

    @Argument(help: "Experiment names (see the list above).")
    var experiments: [String] = []

    @Flag(help: "Run every predefined experiment.")
    var all = false

    @Option(help: "Folder that receives one sub-folder per experiment.")
    var out: String = "reports"

    static let known = [SeedTable.name]

    func validate() throws {
        if experiments.isEmpty && !all { throw ValidationError("Name an experiment (\(Self.known.joined(separator: ", "))) or pass --all.") }
        for e in experiments where !Self.known.contains(e) {
            throw ValidationError("Unknown experiment '\(e)'; expected one of: \(Self.known.joined(separator: ", ")).")
        }
    }

    func run() throws {
        let names = all ? Self.known : experiments
        for name in names {
            let dir = URL(fileURLWithPath: out).appendingPathComponent(name)
            switch name {
            case SeedTable.name:
                let rows = try SeedTable().write(to: dir)
                for r in rows {
                    print("seed-table: s = \(r.scale): measured ratio \(pow(10, r.ratioLog10)), s^365 = \(r.predicted)")
                }
            default:
                throw ValidationError("Unknown experiment '\(name)'.")
            }
            print("wrote \(dir.path)/")
        }
    }
}
